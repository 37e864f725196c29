import Foundation
import Testing
@testable import MendelInference

/// A tiny random BERT written as a model folder (config.json, vocab.txt, model.safetensors).
struct TinyBert {
    static let hidden = 32, heads = 4, layers = 2, intermediate = 64, maxPositions = 24
    static let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "child", "has", "seizure", "##s", "and",
                        "delay", "global", "developmental", "tall", "stature", ",", "."]
    var tensors: [(name: String, shape: [Int], values: [Float])] = []

    init(seed: UInt64 = 1) {
        var rng = TestRNG(seed)
        let h = Self.hidden, f = Self.intermediate
        func add(_ name: String, _ shape: [Int], _ scale: Float, offset: Float = 0) {
            tensors.append((name, shape, rng.floats(shape.reduce(1, *), scale).map { $0 + offset }))
        }
        add("embeddings.word_embeddings.weight", [Self.vocab.count, h], 1)
        add("embeddings.position_embeddings.weight", [Self.maxPositions, h], 0.5)
        add("embeddings.token_type_embeddings.weight", [2, h], 0.5)
        add("embeddings.LayerNorm.weight", [h], 0.2, offset: 1)
        add("embeddings.LayerNorm.bias", [h], 0.1)
        for l in 0..<Self.layers {
            let p = "encoder.layer.\(l)."
            for n in ["query", "key", "value"] {
                add(p + "attention.self.\(n).weight", [h, h], 0.3)
                add(p + "attention.self.\(n).bias", [h], 0.1)
            }
            add(p + "attention.output.dense.weight", [h, h], 0.3)
            add(p + "attention.output.dense.bias", [h], 0.1)
            add(p + "attention.output.LayerNorm.weight", [h], 0.2, offset: 1)
            add(p + "attention.output.LayerNorm.bias", [h], 0.1)
            add(p + "intermediate.dense.weight", [f, h], 0.3)
            add(p + "intermediate.dense.bias", [f], 0.1)
            add(p + "output.dense.weight", [h, f], 0.2)
            add(p + "output.dense.bias", [h], 0.1)
            add(p + "output.LayerNorm.weight", [h], 0.2, offset: 1)
            add(p + "output.LayerNorm.bias", [h], 0.1)
        }
    }

    func write(to dir: URL, dtype: String = "F32") throws {
        let config: [String: Any] = [
            "vocab_size": Self.vocab.count, "hidden_size": Self.hidden, "num_hidden_layers": Self.layers,
            "num_attention_heads": Self.heads, "intermediate_size": Self.intermediate,
            "max_position_embeddings": Self.maxPositions, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
            "hidden_act": "gelu", "position_embedding_type": "absolute",
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("config.json"))
        try (Self.vocab.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try Data(safetensorsBytes(tensors, dtype: dtype)).write(to: dir.appendingPathComponent("model.safetensors"))
        try #"{"max_seq_length": 12}"#.write(to: dir.appendingPathComponent("sentence_bert_config.json"), atomically: true, encoding: .utf8)
    }

    func w(_ name: String) -> [Double] { tensors.first { $0.name == name }!.values.map(Double.init) }

    /// Float64 reference: BERT forward of one sequence, mean pooling, L2 normalisation.
    func referenceEmbedding(_ ids: [Int32], round: (Float) -> Float = { $0 }) -> [Double] {
        let h = Self.hidden, f = Self.intermediate, d = h / Self.heads, n = ids.count
        func r(_ name: String) -> [Double] { w(name).map { Double(round(Float($0))) } }
        func layerNorm(_ x: [Double], _ g: [Double], _ b: [Double]) -> [Double] {
            let mean = x.reduce(0, +) / Double(x.count)
            let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
            return x.indices.map { (x[$0] - mean) / (variance + 1e-12).squareRoot() * g[$0] + b[$0] }
        }
        func linear(_ x: [Double], _ wName: String, _ bName: String, out: Int) -> [Double] {
            let wt = r(wName), bias = r(bName)
            return (0..<out).map { o in bias[o] + x.indices.reduce(0.0) { $0 + wt[o * x.count + $1] * x[$1] } }
        }
        let we = r("embeddings.word_embeddings.weight"), pe = r("embeddings.position_embeddings.weight")
        let te = r("embeddings.token_type_embeddings.weight")
        var xs = (0..<n).map { p in
            layerNorm((0..<h).map { we[Int(ids[p]) * h + $0] + pe[p * h + $0] + te[$0] },
                      r("embeddings.LayerNorm.weight"), r("embeddings.LayerNorm.bias"))
        }
        for l in 0..<Self.layers {
            let p = "encoder.layer.\(l)."
            let q = xs.map { linear($0, p + "attention.self.query.weight", p + "attention.self.query.bias", out: h) }
            let k = xs.map { linear($0, p + "attention.self.key.weight", p + "attention.self.key.bias", out: h) }
            let v = xs.map { linear($0, p + "attention.self.value.weight", p + "attention.self.value.bias", out: h) }
            for i in 0..<n {
                var ctx = [Double](repeating: 0, count: h)
                for head in 0..<Self.heads {
                    var s = (0..<n).map { j in (0..<d).reduce(0.0) { $0 + q[i][head * d + $1] * k[j][head * d + $1] } / Double(d).squareRoot() }
                    let m = s.max()!
                    s = s.map { exp($0 - m) }
                    let z = s.reduce(0, +)
                    for j in 0..<n { for c in 0..<d { ctx[head * d + c] += s[j] / z * v[j][head * d + c] } }
                }
                let o = linear(ctx, p + "attention.output.dense.weight", p + "attention.output.dense.bias", out: h)
                xs[i] = layerNorm(xs[i].indices.map { xs[i][$0] + o[$0] }, r(p + "attention.output.LayerNorm.weight"), r(p + "attention.output.LayerNorm.bias"))
                let inter = linear(xs[i], p + "intermediate.dense.weight", p + "intermediate.dense.bias", out: f)
                    .map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }
                let out = linear(inter, p + "output.dense.weight", p + "output.dense.bias", out: h)
                xs[i] = layerNorm(xs[i].indices.map { xs[i][$0] + out[$0] }, r(p + "output.LayerNorm.weight"), r(p + "output.LayerNorm.bias"))
            }
        }
        let mean = (0..<h).map { c in xs.reduce(0.0) { $0 + $1[c] } / Double(n) }
        let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return mean.map { $0 / norm }
    }
}

