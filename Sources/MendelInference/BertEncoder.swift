import Foundation

/// Hyper-parameters of a BERT-family encoder (from `config.json`).
public struct BertConfig: Sendable, Equatable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numLayers: Int
    public var numHeads: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float

    public init(vocabSize: Int, hiddenSize: Int, numLayers: Int, numHeads: Int, intermediateSize: Int,
                maxPositions: Int, typeVocabSize: Int = 2, layerNormEps: Float = 1e-12) {
        self.vocabSize = vocabSize; self.hiddenSize = hiddenSize; self.numLayers = numLayers
        self.numHeads = numHeads; self.intermediateSize = intermediateSize; self.maxPositions = maxPositions
        self.typeVocabSize = typeVocabSize; self.layerNormEps = layerNormEps
    }

    /// Parses a HF `config.json` (model_type bert-like, hidden_act gelu, absolute positions).
    public static func load(url: URL) throws(InferenceError) -> BertConfig {
        guard let data = try? Data(contentsOf: url) else { throw .io(path: url.path, reason: "cannot read") }
        guard let o = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .config(reason: "config.json is not a JSON object")
        }
        func int(_ key: String) throws(InferenceError) -> Int {
            guard let v = o[key] as? NSNumber else { throw .config(reason: "config.json has no integer \(key)") }
            return v.intValue
        }
        if let act = o["hidden_act"] as? String, act != "gelu" {
            throw .config(reason: "hidden_act \(act) is not supported (only gelu)")
        }
        if let pos = o["position_embedding_type"] as? String, pos != "absolute" {
            throw .config(reason: "position_embedding_type \(pos) is not supported (only absolute)")
        }
        let config = BertConfig(
            vocabSize: try int("vocab_size"), hiddenSize: try int("hidden_size"),
            numLayers: try int("num_hidden_layers"), numHeads: try int("num_attention_heads"),
            intermediateSize: try int("intermediate_size"), maxPositions: try int("max_position_embeddings"),
            typeVocabSize: (o["type_vocab_size"] as? NSNumber)?.intValue ?? 2,
            layerNormEps: (o["layer_norm_eps"] as? NSNumber)?.floatValue ?? 1e-12)
        guard config.hiddenSize % config.numHeads == 0 else {
            throw .config(reason: "hidden_size is not a multiple of num_attention_heads")
        }
        return config
    }
}

/// Weights and forward pass of a BERT encoder. Immutable after load; safe to share across tasks.
public final class BertEncoder: Sendable {
    struct Layer: Sendable {
        let q, k, v, o, ffn1, ffn2: PackedLinear
        let ln1g, ln1b, ln2g, ln2b: FloatTensor
    }

    public let config: BertConfig
    let wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings, embLNg, embLNb: FloatTensor
    let layers: [Layer]

