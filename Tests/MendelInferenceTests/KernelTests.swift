import CMendelKernels
import Foundation
import Testing
@testable import MendelInference

/// The C kernels at every dispatch level this CPU supports, against the portable scalar level and
/// against float64 sums over the dequantised weights and activations, on random blocks.
@Suite struct KernelTests {
    static let weightTypes: [GGMLType] = [.f32, .f16, .bf16, .q4_0, .q4_1, .q8_0, .q4_K, .q6_K]
    static let vectorLevels = KernelLevel.supported.filter { $0 != .scalar }

    /// Random weight blocks of `type` for `n` elements: random bytes with finite half scales.
    static func randomWeights(_ type: GGMLType, n: Int, rng: inout TestRNG) -> [UInt8] {
        let blocks = n / type.blockSize
        var bytes = (0..<(blocks * type.blockBytes)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        func putHalf(_ v: Float, at offset: Int) {
            let h = halfBits(v)
            bytes[offset] = UInt8(h & 0xFF)
            bytes[offset + 1] = UInt8(h >> 8)
        }
        for b in 0..<blocks {
            let o = b * type.blockBytes
            switch type {
            case .f32:
                let f = rng.float(2).bitPattern
                for k in 0..<4 { bytes[o + k] = UInt8(truncatingIfNeeded: f >> (8 * UInt32(k))) }
            case .f16: putHalf(rng.float(2), at: o)
            case .bf16:
                let f = rng.float(2).bitPattern >> 16
                bytes[o] = UInt8(f & 0xFF); bytes[o + 1] = UInt8(f >> 8)
            case .q4_0, .q8_0: putHalf(rng.float(0.05), at: o)
            case .q4_1, .q4_K: putHalf(rng.float(0.05), at: o); putHalf(rng.float(0.05), at: o + 2)
            case .q6_K: putHalf(rng.float(0.01), at: o + 208)
            }
        }
        return bytes
    }

    /// Activations with a few large values (like the residual stream of real models).
    static func randomActivations(_ n: Int, rng: inout TestRNG) -> [Float] {
        (0..<n).map { i in rng.float(i % 97 == 5 ? 40 : 1) }
    }

    /// The activation values the kernels really multiply (after 8-bit quantisation for quantised types).
    static func effectiveActivations(_ type: GGMLType, _ act: UnsafeRawPointer, n: Int) -> [Double] {
        switch type {
        case .q4_0, .q4_1, .q8_0:
            let blocks = act.assumingMemoryBound(to: mendel_block_q8.self)
            return (0..<n).map { i in
                let b = blocks[i / 32]
                let q = withUnsafeBytes(of: b.qs) { Int8(bitPattern: $0[i % 32]) }
                return Double(q) * Double(b.d)
            }
        case .q4_K, .q6_K:
            let blocks = act.assumingMemoryBound(to: mendel_block_q8k.self)
            return (0..<n).map { i in
                let b = blocks[i / 256]
                let q = withUnsafeBytes(of: b.qs) { Int8(bitPattern: $0[i % 256]) }
                return Double(q) * Double(b.d)
            }
        default:
            return (0..<n).map { Double(act.load(fromByteOffset: 4 * $0, as: Float.self)) }
        }
    }

    @Test func everyLevelMatchesTheScalarReferenceOnRandomBlocks() {
        var rng = TestRNG(2024)
        let n = 1024
        for type in Self.weightTypes {
            for trial in 0..<12 {
                let w = Self.randomWeights(type, n: n, rng: &rng)
                let x = Self.randomActivations(n, rng: &rng)
                let bytes = mendel_activation_bytes(type.rawValue, Int64(n))
                var reference = [UInt8](repeating: 0, count: bytes)
                var prepared = [UInt8](repeating: 0, count: bytes)
                var dequantised = [Float](repeating: 0, count: n)
                w.withUnsafeBytes { mendel_dequantize_row(type.rawValue, $0.baseAddress!, Int64(n), &dequantised) }
                mendel_prepare_activation_level(KernelLevel.scalar.rawValue, type.rawValue, x, Int64(n), &reference)
                let scalar = w.withUnsafeBytes { wp in
                    reference.withUnsafeBytes { mendel_vec_dot_level(KernelLevel.scalar.rawValue, type.rawValue, Int64(n), wp.baseAddress!, $0.baseAddress!) }
                }
                // The scalar level against float64 over what it multiplies.
                let xs = reference.withUnsafeBytes { Self.effectiveActivations(type, $0.baseAddress!, n: n) }
                let exact = zip(dequantised, xs).reduce(0.0) { $0 + Double($1.0) * $1.1 }
                let magnitude = zip(dequantised, xs).reduce(0.0) { $0 + abs(Double($1.0) * $1.1) }
                // Q4_1 uses ggml's half-rounded block sum s for the min term: allow that rounding.
                let sTerm = type == .q4_1 ? magnitude * 1e-3 : 0
                #expect(abs(Double(scalar) - exact) <= magnitude * 2e-6 + sTerm + 1e-6, "\(type) trial \(trial): \(scalar) vs \(exact)")
                if [.q4_0, .q4_1, .q8_0, .q4_K, .q6_K].contains(type) {
                    // The quantised activations are close to x (half a quantisation step per element).
                    let step = x.map(abs).max() ?? 0
                    #expect(zip(xs, x).allSatisfy { abs($0 - Double($1)) <= Double(step) / 127 + 1e-6 }, "\(type)")
                }
                for level in Self.vectorLevels {
                    mendel_prepare_activation_level(level.rawValue, type.rawValue, x, Int64(n), &prepared)
                    #expect(prepared == reference, "\(type) \(level): prepared activations differ from the scalar level")
                    let got = w.withUnsafeBytes { wp in
                        prepared.withUnsafeBytes { mendel_vec_dot_level(level.rawValue, type.rawValue, Int64(n), wp.baseAddress!, $0.baseAddress!) }
                    }
                    #expect(abs(Double(got) - Double(scalar)) <= magnitude * 2e-6 + 1e-6, "\(type) \(level) trial \(trial): \(got) vs \(scalar)")
                }
            }
        }
    }

    @Test func matmulTilesGiveTheRowDotProducts() {
        var rng = TestRNG(77)
        let rows = 77, n = 512
        // m = 1: four weight rows per call (generation); m = 5: four activations per weight row, plus one.
        for type in Self.weightTypes { for m in [1, 5] {
            let rowBytes = n / type.blockSize * type.blockBytes
            let w = Self.randomWeights(type, n: rows * n, rng: &rng)
            let x = Self.randomActivations(m * n, rng: &rng)
            let stride = mendel_activation_bytes(type.rawValue, Int64(n))
            for level in KernelLevel.supported {
                var act = [UInt8](repeating: 0, count: stride * m)
                act.withUnsafeMutableBytes { a in
                    for i in 0..<m {
                        x.withUnsafeBufferPointer {
                            mendel_prepare_activation_level(level.rawValue, type.rawValue, $0.baseAddress! + i * n, Int64(n), a.baseAddress! + i * stride)
                        }
                    }
                }
                // Rows 3..<70 of each activation row, written with leading dimension rows + 1.
                var y = [Float](repeating: .nan, count: m * (rows + 1))
                w.withUnsafeBytes { wp in
                    act.withUnsafeBytes { ap in
                        mendel_matmul_level(level.rawValue, type.rawValue, wp.baseAddress!, rowBytes, Int64(n), 3, 70,
                                            ap.baseAddress!, stride, Int64(m), &y, Int64(rows + 1))
                    }
                }
                for i in 0..<m {
                    for r in 0..<(rows + 1) {
                        let v = y[i * (rows + 1) + r]
                        if r < 3 || r >= 70 { #expect(v.isNaN, "\(type) \(level): row \(r) outside the range was written"); continue }
                        let expected = w.withUnsafeBytes { wp in
                            act.withUnsafeBytes { mendel_vec_dot_level(level.rawValue, type.rawValue, Int64(n), wp.baseAddress! + r * rowBytes, $0.baseAddress! + i * stride) }
                        }
                        #expect(v == expected, "\(type) \(level) row \(r) activation \(i) of \(m)")
                    }
                }
            }
        } }
    }

    @Test func sgemmMatchesFloat64AtEveryLevel() {
        var rng = TestRNG(5)
        let shapes: [(m: Int, n: Int, k: Int)] = [(1, 1, 1), (1, 7, 33), (3, 5, 17), (4, 4, 16), (13, 10, 384), (9, 67, 70), (70, 9, 5)]
        for (m, n, k) in shapes {
            for beta: Float in [0, 1] {
                let lda = k + 3, ldb = k + 1, ldc = n + 2, ldbNN = n + 5
                let a = rng.floats(m * lda, 1), b = rng.floats(n * ldb, 1), bNN = rng.floats(k * ldbNN, 1)
                let c0 = rng.floats(m * ldc, 1)
                let alpha: Float = 0.75
                for level in KernelLevel.supported {
                    var c = c0
                    mendel_sgemm_nt_level(level.rawValue, Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb), beta, &c, Int64(ldc))
                    var cNN = c0
                    mendel_sgemm_nn_level(level.rawValue, Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), bNN, Int64(ldbNN), beta, &cNN, Int64(ldc))
                    for i in 0..<m {
                        for j in 0..<ldc {
                            guard j < n else {
                                #expect(c[i * ldc + j] == c0[i * ldc + j] && cNN[i * ldc + j] == c0[i * ldc + j], "padding written")
                                continue
                            }
                            var nt = 0.0, nn = 0.0, mag = 0.0
                            for p in 0..<k {
                                nt += Double(a[i * lda + p]) * Double(b[j * ldb + p])
                                nn += Double(a[i * lda + p]) * Double(bNN[p * ldbNN + j])
                                mag += abs(Double(a[i * lda + p]))
                            }
                            let base = Double(beta) * Double(c0[i * ldc + j])
                            let tol = 1e-5 * (mag + 1)
                            #expect(abs(Double(c[i * ldc + j]) - (Double(alpha) * nt + base)) <= tol, "NT \(level) m\(m) n\(n) k\(k)")
                            #expect(abs(Double(cNN[i * ldc + j]) - (Double(alpha) * nn + base)) <= tol, "NN \(level) m\(m) n\(n) k\(k)")
                        }
                    }
                }
            }
        }
    }

