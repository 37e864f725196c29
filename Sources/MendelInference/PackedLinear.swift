import CMendelKernels

/// A linear layer y = x·Wᵀ + b whose weight W[n×k] is packed once, at load, into 16-column panels for
/// `mendel_sgemm_packed`: every product then streams W sequentially, once per call, with no
/// horizontal reductions (the encoder's weights are read from memory once per batch).
final class PackedLinear: @unchecked Sendable {
    /// Output features (rows of W) and input features (columns of W).
    let n: Int, k: Int
    private let packed: UnsafeMutablePointer<Float>
    private let bias: FloatTensor?

    init(name: String, weight: FloatTensor, bias: FloatTensor?) throws(InferenceError) {
        guard weight.shape.count == 2 else { throw .tensor(name: name, reason: "expected a 2-D weight") }
        n = weight.shape[0]
        k = weight.shape[1]
        if let bias, bias.count != n { throw .tensor(name: name, reason: "bias length \(bias.count), expected \(n)") }
        let count = mendel_sgemm_packed_count(Int64(n), Int64(k))
        guard let raw = mendel_weights_alloc(count * MemoryLayout<Float>.stride) else {
            throw .tensor(name: name, reason: "cannot allocate \(count) floats for the packed weight")
        }
        packed = raw.bindMemory(to: Float.self, capacity: count)
        mendel_sgemm_pack(Int64(n), Int64(k), weight.pointer, Int64(k), packed)
        self.bias = bias
    }

    deinit { mendel_weights_free(packed) }

    /// c[m×n] = a[m×k]·Wᵀ + b (rows of `a` and `c` contiguous).
    func apply(_ a: UnsafePointer<Float>, m: Int, into c: UnsafeMutablePointer<Float>) {
        mendel_sgemm_packed(Int64(m), Int64(n), Int64(k), a, Int64(k), packed, bias?.pointer, 0, c, Int64(n))
    }
}
