import Foundation

/// Reads and processes a VCF on two threads: a serial stage takes the next batch of raw lines from the reader (line
/// boundaries only; gzip is inflated on a third thread), and the two threads — the caller's and a worker — each
/// parse (VCF columns, genotypes, CSQ/ANN) and process whole batches. Results are handed to `consume` on the calling
/// thread in file order, with the reader's counts, issues and errors merged in file order, so the outcome is the same
/// as reading and processing on one thread: a malformed line under `stop` (or a gzip error) is thrown after the
/// records of every line before it have been consumed, and nothing after it is consumed.
public enum RecordPipeline {
    /// CPU seconds the calling thread has used (CLOCK_THREAD_CPUTIME_ID).
    public static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU seconds of the two threads (gzip inflating runs on a third thread, not counted here).
    public struct ThreadCPU: Sendable {
        /// The worker thread: the batches it split off, parsed and processed.
        public var reading: Double
        /// The calling thread: the batches it split off, parsed and processed, plus `consume`.
        public var calling: Double
    }

    /// Runs the pipeline to the end of the file, or until `consume` returns false.
    /// `batchSize`: data lines per batch (a batch holds the records of its lines: one per ALT, none for a skipped or
    /// reference-only line). `process` runs on either thread (one batch at a time per thread) and may get an empty
    /// batch; `consume` runs only on the calling thread. `maxQueued` bounds (as 4 × `maxQueued` + 4) the processed
    /// batches waiting for `consume` before the worker pauses (memory). The reader's counts and issues are up to date
    /// when this returns or throws; records the reader's `next()` had already parsed come first, as one batch.
    @discardableResult
    public static func run<T: Sendable>(reader: VCFReader, batchSize: Int = 512, maxQueued: Int = 8,
                                        process: @escaping @Sendable ([VariantRecord]) -> T,
                                        consume: (T) -> Bool) throws(VCFError) -> ThreadCPU {
        let callingStart = RecordPipeline.threadCPUSeconds()
        let left = reader.takePending()
        if !left.isEmpty && !consume(process(left)) {
            return ThreadCPU(reading: 0, calling: RecordPipeline.threadCPUSeconds() - callingStart)
        }
        let state = PipelineState(reader: reader, batchSize: batchSize, maxQueued: maxQueued, process: process)
        let thread = Thread { state.work() }
        thread.stackSize = 1 << 21
        thread.start()
        let (failure, workerCPU) = state.drain(consume)
        let cpu = ThreadCPU(reading: workerCPU, calling: RecordPipeline.threadCPUSeconds() - callingStart)
        if let failure { throw failure }
        return cpu
    }
}

/// Shared state of one `RecordPipeline.run`.
/// `@unchecked Sendable`, because it holds the reader (a non-Sendable class) and mutable state, guarded as follows:
/// `reader`, `nextSequence` and `sourceDone` only under `sourceLock` while the worker runs (the reader is touched by
/// the calling thread alone again only after `drain` has seen the worker exit); `done`, `batchCount`, `cancelled`,
/// `workerExited`, `workerCPU` and `spare` only under `condition` (taken after `sourceLock` when both are needed, never
/// the other way round). `template`, `batchSize`, `maxQueued` and `process` are immutable. The parsers are per thread.
private final class PipelineState<T: Sendable>: @unchecked Sendable {
    /// One processed batch and what its lines add to the reader's counts.
    private struct Output {
        var result: T
        var counts: LineCounts
        var error: VCFError?
    }

    private let reader: VCFReader
    private let template: RecordParser
    private let batchSize: Int
    private let maxQueued: Int
    private let process: @Sendable ([VariantRecord]) -> T

    private let sourceLock = NSLock()
    private var nextSequence = 0
    private var sourceDone = false

    private let condition = NSCondition()
    /// Processed batches not yet consumed, by sequence number.
    private var done: [Int: Output] = [:]
    /// The number of batches, once the end of the input is reached.
    private var batchCount: Int?
    private var cancelled = false
    private var workerExited = false
    private var workerCPU: Double = 0
    /// Byte buffers of parsed batches, reused for the next batches.
    private var spare: [[UInt8]] = []

