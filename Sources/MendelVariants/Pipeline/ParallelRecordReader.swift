import Foundation

/// Reads a VCF on a second thread (decompression + parsing) in batches while the caller classifies, so both
/// cores work. Records come out in file order; a reader error is rethrown after the records before it.
///
/// The reader belongs to the background thread until `next()` has returned nil or thrown, or `finish()` has
/// returned; only then may the caller look at it again (stats, issues).
public final class ParallelRecordReader: @unchecked Sendable {
    private let reader: VCFReader
    private let condition = NSCondition()
    private let batchSize: Int
    private let maxQueued: Int
    // Guarded by `condition`.
    private var queue: [[VariantRecord]] = []
    private var finished = false
    private var cancelled = false
    private var failure: VCFError?
    private var readerCPU: Double = 0
    // Consumer side only.
    private var current: [VariantRecord] = []
    private var index = 0

    /// Starts reading at once. `batchSize` records per hand-over, at most `maxQueued` batches ahead.
    public init(reader: VCFReader, batchSize: Int = 1024, maxQueued: Int = 8) {
        self.reader = reader
        self.batchSize = max(1, batchSize)
        self.maxQueued = max(1, maxQueued)
        let thread = Thread { [self] in produce() }
        thread.stackSize = 1 << 21
        thread.start()
    }

    private func produce() {
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
        let cpu = ParallelRecordReader.threadCPUSeconds()
        condition.lock()
        if !batch.isEmpty && !cancelled { queue.append(batch) }
        failure = error
        readerCPU = cpu
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a batch; false when the consumer cancelled.
    private func push(_ batch: [VariantRecord]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= maxQueued && !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// The next record, or nil at the end of the file.
    public func next() throws(VCFError) -> VariantRecord? {
        while true {
            if index < current.count {
                defer { index += 1 }
                return current[index]
            }
            condition.lock()
            while queue.isEmpty && !finished { condition.wait() }
            if !queue.isEmpty {
                current = queue.removeFirst()
                index = 0
                condition.broadcast()
                condition.unlock()
                continue
            }
            let failure = self.failure
            self.failure = nil
            condition.unlock()
            current = []
            if let failure { throw failure }
            return nil
        }
    }

    /// CPU seconds the reading thread used (decompression + parsing); final once reading has finished.
    public var readerCPUSeconds: Double {
        condition.lock()
        defer { condition.unlock() }
        return readerCPU
    }

    /// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), for throughput measurements.
    public static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Stops the background thread early (if still reading) and waits until it no longer uses the reader.
    public func finish() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
