/// A memory-mapped GGUF (v2/v3) file: metadata and tensor directory. Tensor data stays in the
/// mapping; quantised weights are never expanded to a full float copy.
public final class GGUFFile: @unchecked Sendable {
    /// A metadata value.
    public enum Value: Sendable, Equatable {
        case uint(UInt64), int(Int64), float(Double), bool(Bool), string(String)
        case array([Value])
        /// Arrays of strings are kept compact (tokenizer vocabularies are large).
        case stringArray([String])

        public var int: Int? {
            switch self {
            case .uint(let v): v <= UInt64(Int.max) ? Int(v) : nil
            case .int(let v): Int(v)
            default: nil
            }
        }
        public var double: Double? {
            switch self {
            case .float(let v): v
            case .uint(let v): Double(v)
            case .int(let v): Double(v)
            default: nil
            }
        }
        public var string: String? { if case .string(let s) = self { s } else { nil } }
        public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    }

    /// One tensor of the directory.
    public struct TensorInfo: Sendable {
        public let name: String
        /// ggml dimensions, fastest first (ne[0] is the row length).
        public let dims: [Int]
        public let type: GGMLType
        /// Absolute byte offset of the data in the file.
        public let offset: Int
        public let byteCount: Int
    }

    public let file: MappedFile
    public let version: UInt32
    public let metadata: [String: Value]
    public let tensors: [String: TensorInfo]
    /// Tensor names in file order.
    public let tensorNames: [String]

    public convenience init(path: String) throws(InferenceError) {
        try self.init(file: MappedFile(path: path))
    }

    init(file: MappedFile) throws(InferenceError) {
        self.file = file
        var reader = ByteReader(bytes: file.bytes)
        let magic = try reader.u32("magic")
        guard magic == 0x4655_4747 else { throw .gguf(reason: "bad magic (not a GGUF file)") }
        version = try reader.u32("version")
        guard version == 2 || version == 3 else { throw .gguf(reason: "unsupported GGUF version \(version)") }
        let tensorCount = try reader.u64("tensor count")
        let kvCount = try reader.u64("metadata count")
        guard tensorCount < 1_000_000, kvCount < 1_000_000 else {
            throw .gguf(reason: "implausible counts (\(tensorCount) tensors, \(kvCount) metadata entries)")
        }
        var metadata: [String: Value] = [:]
        for i in 0..<Int(kvCount) {
            let key = try reader.string("metadata key \(i)")
            let type = try reader.u32("type of '\(key)'")
            metadata[key] = try reader.value(type: type, context: key)
        }
        self.metadata = metadata
        var infos: [(String, [Int], GGMLType, UInt64)] = []
        for i in 0..<Int(tensorCount) {
            let name = try reader.string("tensor \(i) name")
            let nDims = try reader.u32("dims of '\(name)'")
            guard nDims >= 1, nDims <= 4 else { throw .gguf(reason: "tensor '\(name)' has \(nDims) dimensions") }
            var dims: [Int] = []
            for _ in 0..<nDims {
                let d = try reader.u64("dims of '\(name)'")
                guard d < 1 << 40 else { throw .gguf(reason: "tensor '\(name)' has an implausible dimension") }
                dims.append(Int(d))
            }
            let rawType = try reader.u32("type of '\(name)'")
            guard let type = GGMLType(rawValue: rawType) else {
                throw .gguf(reason: "tensor '\(name)' has unsupported ggml type \(rawType)")
            }
            let offset = try reader.u64("offset of '\(name)'")
            infos.append((name, dims, type, offset))
        }
        let alignment = metadata["general.alignment"]?.int ?? 32
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw .gguf(reason: "general.alignment \(alignment) is not a power of two")
        }
        let dataStart = (reader.offset + alignment - 1) / alignment * alignment
        var tensors: [String: TensorInfo] = [:]
        var names: [String] = []
        for (name, dims, type, relative) in infos {
            guard dims[0] % type.blockSize == 0 else {
                throw .gguf(reason: "tensor '\(name)' row length \(dims[0]) is not a multiple of the \(type) block size \(type.blockSize)")
            }
            // Sizes come from the file: multiply and add with overflow checks, so a crafted header is an
            // error, not a trap (found by fuzz/fuzz-gguf).
            var rows = 1
            for dim in dims.dropFirst() {
                let (product, overflow) = rows.multipliedReportingOverflow(by: dim)
                guard !overflow else { throw .gguf(reason: "tensor '\(name)' dimensions overflow") }
                rows = product
            }
            let (rowBytes, overflowA) = (dims[0] / type.blockSize).multipliedReportingOverflow(by: type.blockBytes)
            let (size, overflowB) = rowBytes.multipliedReportingOverflow(by: rows)
            guard !overflowA, !overflowB, relative < UInt64(Int.max / 2) else {
                throw .gguf(reason: "tensor '\(name)' size overflows (dimensions \(dims))")
            }
            let (end, overflowC) = (dataStart + Int(relative)).addingReportingOverflow(size)
            guard !overflowC, end <= file.count else {
                throw .gguf(reason: "tensor '\(name)' data (\(size) bytes at offset \(relative)) runs past the end of the \(file.count)-byte file (truncated?)")
            }
            tensors[name] = TensorInfo(name: name, dims: dims, type: type, offset: dataStart + Int(relative), byteCount: size)
            names.append(name)
        }
        self.tensors = tensors
        self.tensorNames = names
    }
}

