import Foundation
import MendelCore
import NIOCore
import NIOHTTP1

/// The kernel-reported identity of the process at the other end of the socket (SO_PEERCRED).
public struct PeerCredentials: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
    public init(pid: Int32, uid: UInt32, gid: UInt32) { self.pid = pid; self.uid = uid; self.gid = gid }
}

/// Layout-compatible mirror of Linux `struct ucred` (Swift's Glibc does not export it).
struct UCred {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

/// Limits applied while reading one request.
struct RequestLimits: Sendable {
    var maxBodyBytes: Int
    var maxHeaderBytes: Int
}

/// Why a request could not be read; turned into an error response and an audit line.
enum RequestReadFailure: Sendable {
    case bodyTooLarge(declared: Int?)
    case headerTooLarge(bytes: Int)
    case malformed(reason: String)

    var apiError: APIError {
        switch self {
        case .bodyTooLarge(let declared):
            let what = declared.map { "declared \($0) bytes" } ?? "body"
            return APIError(status: .payloadTooLarge, code: "request.body_too_large",
                            "request \(what) exceeds the daemon's limit; split the upload or raise maxBodyBytes")
        case .headerTooLarge(let bytes):
            return APIError(status: .requestHeaderFieldsTooLarge, code: "request.header_too_large",
                            "request head of \(bytes) bytes exceeds the limit")
        case .malformed(let reason):
            return APIError(status: .badRequest, code: "request.malformed_http", "malformed HTTP request: \(reason)")
        }
    }
}

/// Reads requests from one connection and writes responses, keep-alive aware.
struct HTTPConnection {
    typealias Inbound = NIOAsyncChannelInboundStream<HTTPServerRequestPart>
    typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    enum Next {
        case request(HTTPRequest, keepAlive: Bool)
        case failed(RequestReadFailure)
        case closed
    }

    let limits: RequestLimits

    /// Reads the next complete request. Oversized bodies are detected from Content-Length before any
    /// body byte is buffered, and while streaming for chunked uploads.
    func next(from reader: RequestPartReader) async -> Next {
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        do {
            while let part = try await reader.next() {
                switch part {
                case .head(let requestHead):
                    let headBytes = requestHead.uri.utf8.count + requestHead.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
                    if headBytes > limits.maxHeaderBytes { return .failed(.headerTooLarge(bytes: headBytes)) }
                    if let lengthText = requestHead.headers.first(name: "content-length") {
                        guard let declared = Int(lengthText), declared >= 0 else {
                            return .failed(.malformed(reason: "invalid Content-Length"))
                        }
                        if declared > limits.maxBodyBytes { return .failed(.bodyTooLarge(declared: declared)) }
                        body.reserveCapacity(declared)
                    }
                    head = requestHead
                case .body(let buffer):
                    if body.count + buffer.readableBytes > limits.maxBodyBytes { return .failed(.bodyTooLarge(declared: nil)) }
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let head else { return .failed(.malformed(reason: "body without a request line")) }
                    return .request(HTTPRequest(head: head, body: body), keepAlive: head.isKeepAlive)
                }
            }
            return head == nil ? .closed : .failed(.malformed(reason: "connection closed mid-request (truncated body)"))
        } catch let error as HTTPParserError {
            return .failed(.malformed(reason: "\(error)"))
        } catch {
            return head == nil ? .closed : .failed(.malformed(reason: "connection closed mid-request"))
        }
    }

    /// Writes a response; returns false if the client has gone away.
    @discardableResult
    func write(_ response: HTTPResponse, keepAlive: Bool, requestID: String, to outbound: Outbound) async -> Bool {
        var headers = HTTPHeaders()
        headers.add(name: "X-Request-ID", value: requestID)
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        do {
            switch response {
            case .full(let status, let contentType, let body):
                headers.add(name: "Content-Type", value: contentType)
                headers.add(name: "Content-Length", value: String(body.count))
                try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
                try await outbound.write(.end(nil))
            case .stream(let status, let contentType, let chunks):
                headers.add(name: "Content-Type", value: contentType)
                headers.add(name: "Transfer-Encoding", value: "chunked")
                try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
                for await chunk in chunks {
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
                }
                try await outbound.write(.end(nil))
            }
            return true
        } catch {
            return false // the client disconnected; nothing else to do for this connection
        }
    }
}

/// Owns the inbound iterator of one connection (used by one task at a time).
final class RequestPartReader {
    private var iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator

    init(_ inbound: NIOAsyncChannelInboundStream<HTTPServerRequestPart>) {
        self.iterator = inbound.makeAsyncIterator()
    }

    func next() async throws -> HTTPServerRequestPart? {
        try await iterator.next()
    }
}
