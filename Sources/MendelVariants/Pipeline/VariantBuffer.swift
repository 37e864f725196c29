#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The classified variants of one batch, kept so that the analysis result can take them over by moving them (a memory
/// copy, no retain/release of their fields) into one array: `moveAll(to:)` leaves the buffer empty and frees its memory.
///
/// The memory is mapped for the buffer alone and unmapped when it is moved out, so that it goes back to the system at
/// once: otherwise the batches' pages (a third of the result's size) would stay resident next to the joined array.
///
/// `@unchecked Sendable`: a buffer is filled by the thread that classifies its batch and handed to the calling thread
/// through the record pipeline's lock (which orders the two); it is never used by two threads at once.
final class VariantBuffer: @unchecked Sendable {
    private var base: UnsafeMutablePointer<InterpretedVariant>?
    /// Room for this many variants (one batch yields at most one variant per record); 0 once moved out.
    private(set) var capacity: Int
    /// Initialised variants at `base`.
    private(set) var count = 0

    /// Bytes mapped at `base` (0: `base` came from `allocate`).
    private var mappedBytes = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        let bytes = self.capacity * MemoryLayout<InterpretedVariant>.stride
        if let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED {
            base = raw.bindMemory(to: InterpretedVariant.self, capacity: self.capacity)
            mappedBytes = bytes
        } else {
            base = .allocate(capacity: self.capacity)
        }
    }

    deinit {
        base?.deinitialize(count: count)
        release()
    }

    /// Returns the memory at `base` (uninitialised by now).
    private func release() {
        guard let base else { return }
        if mappedBytes > 0 { munmap(UnsafeMutableRawPointer(base), mappedBytes) } else { base.deallocate() }
        self.base = nil
        mappedBytes = 0
    }

    /// Adds a variant; there must be room (`count < capacity`).
    func append(_ variant: InterpretedVariant) {
        guard let base, count < capacity else { preconditionFailure("VariantBuffer: more variants than records in the batch") }
        (base + count).initialize(to: variant)
        count += 1
    }

    /// Moves every variant to `target` (uninitialised memory with room for `count`) and returns how many; the buffer's
    /// memory is freed at once (no room left afterwards).
    func moveAll(to target: UnsafeMutablePointer<InterpretedVariant>) -> Int {
        let n = count
        if let base { target.moveInitialize(from: base, count: n) }
        count = 0
        release()
        capacity = 0
        return n
    }

    /// The variants of `buffers`, in order, moved into one array (the buffers are empty afterwards).
    static func joined(_ buffers: [VariantBuffer]) -> [InterpretedVariant] {
        let total = buffers.reduce(0) { $0 + $1.count }
        return [InterpretedVariant](unsafeUninitializedCapacity: total) { storage, initialized in
            guard var target = storage.baseAddress else { return }
            for buffer in buffers { target += buffer.moveAll(to: target) }
            initialized = total
        }
    }
}
