import MendelCore
import Yams

/// Reads one policy file's YAML tree and turns every problem into a line-numbered `PolicyError.invalid`.
struct YAMLReader {
    /// The file name used in error messages (e.g. `Policies/access.yaml`).
    let file: String

    /// Parses `text`; an empty document is an error.
    func root(of text: String) throws(PolicyError) -> Node {
        let parsed: Node?
        do {
            parsed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw translate(error)
        } catch {
            throw .invalid(file: file, line: 1, column: 1, message: "YAML error")
        }
        guard let parsed else { throw .invalid(file: file, line: 1, column: 1, message: "the file is empty") }
        return parsed
    }

    func fail(_ node: Node?, _ message: String) -> PolicyError {
        .invalid(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    /// The pairs of a mapping, checking every key is a plain string from `allowed`.
    func mapping(_ node: Node, what: String, allowed: Set<String>? = nil) throws(PolicyError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw fail(node, "\(what) must be a mapping (key: value), found \(kind(node))") }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { throw fail(keyNode, "keys in \(what) must be plain strings") }
            if let allowed, !allowed.contains(key) {
                throw fail(keyNode, "unknown key '\(key)' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            pairs.append((key, keyNode, value))
        }
        return pairs
    }

    func string(_ node: Node, what: String) throws(PolicyError) -> String {
        guard let scalar = node.scalar, tagName(node) == .str else {
            throw fail(node, "\(what) must be a string, found \(kind(node))")
        }
        return scalar.string
    }

    func int(_ node: Node, what: String) throws(PolicyError) -> Int {
        guard node.scalar != nil, tagName(node) == .int, let value = node.int else {
            throw fail(node, "\(what) must be an integer, found \(kind(node))")
        }
        return value
    }

    func double(_ node: Node, what: String) throws(PolicyError) -> Double {
        guard node.scalar != nil, tagName(node) == .int || tagName(node) == .float, let value = node.float else {
            throw fail(node, "\(what) must be a number, found \(kind(node))")
        }
        return value
    }

    func bool(_ node: Node, what: String) throws(PolicyError) -> Bool {
        guard node.scalar != nil, tagName(node) == .bool, let value = node.bool else {
            throw fail(node, "\(what) must be true or false, found \(kind(node))")
        }
        return value
    }

    func sequence(_ node: Node, what: String) throws(PolicyError) -> [Node] {
        guard let sequence = node.sequence else { throw fail(node, "\(what) must be a list, found \(kind(node))") }
        return Array(sequence)
    }

    func strings(_ node: Node, what: String) throws(PolicyError) -> [String] {
        var out: [String] = []
        for item in try sequence(node, what: what) { out.append(try string(item, what: "each entry of \(what)")) }
        return out
    }

    /// Checks the optional `version:` key (must be 1).
    func checkVersion(_ node: Node) throws(PolicyError) {
        let value = try int(node, what: "version")
        guard value == 1 else { throw fail(node, "unsupported version \(value) (this build reads version 1)") }
    }

    /// The whole YAML tree as a JSON value (scalars typed by the YAML core schema).
    func json(_ node: Node) throws(PolicyError) -> JSONValue {
        switch node {
        case .scalar:
            switch tagName(node) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(node.scalar?.string ?? "")
            case .int, .float: return node.float.map(JSONValue.number) ?? .string(node.scalar?.string ?? "")
            default: return .string(node.scalar?.string ?? "")
            }
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try json(item)) }
            return .array(items)
        case .mapping:
            var object: [String: JSONValue] = [:]
            for pair in try mapping(node, what: "a mapping") { object[pair.key] = try json(pair.value) }
            return .object(object)
        case .alias:
            throw fail(node, "YAML aliases are not supported in policy files")
        }
    }

    /// The resolved YAML core-schema tag of a node.
    func tagName(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    func kind(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar:
            switch tagName(node) {
            case .null: "null"
            case .bool: "a boolean"
            case .int: "an integer"
            case .float: "a number"
            default: "a string"
            }
        }
    }

    private func translate(_ error: YamlError) -> PolicyError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .invalid(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .invalid(file: file, line: context.mark.line, column: context.mark.column,
                            message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return .invalid(file: file, line: 1, column: 1, message: "YAML reader: \(problem)")
        default:
            return .invalid(file: file, line: 1, column: 1, message: "YAML error")
        }
    }
}
