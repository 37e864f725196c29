import NIOCore
import NIOHTTP1

/// Cuts off slow or idle clients: a request must arrive completely within `requestDeadline` of its
/// first part, and a connection with no request in progress is closed after `idleTimeout`.
/// Calls `onCutOff` (on the event loop) before closing, so the daemon can audit it.
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    enum Reason: String, Sendable { case requestDeadline = "request_deadline", idle = "idle" }

    private let requestDeadline: TimeAmount
    private let idleTimeout: TimeAmount
    private let onCutOff: @Sendable (Reason) -> Void
    private var timer: Scheduled<Void>?
    private var requestInProgress = false

    init(requestDeadline: TimeAmount, idleTimeout: TimeAmount, onCutOff: @escaping @Sendable (Reason) -> Void) {
        self.requestDeadline = requestDeadline
        self.idleTimeout = idleTimeout
        self.onCutOff = onCutOff
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context: context, reason: .idle, after: idleTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context: context, reason: .idle, after: idleTimeout)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestInProgress = true
            arm(context: context, reason: .requestDeadline, after: requestDeadline)
        case .body:
            break
        case .end:
            requestInProgress = false
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    /// The end of a response restarts the idle timer (unless the next request is already arriving), so a
    /// keep-alive connection that has been used is closed after `idleTimeout` like a fresh one.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !requestInProgress {
            arm(context: context, reason: .idle, after: idleTimeout)
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    private func arm(context: ChannelHandlerContext, reason: Reason, after delay: TimeAmount) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let onCutOff = self.onCutOff
        timer = context.eventLoop.scheduleTask(in: delay) {
            let context = loopBound.value
            onCutOff(reason)
            context.close(promise: nil)
        }
    }
}
