import Dispatch

/// Runs blocking work (SQLite through GRDB: waits for the writer lock and for fsync) on Dispatch threads,
/// off the Swift concurrency cooperative pool. That pool has one thread per core; a synchronous vault call
/// made from an async handler occupies one of them for the whole wait, and when every pool thread waits on
/// the vault writer, nothing else in the daemon (health checks, audit acknowledgements, other connections)
/// can run.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "mendel.vault.blocking")

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
