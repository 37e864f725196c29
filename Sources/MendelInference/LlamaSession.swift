import CMendelKernels
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One decoding context over a `LlamaModel`: a KV cache plus scratch buffers. Not thread-safe; use one
/// session per concurrent generation. K/V entries, queries and attention probabilities are rounded to
/// half precision (like llama.cpp's f16 cache and its f16 attention products) but kept as float32.
public final class LlamaSession {
    public let model: LlamaModel
    /// Threads used for matrix-vector products (1 = the calling thread only).
    public let threads: Int
    /// Number of positions currently in the cache.
    public private(set) var position = 0
    private var capacity = 0
    private var keys: [UnsafeMutablePointer<Float>] = []
    private var values: [UnsafeMutablePointer<Float>] = []
    private var scratch = ScratchBuffers()

    /// Threads to use when none are given: the active processor count, at most 4.
    public static var defaultThreads: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    public init(model: LlamaModel, threads: Int = LlamaSession.defaultThreads) {
        self.model = model
        self.threads = max(1, threads)
    }

    deinit {
        for p in keys { p.deallocate() }
        for p in values { p.deallocate() }
        scratch.free()
    }

    /// Forgets all cached positions.
    public func reset() { position = 0 }

    /// Drops cached positions after `count` (to re-evaluate from there).
    public func truncate(to count: Int) { position = min(position, max(0, count)) }

    /// Which logits `evaluate` returns.
    public enum LogitsMode: Sendable { case none, last, all }

    /// Feeds `tokens` at the current position (as one batch) and returns logits: `vocab` floats for
    /// `.last`, `tokens.count × vocab` for `.all`, empty for `.none`.
    public func evaluate(_ tokens: [Int32], logits mode: LogitsMode = .last) throws(InferenceError) -> [Float] {
        let c = model.config
        guard !tokens.isEmpty else { return [] }
        for t in tokens where t < 0 || Int(t) >= c.vocabSize {
            throw .invalidArgument(reason: "token id \(t) outside the vocabulary of \(c.vocabSize)")
        }
        let needed = position + tokens.count
        guard needed <= c.contextLength else { throw .contextOverflow(needed: needed, limit: c.contextLength) }
        ensureCapacity(needed)
        let m = tokens.count, e = c.embeddingLength
        let qd = c.numHeads * c.headDim, kvd = c.numKVHeads * c.headDim, f = c.feedForwardLength
        scratch.reserve(m: m, e: e, qd: qd, kvd: kvd, f: f, ctx: needed, heads: c.numHeads)
        let x = scratch.x, h = scratch.h, q = scratch.q, k = scratch.k, v = scratch.v
        let att = scratch.att, g = scratch.gate, u = scratch.up, o = scratch.o

        for (i, t) in tokens.enumerated() { model.tokenEmbedding.dequantizeRow(Int(t), into: x + i * e) }
        for (li, layer) in model.layers.enumerated() {
            rmsNorm(x, rows: m, n: e, weight: layer.attnNorm, into: h)
            matmul([layer.wq, layer.wk, layer.wv], h, m: m, into: [q, k, v])
            for i in 0..<m {
                applyRope(q + i * qd, heads: c.numHeads, pos: position + i)
                applyRope(k + i * kvd, heads: c.numKVHeads, pos: position + i)
            }
            // Half-precision K/V cache, and queries rounded to half as ggml does before its f16 K·Q.
            let kc = keys[li], vc = values[li]
            mendel_round_to_half(k, kc + position * kvd, Int64(m * kvd))
            mendel_round_to_half(v, vc + position * kvd, Int64(m * kvd))
            mendel_round_to_half(q, q, Int64(m * qd))
            attention(q: q, m: m, keys: kc, values: vc, into: att)
            matmul([layer.wo], att, m: m, into: [o])
            for i in 0..<(m * e) { x[i] += o[i] }
            rmsNorm(x, rows: m, n: e, weight: layer.ffnNorm, into: h)
            matmul([layer.gate, layer.up], h, m: m, into: [g, u])
            for i in 0..<(m * f) { let a = g[i]; g[i] = a / (1 + expf(-a)) * u[i] }
            matmul([layer.down], g, m: m, into: [o])
            for i in 0..<(m * e) { x[i] += o[i] }
        }
        position = needed

        switch mode {
        case .none: return []
        case .last:
            rmsNorm(x + (m - 1) * e, rows: 1, n: e, weight: model.outputNorm, into: h)
            var logits = [Float](repeating: 0, count: c.vocabSize)
            logits.withUnsafeMutableBufferPointer { buf in matmul([model.output], h, m: 1, into: [buf.baseAddress!]) }
            return logits
        case .all:
            rmsNorm(x, rows: m, n: e, weight: model.outputNorm, into: h)
            var logits = [Float](repeating: 0, count: m * c.vocabSize)
            logits.withUnsafeMutableBufferPointer { buf in matmul([model.output], h, m: m, into: [buf.baseAddress!]) }
            return logits
        }
    }

