import Foundation
@testable import MendelInference

/// Small deterministic RNG for test weights.
struct TestRNG {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-scale, scale).
    mutating func float(_ scale: Float) -> Float { (Float(next() >> 40) / Float(1 << 24) * 2 - 1) * scale }
    mutating func floats(_ n: Int, _ scale: Float) -> [Float] { (0..<n).map { _ in float(scale) } }
}

/// A fresh temporary directory, removed by `cleanup()`.
struct TempDir {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mendel-inference-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// Repository root (works through dev-package symlinks).
let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func halfBits(_ f: Float) -> UInt16 { Float16(f).bitPattern }

// MARK: - safetensors writer

func safetensorsBytes(_ tensors: [(name: String, shape: [Int], values: [Float])], dtype: String = "F32") -> [UInt8] {
    var header: [String: Any] = ["__metadata__": ["format": "pt"]]
    var data: [UInt8] = []
    for t in tensors {
        let begin = data.count
        for v in t.values {
            switch dtype {
            case "F16": withUnsafeBytes(of: halfBits(v).littleEndian) { data.append(contentsOf: $0) }
            case "BF16": withUnsafeBytes(of: UInt16(v.bitPattern >> 16).littleEndian) { data.append(contentsOf: $0) }
            default: withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        header[t.name] = ["dtype": dtype, "shape": t.shape, "data_offsets": [begin, data.count]]
    }
    var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data()
    while json.count % 8 != 0 { json.append(0x20) }
    var out: [UInt8] = []
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: json)
    out.append(contentsOf: data)
    return out
}

// MARK: - GGUF writer and quantisers

enum GGUFTestValue {
    case u32(UInt32), i32(Int32), f32(Float), bool(Bool), string(String), strings([String]), i32s([Int32])
}

struct GGUFTestWriter {
    var metadata: [(String, GGUFTestValue)] = []
    var tensors: [(name: String, dims: [Int], type: UInt32, data: [UInt8])] = []

    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func str(_ s: String) { u64(UInt64(s.utf8.count)); out.append(contentsOf: s.utf8) }
        u32(0x4655_4747); u32(3); u64(UInt64(tensors.count)); u64(UInt64(metadata.count))
        for (key, value) in metadata {
            str(key)
            switch value {
            case .u32(let v): u32(4); u32(v)
            case .i32(let v): u32(5); u32(UInt32(bitPattern: v))
            case .f32(let v): u32(6); u32(v.bitPattern)
            case .bool(let v): u32(7); out.append(v ? 1 : 0)
            case .string(let v): u32(8); str(v)
            case .strings(let v): u32(9); u32(8); u64(UInt64(v.count)); v.forEach(str)
            case .i32s(let v): u32(9); u32(5); u64(UInt64(v.count)); v.forEach { u32(UInt32(bitPattern: $0)) }
            }
        }
        var offset = 0
        var offsets: [Int] = []
        for t in tensors {
            offsets.append(offset)
            offset += (t.data.count + 31) / 32 * 32
        }
        for (i, t) in tensors.enumerated() {
            str(t.name); u32(UInt32(t.dims.count)); t.dims.forEach { u64(UInt64($0)) }; u32(t.type); u64(UInt64(offsets[i]))
        }
        while out.count % 32 != 0 { out.append(0) }
        for t in tensors {
            out.append(contentsOf: t.data)
            while out.count % 32 != 0 { out.append(0) }
        }
        return out
    }
}

enum TestQuant {
    static func f32(_ v: [Float]) -> [UInt8] { v.flatMap { f in withUnsafeBytes(of: f.bitPattern.littleEndian) { Array($0) } } }

    static func q8_0(_ v: [Float]) -> [UInt8] {
        var out: [UInt8] = []
        for b in stride(from: 0, to: v.count, by: 32) {
            let block = v[b..<(b + 32)]
            let amax = block.map(abs).max() ?? 0
            let d = amax / 127
            let dq = Float(Float16(d))
            withUnsafeBytes(of: halfBits(d).littleEndian) { out.append(contentsOf: $0) }
            for x in block { out.append(UInt8(bitPattern: Int8(dq == 0 ? 0 : max(-127, min(127, (x / d).rounded()))))) }
        }
        return out
    }

    static func q4_1(_ v: [Float]) -> [UInt8] {
        var out: [UInt8] = []
        for b in stride(from: 0, to: v.count, by: 32) {
            let block = Array(v[b..<(b + 32)])
            let lo = block.min() ?? 0, hi = block.max() ?? 0
            let d = (hi - lo) / 15
            withUnsafeBytes(of: halfBits(d).littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: halfBits(lo).littleEndian) { out.append(contentsOf: $0) }
            let id = d == 0 ? 0 : 1 / d
            let q = block.map { UInt8(max(0, min(15, (($0 - lo) * id).rounded()))) }
            for j in 0..<16 { out.append(q[j] | (q[j + 16] << 4)) }
        }
        return out
    }

    static func q4_0(_ v: [Float]) -> [UInt8] {
        var out: [UInt8] = []
        for b in stride(from: 0, to: v.count, by: 32) {
            let block = Array(v[b..<(b + 32)])
            let maxElement = block.max { abs($0) < abs($1) } ?? 0
            let d = maxElement / -8
            withUnsafeBytes(of: halfBits(d).littleEndian) { out.append(contentsOf: $0) }
            let id = d == 0 ? 0 : 1 / d
            let q = block.map { UInt8(max(0, min(15, ($0 * id + 8.5).rounded(.down)))) }
            for j in 0..<16 { out.append(q[j] | (q[j + 16] << 4)) }
        }
        return out
    }
}
