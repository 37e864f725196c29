import Foundation

/// Runs blocking work (socket waits, model generation) on its own thread, so the cooperative thread pool
/// is never blocked, and resumes the caller with the result.
enum DedicatedThread {
    static func run<T: Sendable>(name: String, _ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: work())
            }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