    // MARK: - Kernels

    private func ensureCapacity(_ needed: Int) {
        guard needed > capacity else { return }
        let c = model.config
        let kvd = c.numKVHeads * c.headDim
        let newCapacity = min(c.contextLength, max(needed, capacity * 2, 256))
        for li in 0..<c.numLayers {
            let nk = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity * kvd)
            let nv = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity * kvd)
            if li < keys.count {
                nk.update(from: keys[li], count: position * kvd)
                nv.update(from: values[li], count: position * kvd)
                keys[li].deallocate()
                values[li].deallocate()
                keys[li] = nk
                values[li] = nv
            } else {
                keys.append(nk)
                values.append(nv)
            }
        }
        capacity = newCapacity
    }

    private func rmsNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, weight: [Float], into out: UnsafeMutablePointer<Float>) {
        let eps = Double(model.config.rmsEps)
        weight.withUnsafeBufferPointer { w in
            for r in 0..<rows {
                let xr = x + r * n, yr = out + r * n
                var sum: Double = 0
                for i in 0..<n { sum += Double(xr[i] * xr[i]) }
                let scale = Float(1 / (sum / Double(n) + eps).squareRoot())
                for i in 0..<n { yr[i] = xr[i] * scale * w[i] }
            }
        }
    }

    /// NORM-style RoPE: rotates adjacent pairs (2i, 2i+1) of each head.
    private func applyRope(_ v: UnsafeMutablePointer<Float>, heads: Int, pos: Int) {
        let c = model.config
        let p = Float(pos) / c.ropeLinearScale
        let pairs = c.ropeDimensions / 2
        scratch.cosSin(pairs: pairs) { cosv, sinv in
            for i in 0..<pairs {
                let theta = p * model.ropeInvFreq[i]
                cosv[i] = cosf(theta)
                sinv[i] = sinf(theta)
            }
            for hd in 0..<heads {
                let base = v + hd * c.headDim
                for i in 0..<pairs {
                    let x0 = base[2 * i], x1 = base[2 * i + 1]
                    base[2 * i] = x0 * cosv[i] - x1 * sinv[i]
                    base[2 * i + 1] = x0 * sinv[i] + x1 * cosv[i]
                }
            }
        }
    }

    /// Causal grouped-query attention of `m` new queries against all cached positions.
    private func attention(q: UnsafeMutablePointer<Float>, m: Int, keys: UnsafeMutablePointer<Float>,
                           values: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let c = model.config
        let hd = c.headDim, qd = c.numHeads * hd, kvd = c.numKVHeads * hd
        let group = c.numHeads / c.numKVHeads
        let n = position + m
        let scores = scratch.scores
        let scale = 1 / Float(hd).squareRoot()
        if m == 1 {
            // One new token: the query heads sharing a KV head are contiguous rows of one product.
            for kvHead in 0..<c.numKVHeads {
                let qh = q + kvHead * group * hd
                Kernels.gemmNT(m: group, n: n, k: hd, alpha: scale, qh, lda: hd, keys + kvHead * hd, ldb: kvd, into: scores, ldc: n)
                for g in 0..<group { Kernels.softmax(scores + g * n, count: n) }
                mendel_round_to_half(scores, scores, Int64(group * n))
                Kernels.gemmNN(m: group, n: hd, k: n, scores, lda: n, values + kvHead * hd, ldb: kvd,
                               into: out + kvHead * group * hd, ldc: hd)
            }
            return
        }
        for head in 0..<c.numHeads {
            let kvHead = head / group
            Kernels.gemmNT(m: m, n: n, k: hd, alpha: scale, q + head * hd, lda: qd, keys + kvHead * hd, ldb: kvd, into: scores, ldc: n)
            for i in 0..<m {
                let row = scores + i * n
                let visible = position + i + 1
                Kernels.softmax(row, count: visible)
                for j in visible..<n { row[j] = 0 }
            }
            // ggml multiplies the f16 V cache by the probabilities rounded to f16.
            mendel_round_to_half(scores, scores, Int64(m * n))
            Kernels.gemmNN(m: m, n: hd, k: n, scores, lda: n, values + kvHead * hd, ldb: kvd, into: out + head * hd, ldc: qd)
        }
    }

    /// ys[j][m × rows_j] = x[m × cols] · W_jᵀ for matrices that share their input: the input is quantised
    /// once per weight type, and the rows of all matrices are split across the threads in one region.
    private func matmul(_ ws: [QuantizedMatrix], _ x: UnsafePointer<Float>, m: Int, into ys: [UnsafeMutablePointer<Float>]) {
        // Prepared activations per distinct weight type.
        var acts: [UnsafeMutableRawPointer] = []
        var types: [GGMLType] = []
        var actIndex: [Int] = []
        for w in ws {
            if let j = types.firstIndex(of: w.type) { actIndex.append(j); continue }
            let buffer = scratch.activation(slot: types.count, bytes: w.activationBytes * m)
            w.prepare(x, m: m, into: buffer)
            types.append(w.type)
            acts.append(buffer)
            actIndex.append(types.count - 1)
        }
        let work = ws.reduce(0) { $0 + $1.rows * $1.cols } * m
        let t = work >= 1 << 18 ? threads : 1
        if t == 1 {
            for (j, w) in ws.enumerated() {
                w.multiply(prepared: acts[actIndex[j]], m: m, rows: 0..<w.rows, into: ys[j], ldy: w.rows)
            }
            return
        }
        let outs = ys.map(SendablePointer.init)
        let inputs = acts.map(SendableRawPointer.init)
        let index = actIndex
        DispatchQueue.concurrentPerform(iterations: t) { part in
            for (j, w) in ws.enumerated() {
                // Split in multiples of 16 rows so the parts do not share cache lines of y.
                let per = ((w.rows + t - 1) / t + 15) / 16 * 16
                let lo = min(w.rows, part * per), hi = min(w.rows, lo + per)
                guard lo < hi else { continue }
                w.multiply(prepared: inputs[index[j]].p, m: m, rows: lo..<hi, into: outs[j].p, ldy: w.rows)
            }
        }
    }
}

