import MendelCore

/// The subset of JSON Schema used for constrained decoding: `type` object (properties, required),
/// array (items, minItems, maxItems), string (enum, maxLength), number, integer, boolean, null, and
/// `enum`/`const` of any scalar values. Objects accept only their declared properties.
public struct JSONSchema: Sendable, Hashable {
    indirect enum Node: Sendable, Hashable {
        case object(properties: [(name: String, node: Node)], required: Set<String>)
        case array(items: Node, minItems: Int, maxItems: Int)
        case string(maxLength: Int?)
        case number(integer: Bool)
        case boolean
        case null
        /// Exact JSON texts (enum/const values, canonical form).
        case literals([String])

        static func == (a: Node, b: Node) -> Bool { a.key == b.key }
        func hash(into hasher: inout Hasher) { hasher.combine(key) }
        private var key: String {
            switch self {
            case .object(let p, let r): "o{" + p.map { "\($0.name):\($0.node.key)" }.joined(separator: ",") + "}" + r.sorted().joined(separator: ",")
            case .array(let i, let lo, let hi): "a[\(i.key)]\(lo),\(hi)"
            case .string(let m): "s\(m ?? -1)"
            case .number(let i): "n\(i)"
            case .boolean: "b"
            case .null: "z"
            case .literals(let l): "l" + l.joined(separator: "|")
            }
        }
    }

    let root: Node

    /// Parses a schema given as a JSON value.
    public init(_ value: JSONValue) throws(InferenceError) {
        root = try Self.parse(value, path: "$")
    }

    private static func parse(_ value: JSONValue, path: String) throws(InferenceError) -> Node {
        guard let o = value.objectValue else { throw .schema(reason: "\(path) is not a schema object") }
        if let values = o["enum"]?.arrayValue {
            guard !values.isEmpty else { throw .schema(reason: "\(path).enum is empty") }
            return .literals(try values.map { v throws(InferenceError) in try literal(v, path: path + ".enum") })
        }
        if let c = o["const"] { return .literals([try literal(c, path: path + ".const")]) }
        guard let type = o["type"]?.stringValue else {
            throw .schema(reason: "\(path) has no supported type (object, array, string, number, integer, boolean, null)")
        }
        switch type {
        case "object":
            var props: [(name: String, node: Node)] = []
            if let p = o["properties"]?.objectValue {
                for name in p.keys.sorted() {
                    guard let sub = p[name] else { continue }
                    guard !name.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                        throw .schema(reason: "\(path) property names needing escapes are not supported")
                    }
                    props.append((name, try parse(sub, path: path + "." + name)))
                }
            }
            guard props.count <= 64 else { throw .schema(reason: "\(path) has more than 64 properties") }
            let required = Set((o["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            for r in required where !props.contains(where: { $0.name == r }) {
                throw .schema(reason: "\(path) requires an undeclared property")
            }
            return .object(properties: props, required: required)
        case "array":
            guard let items = o["items"] else { throw .schema(reason: "\(path) array has no items schema") }
            let lo = o["minItems"]?.doubleValue.map { Int($0) } ?? 0
            let hi = o["maxItems"]?.doubleValue.map { Int($0) } ?? Int.max
            guard lo >= 0, hi >= lo else { throw .schema(reason: "\(path) has minItems > maxItems") }
            return .array(items: try parse(items, path: path + "[]"), minItems: lo, maxItems: hi)
        case "string": return .string(maxLength: o["maxLength"]?.doubleValue.map { Int($0) })
        case "number": return .number(integer: false)
        case "integer": return .number(integer: true)
        case "boolean": return .boolean
        case "null": return .null
        default: throw .schema(reason: "\(path) type \(type) is not supported")
        }
    }

    private static func literal(_ v: JSONValue, path: String) throws(InferenceError) -> String {
        switch v {
        case .string(let s): return jsonQuoted(s)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        default: throw .schema(reason: "\(path) values must be strings, numbers, booleans or null")
        }
    }

    static func jsonQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
