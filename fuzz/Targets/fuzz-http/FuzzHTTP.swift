import Dispatch
import Foundation
import MendelCore
import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import MendelServerHTTP

/// Bytes a client could send on the daemon socket, through the daemon's own request path:
///  1. the channel pipeline `Daemon.initializeConnection` builds (NIO's HTTP/1 server decoder with
///     pipelining assistance and no NIO error handler, then Mendel's `RequestTimeoutHandler`), in an
///     `EmbeddedChannel`, fed in chunks; a response is written after each request so pipelined requests
///     are released, and the clock is advanced past the deadlines at the end (timer paths);
///  2. the decoded parts (and the parser error, if any) feed `HTTPConnection.next` with small limits
///     until the connection would close: Content-Length checks, body and header caps, truncation;
///  3. each request becomes an `HTTPRequest` (path components, percent-decoded query) whose body is decoded
///     as the submit-case API body (`decodeJSON`: UTF-8 check, JSONDecoder, error description by path),
///     and its answer or rejection is written through `HTTPConnection.write`.
/// Not covered here: `Router` (it needs a running `DaemonContext`: vault, audit, policies).
let limits = RequestLimits(maxBodyBytes: 4096, maxHeaderBytes: 1024)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let (parts, parserError) = decodeThroughPipeline(input)
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        await readRequests(parts, parserError: parserError)
        semaphore.signal()
    }
    semaphore.wait()
    return 0
}

/// Runs the bytes through the daemon's pipeline; returns the request parts it delivered.
func decodeThroughPipeline(_ input: [UInt8]) -> ([HTTPServerRequestPart], (any Error)?) {
    let channel = EmbeddedChannel()
    defer { _ = try? channel.finish() }
    do {
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(
            RequestTimeoutHandler(requestDeadline: .seconds(30), idleTimeout: .seconds(300)) { _ in })
        _ = try channel.connect(to: SocketAddress(unixDomainSocketPath: "/tmp/fuzz-http.sock")).wait()
    } catch {
        return ([], nil)
    }
    var parts: [HTTPServerRequestPart] = []
    var parserError: (any Error)?
    let chunk = 1 + input.count % 61
    var offset = 0
    outer: while offset < input.count {
        let end = min(offset + chunk, input.count)
        do {
            try channel.writeInbound(ByteBuffer(bytes: input[offset..<end]))
        } catch {
            parserError = error
            break outer
        }
        offset = end
        // Drain, answering each complete request so the pipelining handler releases the next one.
        while true {
            guard let part = try? channel.readInbound(as: HTTPServerRequestPart.self) else { break }
            parts.append(part)
            if case .end = part {
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "0")
                _ = try? channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
                _ = try? channel.writeOutbound(HTTPServerResponsePart.end(nil))
                while (try? channel.readOutbound(as: ByteBuffer.self)) != nil {}
            }
        }
    }
    channel.embeddedEventLoop.advanceTime(by: .seconds(301))
    return (parts, parserError)
}

/// The daemon's per-connection loop (`Daemon.serve`) without the router.
func readRequests(_ parts: [HTTPServerRequestPart], parserError: (any Error)?) async {
    let (inbound, source) = NIOAsyncChannelInboundStream<HTTPServerRequestPart>.makeTestingStream()
    for part in parts { source.yield(part) }
    source.finish(throwing: parserError)
    let (outbound, sink) = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>.makeTestingWriter()
    _ = sink
    let http = HTTPConnection(limits: limits)
    let reader = RequestPartReader(inbound)
    while true {
        switch await http.next(from: reader) {
        case .closed:
            return
        case .failed(let failure):
            await http.write(.error(failure.apiError), keepAlive: false, requestID: "R-fuzz", to: outbound)
            return
        case .request(let request, let keepAlive):
            _ = request.pathComponents.count + request.query.count
            let response: HTTPResponse
            do {
                let body = try request.decodeJSON(API.SubmitCaseRequest.self)
                response = .json(body)
            } catch {
                response = .error(error)
            }
            let written = await http.write(response, keepAlive: keepAlive, requestID: "R-fuzz", to: outbound)
            if !written || !keepAlive { return }
        }
    }
}
