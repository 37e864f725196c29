import Foundation
@testable import MendelInference

/// A tiny random-weight llama GGUF (2 layers, GQA 4/2 heads, byte-level BPE vocabulary) plus an
/// independent float64 reference forward pass over the same (dequantised) weights.
struct TinyLlama {
    static let embedding = 64, heads = 4, kvHeads = 2, headDim = 16, ffn = 96, layers = 2, context = 256
    static let ropeBase: Float = 10000, eps: Float = 1e-5

    let tokens: [String]
    let types: [Int32]
    let merges: [String]
    /// Weights as the model sees them (after quantise → dequantise), keyed by GGUF name, row-major [rows][cols].
    var weights: [String: [Float]] = [:]
    /// Whether the matrices are quantised: the runtime then rounds activations to 8 bits (as ggml does).
    let quantizedMatrices: Bool
    /// Per-block minimums of the Q4_1 matrices (ggml multiplies them by the half-rounded activation sum).
    var q4_1Mins: [String: [Float]] = [:]
    let writer: GGUFTestWriter

    static let chatML = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a tiny test model<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"

    /// `matrixType`: 0 F32, 2 Q4_0, 3 Q4_1, 8 Q8_0 for the projection matrices (embedding is Q8_0 unless F32).
    init(seed: UInt64 = 7, matrixType: UInt32 = 0, chatTemplate: String? = TinyLlama.chatML, tiedOutput: Bool = true) {
        quantizedMatrices = matrixType != 0
        var rng = TestRNG(seed)
        var tokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
        var types: [Int32] = [3, 3, 3]
        for b in 0..<256 { tokens.append(String(Character(ByteLevel.byteToUnicode[b]))); types.append(1) }
        let merges = ["Ġ t", "h e", "Ġt he", "Ġ a", "i n", "Ġ {", "\" :", "Ġ \""]
        for m in merges { tokens.append(m.replacingOccurrences(of: " ", with: "")); types.append(1) }
        self.tokens = tokens
        self.types = types
        self.merges = merges
        let e = Self.embedding, qd = Self.heads * Self.headDim, kvd = Self.kvHeads * Self.headDim, f = Self.ffn
        var w = GGUFTestWriter()
        w.metadata = [
            ("general.architecture", .string("llama")), ("general.alignment", .u32(32)),
            ("llama.block_count", .u32(UInt32(Self.layers))), ("llama.embedding_length", .u32(UInt32(e))),
            ("llama.feed_forward_length", .u32(UInt32(f))), ("llama.attention.head_count", .u32(UInt32(Self.heads))),
            ("llama.attention.head_count_kv", .u32(UInt32(Self.kvHeads))), ("llama.context_length", .u32(UInt32(Self.context))),
            ("llama.rope.freq_base", .f32(Self.ropeBase)), ("llama.attention.layer_norm_rms_epsilon", .f32(Self.eps)),
            ("llama.rope.dimension_count", .u32(UInt32(Self.headDim))),
            ("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string("smollm")),
            ("tokenizer.ggml.tokens", .strings(tokens)), ("tokenizer.ggml.token_type", .i32s(types)),
            ("tokenizer.ggml.merges", .strings(merges)), ("tokenizer.ggml.bos_token_id", .u32(1)),
            ("tokenizer.ggml.eos_token_id", .u32(2)), ("tokenizer.ggml.add_bos_token", .bool(false)),
        ]
        if let chatTemplate { w.metadata.append(("tokenizer.chat_template", .string(chatTemplate))) }
        var weights: [String: [Float]] = [:]
        var q4_1Mins: [String: [Float]] = [:]
        func add(_ name: String, rows: Int, cols: Int, scale: Float, type: UInt32) {
            let v = rng.floats(rows * cols, scale)
            let data: [UInt8]
            switch type {
            case 2: data = TestQuant.q4_0(v)
            case 3: data = TestQuant.q4_1(v)
            case 8: data = TestQuant.q8_0(v)
            default: data = TestQuant.f32(v)
            }
            // What the runtime will see: dequantise with the runtime's reference dequantiser.
            var deq = [Float](repeating: 0, count: v.count)
            let ggml = GGMLType(rawValue: type) ?? .f32
            data.withUnsafeBytes { raw in
                deq.withUnsafeMutableBufferPointer { out in
                    Dequantize.row(type: ggml, src: raw.baseAddress!, count: v.count, into: out.baseAddress!)
                }
            }
            weights[name] = deq
            if type == 3 {
                q4_1Mins[name] = (0..<(v.count / 32)).map { b in
                    halfToFloat(UInt16(data[b * 20 + 2]) | UInt16(data[b * 20 + 3]) << 8)
                }
            }
            w.tensors.append((name, rows == 1 ? [cols] : [cols, rows], type, data))
        }
        let vocab = tokens.count
        add("token_embd.weight", rows: vocab, cols: e, scale: 1, type: matrixType == 0 ? 0 : 8)
        for l in 0..<Self.layers {
            let p = "blk.\(l)."
            add(p + "attn_norm.weight", rows: 1, cols: e, scale: 1, type: 0)
            weights[p + "attn_norm.weight"] = weights[p + "attn_norm.weight"]!.map { 1 + $0 * 0.2 }
            w.tensors[w.tensors.count - 1].data = TestQuant.f32(weights[p + "attn_norm.weight"]!)
            add(p + "attn_q.weight", rows: qd, cols: e, scale: 0.3, type: matrixType)
            add(p + "attn_k.weight", rows: kvd, cols: e, scale: 0.3, type: matrixType)
            add(p + "attn_v.weight", rows: kvd, cols: e, scale: 0.3, type: matrixType)
            add(p + "attn_output.weight", rows: e, cols: qd, scale: 0.2, type: matrixType)
            add(p + "ffn_norm.weight", rows: 1, cols: e, scale: 1, type: 0)
            weights[p + "ffn_norm.weight"] = weights[p + "ffn_norm.weight"]!.map { 1 + $0 * 0.2 }
            w.tensors[w.tensors.count - 1].data = TestQuant.f32(weights[p + "ffn_norm.weight"]!)
            add(p + "ffn_gate.weight", rows: f, cols: e, scale: 0.2, type: matrixType)
            add(p + "ffn_up.weight", rows: f, cols: e, scale: 0.2, type: matrixType)
            add(p + "ffn_down.weight", rows: e, cols: f, scale: 0.2, type: matrixType)
        }
        add("output_norm.weight", rows: 1, cols: e, scale: 0.1, type: 0)
        weights["output_norm.weight"] = weights["output_norm.weight"]!.map { 1 + $0 }
        w.tensors[w.tensors.count - 1].data = TestQuant.f32(weights["output_norm.weight"]!)
        if !tiedOutput { add("output.weight", rows: vocab, cols: e, scale: 0.5, type: matrixType) }
        self.weights = weights
        self.q4_1Mins = q4_1Mins
        self.writer = w
    }

    func write(to url: URL) throws { try Data(writer.bytes()).write(to: url) }

    /// Float64 reference forward of a whole sequence; returns logits for every position.
    /// K and V are rounded to half precision, as the runtime's cache does.
    func referenceLogits(_ ids: [Int32]) -> [[Double]] {
        let e = Self.embedding, hd = Self.headDim, qd = Self.heads * hd, kvd = Self.kvHeads * hd, f = Self.ffn
        let vocab = tokens.count
        let out = weights["output.weight"] ?? weights["token_embd.weight"]!
        let quantized = quantizedMatrices
        func matvec(_ name: String, _ input: [Double], rows: Int) -> [Double] {
            let w = weights[name]!
            let (x, sums) = quantized ? Self.q8Round(input) : (input, [])
            let cols = x.count
            if let mins = q4_1Mins[name] {
                // Q4_1: Σ d·q·x̂ + m·s per block, with ggml's half-rounded s = half(amax/127 · Σq).
                return (0..<rows).map { r in
                    (0..<(cols / 32)).reduce(0.0) { acc, b in
                        let m = Double(mins[r * cols / 32 + b])
                        let dq = (0..<32).reduce(0.0) { $0 + (Double(w[r * cols + 32 * b + $1]) - m) * x[32 * b + $1] }
                        return acc + dq + m * sums[b]
                    }
                }
            }
            return (0..<rows).map { r in (0..<cols).reduce(0.0) { $0 + Double(w[r * cols + $1]) * x[$1] } }
        }
        func rms(_ x: [Double], _ name: String) -> [Double] {
            let w = weights[name]!
            let ms = x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
            let s = 1 / (ms + Double(Self.eps)).squareRoot()
            return x.indices.map { x[$0] * s * Double(w[$0]) }
        }
        func rope(_ v: inout [Double], heads: Int, pos: Int) {
            for h in 0..<heads {
                for i in 0..<(hd / 2) {
                    let theta = Double(pos) * pow(Double(Self.ropeBase), -2.0 * Double(i) / Double(hd))
                    let a = v[h * hd + 2 * i], b = v[h * hd + 2 * i + 1]
                    v[h * hd + 2 * i] = a * cos(theta) - b * sin(theta)
                    v[h * hd + 2 * i + 1] = a * sin(theta) + b * cos(theta)
                }
            }
        }
        let emb = weights["token_embd.weight"]!
        var xs: [[Double]] = ids.map { id in (0..<e).map { Double(emb[Int(id) * e + $0]) } }
        for l in 0..<Self.layers {
            let p = "blk.\(l)."
            var keys: [[Double]] = [], values: [[Double]] = []
            var queries: [[Double]] = []
            for (pos, x) in xs.enumerated() {
                let h = rms(x, p + "attn_norm.weight")
                var q = matvec(p + "attn_q.weight", h, rows: qd)
                var k = matvec(p + "attn_k.weight", h, rows: kvd)
                let v = matvec(p + "attn_v.weight", h, rows: kvd)
                rope(&q, heads: Self.heads, pos: pos)
                rope(&k, heads: Self.kvHeads, pos: pos)
                queries.append(q.map { Double(Float(Float16(Float($0)))) })
                keys.append(k.map { Double(Float(Float16(Float($0)))) })
                values.append(v.map { Double(Float(Float16(Float($0)))) })
            }
            for pos in xs.indices {
                var att = [Double](repeating: 0, count: qd)
                for h in 0..<Self.heads {
                    let g = h / (Self.heads / Self.kvHeads)
                    var scores = (0...pos).map { j in
                        (0..<hd).reduce(0.0) { $0 + queries[pos][h * hd + $1] * keys[j][g * hd + $1] } / Double(hd).squareRoot()
                    }
                    let m = scores.max()!
                    scores = scores.map { exp($0 - m) }
                    let z = scores.reduce(0, +)
                    // ggml's f16 attention: probabilities rounded to half before multiplying the f16 V cache.
                    let probabilities = scores.map { Double(Float(Float16(Float($0 / z)))) }
                    for j in 0...pos { for d in 0..<hd { att[h * hd + d] += probabilities[j] * values[j][g * hd + d] } }
                }
                let o = matvec(p + "attn_output.weight", att, rows: e)
                for i in 0..<e { xs[pos][i] += o[i] }
                let h2 = rms(xs[pos], p + "ffn_norm.weight")
                let gate = matvec(p + "ffn_gate.weight", h2, rows: f)
                let up = matvec(p + "ffn_up.weight", h2, rows: f)
                let act = (0..<f).map { gate[$0] / (1 + exp(-gate[$0])) * up[$0] }
                let d = matvec(p + "ffn_down.weight", act, rows: e)
                for i in 0..<e { xs[pos][i] += d[i] }
            }
        }
        return xs.map { x in
            let h = quantized ? Self.q8Round(rms(x, "output_norm.weight")).values : rms(x, "output_norm.weight")
            return (0..<vocab).map { r in (0..<e).reduce(0.0) { $0 + Double(out[r * e + $1]) * h[$1] } }
        }
    }

    /// ggml's 8-bit rounding of activations for 32-element weight blocks (q8_0/q8_1):
    /// x̂ = round-to-nearest-even(x·127/amax) · half(amax/127) per block of 32, and the block sums
    /// s = half(amax/127 · Σq) that Q4_1 uses.
    static func q8Round(_ x: [Double]) -> (values: [Double], sums: [Double]) {
        var out = x
        var sums: [Double] = []
        for b in stride(from: 0, to: x.count, by: 32) {
            let block = x[b..<min(b + 32, x.count)].map { Float($0) }
            let amax = block.map(abs).max() ?? 0
            let d = Float(Float16(amax / 127)), id: Float = amax != 0 ? 127 / amax : 0
            var q: Float = 0
            for j in block.indices {
                let v = (block[j] * id).rounded(.toNearestOrEven)
                q += v
                out[b + j] = Double(v * d)
            }
            sums.append(Double(Float(Float16(amax / 127 * q))))
        }
        return (out, sums)
    }
}
