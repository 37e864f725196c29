/// A 2-D weight of `rows` rows of `cols` elements in a ggml (possibly quantised) layout, read in place
/// from a memory-mapped file. Rows are dequantised on the fly.
public struct QuantizedMatrix: @unchecked Sendable {
    public let type: GGMLType
    public let rows: Int
    public let cols: Int
    let data: UnsafeRawPointer
    let rowBytes: Int
    let owner: AnyObject

    init(type: GGMLType, rows: Int, cols: Int, data: UnsafeRawPointer, owner: AnyObject) {
        self.type = type
        self.rows = rows
        self.cols = cols
        self.data = data
        self.rowBytes = cols / type.blockSize * type.blockBytes
        self.owner = owner
    }

    /// Writes row `r` as `cols` floats into `out`.
    public func dequantizeRow(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        Dequantize.row(type: type, src: data + r * rowBytes, count: cols, into: out)
    }

    /// Dot product of row `r` with a prepared vector (see `PreparedVector`).
    @inline(__always)
    func dot(row r: Int, _ v: PreparedVector, scratch: UnsafeMutablePointer<Float>) -> Float {
        let src = data + r * rowBytes
        switch type {
        case .q4_1: return QuantDot.q4_1(src, x: v.x, blockSums: v.blockSums, blocks: cols / 32)
        case .q4_0: return QuantDot.q4_0(src, x: v.x, blocks: cols / 32)
        case .q8_0: return QuantDot.q8_0(src, x: v.x, blocks: cols / 32)
        case .f32: return QuantDot.f32(src.assumingMemoryBound(to: Float.self), v.x, count: cols)
        default:
            Dequantize.row(type: type, src: src, count: cols, into: scratch)
            return QuantDot.f32(UnsafePointer(scratch), v.x, count: cols)
        }
    }
}

/// An activation vector prepared for the quantised kernels (with its 32-element block sums).
struct PreparedVector: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let blockSums: UnsafePointer<Float>

    static func prepare(_ x: UnsafePointer<Float>, count: Int, sums: UnsafeMutablePointer<Float>) -> PreparedVector {
        Dequantize.blockSums(x, count: count, into: sums)
        return PreparedVector(x: x, blockSums: UnsafePointer(sums))
    }
}

