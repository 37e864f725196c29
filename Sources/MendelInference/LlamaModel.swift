import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hyper-parameters of a llama-architecture decoder, read from GGUF metadata.
public struct LlamaConfig: Sendable, Equatable {
    public var vocabSize: Int
    public var embeddingLength: Int
    public var numLayers: Int
    public var numHeads: Int
    public var numKVHeads: Int
    public var headDim: Int
    public var feedForwardLength: Int
    public var contextLength: Int
    public var rmsEps: Float
    public var ropeBase: Float
    public var ropeDimensions: Int
    /// Linear RoPE scaling factor (positions are divided by it); 1 when absent.
    public var ropeLinearScale: Float

    static func read(_ gguf: GGUFFile) throws(InferenceError) -> LlamaConfig {
        let md = gguf.metadata
        guard let arch = md["general.architecture"]?.string else {
            throw .gguf(reason: "metadata general.architecture is missing")
        }
        guard arch == "llama" else { throw .gguf(reason: "architecture \(arch) is not supported (only llama)") }
        func int(_ key: String) throws(InferenceError) -> Int {
            guard let v = md["llama." + key]?.int else { throw .gguf(reason: "metadata llama.\(key) is missing") }
            return v
        }
        let embedding = try int("embedding_length")
        let heads = try int("attention.head_count")
        guard heads > 0, embedding % heads == 0 else { throw .gguf(reason: "embedding_length not divisible by head_count") }
        let kvHeads = md["llama.attention.head_count_kv"]?.int ?? heads
        guard kvHeads > 0, heads % kvHeads == 0 else { throw .gguf(reason: "head_count not a multiple of head_count_kv") }
        let headDim = md["llama.attention.key_length"]?.int ?? embedding / heads
        guard let vocab = gguf.tensors["token_embd.weight"]?.dims.last else {
            throw .tensor(name: "token_embd.weight", reason: "missing")
        }
        var scale: Float = 1
        if let type = md["llama.rope.scaling.type"]?.string, type != "none" {
            guard type == "linear" else { throw .gguf(reason: "rope scaling type \(type) is not supported (none, linear)") }
            let factor = Float(md["llama.rope.scaling.factor"]?.double ?? 1)
            if factor > 0 { scale = factor }
        } else if let factor = md["llama.rope.scale_linear"]?.double, factor > 0 {
            scale = Float(factor)
        }
        let config = LlamaConfig(
            vocabSize: vocab, embeddingLength: embedding, numLayers: try int("block_count"), numHeads: heads,
            numKVHeads: kvHeads, headDim: headDim, feedForwardLength: try int("feed_forward_length"),
            contextLength: md["llama.context_length"]?.int ?? 2048,
            rmsEps: Float(md["llama.attention.layer_norm_rms_epsilon"]?.double ?? 1e-5),
            ropeBase: Float(md["llama.rope.freq_base"]?.double ?? 10000),
            ropeDimensions: md["llama.rope.dimension_count"]?.int ?? headDim, ropeLinearScale: scale)
        guard config.ropeDimensions <= headDim, config.ropeDimensions % 2 == 0 else {
            throw .gguf(reason: "rope dimension_count \(config.ropeDimensions) invalid for head dim \(headDim)")
        }
        return config
    }
}

/// Weights of a llama-family decoder, read in place from a GGUF file.
public final class LlamaModel: Sendable {
    struct Layer: Sendable {
        let attnNorm: [Float], ffnNorm: [Float]
        let wq, wk, wv, wo, gate, up, down: QuantizedMatrix
    }

    public let config: LlamaConfig
    public let gguf: GGUFFile
    let tokenEmbedding: QuantizedMatrix
    let output: QuantizedMatrix
    let outputNorm: [Float]
    let layers: [Layer]
    /// Inverse frequencies per rotated pair (with optional `rope_freqs` factors applied).
    let ropeInvFreq: [Float]

    public init(gguf: GGUFFile) throws(InferenceError) {
        self.gguf = gguf
        let c = try LlamaConfig.read(gguf)
        config = c
        func matrix(_ name: String, rows: Int, cols: Int) throws(InferenceError) -> QuantizedMatrix {
            guard let info = gguf.tensors[name] else { throw .tensor(name: name, reason: "missing") }
            guard info.dims.count == 2, info.dims[0] == cols, info.dims[1] == rows else {
                throw .tensor(name: name, reason: "dims \(info.dims), expected [\(cols), \(rows)]")
            }
            guard let base = gguf.file.base else { throw .tensor(name: name, reason: "file is empty") }
            return QuantizedMatrix(type: info.type, rows: rows, cols: cols, data: base + info.offset, owner: gguf.file)
        }
        func vector(_ name: String, _ n: Int) throws(InferenceError) -> [Float] {
            guard let info = gguf.tensors[name] else { throw .tensor(name: name, reason: "missing") }
            guard info.dims.reduce(1, *) == n else { throw .tensor(name: name, reason: "dims \(info.dims), expected [\(n)]") }
            guard let base = gguf.file.base else { throw .tensor(name: name, reason: "file is empty") }
            var out = [Float](repeating: 0, count: n)
            out.withUnsafeMutableBufferPointer { buffer in
                if let p = buffer.baseAddress { Dequantize.row(type: info.type, src: base + info.offset, count: n, into: p) }
            }
            return out
        }
        let e = c.embeddingLength, qd = c.numHeads * c.headDim, kvd = c.numKVHeads * c.headDim, f = c.feedForwardLength
        tokenEmbedding = try matrix("token_embd.weight", rows: c.vocabSize, cols: e)
        output = gguf.tensors["output.weight"] != nil ? try matrix("output.weight", rows: c.vocabSize, cols: e) : tokenEmbedding
        outputNorm = try vector("output_norm.weight", e)
        var layers: [Layer] = []
        for i in 0..<c.numLayers {
            let p = "blk.\(i)."
            layers.append(Layer(
                attnNorm: try vector(p + "attn_norm.weight", e), ffnNorm: try vector(p + "ffn_norm.weight", e),
                wq: try matrix(p + "attn_q.weight", rows: qd, cols: e), wk: try matrix(p + "attn_k.weight", rows: kvd, cols: e),
                wv: try matrix(p + "attn_v.weight", rows: kvd, cols: e), wo: try matrix(p + "attn_output.weight", rows: e, cols: qd),
                gate: try matrix(p + "ffn_gate.weight", rows: f, cols: e), up: try matrix(p + "ffn_up.weight", rows: f, cols: e),
                down: try matrix(p + "ffn_down.weight", rows: e, cols: f)))
        }
        self.layers = layers
        let pairs = c.ropeDimensions / 2
        var inv = [Float](repeating: 0, count: pairs)
        let thetaScale = powf(c.ropeBase, -2.0 / Float(c.ropeDimensions))
        var theta: Float = 1
        for i in 0..<pairs { inv[i] = theta; theta *= thetaScale }
        if gguf.tensors["rope_freqs.weight"] != nil {
            let factors = try vector("rope_freqs.weight", pairs)
            for i in 0..<pairs { inv[i] /= factors[i] }
        }
        ropeInvFreq = inv
    }
}
