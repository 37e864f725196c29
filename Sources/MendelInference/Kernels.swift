import COpenBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dense float32 kernels shared by the encoder and decoder.
enum Kernels {
    /// C[m×n] = A[m×k] · W[n×k]ᵀ (+ bias), row-major; W is a PyTorch-style (out, in) weight.
    static func linear(_ a: UnsafePointer<Float>, m: Int, k: Int, weight: UnsafePointer<Float>, n: Int,
                       bias: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>) {
        if let bias {
            for i in 0..<m { (c + i * n).update(from: bias, count: n) }
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k),
                    weight, Int32(k), bias == nil ? 0 : 1, c, Int32(n))
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

    /// In-place exact GELU: 0.5·x·(1 + erf(x/√2)).
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let s: Float = 0.70710678118654752
        for i in 0..<count { let v = x[i]; x[i] = 0.5 * v * (1 + erff(v * s)) }
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
