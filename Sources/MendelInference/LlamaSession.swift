import COpenBLAS
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One decoding context over a `LlamaModel`: a KV cache plus scratch buffers. Not thread-safe; use one
/// session per concurrent generation. K/V entries are rounded to half precision (like llama.cpp's f16
/// cache) but kept as float32.
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
        scratch.reserve(m: m, e: e, qd: qd, kvd: kvd, f: f, ctx: needed, cols: max(e, f, qd))
        let x = scratch.x, h = scratch.h, q = scratch.q, k = scratch.k, v = scratch.v
        let att = scratch.att, g = scratch.gate, u = scratch.up, o = scratch.o

        for (i, t) in tokens.enumerated() { model.tokenEmbedding.dequantizeRow(Int(t), into: x + i * e) }
        for (li, layer) in model.layers.enumerated() {
            rmsNorm(x, rows: m, n: e, weight: layer.attnNorm, into: h)
            matmul(layer.wq, h, m: m, into: q)
            matmul(layer.wk, h, m: m, into: k)
            matmul(layer.wv, h, m: m, into: v)
            for i in 0..<m {
                applyRope(q + i * qd, heads: c.numHeads, pos: position + i)
                applyRope(k + i * kvd, heads: c.numKVHeads, pos: position + i)
            }
            let kc = keys[li], vc = values[li]
            for i in 0..<(m * kvd) {
                kc[position * kvd + i] = roundToHalf(k[i])
                vc[position * kvd + i] = roundToHalf(v[i])
            }
            attention(q: q, m: m, keys: kc, values: vc, into: att)
            matmul(layer.wo, att, m: m, into: o)
            for i in 0..<(m * e) { x[i] += o[i] }
            rmsNorm(x, rows: m, n: e, weight: layer.ffnNorm, into: h)
            matmul(layer.gate, h, m: m, into: g)
            matmul(layer.up, h, m: m, into: u)
            for i in 0..<(m * f) { let a = g[i]; g[i] = a / (1 + expf(-a)) * u[i] }
            matmul(layer.down, g, m: m, into: o)
            for i in 0..<(m * e) { x[i] += o[i] }
        }
        position = needed

        switch mode {
        case .none: return []
        case .last:
            rmsNorm(x + (m - 1) * e, rows: 1, n: e, weight: model.outputNorm, into: h)
            var logits = [Float](repeating: 0, count: c.vocabSize)
            logits.withUnsafeMutableBufferPointer { buf in matmul(model.output, h, m: 1, into: buf.baseAddress!) }
            return logits
        case .all:
            rmsNorm(x, rows: m, n: e, weight: model.outputNorm, into: h)
            var logits = [Float](repeating: 0, count: m * c.vocabSize)
            logits.withUnsafeMutableBufferPointer { buf in matmul(model.output, h, m: m, into: buf.baseAddress!) }
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

    @inline(__always)
    private func roundToHalf(_ v: Float) -> Float { halfToFloat(floatToHalf(v)) }

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
        for head in 0..<c.numHeads {
            let kvHead = head / group
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(hd), scale,
                        q + head * hd, Int32(qd), keys + kvHead * hd, Int32(kvd), 0, scores, Int32(n))
            for i in 0..<m {
                let row = scores + i * n
                let visible = position + i + 1
                Kernels.softmax(row, count: visible)
                for j in visible..<n { row[j] = 0 }
            }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(hd), Int32(n), 1,
                        scores, Int32(n), values + kvHead * hd, Int32(kvd), 0, out + head * hd, Int32(qd))
        }
    }

    /// y[m × rows] = x[m × cols] · Wᵀ. Few rows: fused quantised dot products (threaded over output
    /// rows); many rows: dequantise chunks of W into scratch and use sgemm.
    private func matmul(_ w: QuantizedMatrix, _ x: UnsafePointer<Float>, m: Int, into y: UnsafeMutablePointer<Float>) {
        if m <= 2 {
            for i in 0..<m {
                let xi = x + i * w.cols, yi = y + i * w.rows
                let v = PreparedVector.prepare(xi, count: w.cols, sums: scratch.blockSums)
                let t = w.rows >= 256 ? threads : 1
                if t == 1 {
                    let rowScratch = scratch.rowScratch(0)
                    for r in 0..<w.rows { yi[r] = w.dot(row: r, v, scratch: rowScratch) }
                } else {
                    let per = (w.rows + t - 1) / t
                    let out = SendablePointer(yi)
                    let rs = (0..<t).map { SendablePointer(scratch.rowScratch($0)) }
                    DispatchQueue.concurrentPerform(iterations: t) { part in
                        let lo = part * per, hi = min(w.rows, lo + per)
                        guard lo < hi else { return }
                        for r in lo..<hi { out.p[r] = w.dot(row: r, v, scratch: rs[part].p) }
                    }
                }
            }
            return
        }
        let chunkRows = max(1, min(w.rows, (1 << 20) / w.cols))
        let buffer = scratch.dequant(chunkRows * w.cols)
        var r0 = 0
        while r0 < w.rows {
            let cr = min(chunkRows, w.rows - r0)
            dequantizeRows(w, from: r0, count: cr, into: buffer)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(cr), Int32(w.cols), 1,
                        x, Int32(w.cols), buffer, Int32(w.cols), 0, y + r0, Int32(w.rows))
            r0 += cr
        }
    }

    private func dequantizeRows(_ w: QuantizedMatrix, from r0: Int, count: Int, into buffer: UnsafeMutablePointer<Float>) {
        if threads == 1 || count < 64 {
            for r in 0..<count { w.dequantizeRow(r0 + r, into: buffer + r * w.cols) }
            return
        }
        let t = threads, per = (count + t - 1) / t
        let out = SendablePointer(buffer)
        DispatchQueue.concurrentPerform(iterations: t) { part in
            let lo = part * per, hi = min(count, lo + per)
            guard lo < hi else { return }
            for r in lo..<hi { w.dequantizeRow(r0 + r, into: out.p + r * w.cols) }
        }
    }
}