@Suite struct EncoderTests {
    @Test(arguments: ["F32", "F16", "BF16"])
    func matchesFloat64ReferenceAndIsBatchInvariant(dtype: String) throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let bert = TinyBert(seed: 2)
        try bert.write(to: dir.url, dtype: dtype)
        let encoder = try SentenceEncoder(directory: dir.url)
        #expect(encoder.maxSequenceLength == 12)
        let texts = ["The child has seizures.", "global developmental delay", "tall stature", "the child , the child has delay and seizures and"]
        let ids = texts.map(encoder.tokenize)
        #expect(ids[0] == [2, 5, 6, 7, 8, 9, 17, 3])
        #expect(ids[3].count == 12)  // truncated to max_seq_length with [CLS] … [SEP]
        #expect(ids[3].last == 3)
        let round: (Float) -> Float = dtype == "F16" ? { Float(Float16($0)) } : dtype == "BF16" ? { Float(bitPattern: $0.bitPattern & 0xFFFF_0000) } : { $0 }
        let batched = try encoder.embed(texts, batchSize: 4)
        for (i, seq) in ids.enumerated() {
            let reference = bert.referenceEmbedding(seq, round: round)
            let diff = zip(batched[i], reference).map { abs(Double($0) - $1) }.max()!
            #expect(diff < 1e-5, "text \(i): \(diff)")
            // Padding in a batch must not change a sequence's embedding.
            let alone = try encoder.embed([texts[i]], batchSize: 1)[0]
            #expect(zip(alone, batched[i]).map { abs($0 - $1) }.max()! < 1e-6)
            #expect(abs(batched[i].reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
    }

    @Test func missingTensorAndWrongShapeAreReported() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        var bert = TinyBert()
        bert.tensors.removeAll { $0.name == "encoder.layer.1.output.dense.bias" }
        try bert.write(to: dir.url)
        #expect(throws: InferenceError.tensor(name: "encoder.layer.1.output.dense.bias", reason: "not in the safetensors file")) {
            _ = try SentenceEncoder(directory: dir.url)
        }
    }
}

@Suite struct SafetensorsTests {
    func write(_ bytes: [UInt8]) throws -> (TempDir, String) {
        let dir = TempDir()
        let path = dir.path("m.safetensors").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }

    @Test func readsTensorsOfEachType() throws {
        for dtype in ["F32", "F16", "BF16"] {
            let (dir, path) = try write(safetensorsBytes([("a", [2, 3], [1, -2, 0.5, 3, 0, -0.25]), ("b", [1], [7])], dtype: dtype))
            defer { dir.cleanup() }
            let file = try SafetensorsFile(path: path)
            #expect(try file.floatTensor("a").values == [1, -2, 0.5, 3, 0, -0.25])
            #expect(try file.floatTensor("a").shape == [2, 3])
            #expect(try file.floatTensor("b").values == [7])
        }
    }

    @Test func malformedFilesGivePreciseErrors() throws {
        let good = safetensorsBytes([("a", [4], [1, 2, 3, 4])])
        let cases: [([UInt8], String)] = [
            (Array(good.prefix(5)), "shorter than the 8-byte header length"),
            (Array(good.prefix(20)), "exceeds the"),
            (Array(good.dropLast(4)), "exceeds the 12 data bytes"),
        ]
        for (bytes, fragment) in cases {
            let (dir, path) = try write(bytes); defer { dir.cleanup() }
            do {
                _ = try SafetensorsFile(path: path)
                Issue.record("expected an error containing \(fragment)")
            } catch {
                #expect(error.code == "inference.safetensors")
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
        var badJSON = good
        badJSON[9] = UInt8(ascii: "!")
        let (dir, path) = try write(badJSON); defer { dir.cleanup() }
        #expect(throws: InferenceError.safetensors(reason: "header (\(good.count - 24) bytes at offset 8) is not valid JSON")) {
            _ = try SafetensorsFile(path: path)
        }
        // Shape and byte size disagree.
        var header = String(decoding: good[8..<(good.count - 16)], as: UTF8.self)
        header = header.replacingOccurrences(of: "[4]", with: "[5]")
        var wrongShape: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { wrongShape.append(contentsOf: $0) }
        wrongShape += Array(header.utf8) + good.suffix(16)
        let (dir2, path2) = try write(wrongShape); defer { dir2.cleanup() }
        #expect(throws: InferenceError.self) { _ = try SafetensorsFile(path: path2) }
    }
}
