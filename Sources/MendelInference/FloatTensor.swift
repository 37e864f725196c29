/// A read-only float32 tensor: either a view into a memory-mapped file or an owned buffer.
public struct FloatTensor: @unchecked Sendable {
    /// Row-major shape.
    public let shape: [Int]
    /// Pointer to `count` floats, valid while `owner` lives.
    public let pointer: UnsafePointer<Float>
    let owner: AnyObject

    public var count: Int { shape.reduce(1, *) }

    init(shape: [Int], pointer: UnsafePointer<Float>, owner: AnyObject) {
        self.shape = shape
        self.pointer = pointer
        self.owner = owner
    }

    /// Copies `values` into a new owned tensor.
    public init(shape: [Int], values: [Float]) {
        let buffer = FloatBuffer(count: values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { buffer.pointer.update(from: base, count: values.count) }
        }
        self.init(shape: shape, pointer: UnsafePointer(buffer.pointer), owner: buffer)
    }

    /// The elements as a Swift array (copies).
    public var values: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}

/// A heap buffer of floats with stable address, freed on deinit.
final class FloatBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    init(count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }
    deinit { pointer.deallocate() }
}
