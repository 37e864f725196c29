import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors the client reports to the user, each saying what to do.
public enum ClientError: Error, CustomStringConvertible, Sendable {
    case daemonNotRunning(socketPath: String)
    case permissionDenied(socketPath: String)
    case socketPathTooLong(socketPath: String)
    case connectionFailed(socketPath: String, reason: String)
    case connectionClosed
    case malformedResponse(String)
    case server(status: Int, code: String, message: String)

    public var description: String {
        switch self {
        case .daemonNotRunning(let path):
            "daemon not running at \(path) (start it with `mendeld`, or pass --socket PATH / set MENDEL_SOCKET)"
        case .permissionDenied(let path):
            "permission denied on \(path): your user must be in the daemon's socket group (see README, 'Roles')"
        case .socketPathTooLong(let path):
            "socket path too long: \(path)"
        case .connectionFailed(let path, let reason):
            "cannot connect to \(path): \(reason)"
        case .connectionClosed:
            "the daemon closed the connection before answering (see its log; the request may have been too large or too slow)"
        case .malformedResponse(let what):
            "unexpected response from the daemon: \(what)"
        case .server(let status, let code, let message):
            "\(message) [\(code), HTTP \(status)]"
        }
    }

    /// Process exit code for this error (sysexits-style).
    public var exitCode: Int32 {
        switch self {
        case .daemonNotRunning, .connectionFailed, .connectionClosed: 69 // EX_UNAVAILABLE
        case .permissionDenied: 77 // EX_NOPERM
        case .socketPathTooLong: 64
        case .malformedResponse: 76 // EX_PROTOCOL
        case .server(let status, _, _):
            switch status {
            case 401, 403: 77
            case 404: 66 // EX_NOINPUT
            case 400, 413, 422: 65 // EX_DATAERR
            case 503: 75 // EX_TEMPFAIL
            default: 70 // EX_SOFTWARE
            }
        }
    }
}

/// A response as received: status, lower-cased headers, body.
public struct ClientResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]
}

/// A minimal blocking HTTP/1.1 client over a Unix socket (one request per connection).
/// Keeps the CLI free of an event-loop dependency; streaming responses are delivered line by line.
public struct UnixSocketHTTPClient: Sendable {
    public let socketPath: String
    /// Seconds to wait for the daemon's answer before giving up (0 = forever, for streamed jobs).
    public var timeoutSeconds: Int

    public init(socketPath: String, timeoutSeconds: Int = 120) {
        self.socketPath = socketPath
        self.timeoutSeconds = timeoutSeconds
    }

    /// Sends a request and returns the whole response.
    public func send(method: String, path: String, body: [UInt8]? = nil, contentType: String = "application/json") throws(ClientError) -> ClientResponse {
        var collected: [UInt8] = []
        var response = try exchange(method: method, path: path, body: body, contentType: contentType) { chunk in
            collected.append(contentsOf: chunk)
        }
        response.body = collected
        return response
    }

    /// Sends a request and calls `onLine` for every newline-terminated line of the (chunked) body.
    public func stream(method: String, path: String, body: [UInt8]? = nil, onLine: (String) -> Void) throws(ClientError) -> ClientResponse {
        var pending: [UInt8] = []
        var all: [UInt8] = []
        let response = try exchange(method: method, path: path, body: body, contentType: "application/json") { chunk in
            all.append(contentsOf: chunk)
            pending.append(contentsOf: chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                onLine(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
        return ClientResponse(status: response.status, headers: response.headers, body: all)
    }

    private func exchange(method: String, path: String, body: [UInt8]?, contentType: String,
                          onBody: (ArraySlice<UInt8>) -> Void) throws(ClientError) -> ClientResponse {
        let fd = try connectSocket()
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: mendeld\r\nConnection: close\r\nUser-Agent: mendel/\(MendelClientVersion.current)\r\n"
        if let body {
            head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        } else if method == "POST" || method == "PUT" {
            head += "Content-Length: 0\r\n"
        }
        head += "\r\n"
        try writeAll(fd, Array(head.utf8))
        if let body { try writeAll(fd, body) }

        var reader = SocketReader(fd: fd)
        let statusLine = try reader.readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw .malformedResponse("status line")
        }
        var headers: [String: String] = [:]
        while true {
            let line = try reader.readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw .malformedResponse("header line") }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            while true {
                let sizeLine = try reader.readLine()
                guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else { throw .malformedResponse("chunk size") }
                if size == 0 { _ = try? reader.readLine(); break }
                let chunk = try reader.readExactly(size)
                onBody(chunk[...])
                _ = try reader.readLine()
            }
        } else if let lengthText = headers["content-length"], let length = Int(lengthText) {
            onBody(try reader.readExactly(length)[...])
        } else {
            onBody(try reader.readToEnd()[...])
        }
        let response = ClientResponse(status: status, headers: headers, body: [])
        return response
    }

    private func connectSocket() throws(ClientError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connectionFailed(socketPath: socketPath, reason: String(cString: strerror(errno))) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw .socketPathTooLong(socketPath: socketPath)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if result != 0 {
            let code = errno
            close(fd)
            switch code {
            case ENOENT, ECONNREFUSED: throw .daemonNotRunning(socketPath: socketPath)
            case EACCES, EPERM: throw .permissionDenied(socketPath: socketPath)
            default: throw .connectionFailed(socketPath: socketPath, reason: String(cString: strerror(code)))
            }
        }
        if timeoutSeconds > 0 {
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        return fd
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                // The daemon may have answered early (e.g. 413) and closed; the response is still readable.
                return
            }
            offset += written
        }
    }
}

/// Buffered reads from a socket.
struct SocketReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var position = 0

    init(fd: Int32) { self.fd = fd }

    private mutating func fill() throws(ClientError) -> Bool {
        if position > 0 && position == buffer.count { buffer.removeAll(keepingCapacity: true); position = 0 }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { return true }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw .malformedResponse("timed out waiting for the daemon") }
            throw .connectionClosed
        }
        if count == 0 { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    mutating func readLine() throws(ClientError) -> String {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[position..<end], as: UTF8.self)
                position = newline + 1
                return line
            }
            guard try fill() else { throw .connectionClosed }
        }
    }

    mutating func readExactly(_ count: Int) throws(ClientError) -> [UInt8] {
        while buffer.count - position < count {
            guard try fill() else { throw .connectionClosed }
        }
        let bytes = Array(buffer[position..<(position + count)])
        position += count
        return bytes
    }

    mutating func readToEnd() throws(ClientError) -> [UInt8] {
        while try fill() {}
        let bytes = Array(buffer[position...])
        position = buffer.count
        return bytes
    }
}

public enum MendelClientVersion {
    public static let current = "0.1.0"
}
