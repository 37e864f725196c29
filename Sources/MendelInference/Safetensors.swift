import Foundation

/// A memory-mapped safetensors file (https://github.com/huggingface/safetensors).
/// F32 tensors are used in place; F16 and BF16 are converted to float32 on access.
public final class SafetensorsFile: @unchecked Sendable {
    /// Element types this reader understands.
    public enum DType: String, Sendable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", i64 = "I64", i32 = "I32"
        var byteSize: Int {
            switch self {
            case .f32, .i32: 4
            case .f16, .bf16: 2
            case .i64: 8
            }
        }
    }

    /// One tensor entry of the header.
    public struct Entry: Sendable {
        public let dtype: DType
        public let shape: [Int]
        /// Absolute byte range in the file.
        public let range: Range<Int>
    }

    public let file: MappedFile
    /// Tensors by name.
    public let entries: [String: Entry]

    /// Opens and validates `path`: header length, JSON, dtypes, shapes and data offsets.
    public convenience init(path: String) throws(InferenceError) {
        try self.init(file: MappedFile(path: path))
    }

    init(file: MappedFile) throws(InferenceError) {
        self.file = file
        let bytes = file.bytes
        guard bytes.count >= 8 else {
            throw .safetensors(reason: "file is \(bytes.count) bytes, shorter than the 8-byte header length")
        }
        let headerLength = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw .safetensors(reason: "header length \(headerLength) exceeds the \(bytes.count - 8) bytes after it (truncated file?)")
        }
        let dataStart = 8 + Int(headerLength)
        let headerData = Data(bytes[8..<dataStart])
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: headerData) } catch {
            throw .safetensors(reason: "header (\(headerLength) bytes at offset 8) is not valid JSON")
        }
        guard let object = json as? [String: Any] else {
            throw .safetensors(reason: "header is not a JSON object")
        }
        let dataSize = bytes.count - dataStart
        var entries: [String: Entry] = [:]
        for (name, value) in object where name != "__metadata__" {
            guard let info = value as? [String: Any] else {
                throw .safetensors(reason: "entry '\(name)' is not an object")
            }
            guard let dtypeName = info["dtype"] as? String else {
                throw .safetensors(reason: "entry '\(name)' has no dtype")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw .safetensors(reason: "entry '\(name)' has unsupported dtype \(dtypeName)")
            }
            guard let shapeValues = info["shape"] as? [NSNumber] else {
                throw .safetensors(reason: "entry '\(name)' has no shape array")
            }
            let shape = shapeValues.map(\.intValue)
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw .safetensors(reason: "entry '\(name)' has a negative dimension")
            }
            guard let offsets = info["data_offsets"] as? [NSNumber], offsets.count == 2 else {
                throw .safetensors(reason: "entry '\(name)' has no [begin, end] data_offsets")
            }
            let begin = offsets[0].intValue, end = offsets[1].intValue
            guard begin >= 0, begin <= end else {
                throw .safetensors(reason: "entry '\(name)' has data_offsets [\(begin), \(end)] out of order")
            }
            guard end <= dataSize else {
                throw .safetensors(reason: "entry '\(name)' data_offsets end \(end) exceeds the \(dataSize) data bytes (truncated file?)")
            }
            let expected = shape.reduce(1, *) * dtype.byteSize
            guard end - begin == expected else {
                throw .safetensors(reason: "entry '\(name)' spans \(end - begin) bytes but shape \(shape) of \(dtypeName) needs \(expected)")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, range: (dataStart + begin)..<(dataStart + end))
        }
        self.entries = entries
    }

    /// The tensor `name` as float32 (zero-copy when stored as aligned F32).
    public func floatTensor(_ name: String) throws(InferenceError) -> FloatTensor {
        guard let entry = entries[name] else { throw .tensor(name: name, reason: "not in the safetensors file") }
        guard let base = file.base else { throw .tensor(name: name, reason: "file is empty") }
        let raw = base + entry.range.lowerBound
        let n = entry.shape.reduce(1, *)
        switch entry.dtype {
        case .f32:
            if Int(bitPattern: raw) % MemoryLayout<Float>.alignment == 0 {
                return FloatTensor(shape: entry.shape, pointer: raw.assumingMemoryBound(to: Float.self), owner: file)
            }
            let buffer = FloatBuffer(count: n)
            for i in 0..<n { buffer.pointer[i] = raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self) }
            return FloatTensor(shape: entry.shape, pointer: UnsafePointer(buffer.pointer), owner: buffer)
        case .f16, .bf16:
            let buffer = FloatBuffer(count: n)
            let half = entry.dtype == .f16
            for i in 0..<n {
                let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                buffer.pointer[i] = half ? halfToFloat(bits) : bfloat16ToFloat(bits)
            }
            return FloatTensor(shape: entry.shape, pointer: UnsafePointer(buffer.pointer), owner: buffer)
        case .i64, .i32:
            throw .tensor(name: name, reason: "is an integer tensor, not a float tensor")
        }
    }
}