    /// Reads the weights from a safetensors file (names with or without a `bert.` prefix).
    public init(config: BertConfig, weights: SafetensorsFile) throws(InferenceError) {
        self.config = config
        let prefix = weights.entries["embeddings.word_embeddings.weight"] != nil ? "" : "bert."
        let h = config.hiddenSize, f = config.intermediateSize
        func t(_ name: String, _ shape: [Int]) throws(InferenceError) -> FloatTensor {
            let full = prefix + name
            var tensor: FloatTensor
            do { tensor = try weights.floatTensor(full) } catch {
                // Older checkpoints name LayerNorm parameters gamma/beta.
                let alt = full.replacingOccurrences(of: "LayerNorm.weight", with: "LayerNorm.gamma")
                    .replacingOccurrences(of: "LayerNorm.bias", with: "LayerNorm.beta")
                guard alt != full, weights.entries[alt] != nil else { throw error }
                tensor = try weights.floatTensor(alt)
            }
            guard tensor.shape == shape else {
                throw .tensor(name: full, reason: "shape \(tensor.shape), expected \(shape)")
            }
            return tensor
        }
        wordEmbeddings = try t("embeddings.word_embeddings.weight", [config.vocabSize, h])
        positionEmbeddings = try t("embeddings.position_embeddings.weight", [config.maxPositions, h])
        tokenTypeEmbeddings = try t("embeddings.token_type_embeddings.weight", [config.typeVocabSize, h])
        embLNg = try t("embeddings.LayerNorm.weight", [h])
        embLNb = try t("embeddings.LayerNorm.bias", [h])
        var layers: [Layer] = []
        for i in 0..<config.numLayers {
            let p = "encoder.layer.\(i)."
            func linear(_ name: String, _ shape: [Int]) throws(InferenceError) -> PackedLinear {
                try PackedLinear(name: prefix + p + name, weight: try t(p + name + ".weight", shape), bias: try t(p + name + ".bias", [shape[0]]))
            }
            layers.append(Layer(
                q: try linear("attention.self.query", [h, h]), k: try linear("attention.self.key", [h, h]),
                v: try linear("attention.self.value", [h, h]), o: try linear("attention.output.dense", [h, h]),
                ffn1: try linear("intermediate.dense", [f, h]), ffn2: try linear("output.dense", [h, f]),
                ln1g: try t(p + "attention.output.LayerNorm.weight", [h]), ln1b: try t(p + "attention.output.LayerNorm.bias", [h]),
                ln2g: try t(p + "output.LayerNorm.weight", [h]), ln2b: try t(p + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
    }

    /// Runs the encoder on a batch of id sequences (each at most `maxPositions` long, already with
    /// [CLS]/[SEP]; packed without padding, so no padding mask is needed) and returns mean-pooled (over each sequence's own tokens) and, if `normalize`,
    /// L2-normalised embeddings, one per sequence.
    public func embed(_ batch: [[Int32]], normalize: Bool = true) throws(InferenceError) -> [[Float]] {
        guard !batch.isEmpty else { return [] }
        let h = config.hiddenSize, f = config.intermediateSize
        let heads = config.numHeads, d = h / heads
        let b = batch.count
        let l = batch.map(\.count).max() ?? 0
        guard l > 0 else { throw .invalidArgument(reason: "empty token sequence") }
        guard l <= config.maxPositions else {
            throw .invalidArgument(reason: "sequence of \(l) tokens exceeds max_position_embeddings \(config.maxPositions)")
        }
        for seq in batch {
            for id in seq where id < 0 || Int(id) >= config.vocabSize {
                throw .invalidArgument(reason: "token id \(id) outside the vocabulary of \(config.vocabSize)")
            }
        }
        // Sequences are packed back to back (no padding rows): every linear layer runs once over all
        // tokens of the batch, and attention runs per sequence over its own tokens only.
        var offsets: [Int] = []
        var rows = 0
        for seq in batch { offsets.append(rows); rows += seq.count }
        let x = FloatBuffer(count: rows * h), q = FloatBuffer(count: rows * h), k = FloatBuffer(count: rows * h)
        let v = FloatBuffer(count: rows * h), ctx = FloatBuffer(count: rows * h), tmp = FloatBuffer(count: rows * h)
        let ffn = FloatBuffer(count: rows * f), scores = FloatBuffer(count: l * l)

        // Embeddings (token type 0) + LayerNorm.
        for (s, seq) in batch.enumerated() {
            for p in 0..<seq.count {
                let row = x.pointer + (offsets[s] + p) * h
                let we = wordEmbeddings.pointer + Int(seq[p]) * h, pe = positionEmbeddings.pointer + p * h
                let te = tokenTypeEmbeddings.pointer
                for i in 0..<h { row[i] = we[i] + pe[i] + te[i] }
            }
        }
        Kernels.layerNorm(x.pointer, rows: rows, n: h, gamma: embLNg.pointer, beta: embLNb.pointer, eps: config.layerNormEps)

        let scale = 1 / Float(d).squareRoot()
        for layer in layers {
            layer.q.apply(x.pointer, m: rows, into: q.pointer)
            layer.k.apply(x.pointer, m: rows, into: k.pointer)
            layer.v.apply(x.pointer, m: rows, into: v.pointer)
            for s in 0..<b {
                let len = batch[s].count, base = offsets[s] * h
                for hd in 0..<heads {
                    let qp = q.pointer + base + hd * d, kp = k.pointer + base + hd * d
                    let vp = v.pointer + base + hd * d, cp = ctx.pointer + base + hd * d
                    Kernels.gemmNT(m: len, n: len, k: d, alpha: scale, qp, lda: h, kp, ldb: h, into: scores.pointer, ldc: len)
                    for r in 0..<len { Kernels.softmax(scores.pointer + r * len, count: len) }
                    Kernels.gemmNN(m: len, n: d, k: len, scores.pointer, lda: len, vp, ldb: h, into: cp, ldc: h)
                }
            }
            layer.o.apply(ctx.pointer, m: rows, into: tmp.pointer)
            for i in 0..<(rows * h) { x.pointer[i] += tmp.pointer[i] }
            Kernels.layerNorm(x.pointer, rows: rows, n: h, gamma: layer.ln1g.pointer, beta: layer.ln1b.pointer, eps: config.layerNormEps)
            layer.ffn1.apply(x.pointer, m: rows, into: ffn.pointer)
            Kernels.gelu(ffn.pointer, count: rows * f)
            layer.ffn2.apply(ffn.pointer, m: rows, into: tmp.pointer)
            for i in 0..<(rows * h) { x.pointer[i] += tmp.pointer[i] }
            Kernels.layerNorm(x.pointer, rows: rows, n: h, gamma: layer.ln2g.pointer, beta: layer.ln2b.pointer, eps: config.layerNormEps)
        }

        var out: [[Float]] = []
        out.reserveCapacity(b)
        for (s, seq) in batch.enumerated() {
            var pooled = [Double](repeating: 0, count: h)
            for p in 0..<seq.count {
                let row = x.pointer + (offsets[s] + p) * h
                for i in 0..<h { pooled[i] += Double(row[i]) }
            }
            let n = Double(seq.count)
            var e = pooled.map { $0 / n }
            if normalize {
                let norm = max(e.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
                e = e.map { $0 / norm }
            }
            out.append(e.map { Float($0) })
        }
        return out
    }
}