/// Dequantisation of ggml blocks (reference semantics of ggml's `dequantize_row_*`).
enum Dequantize {
    static func row(type: GGMLType, src: UnsafeRawPointer, count: Int, into y: UnsafeMutablePointer<Float>) {
        switch type {
        case .f32:
            y.update(from: src.assumingMemoryBound(to: Float.self), count: count)
        case .f16:
            for i in 0..<count { y[i] = halfToFloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        case .bf16:
            for i in 0..<count { y[i] = bfloat16ToFloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        case .q4_0:
            for b in 0..<(count / 32) {
                let blk = src + b * 18
                let d = fastHalfToFloat(blk.loadUnaligned(as: UInt16.self))
                let (lo, hi) = QuantDot.nibbles(blk + 2)
                let out = UnsafeMutableRawPointer(y + b * 32)
                out.storeBytes(of: (lo - 8) * d, as: SIMD16<Float>.self)
                out.storeBytes(of: (hi - 8) * d, toByteOffset: 64, as: SIMD16<Float>.self)
            }
        case .q4_1:
            for b in 0..<(count / 32) {
                let blk = src + b * 20
                let d = fastHalfToFloat(blk.loadUnaligned(as: UInt16.self))
                let m = fastHalfToFloat(blk.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
                let (lo, hi) = QuantDot.nibbles(blk + 4)
                let out = UnsafeMutableRawPointer(y + b * 32)
                out.storeBytes(of: lo * d + m, as: SIMD16<Float>.self)
                out.storeBytes(of: hi * d + m, toByteOffset: 64, as: SIMD16<Float>.self)
            }
        case .q8_0:
            for b in 0..<(count / 32) {
                let blk = src + b * 34
                let d = fastHalfToFloat(blk.loadUnaligned(as: UInt16.self))
                let out = UnsafeMutableRawPointer(y + b * 32)
                out.storeBytes(of: QuantDot.bytes(blk + 2) * d, as: SIMD16<Float>.self)
                out.storeBytes(of: QuantDot.bytes(blk + 18) * d, toByteOffset: 64, as: SIMD16<Float>.self)
            }
        case .q4_K:
            for b in 0..<(count / 256) {
                let blk = src + b * 144
                let d = fastHalfToFloat(blk.loadUnaligned(as: UInt16.self))
                let dmin = fastHalfToFloat(blk.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
                let scales = blk + 4, qs = blk + 16
                var out = y + b * 256
                for j in 0..<4 {
                    let (sc1, m1) = scaleMinK4(2 * j, scales)
                    let (sc2, m2) = scaleMinK4(2 * j + 1, scales)
                    let d1 = d * Float(sc1), mm1 = dmin * Float(m1)
                    let d2 = d * Float(sc2), mm2 = dmin * Float(m2)
                    let q = qs + 32 * j
                    for l in 0..<32 { out[l] = d1 * Float(q.load(fromByteOffset: l, as: UInt8.self) & 0x0F) - mm1 }
                    for l in 0..<32 { out[32 + l] = d2 * Float(q.load(fromByteOffset: l, as: UInt8.self) >> 4) - mm2 }
                    out += 64
                }
            }
        case .q6_K:
            for b in 0..<(count / 256) {
                let blk = src + b * 210
                var ql = blk, qh = blk + 128, sc = blk + 192
                let d = fastHalfToFloat(blk.loadUnaligned(fromByteOffset: 208, as: UInt16.self))
                var out = y + b * 256
                for _ in 0..<2 {
                    for l in 0..<32 {
                        let `is` = l / 16
                        let qhl = Int(qh.load(fromByteOffset: l, as: UInt8.self))
                        let ql0 = Int(ql.load(fromByteOffset: l, as: UInt8.self))
                        let ql32 = Int(ql.load(fromByteOffset: l + 32, as: UInt8.self))
                        let q1 = ((ql0 & 0xF) | (((qhl >> 0) & 3) << 4)) - 32
                        let q2 = ((ql32 & 0xF) | (((qhl >> 2) & 3) << 4)) - 32
                        let q3 = ((ql0 >> 4) | (((qhl >> 4) & 3) << 4)) - 32
                        let q4 = ((ql32 >> 4) | (((qhl >> 6) & 3) << 4)) - 32
                        out[l] = d * Float(sc.load(fromByteOffset: `is`, as: Int8.self)) * Float(q1)
                        out[l + 32] = d * Float(sc.load(fromByteOffset: `is` + 2, as: Int8.self)) * Float(q2)
                        out[l + 64] = d * Float(sc.load(fromByteOffset: `is` + 4, as: Int8.self)) * Float(q3)
                        out[l + 96] = d * Float(sc.load(fromByteOffset: `is` + 6, as: Int8.self)) * Float(q4)
                    }
                    out += 128; ql += 64; qh += 32; sc += 8
                }
            }
        }
    }

    @inline(__always)
    static func scaleMinK4(_ j: Int, _ q: UnsafeRawPointer) -> (UInt8, UInt8) {
        func b(_ i: Int) -> UInt8 { q.load(fromByteOffset: i, as: UInt8.self) }
        if j < 4 { return (b(j) & 63, b(j + 4) & 63) }
        return ((b(j + 4) & 0xF) | ((b(j - 4) >> 6) << 4), (b(j + 4) >> 4) | ((b(j) >> 6) << 4))
    }

    /// Sums of `x` over consecutive 32-element blocks.
    static func blockSums(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        for b in 0..<(count / 32) {
            var s = SIMD16<Float>(repeating: 0)
            let p = UnsafeRawPointer(x + b * 32)
            s += p.loadUnaligned(as: SIMD16<Float>.self)
            s += p.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            out[b] = s.sum()
        }
    }
}

/// Fused dequantise-and-dot kernels. The element-wise integer→float loops are written so that LLVM
/// vectorises them (unpack + cvtdq2ps) even for the baseline x86-64 target; the generic SIMD
/// conversion initialisers are not inlined and were 2-3x slower.
enum QuantDot {
    @inline(__always)
    static func nibbles(_ p: UnsafeRawPointer) -> (SIMD16<Float>, SIMD16<Float>) {
        let q = p.loadUnaligned(as: SIMD16<UInt8>.self)
        var lo = SIMD16<Float>(), hi = SIMD16<Float>()
        for i in 0..<16 { lo[i] = Float(Int32(q[i] & 0xF)); hi[i] = Float(Int32(q[i] >> 4)) }
        return (lo, hi)
    }

    @inline(__always)
    static func bytes(_ p: UnsafeRawPointer) -> SIMD16<Float> {
        let q = p.loadUnaligned(as: SIMD16<Int8>.self)
        var v = SIMD16<Float>()
        for i in 0..<16 { v[i] = Float(Int32(q[i])) }
        return v
    }

    static func q4_1(_ src: UnsafeRawPointer, x: UnsafePointer<Float>, blockSums: UnsafePointer<Float>, blocks: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        var bias: Float = 0
        let xr = UnsafeRawPointer(x)
        for b in 0..<blocks {
            let blk = src + b * 20
            let d = fastHalfToFloat(blk.loadUnaligned(as: UInt16.self))
            let m = fastHalfToFloat(blk.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
            let (lo, hi) = nibbles(blk + 4)
            let x0 = xr.loadUnaligned(fromByteOffset: b * 128, as: SIMD16<Float>.self)
            let x1 = xr.loadUnaligned(fromByteOffset: b * 128 + 64, as: SIMD16<Float>.self)
            acc += d * (lo * x0 + hi * x1)
            bias += m * blockSums[b]
        }
        return acc.sum() + bias
    }

    static func q4_0(_ src: UnsafeRawPointer, x: UnsafePointer<Float>, blocks: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        let xr = UnsafeRawPointer(x)
        let eight = SIMD16<Float>(repeating: 8)
        for b in 0..<blocks {
            let blk = src + b * 18
            let d = fastHalfToFloat(blk.loadUnaligned(as: UInt16.self))
            let (lo, hi) = nibbles(blk + 2)
            let x0 = xr.loadUnaligned(fromByteOffset: b * 128, as: SIMD16<Float>.self)
            let x1 = xr.loadUnaligned(fromByteOffset: b * 128 + 64, as: SIMD16<Float>.self)
            acc += d * ((lo - eight) * x0 + (hi - eight) * x1)
        }
        return acc.sum()
    }

    static func q8_0(_ src: UnsafeRawPointer, x: UnsafePointer<Float>, blocks: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        let xr = UnsafeRawPointer(x)
        for b in 0..<blocks {
            let blk = src + b * 34
            let d = fastHalfToFloat(blk.loadUnaligned(as: UInt16.self))
            let q0 = bytes(blk + 2), q1 = bytes(blk + 18)
            let x0 = xr.loadUnaligned(fromByteOffset: b * 128, as: SIMD16<Float>.self)
            let x1 = xr.loadUnaligned(fromByteOffset: b * 128 + 64, as: SIMD16<Float>.self)
            acc += d * (q0 * x0 + q1 * x1)
        }
        return acc.sum()
    }

    static func f32(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        let ar = UnsafeRawPointer(a), br = UnsafeRawPointer(b)
        var i = 0
        while i + 16 <= count {
            acc += ar.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                * br.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        var s = acc.sum()
        while i < count { s += a[i] * b[i]; i += 1 }
        return s
    }
}

/// Branchless half → float for finite values (weights): exact for normals, subnormals and zero.
/// (A file-local copy so that it inlines without whole-module optimisation.)
@inline(__always)
private func fastHalfToFloat(_ h: UInt16) -> Float {
    let magnitude = Float(bitPattern: UInt32(h & 0x7FFF) << 13) * 5.192296858534828e+33  // 2^112
    return Float(bitPattern: magnitude.bitPattern | (UInt32(h & 0x8000) << 16))
}