    @Test func geluMatchesFloat64AtEveryLevel() {
        let xs = (0..<4001).map { Float($0 - 2000) / 250 } + [0, -0.0, 1e-30, -1e-30, 50, -50]
        func exact(_ v: Float) -> Double { 0.5 * Double(v) * (1 + erf(Double(v) / 2.0.squareRoot())) }
        for level in KernelLevel.supported {
            var y = xs
            mendel_gelu_level(level.rawValue, &y, Int64(y.count))
            let worst = zip(xs, y).map { abs(Double($1) - exact($0)) }.max() ?? .infinity
            #expect(worst <= 1.5e-6, "\(level): max error \(worst)")
        }
        // Odd lengths exercise the vector tails.
        var tail = Array(xs.prefix(37)), reference = tail
        mendel_gelu_level(KernelLevel.best.rawValue, &tail, 37)
        mendel_gelu_level(KernelLevel.scalar.rawValue, &reference, 37)
        #expect(zip(tail, reference).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    @Test func packedSgemmMatchesFloat64AtEveryLevel() {
        var rng = TestRNG(31)
        for (m, n, k) in [(1, 1, 1), (12, 384, 384), (13, 40, 70), (25, 17, 5), (3, 33, 100)] {
            let w = rng.floats(n * k, 1), a = rng.floats(m * k, 1), bias = rng.floats(n, 1)
            var packed = [Float](repeating: .nan, count: mendel_sgemm_packed_count(Int64(n), Int64(k)))
            mendel_sgemm_pack(Int64(n), Int64(k), w, Int64(k), &packed)
            for level in KernelLevel.supported {
                for useBias in [false, true] {
                    var c = [Float](repeating: .nan, count: m * (n + 3))
                    bias.withUnsafeBufferPointer { b in
                        mendel_sgemm_packed_level(level.rawValue, Int64(m), Int64(n), Int64(k), a, Int64(k), packed,
                                                  useBias ? b.baseAddress : nil, 0, &c, Int64(n + 3))
                    }
                    for i in 0..<m {
                        for j in 0..<(n + 3) {
                            let v = c[i * (n + 3) + j]
                            guard j < n else { #expect(v.isNaN, "padding written"); continue }
                            var exact = useBias ? Double(bias[j]) : 0, mag = 1.0
                            for p in 0..<k { exact += Double(a[i * k + p]) * Double(w[j * k + p]); mag += abs(Double(a[i * k + p])) }
                            #expect(abs(Double(v) - exact) <= 1e-5 * mag, "\(level) m\(m) n\(n) k\(k)")
                        }
                    }
                }
            }
        }
    }

    @Test func levelsCanBeForcedAndFallBack() {
        let best = KernelLevel.best
        #expect(best.isSupported && KernelLevel.scalar.isSupported)
        #expect(KernelLevel.supported.contains(best))
        #expect(KernelLevel(name: "avx2") == .avx2 && KernelLevel(name: "bogus") == nil)
        // Forcing is process-wide (other tests run in parallel), so only force what is in effect already:
        // asking for the widest level falls back to the best supported one.
        #expect(KernelLevel.current == best)
        #expect(KernelLevel.force(.avx512) == best && KernelLevel.current == best)
    }
}
