import Foundation
import MendelCore

/// Reports a running job's progress back to the queue.
public struct JobProgress: Sendable {
    let update: @Sendable (String, Double) async -> Void
    /// Records that the job reached `step`, `fraction` (0…1) of the way through.
    public func report(_ step: String, _ fraction: Double) async { await update(step, fraction) }
}

/// Background jobs (case analyses) with bounded concurrency. Jobs belong to the daemon, not to the
/// connection that started them: a client that disconnects does not stop its job.
public actor JobQueue {
    public enum State: String, Sendable { case queued, running, succeeded, failed, cancelled }

    private struct Record {
        var job: API.Job
        var work: (@Sendable (JobProgress) async throws -> Void)?
        var task: Task<Void, Never>?
        var watchers: [UUID: AsyncStream<API.Job>.Continuation] = [:]
    }

    private let concurrency: Int
    private var records: [String: Record] = [:]
    private var waiting: [String] = []
    private var running = 0
    private var accepting = true

    public init(concurrency: Int) { self.concurrency = max(1, concurrency) }

    public var counts: (running: Int, queued: Int) { (running, waiting.count) }

    /// Queues a job; it starts as soon as a slot is free.
    public func submit(caseID: String, work: @escaping @Sendable (JobProgress) async throws -> Void) throws(APIError) -> API.Job {
        guard accepting else { throw APIError.unavailable(code: "daemon.shutting_down", "the daemon is shutting down; try again after it restarts") }
        let id = "J-" + UUID().uuidString.prefix(8).lowercased()
        let job = API.Job(jobID: id, caseID: caseID, state: State.queued.rawValue, progress: 0, step: "queued")
        records[id] = Record(job: job, work: work)
        waiting.append(id)
        startWaiting()
        return records[id]?.job ?? job
    }

    public func job(_ id: String) -> API.Job? { records[id]?.job }

    /// The latest job for a case, if any.
    public func latestJob(forCase caseID: String) -> API.Job? {
        records.values.map(\.job).filter { $0.caseID == caseID }.max { $0.jobID < $1.jobID }
    }

    /// A stream of state changes, starting with the current state and ending when the job ends.
    public func events(_ id: String) -> AsyncStream<API.Job>? {
        guard let record = records[id] else { return nil }
        let (stream, continuation) = AsyncStream<API.Job>.makeStream(bufferingPolicy: .bufferingNewest(64))
        continuation.yield(record.job)
        if Self.isTerminal(record.job.state) {
            continuation.finish()
        } else {
            let token = UUID()
            records[id]?.watchers[token] = continuation
            continuation.onTermination = { _ in Task { await self.removeWatcher(id, token) } }
        }
        return stream
    }

    /// Cancels a queued or running job. Returns false if it had already ended.
    public func cancel(_ id: String) -> Bool {
        guard let record = records[id], !Self.isTerminal(record.job.state) else { return false }
        if let index = waiting.firstIndex(of: id) {
            waiting.remove(at: index)
            finish(id, state: .cancelled, error: "cancelled before it started")
        } else {
            record.task?.cancel()
        }
        return true
    }

    /// Stops accepting jobs, cancels queued ones, and waits (up to `grace`) for running ones, cancelling
    /// them when the grace period ends.
    public func shutdown(grace: Duration) async {
        accepting = false
        for id in waiting { finish(id, state: .cancelled, error: "daemon shutting down") }
        waiting.removeAll()
        let tasks = records.values.compactMap(\.task)
        let deadline = ContinuousClock.now + grace
        while running > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    // MARK: - Internals

    private static func isTerminal(_ state: String) -> Bool {
        state == State.succeeded.rawValue || state == State.failed.rawValue || state == State.cancelled.rawValue
    }

    private func removeWatcher(_ id: String, _ token: UUID) { records[id]?.watchers[token] = nil }

    private func startWaiting() {
        while running < concurrency, !waiting.isEmpty {
            let id = waiting.removeFirst()
            guard let work = records[id]?.work else { continue }
            running += 1
            update(id) { $0.state = State.running.rawValue; $0.step = "starting" }
            let progress = JobProgress { step, fraction in await self.progress(id, step: step, fraction: fraction) }
            records[id]?.task = Task {
                do {
                    try await work(progress)
                    self.complete(id, state: .succeeded, error: nil)
                } catch is CancellationError {
                    self.complete(id, state: .cancelled, error: "cancelled")
                } catch {
                    let message = (error as? any MendelError)?.description ?? "analysis failed (\(type(of: error)))"
                    self.complete(id, state: Task.isCancelled ? .cancelled : .failed, error: message)
                }
            }
            records[id]?.work = nil
        }
    }

    private func progress(_ id: String, step: String, fraction: Double) {
        update(id) { $0.step = step; $0.progress = min(1, max(0, fraction)) }
    }

    private func complete(_ id: String, state: State, error: String?) {
        running -= 1
        finish(id, state: state, error: error)
        startWaiting()
    }

    private func finish(_ id: String, state: State, error: String?) {
        update(id) {
            $0.state = state.rawValue
            $0.error = error
            if state == .succeeded { $0.progress = 1; $0.step = "done" }
        }
        records[id]?.watchers.values.forEach { $0.finish() }
        records[id]?.watchers.removeAll()
        records[id]?.task = nil
    }

    private func update(_ id: String, _ change: (inout API.Job) -> Void) {
        guard var record = records[id] else { return }
        change(&record.job)
        records[id] = record
        for watcher in record.watchers.values { watcher.yield(record.job) }
    }
}
