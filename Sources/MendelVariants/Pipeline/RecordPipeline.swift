import Foundation
/// Reads a VCF on a background thread and classifies (or otherwise processes) batches of records on both threads:
/// the reading thread parses batches and, whenever the caller falls behind, processes the oldest waiting batch
/// itself instead of waiting. Results are handed to `consume` on the calling thread in file order, so the output
/// is the same as reading and processing on one thread. A reader error is thrown after every batch before it has
/// been consumed.
public enum RecordPipeline {
    /// CPU seconds the calling thread has used (CLOCK_THREAD_CPUTIME_ID).
    public static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU seconds of the two threads (gzip inflating runs on a third thread, not counted here).
    public struct ThreadCPU: Sendable {
        /// The reading thread: parsing plus the batches it processed.
        public var reading: Double
        /// The calling thread: the batches it processed plus `consume`.
        public var calling: Double
    }

    /// Runs the pipeline to the end of the file, or until `consume` returns false.
    /// `process` runs on either thread (one batch at a time per thread); `consume` only on the calling thread.
    /// The reader is free again (stats, issues) when this returns or throws.
    /// `maxQueued`: parsed batches allowed to wait before the reading thread starts processing them itself; enough
    /// that a caller briefly off its core does not make the reading thread (often the busier one) take its work.
    @discardableResult
    public static func run<T: Sendable>(reader: VCFReader, batchSize: Int = 512, maxQueued: Int = 8,
                                        process: @escaping @Sendable ([VariantRecord]) -> T,
                                        consume: (T) -> Bool) throws(VCFError) -> ThreadCPU {
        let state = PipelineState(reader: reader, batchSize: batchSize, maxQueued: maxQueued, process: process)
        let callingStart = RecordPipeline.threadCPUSeconds()
        let thread = Thread { state.produce() }
        thread.stackSize = 1 << 21
        thread.start()
        let (failure, readingCPU) = state.drain(consume)
        let cpu = ThreadCPU(reading: readingCPU, calling: RecordPipeline.threadCPUSeconds() - callingStart)
        if let failure { throw failure }
        return cpu
    }
}

/// Shared state of one `RecordPipeline.run`, guarded by `condition`.
private final class PipelineState<T: Sendable>: @unchecked Sendable {
    private let reader: VCFReader
    private let batchSize: Int
    private let maxQueued: Int
    private let process: @Sendable ([VariantRecord]) -> T
    private let condition = NSCondition()
    /// Parsed batches waiting for processing, oldest first, with their sequence numbers.
    private var parsed: [(Int, [VariantRecord])] = []
    /// Processed batches not yet consumed, by sequence number.
    private var done: [Int: T] = [:]
    private var produced = 0
    private var readingFinished = false
    private var producerExited = false
    private var cancelled = false
    private var failure: VCFError?
    private var producerCPU: Double = 0

    init(reader: VCFReader, batchSize: Int, maxQueued: Int, process: @escaping @Sendable ([VariantRecord]) -> T) {
        self.reader = reader
        self.batchSize = max(1, batchSize)
        self.maxQueued = max(1, maxQueued)
        self.process = process
    }

    /// The reading thread.
    func produce() {
        var batch: [VariantRecord] = []
        batch.reserveCapacity(batchSize)
        var error: VCFError?
        do {
            while let record = try reader.next() {
                batch.append(record)
                if batch.count == batchSize {
                    guard push(batch) else { break }
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
            }
        } catch let e {
            error = e
        }
        condition.lock()
        if !batch.isEmpty && !cancelled { parsed.append((produced, batch)); produced += 1 }
        failure = error
        readingFinished = true
        condition.broadcast()
        // Help with the batches still waiting.
        while !cancelled, !parsed.isEmpty { processOldest() }
        producerCPU = RecordPipeline.threadCPUSeconds()
        producerExited = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a batch; while the caller is behind, processes the oldest waiting batch here. False when cancelled.
    private func push(_ batch: [VariantRecord]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if cancelled { return false }
        parsed.append((produced, batch))
        produced += 1
        condition.broadcast()
        while parsed.count > maxQueued && !cancelled { processOldest() }
        // Bound the memory held by results the caller has not consumed yet.
        while done.count > 4 * maxQueued + 4 && !cancelled { condition.wait() }
        return !cancelled
    }

    /// Takes the oldest parsed batch, processes it without the lock, stores the result. Called with the lock held.
    private func processOldest() {
        let (sequence, batch) = parsed.removeFirst()
        condition.broadcast()
        condition.unlock()
        let result = process(batch)
        condition.lock()
        done[sequence] = result
        condition.broadcast()
    }

    /// The calling thread: consumes results in order, processing waiting batches while the next result is not ready.
    /// Returns the reader's error (nil when cancelled) and the reading thread's CPU seconds.
    func drain(_ consume: (T) -> Bool) -> (VCFError?, Double) {
        var next = 0
        condition.lock()
        while true {
            if let result = done.removeValue(forKey: next) {
                next += 1
                condition.broadcast()
                condition.unlock()
                let more = consume(result)
                condition.lock()
                if !more { cancelled = true; condition.broadcast(); break }
                continue
            }
            if !parsed.isEmpty { processOldest(); continue }
            if readingFinished && next == produced { break }
            condition.wait()
        }
        while !producerExited { condition.wait() }
        let error = cancelled ? nil : failure
        let cpu = producerCPU
        condition.unlock()
        return (error, cpu)
    }
}
