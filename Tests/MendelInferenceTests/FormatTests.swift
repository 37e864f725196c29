import Foundation
import Testing
@testable import MendelInference

@Suite struct GGUFTests {
    @Test func readsMetadataAndTensorDirectory() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try TinyLlama(matrixType: 3).write(to: dir.path("t.gguf"))
        let gguf = try GGUFFile(path: dir.path("t.gguf").path)
        #expect(gguf.version == 3)
        #expect(gguf.metadata["general.architecture"]?.string == "llama")
        #expect(gguf.metadata["llama.rope.freq_base"]?.double == Double(TinyLlama.ropeBase))
        #expect(gguf.tensors["blk.0.attn_q.weight"]?.type == .q4_1)
        #expect(gguf.tensors["blk.0.attn_q.weight"]?.dims == [TinyLlama.embedding, TinyLlama.heads * TinyLlama.headDim])
        #expect(gguf.tensors["token_embd.weight"]?.type == .q8_0)
        let config = try LlamaConfig.read(gguf)
        #expect(config.numKVHeads == 2 && config.headDim == 16 && config.contextLength == TinyLlama.context)
    }

    @Test func malformedFilesGivePreciseErrors() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let good = TinyLlama().writer.bytes()
        func check(_ bytes: [UInt8], _ fragment: String) throws {
            let url = dir.path("bad.gguf")
            try Data(bytes).write(to: url)
            do {
                _ = try GGUFFile(path: url.path)
                Issue.record("expected an error containing \(fragment)")
            } catch {
                #expect(error.code == "inference.gguf")
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
        var badMagic = good; badMagic[0] = UInt8(ascii: "X")
        try check(badMagic, "bad magic")
        var badVersion = good; badVersion[4] = 9
        try check(badVersion, "unsupported GGUF version 9")
        try check(Array(good.prefix(100)), "truncated")
        try check(Array(good.dropLast(64)), "runs past the end")
        try check([], "truncated")
        #expect(throws: InferenceError.self) { _ = try GGUFFile(path: dir.path("missing.gguf").path) }
    }

    @Test func dequantisationOfEachBlockType() throws {
        var rng = TestRNG(99)
        let v = rng.floats(64, 2)
        func deq(_ type: GGMLType, _ data: [UInt8], count: Int = 64) -> [Float] {
            var out = [Float](repeating: 0, count: count)
            data.withUnsafeBytes { raw in out.withUnsafeMutableBufferPointer { Dequantize.row(type: type, src: raw.baseAddress!, count: count, into: $0.baseAddress!) } }
            return out
        }
        let maxErr: (GGMLType, [UInt8], Float) -> Bool = { t, d, tol in zip(deq(t, d), v).allSatisfy { abs($0 - $1) <= tol } }
        #expect(maxErr(.f32, TestQuant.f32(v), 0))
        #expect(maxErr(.q8_0, TestQuant.q8_0(v), 2.0 / 127))
        #expect(maxErr(.q4_1, TestQuant.q4_1(v), 4.0 / 15))
        #expect(maxErr(.q4_0, TestQuant.q4_0(v), 2.0 / 8 + 1e-3))
        let f16 = v.flatMap { f in withUnsafeBytes(of: halfBits(f)) { Array($0) } }
        #expect(maxErr(.f16, f16, 2e-3))
        // Fused dot products (activations quantised to 8 bits per 32-block, as ggml does) agree with
        // dequantise-then-dot within the activation rounding: |Σ w·(x − x̂)| ≤ Σ|w| · amax/254 per block.
        let x = rng.floats(64, 1)
        for (type, data) in [(GGMLType.q4_1, TestQuant.q4_1(v)), (.q4_0, TestQuant.q4_0(v)), (.q8_0, TestQuant.q8_0(v))] {
            let d = deq(type, data)
            let expected = zip(d, x).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            var bound: Float = 1e-4
            for b in 0..<2 {
                let amax = x[(32 * b)..<(32 * b + 32)].map(abs).max() ?? 0
                bound += d[(32 * b)..<(32 * b + 32)].map(abs).reduce(0, +) * amax / 254 * 1.01
            }
            let owner = MappedFileStandIn()
            let got: Float = data.withUnsafeBytes { raw in
                let m = QuantizedMatrix(type: type, rows: 1, cols: 64, data: raw.baseAddress!, owner: owner)
                return x.withUnsafeBufferPointer { m.dot(row: 0, $0.baseAddress!) }
            }
            #expect(abs(got - expected) <= bound, "\(type)")
        }
        // K-quants: constant blocks with known values.
        var q6 = [UInt8](repeating: 0xFF, count: 192) + [UInt8](repeating: 2, count: 16)
        q6 += withUnsafeBytes(of: halfBits(0.5)) { Array($0) }
        #expect(deq(.q6_K, q6, count: 256).allSatisfy { $0 == 0.5 * 2 * 31 })
        var q4k = withUnsafeBytes(of: halfBits(0.25)) { Array($0) } + withUnsafeBytes(of: halfBits(1)) { Array($0) }
        q4k += [3, 3, 3, 3, 1, 1, 1, 1, 0x13, 0x13, 0x13, 0x13]  // scale 3, min 1 for all eight sub-blocks
        q4k += [UInt8](repeating: 0x52, count: 128)                // low nibble 2, high nibble 5
        let k4 = deq(.q4_K, q4k, count: 256)
        #expect(k4[0] == 0.25 * 3 * 2 - 1 && k4[32] == 0.25 * 3 * 5 - 1 && k4[255] == 0.25 * 3 * 5 - 1)
    }
}

final class MappedFileStandIn {}
