/// A small JSON parser for audit lines: objects, arrays, strings and integers (what `CanonicalValue`
/// writes; `true`/`false`/`null` and fractions are rejected). It is not a canonical-form checker: callers
/// re-encode the parsed value and compare bytes, which rejects every other spelling of the same value.
/// Error messages give a byte offset, never content.
struct CanonicalParser {
    struct Failure: Error, Equatable {
        let message: String
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int
    private var depth = 0

    static func parse(_ bytes: ArraySlice<UInt8>) throws(Failure) -> CanonicalValue {
        var parser = CanonicalParser(bytes: bytes, index: bytes.startIndex)
        let value = try parser.value()
        guard parser.index == bytes.endIndex else { throw parser.fail("trailing bytes") }
        return value
    }

    private func fail(_ what: String) -> Failure {
        Failure(message: "\(what) at byte \(index - bytes.startIndex)")
    }

    /// Skips JSON whitespace (accepted here so that a re-spaced line is reported as non-canonical, not
    /// as malformed).
    private mutating func skipSpace() {
        while index < bytes.endIndex, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws(Failure) -> CanonicalValue {
        skipSpace()
        defer { skipSpace() }
        guard index < bytes.endIndex else { throw fail("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try integer()
        default: throw fail("unexpected byte")
        }
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func object() throws(Failure) -> CanonicalValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 16 else { throw fail("nesting too deep") }
        try expect(UInt8(ascii: "{"))
        var fields: [(String, CanonicalValue)] = []
        skipSpace()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
        while true {
            skipSpace()
            let key = try string()
            try expect(UInt8(ascii: ":"))
            fields.append((key, try value()))
            guard index < bytes.endIndex else { throw fail("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            // Re-encoding keeps every pair, so duplicates must be caught here.
            let keys = fields.map(\.0)
            let sortedKeys = keys.sorted(by: utf8Precedes)
            for i in sortedKeys.indices.dropFirst() where sortedKeys[i] == sortedKeys[i - 1] {
                throw fail("duplicate key")
            }
            return .object(fields)
        }
    }

    private mutating func array() throws(Failure) -> CanonicalValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 16 else { throw fail("nesting too deep") }
        try expect(UInt8(ascii: "["))
        var items: [CanonicalValue] = []
        skipSpace()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try value())
            guard index < bytes.endIndex else { throw fail("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "]"))
            return .array(items)
        }
    }

    private mutating func integer() throws(Failure) -> CanonicalValue {
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var magnitude: UInt64 = 0
        let start = index
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw fail("integer out of range") }
            magnitude = m2
            index += 1
        }
        guard index > start else { throw fail("expected digits") }
        if index < bytes.endIndex, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            throw fail("numbers must be integers")
        }
        guard negative else { return .unsigned(magnitude) }
        guard magnitude <= UInt64(Int64.max) else { throw fail("integer out of range") }
        return .signed(-Int64(magnitude))
    }

    private mutating func string() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        // Fast path: no escapes.
        while index < bytes.endIndex {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.endIndex {
            let c = bytes[index]
            index += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.endIndex else { throw fail("unexpected end") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 1 < bytes.endIndex, bytes[index] == UInt8(ascii: "\\"),
                              bytes[index + 1] == UInt8(ascii: "u") else { throw fail("unpaired surrogate") }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("invalid escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail("invalid escape")
                }
            case 0..<0x20:
                throw fail("control character in string")
            default:
                out.append(c)
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.endIndex else { throw fail("unexpected end") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}

/// Typed access to a parsed object, with errors that name the field path (never its value).
struct CanonicalFields {
    let fields: [(String, CanonicalValue)]
    let path: String

    init(_ value: CanonicalValue, path: String) throws(CanonicalParser.Failure) {
        guard case .object(let fields) = value else {
            throw CanonicalParser.Failure(message: "\(path.isEmpty ? "line" : path) is not an object")
        }
        self.fields = fields
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private func lookup(_ key: String) -> CanonicalValue? {
        fields.first { $0.0 == key }?.1
    }

    private func required(_ key: String) throws(CanonicalParser.Failure) -> CanonicalValue {
        guard let value = lookup(key) else { throw CanonicalParser.Failure(message: "missing field \(name(key))") }
        return value
    }

    func string(_ key: String) throws(CanonicalParser.Failure) -> String {
        guard case .string(let s) = try required(key) else { throw CanonicalParser.Failure(message: "wrong type at \(name(key))") }
        return s
    }

    func optionalString(_ key: String) throws(CanonicalParser.Failure) -> String? {
        guard lookup(key) != nil else { return nil }
        return try string(key)
    }

    func unsigned(_ key: String) throws(CanonicalParser.Failure) -> UInt64 {
        guard case .unsigned(let n) = try required(key) else { throw CanonicalParser.Failure(message: "wrong type at \(name(key))") }
        return n
    }

    func signed(_ key: String) throws(CanonicalParser.Failure) -> Int64 {
        switch try required(key) {
        case .unsigned(let n) where n <= UInt64(Int64.max): return Int64(n)
        case .signed(let n): return n
        default: throw CanonicalParser.Failure(message: "wrong type at \(name(key))")
        }
    }

    func stringArray(_ key: String) throws(CanonicalParser.Failure) -> [String] {
        guard case .array(let items) = try required(key) else { throw CanonicalParser.Failure(message: "wrong type at \(name(key))") }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard case .string(let s) = item else { throw CanonicalParser.Failure(message: "wrong type in \(name(key))") }
            result.append(s)
        }
        return result
    }

    func stringMap(_ key: String) throws(CanonicalParser.Failure) -> [String: String] {
        let object = try CanonicalFields(try required(key), path: name(key))
        var result: [String: String] = [:]
        for (k, v) in object.fields {
            guard case .string(let s) = v else { throw CanonicalParser.Failure(message: "wrong type in \(name(key))") }
            result[k] = s
        }
        return result
    }

    func object(_ key: String) throws(CanonicalParser.Failure) -> CanonicalFields {
        try CanonicalFields(try required(key), path: name(key))
    }

    func optionalObject(_ key: String) throws(CanonicalParser.Failure) -> CanonicalFields? {
        guard lookup(key) != nil else { return nil }
        return try object(key)
    }
}
