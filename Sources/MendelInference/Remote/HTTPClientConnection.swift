import Foundation
import MendelCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal blocking HTTP/1.1 client over a TCP socket: one request per connection, every wait bounded
/// by a deadline (connect, write and each read use `poll`). Bodies may be `Content-Length`, chunked or
/// read to close; decoded body bytes are handed to the caller as they arrive (for SSE streams).
struct HTTPClientConnection {
    struct Head { var status: Int; var headers: [String: String] }

    let endpoint: ChatEndpoint
    let deadline: ContinuousClock.Instant
    let timeoutSeconds: Double

    /// Sends `POST path` with a JSON body; `onBody` receives decoded body bytes and returns false to stop reading.
    func post(path: String, body: [UInt8], accept: String, onBody: (ArraySlice<UInt8>) -> Bool) throws(ChatBackendError) -> Head {
        let fd = try connect()
        defer { close(fd) }
        let hostHeader = endpoint.host.contains(":") ? "[\(endpoint.host)]:\(endpoint.port)" : "\(endpoint.host):\(endpoint.port)"
        let head = "POST \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: mendel/\(MendelVersion.current)\r\n"
            + "Content-Type: application/json\r\nAccept: \(accept)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try writeAll(fd, Array(head.utf8) + body)

        var reader = Reader(fd: fd, connection: self)
        let statusLine = try reader.line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw .malformedResponse(endpoint: endpoint.baseURL, reason: "no HTTP status line")
        }
        var headers: [String: String] = [:]
        while true {
            let line = try reader.line()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw .malformedResponse(endpoint: endpoint.baseURL, reason: "bad header line") }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            while true {
                let sizeLine = try reader.line()
                guard let size = Int(sizeLine.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "", radix: 16) else {
                    throw .malformedResponse(endpoint: endpoint.baseURL, reason: "bad chunk size")
                }
                if size == 0 { break }
                let chunk = try reader.exactly(size)
                _ = try reader.line()
                if !onBody(chunk[...]) { break }
            }
        } else if let text = headers["content-length"] {
            guard let length = Int(text), length >= 0, length <= 64 << 20 else {
                throw .malformedResponse(endpoint: endpoint.baseURL, reason: "bad Content-Length")
            }
            var remaining = length
            while remaining > 0 {
                let piece = try reader.some(max: remaining)
                remaining -= piece.count
                if !onBody(piece[...]) { break }
            }
        } else {
            while let piece = try reader.someOrEnd() { if !onBody(piece[...]) { break } }
        }
        return Head(status: status, headers: headers)
    }

    // MARK: - Socket

    private func remainingMilliseconds() throws(ChatBackendError) -> Int32 {
        let left = deadline - ContinuousClock.now
        let ms = Double(left.components.seconds) * 1000 + Double(left.components.attoseconds) * 1e-15
        guard ms > 0 else { throw .timeout(endpoint: endpoint.baseURL, seconds: timeoutSeconds) }
        return Int32(min(ms.rounded(.up), Double(Int32.max)))
    }

    private func connect() throws(ChatBackendError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard status == 0, let first = list else {
            throw .connectionFailed(endpoint: endpoint.baseURL, reason: "host not resolved")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = String(cString: strerror(errno)); continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else { lastError = String(cString: strerror(errno)); close(fd); continue }
            do {
                try wait(fd, events: Int16(POLLOUT))
            } catch {
                close(fd)
                throw error
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            if soError == 0 { return fd }
            lastError = String(cString: strerror(soError))
            close(fd)
        }
        throw .connectionFailed(endpoint: endpoint.baseURL, reason: lastError)
    }

    /// Waits until `fd` is ready for `events` or the deadline passes.
    fileprivate func wait(_ fd: Int32, events: Int16) throws(ChatBackendError) {
        while true {
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&descriptor, 1, try remainingMilliseconds())
            if ready > 0 { return }
            if ready == 0 { throw .timeout(endpoint: endpoint.baseURL, seconds: timeoutSeconds) }
            if errno != EINTR { throw .connectionFailed(endpoint: endpoint.baseURL, reason: String(cString: strerror(errno))) }
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(ChatBackendError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n > 0 { offset += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { try wait(fd, events: Int16(POLLOUT)); continue }
            if n < 0 && errno == EINTR { continue }
            throw .connectionFailed(endpoint: endpoint.baseURL, reason: "connection closed while sending")
        }
    }

    /// Buffered reads with the connection's deadline.
    fileprivate struct Reader {
        let fd: Int32
        let connection: HTTPClientConnection
        var buffer: [UInt8] = []
        var position = 0
        var closed = false

        init(fd: Int32, connection: HTTPClientConnection) { self.fd = fd; self.connection = connection }

        /// Reads more bytes into the buffer; false at end of stream.
        mutating func fill() throws(ChatBackendError) -> Bool {
            if closed { return false }
            if position > 0 && position == buffer.count { buffer.removeAll(keepingCapacity: true); position = 0 }
            var chunk = [UInt8](repeating: 0, count: 16384)
            while true {
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { buffer += chunk[0..<n]; return true }
                if n == 0 { closed = true; return false }
                if errno == EAGAIN || errno == EWOULDBLOCK { try connection.wait(fd, events: Int16(POLLIN)); continue }
                if errno == EINTR { continue }
                throw .connectionFailed(endpoint: connection.endpoint.baseURL, reason: "connection reset")
            }
        }

        mutating func line() throws(ChatBackendError) -> String {
            while true {
                if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                    var end = newline
                    if end > position && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    let text = String(decoding: buffer[position..<end], as: UTF8.self)
                    position = newline + 1
                    return text
                }
                guard buffer.count - position < 1 << 20 else {
                    throw .malformedResponse(endpoint: connection.endpoint.baseURL, reason: "header line too long")
                }
                guard try fill() else {
                    throw .malformedResponse(endpoint: connection.endpoint.baseURL, reason: "connection closed mid-response")
                }
            }
        }

        mutating func exactly(_ count: Int) throws(ChatBackendError) -> [UInt8] {
            while buffer.count - position < count {
                guard try fill() else {
                    throw .malformedResponse(endpoint: connection.endpoint.baseURL, reason: "connection closed mid-body")
                }
            }
            let out = Array(buffer[position..<(position + count)])
            position += count
            return out
        }

        mutating func some(max: Int) throws(ChatBackendError) -> [UInt8] {
            if position == buffer.count {
                guard try fill() else {
                    throw .malformedResponse(endpoint: connection.endpoint.baseURL, reason: "connection closed mid-body")
                }
            }
            let n = min(max, buffer.count - position)
            let out = Array(buffer[position..<(position + n)])
            position += n
            return out
        }

        mutating func someOrEnd() throws(ChatBackendError) -> [UInt8]? {
            if position == buffer.count { guard try fill() else { return nil } }
            let out = Array(buffer[position...])
            position = buffer.count
            return out
        }
    }
}

