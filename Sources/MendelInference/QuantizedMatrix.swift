import CMendelKernels

/// A 2-D weight of `rows` rows of `cols` elements in a ggml (possibly quantised) layout, read in place
/// from a memory-mapped file. Rows are dequantised on the fly; products run in the C kernels
/// (`CMendelKernels`), which quantise the activations like ggml (q8_0/q8_1 for 32-element blocks,
/// q8_K for K-quants) and use the widest instruction set of the CPU.
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

    /// Bytes of one activation row prepared for this matrix (see `prepare`).
    var activationBytes: Int { mendel_activation_bytes(type.rawValue, Int64(cols)) }

    /// Prepares `m` activation rows of `cols` floats (`x`, rows `cols` apart) for this matrix's type.
    func prepare(_ x: UnsafePointer<Float>, m: Int, into out: UnsafeMutableRawPointer) {
        let stride = activationBytes
        for i in 0..<m { mendel_prepare_activation(type.rawValue, x + i * cols, Int64(cols), out + i * stride) }
    }

    /// y[i·ldy + r] = row r · activation i for r in `rowRange`, i < m; `act` holds `m` prepared rows.
    func multiply(prepared act: UnsafeRawPointer, m: Int, rows rowRange: Range<Int>,
                  into y: UnsafeMutablePointer<Float>, ldy: Int) {
        mendel_matmul(type.rawValue, data, rowBytes, Int64(cols), Int64(rowRange.lowerBound), Int64(rowRange.upperBound),
                      act, activationBytes, Int64(m), y, Int64(ldy))
    }

    /// Dot product of row `r` with `x` (`cols` floats), quantising `x` like the batched path does
    /// (allocates; for tests and one-off use — forward passes call `prepare` + `multiply`).
    func dot(row r: Int, _ x: UnsafePointer<Float>) -> Float {
        let act = UnsafeMutableRawPointer.allocate(byteCount: max(activationBytes, 4), alignment: 64)
        defer { act.deallocate() }
        prepare(x, m: 1, into: act)
        return mendel_vec_dot(type.rawValue, Int64(cols), data + r * rowBytes, act)
    }
}

/// Dequantisation of ggml blocks (reference semantics of ggml's `dequantize_row_*`).
enum Dequantize {
    static func row(type: GGMLType, src: UnsafeRawPointer, count: Int, into y: UnsafeMutablePointer<Float>) {
        mendel_dequantize_row(type.rawValue, src, Int64(count), y)
    }
}
