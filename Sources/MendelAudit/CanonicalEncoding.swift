#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON value restricted to what audit lines need (strings, integers, arrays, objects), written in one
/// canonical form: UTF-8, object keys sorted by their UTF-8 bytes, no whitespace, integers in decimal,
/// strings escaping only `"`, `\` and control characters (`\b \f \n \r \t`, others as `\u00XX`).
/// Equal values give equal bytes, so hashes and signatures over them are reproducible.
enum CanonicalValue: Sendable {
    case string(String)
    case unsigned(UInt64)
    case signed(Int64)
    case array([CanonicalValue])
    /// Key/value pairs in any order (the writer sorts them); keys must be unique.
    case object([(String, CanonicalValue)])

    func write(into out: inout [UInt8]) {
        switch self {
        case .string(let s): Self.writeString(s, into: &out)
        case .unsigned(let n): out.append(contentsOf: String(n).utf8)
        case .signed(let n): out.append(contentsOf: String(n).utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            let sorted = Self.isSorted(fields) ? fields : fields.sorted { utf8Precedes($0.0, $1.0) }
            for (i, field) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(field.0, into: &out)
                out.append(UInt8(ascii: ":"))
                field.1.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func isSorted(_ fields: [(String, CanonicalValue)]) -> Bool {
        var i = 1
        while i < fields.count {
            guard utf8Precedes(fields[i - 1].0, fields[i].0) else { return false }
            i += 1
        }
        return true
    }

    var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(512)
        write(into: &out)
        return out
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Fast path: nothing to escape, copy the UTF-8 bytes at once.
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { buffer in
            guard !buffer.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c }) else { return false }
            out.append(contentsOf: buffer)
            return true
        }
        if copied != true {
            for byte in s.utf8 { appendEscaped(byte, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
        case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
        case 0x0c: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
        case 0x0a: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        case 0x0d: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
        case 0x00..<0x20:
            out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0")); out.append(UInt8(ascii: "0"))
            out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0x0f)])
        default: out.append(byte)
        }
    }
}

extension CanonicalValue {
    static func stringMap(_ map: [String: String]) -> CanonicalValue {
        .object(map.map { ($0.key, .string($0.value)) })
    }
}

/// Writes canonical JSON directly (no tree) for types with a fixed key order; the caller emits keys in
/// byte order. Maps are sorted here.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init() { bytes.reserveCapacity(640) }

    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func key(_ key: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        CanonicalValue.writeString(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = true
    }

    mutating func string(_ value: String) { CanonicalValue.writeString(value, into: &bytes) }
    mutating func unsigned(_ value: UInt64) { bytes.append(contentsOf: String(value).utf8) }
    mutating func signed(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    mutating func stringArray(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalValue.writeString(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func stringMap(_ map: [String: String]) {
        open()
        for key in map.keys.sorted(by: utf8Precedes) {
            self.key(key)
            string(map[key] ?? "")
        }
        close()
    }
}

/// Byte-wise order of the UTF-8 forms (the canonical key order).
func utf8Precedes(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            let n = min(x.count, y.count)
            if n > 0, let xa = x.baseAddress, let ya = y.baseAddress {
                let c = memcmp(xa, ya, n)
                if c != 0 { return c < 0 }
            }
            return x.count < y.count
        }
    }
}