    init(reader: VCFReader, batchSize: Int, maxQueued: Int, process: @escaping @Sendable ([VariantRecord]) -> T) {
        self.reader = reader
        self.template = reader.parser
        self.batchSize = max(1, batchSize)
        self.maxQueued = max(1, maxQueued)
        self.process = process
    }

    /// The serial stage: the next batch of lines into `batch`, and its sequence number; nil once the input is
    /// exhausted (or the run is cancelled or stopped at an error).
    private func fetch(into batch: inout LineBatch) -> Int? {
        sourceLock.lock()
        defer { sourceLock.unlock() }
        if sourceDone { return nil }
        condition.lock()
        if let storage = spare.popLast() { batch.bytes = storage }
        condition.unlock()
        reader.nextLines(into: &batch, maxLines: batchSize)
        if batch.lineCount == 0 && batch.error == nil {
            sourceDone = true
            publishCount(nextSequence)
            return nil
        }
        let sequence = nextSequence
        nextSequence += 1
        if batch.atEnd {
            sourceDone = true
            publishCount(nextSequence)
        }
        return sequence
    }

    private func publishCount(_ count: Int) {
        condition.lock()
        batchCount = count
        condition.broadcast()
        condition.unlock()
    }

    /// No more batches are split off (called on cancel and after a batch that ends in an error).
    private func stopSource() {
        sourceLock.lock()
        sourceDone = true
        sourceLock.unlock()
    }

    /// Splits off, parses and processes one batch with `parser`; false when there is none left.
    private func step(_ parser: inout RecordParser) -> Bool {
        var batch = LineBatch()
        guard let sequence = fetch(into: &batch) else { return false }
        let parsed = parser.parse(batch)
        // Under `stop`, the lines after a malformed one are not read (as on one thread).
        if parsed.error != nil { stopSource() }
        let result = process(parsed.records)
        condition.lock()
        if spare.count < 4 { spare.append(batch.bytes); batch.bytes = [] }   // moved: the next fill reuses it in place
        done[sequence] = Output(result: result, counts: parsed.counts, error: parsed.error)
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// The worker thread.
    func work() {
        var parser = template
        while true {
            condition.lock()
            // Bound the memory held by results the caller has not consumed yet (generous: a caller briefly off its
            // core must not stall the worker).
            while done.count > 4 * maxQueued + 4 && !cancelled { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop || !step(&parser) { break }
        }
        condition.lock()
        workerCPU = RecordPipeline.threadCPUSeconds()
        workerExited = true
        condition.broadcast()
        condition.unlock()
    }

    /// The calling thread: consumes results in order, parsing and processing batches itself while the next result
    /// is not ready. Returns the error that ended the input (nil when cancelled) and the worker's CPU seconds;
    /// the reader's counts and issues have the consumed batches' added.
    func drain(_ consume: (T) -> Bool) -> (VCFError?, Double) {
        var parser = template
        var next = 0
        var failure: VCFError?
        var counts: [LineCounts] = []
        while true {
            condition.lock()
            if let output = done.removeValue(forKey: next) {
                condition.broadcast()
                condition.unlock()
                next += 1
                counts.append(output.counts)
                let more = consume(output.result)
                if let error = output.error { failure = error; break }
                if !more { break }
                continue
            }
            if let count = batchCount, next >= count { condition.unlock(); break }
            condition.unlock()
            if step(&parser) { continue }
            // Nothing left to split off: the next batch is being processed by the worker.
            condition.lock()
            while done[next] == nil && !(batchCount.map { next >= $0 } ?? false) { condition.wait() }
            condition.unlock()
        }
        stopSource()
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !workerExited { condition.wait() }
        let cpu = workerCPU
        condition.unlock()
        // The worker has exited: the reader is the calling thread's again.
        for c in counts { reader.absorb(c) }
        return (failure, cpu)
    }
}