/// A raw pointer handed to worker threads that write disjoint ranges.
struct SendablePointer: @unchecked Sendable {
    let p: UnsafeMutablePointer<Float>
    init(_ p: UnsafeMutablePointer<Float>) { self.p = p }
}

/// A read-only raw buffer handed to worker threads.
struct SendableRawPointer: @unchecked Sendable {
    let p: UnsafeMutableRawPointer
    init(_ p: UnsafeMutableRawPointer) { self.p = p }
}

/// Growable scratch buffers of a session.
struct ScratchBuffers {
    private var slots: [UnsafeMutablePointer<Float>] = (0..<10).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: 1) }
    private var sizes: [Int] = Array(repeating: 1, count: 10)
    var x: UnsafeMutablePointer<Float> { slots[0] }
    var h: UnsafeMutablePointer<Float> { slots[1] }
    var q: UnsafeMutablePointer<Float> { slots[2] }
    var k: UnsafeMutablePointer<Float> { slots[3] }
    var v: UnsafeMutablePointer<Float> { slots[4] }
    var att: UnsafeMutablePointer<Float> { slots[5] }
    var gate: UnsafeMutablePointer<Float> { slots[6] }
    var up: UnsafeMutablePointer<Float> { slots[7] }
    var o: UnsafeMutablePointer<Float> { slots[8] }
    var scores: UnsafeMutablePointer<Float> { slots[9] }
    private var activations: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
    private var cosBuf = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var sinBuf = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var ropeCount = 1

    private mutating func grow(_ slot: Int, _ n: Int) {
        guard n > sizes[slot] else { return }
        slots[slot].deallocate()
        let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
        p.initialize(repeating: 0, count: n)
        slots[slot] = p
        sizes[slot] = n
    }

    mutating func reserve(m: Int, e: Int, qd: Int, kvd: Int, f: Int, ctx: Int, heads: Int) {
        grow(0, m * e); grow(1, m * e); grow(2, m * qd); grow(3, m * kvd); grow(4, m * kvd)
        grow(5, m * qd); grow(6, m * f); grow(7, m * f); grow(8, m * max(e, f))
        grow(9, max(m, heads) * ctx)
    }

    /// A buffer of at least `bytes` bytes for prepared (quantised) activations; `slot` per weight type.
    mutating func activation(slot: Int, bytes: Int) -> UnsafeMutableRawPointer {
        while activations.count <= slot {
            activations.append((UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64), 64))
        }
        if bytes > activations[slot].bytes {
            activations[slot].pointer.deallocate()
            activations[slot] = (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64), bytes)
        }
        return activations[slot].pointer
    }

    mutating func cosSin(pairs: Int, _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        if pairs > ropeCount {
            cosBuf.deallocate(); sinBuf.deallocate()
            cosBuf = .allocate(capacity: pairs); sinBuf = .allocate(capacity: pairs)
            ropeCount = pairs
        }
        body(cosBuf, sinBuf)
    }

    func free() {
        for p in slots + [cosBuf, sinBuf] { p.deallocate() }
        for a in activations { a.pointer.deallocate() }
    }
}