/// A raw pointer handed to worker threads that write disjoint ranges.
struct SendablePointer: @unchecked Sendable {
    let p: UnsafeMutablePointer<Float>
    init(_ p: UnsafeMutablePointer<Float>) { self.p = p }
}

/// Growable scratch buffers of a session.
struct ScratchBuffers {
    private var slots: [UnsafeMutablePointer<Float>] = (0..<11).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: 1) }
    private var sizes: [Int] = Array(repeating: 1, count: 11)
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
    var blockSums: UnsafeMutablePointer<Float> { slots[10] }
    private var rows: [UnsafeMutablePointer<Float>] = []
    private var rowCols = 0
    private var dequantBuffer = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var dequantCount = 1
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

    mutating func reserve(m: Int, e: Int, qd: Int, kvd: Int, f: Int, ctx: Int, cols: Int) {
        grow(0, m * e); grow(1, m * e); grow(2, m * qd); grow(3, m * kvd); grow(4, m * kvd)
        grow(5, m * qd); grow(6, m * f); grow(7, m * f); grow(8, m * max(e, f))
        grow(9, m * ctx); grow(10, cols / 32 + 1)
        if cols > rowCols {
            for r in rows { r.deallocate() }
            rows = []
            rowCols = cols
        }
    }

    mutating func rowScratch(_ i: Int) -> UnsafeMutablePointer<Float> {
        while rows.count <= i { rows.append(UnsafeMutablePointer<Float>.allocate(capacity: max(rowCols, 1))) }
        return rows[i]
    }

    mutating func dequant(_ n: Int) -> UnsafeMutablePointer<Float> {
        if n > dequantCount {
            dequantBuffer.deallocate()
            dequantBuffer = UnsafeMutablePointer<Float>.allocate(capacity: n)
            dequantCount = n
        }
        return dequantBuffer
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
        for p in slots + [dequantBuffer, cosBuf, sinBuf] { p.deallocate() }
        for r in rows { r.deallocate() }
    }
}
