import CMendelKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dense float32 kernels shared by the encoder and decoder (GEMMs in `CMendelKernels`).
enum Kernels {
    /// C[m×n] = alpha · A[m×k] · B[n×k]ᵀ with leading dimensions (row strides) lda, ldb, ldc.
    @inline(__always)
    static func gemmNT(m: Int, n: Int, k: Int, alpha: Float, _ a: UnsafePointer<Float>, lda: Int,
                       _ b: UnsafePointer<Float>, ldb: Int, into c: UnsafeMutablePointer<Float>, ldc: Int) {
        mendel_sgemm_nt(Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb), 0, c, Int64(ldc))
    }

    /// C[m×n] = A[m×k] · B[k×n] with leading dimensions lda, ldb, ldc.
    @inline(__always)
    static func gemmNN(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int,
                       _ b: UnsafePointer<Float>, ldb: Int, into c: UnsafeMutablePointer<Float>, ldc: Int) {
        mendel_sgemm_nn(Int64(m), Int64(n), Int64(k), 1, a, Int64(lda), b, Int64(ldb), 0, c, Int64(ldc))
    }

    /// In-place LayerNorm over rows of width `n`.
    static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, gamma: UnsafePointer<Float>,
                          beta: UnsafePointer<Float>, eps: Float) {
        for r in 0..<rows {
            let row = x + r * n
            var mean: Double = 0
            for i in 0..<n { mean += Double(row[i]) }
            mean /= Double(n)
            var variance: Double = 0
            for i in 0..<n { let d = Double(row[i]) - mean; variance += d * d }
            variance /= Double(n)
            let inv = Float(1 / (variance + Double(eps)).squareRoot())
            let m = Float(mean)
            for i in 0..<n { row[i] = (row[i] - m) * inv * gamma[i] + beta[i] }
        }
    }

    /// In-place GELU 0.5·x·(1 + erf(x/√2)) (vectorised, erf to 3.3e-7: see `mendel_gelu`).
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        mendel_gelu(x, Int64(count))
    }

    /// In-place numerically stable softmax of `count` values.
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var mx = -Float.infinity
        for i in 0..<count where x[i] > mx { mx = x[i] }
        var sum: Float = 0
        for i in 0..<count { let e = expf(x[i] - mx); x[i] = e; sum += e }
        let inv = 1 / sum
        for i in 0..<count { x[i] *= inv }
    }
}
