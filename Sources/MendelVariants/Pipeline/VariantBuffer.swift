/// The classified variants of one batch, kept so that the analysis result can take them over by moving them (a memory
/// copy, no retain/release of their fields) into one array: `moveAll(to:)` leaves the buffer empty and frees its memory.
///
/// `@unchecked Sendable`: a buffer is filled by the thread that classifies its batch and handed to the calling thread
/// through the record pipeline's lock (which orders the two); it is never used by two threads at once.
final class VariantBuffer: @unchecked Sendable {
    private var base: UnsafeMutablePointer<InterpretedVariant>?
    /// Room for this many variants (one batch yields at most one variant per record); 0 once moved out.
    private(set) var capacity: Int
    /// Initialised variants at `base`.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base?.deinitialize(count: count)
        base?.deallocate()
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
        if let base {
            target.moveInitialize(from: base, count: n)
            base.deallocate()
        }
        base = nil; count = 0; capacity = 0
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