/// Bounds-checked little-endian reader over a byte buffer.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    mutating func take(_ n: Int, _ what: String) throws(InferenceError) -> Int {
        guard n >= 0, offset + n <= bytes.count else {
            throw .gguf(reason: "file ends at byte \(bytes.count) while reading \(what) at offset \(offset) (truncated?)")
        }
        defer { offset += n }
        return offset
    }
    mutating func u8(_ what: String) throws(InferenceError) -> UInt8 { bytes[try take(1, what)] }
    mutating func u32(_ what: String) throws(InferenceError) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4, what), as: UInt32.self))
    }
    mutating func u64(_ what: String) throws(InferenceError) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8, what), as: UInt64.self))
    }
    mutating func string(_ what: String) throws(InferenceError) -> String {
        let n = try u64(what)
        guard n <= UInt64(bytes.count) else { throw .gguf(reason: "string length \(n) of \(what) exceeds the file") }
        let start = try take(Int(n), what)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(n))]), as: UTF8.self)
    }

    /// Arrays of arrays are legal GGUF but unused by real models; the nesting is capped so a crafted file
    /// cannot recurse deep enough to overflow the stack.
    static let maxArrayNesting = 8

    mutating func value(type: UInt32, context: String, depth: Int = 0) throws(InferenceError) -> GGUFFile.Value {
        switch type {
        case 0: return .uint(UInt64(try u8(context)))
        case 1: return .int(Int64(Int8(bitPattern: try u8(context))))
        case 2: return .uint(UInt64(bytes.loadUnaligned(fromByteOffset: try take(2, context), as: UInt16.self)))
        case 3: return .int(Int64(bytes.loadUnaligned(fromByteOffset: try take(2, context), as: Int16.self)))
        case 4: return .uint(UInt64(try u32(context)))
        case 5: return .int(Int64(Int32(bitPattern: try u32(context))))
        case 6: return .float(Double(Float(bitPattern: try u32(context))))
        case 7: return .bool(try u8(context) != 0)
        case 8: return .string(try string(context))
        case 9:
            guard depth < Self.maxArrayNesting else {
                throw .gguf(reason: "array '\(context)' is nested more than \(Self.maxArrayNesting) levels deep")
            }
            let elementType = try u32(context)
            let count = try u64(context)
            guard count <= UInt64(bytes.count - offset) else {
                throw .gguf(reason: "array '\(context)' claims \(count) elements, more than the file holds")
            }
            if elementType == 8 {
                var strings: [String] = []
                strings.reserveCapacity(Int(count))
                for _ in 0..<Int(count) { strings.append(try string(context)) }
                return .stringArray(strings)
            }
            var values: [GGUFFile.Value] = []
            values.reserveCapacity(Int(count))
            for _ in 0..<Int(count) { values.append(try value(type: elementType, context: context, depth: depth + 1)) }
            return .array(values)
        case 10: return .uint(try u64(context))
        case 11: return .int(Int64(bitPattern: try u64(context)))
        case 12: return .float(Double(bitPattern: try u64(context)))
        default: throw .gguf(reason: "metadata '\(context)' has unknown value type \(type)")
        }
    }
}
