import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for client tests: it reads each request
/// (headers + Content-Length body), records it, and answers with the next scripted behaviour — replayed
/// response bytes recorded from a real server, silence (to provoke timeouts) or an immediate close.
final class LoopbackHTTPServer: @unchecked Sendable {
    enum Behaviour: Sendable {
        case respond([UInt8])
        case silent(seconds: Double)
        case close
    }

    let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var script: [Behaviour]
    private var requests: [[UInt8]] = []
    private var stopped = false

    init(_ script: [Behaviour]) throws {
        self.script = script
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { close(listener); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        fd = listener
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Requests received so far (raw bytes: request line, headers, body).
    var received: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return requests }

    func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        // Only shut down here: the accept thread closes the descriptor when accept fails, so its number
        // cannot be reused by another server while that thread might still accept on it.
        if !wasStopped { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                close(fd)
                return
            }
            lock.lock()
            let isStopped = stopped
            lock.unlock()
            if isStopped { close(client); close(fd); return }
            lock.lock()
            let behaviour = script.isEmpty ? Behaviour.close : script.removeFirst()
            lock.unlock()
            let request = readRequest(client)
            lock.lock(); requests.append(request); lock.unlock()
            switch behaviour {
            case .respond(let bytes):
                var offset = 0
                while offset < bytes.count {
                    let n = bytes.withUnsafeBytes { send(client, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
                    if n <= 0 { break }
                    offset += n
                }
                close(client)
            case .silent(let seconds):
                let holder = client
                Thread.detachNewThread { usleep(UInt32(seconds * 1_000_000)); close(holder) }
            case .close:
                close(client)
            }
        }
    }

    private func readRequest(_ client: Int32) -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var expected: Int?
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return data }
            data += chunk[0..<n]
            if expected == nil, let end = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                expected = end.upperBound + length
            }
            if let expected, data.count >= expected { return data }
        }
    }
}

/// Repository root (through the dev-package symlinks) and the recorded responses.
enum LLMFixtures {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = root.appendingPathComponent("Fixtures/llm")

    /// A recorded response, or nil (with a printed reason) when it has not been recorded yet.
    static func recorded(_ name: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
            print("SKIP: Fixtures/llm/\(name) not recorded (run scripts/test-integration --record)")
            return nil
        }
        return [UInt8](data)
    }

    /// A minimal well-formed completion, for the error-path tests that need some success answer.
    static let handMade = response(status: 200, reason: "OK", body: #"{"choices":[{"index":0,"message":{"role":"assistant","content":"{\"disease\":\"OMIM:154700\",\"evidence\":[\"E1\"]}"},"finish_reason":"stop"}],"model":"test"}"#)

    /// A response with the given status and JSON body (for error cases).
    static func response(status: Int, reason: String, body: String, contentType: String = "application/json") -> [UInt8] {
        Array("HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)
    }
}
