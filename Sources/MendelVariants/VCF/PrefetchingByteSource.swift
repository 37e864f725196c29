import Foundation

/// The byte stream a `LineReader` splits: a `DecodingByteSource`, with gzip / bgzip files inflated on a background
/// thread a few chunks ahead, so decompression overlaps parsing (zlib is about a tenth of the reading CPU).
/// Plain files and in-memory buffers are read on the calling thread. Bytes and errors come out in the same order
/// either way.
final class ByteSource {
    private let direct: DecodingByteSource?
    private let prefetch: ChunkQueue?

    init(path: String, label: String) throws(VCFError) {
        let decoder = try DecodingByteSource(path: path, label: label)
        if decoder.isGzip {
            let queue = ChunkQueue(maxQueued: 8)
            let worker = InflateWorker(decoder: decoder, queue: queue)
            let thread = Thread { worker.run() }
            thread.stackSize = 1 << 20
            thread.start()
            direct = nil
            prefetch = queue
        } else {
            direct = decoder
            prefetch = nil
        }
    }

    init(bytes: [UInt8], label: String) throws(VCFError) {
        direct = try DecodingByteSource(bytes: bytes, label: label)
        prefetch = nil
    }

    deinit {
        prefetch?.cancel()
    }

    /// Appends the next decoded bytes to `out`; returns false at the end of input.
    func read(into out: inout [UInt8]) throws(VCFError) -> Bool {
        if let direct { return try direct.read(into: &out) }
        guard let prefetch else { return false }
        return try prefetch.take(into: &out)
    }
}

/// Runs a decoder to the end (or until cancelled) on the background thread. Owned by that thread only.
private final class InflateWorker: @unchecked Sendable {
    private let decoder: DecodingByteSource
    private let queue: ChunkQueue

    init(decoder: DecodingByteSource, queue: ChunkQueue) {
        self.decoder = decoder
        self.queue = queue
    }

    func run() {
        do {
            while true {
                var chunk: [UInt8] = []
                guard try decoder.read(into: &chunk) else { break }
                if chunk.isEmpty { continue }
                guard queue.put(chunk) else { return }
            }
            queue.close(failure: nil)
        } catch let error {
            queue.close(failure: error)
        }
    }
}

/// A bounded hand-over of decoded chunks from the inflating thread to the reader, guarded by one condition.
private final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let maxQueued: Int
    private var chunks: [[UInt8]] = []
    private var head = 0
    private var closed = false
    private var cancelled = false
    private var failure: VCFError?

    init(maxQueued: Int) { self.maxQueued = max(1, maxQueued) }

    /// Queues a chunk, waiting while the queue is full; false when the reader has gone.
    func put(_ chunk: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count - head >= maxQueued && !cancelled { condition.wait() }
        if cancelled { return false }
        if head > 0 && head == chunks.count { chunks.removeAll(keepingCapacity: true); head = 0 }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// Marks the end of input (after an error, if any).
    func close(failure: VCFError?) {
        condition.lock()
        self.failure = failure
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Appends the next chunk to `out`; false at the end; rethrows the decoder's error after the chunks before it.
    func take(into out: inout [UInt8]) throws(VCFError) -> Bool {
        condition.lock()
        while head == chunks.count && !closed { condition.wait() }
        if head < chunks.count {
            let chunk = chunks[head]
            chunks[head] = []
            head += 1
            if head == chunks.count { chunks.removeAll(keepingCapacity: true); head = 0 }
            condition.broadcast()
            condition.unlock()
            out.append(contentsOf: chunk)
            return true
        }
        let failure = self.failure
        self.failure = nil
        condition.unlock()
        if let failure { throw failure }
        return false
    }

    /// Stops the inflating thread (the reader was released before the end of the file).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
