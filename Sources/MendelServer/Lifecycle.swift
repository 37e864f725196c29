import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-shot signal that any number of tasks can wait for.
final class ShutdownSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var triggered = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func trigger() {
        lock.lock()
        guard !triggered else { lock.unlock(); return }
        triggered = true
        let pending = waiters
        waiters.removeAll()
        lock.unlock()
        pending.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if triggered {
                lock.unlock()
                continuation.resume()
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }
}

/// SIGTERM/SIGINT → graceful shutdown; SIGHUP → policy reload. Uses dispatch sources, so handlers run
/// on a queue, not in signal context.
final class SignalHandlers: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(onTerminate: @escaping @Sendable () -> Void, onReload: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "mendeld.signals")
        var sources: [any DispatchSourceSignal] = []
        for (number, handler) in [(SIGTERM, onTerminate), (SIGINT, onTerminate), (SIGHUP, onReload)] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() { sources.forEach { $0.cancel() } }
}

/// `sd_notify` without libsystemd: one datagram to `$NOTIFY_SOCKET` (path or abstract `@name`).
enum SystemdNotifier {
    static func notify(_ state: String) {
        guard let path = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"], !path.isEmpty else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 } // abstract namespace
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        let message = Array(state.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
    }
}
