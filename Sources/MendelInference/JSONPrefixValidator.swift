/// Incremental byte-level validator: accepts bytes while they form a prefix of some JSON text valid
/// for a `JSONSchema`. Value type, so a copy can try a candidate token without disturbing the original.
struct JSONPrefixValidator: Sendable {
    typealias Node = JSONSchema.Node

    enum ObjectPhase: Sendable, Equatable { case start, expectKey, inKey([UInt8]), expectColon(Int), afterValue }
    enum ArrayPhase: Sendable { case start, expectValue, afterValue }
    enum NumberPhase: Sendable { case start, minus, zero, int, dot, frac, e, eSign, exp }

    enum Frame: Sendable {
        case value(Node)
        case object(properties: [(name: String, node: Node)], required: Set<String>, phase: ObjectPhase, seen: UInt64)
        case array(items: Node, min: Int, max: Int, phase: ArrayPhase, count: Int)
        case string(escape: Int, length: Int, maxLength: Int?, pending: Int)
        case literal(options: [[UInt8]], matched: Int)
        case number(phase: NumberPhase, integer: Bool, digits: Int)
    }

    private enum Step { case consumed, completed, reject, popAndRefeed }

    private(set) var stack: [Frame]
    /// Whitespace between structural tokens: at most one newline, then at most `maxIndent` spaces
    /// (no tabs or carriage returns), so a model cannot fill its budget with blank output.
    private var gapNewline = false
    private var gapSpaces = 0
    static let maxIndent = 8

    init(schema: JSONSchema) { stack = [.value(schema.root)] }

    /// True when the bytes so far form a complete valid value.
    var isComplete: Bool {
        if stack.isEmpty { return true }
        guard stack.count == 1 else { return false }
        switch stack[0] {
        case .number(let phase, _, _): return Self.accepting(phase)
        case .literal(let options, let matched): return options.contains { $0.count == matched }
        default: return false
        }
    }

    /// A shortest byte string that completes the current prefix into a valid value (used to close the
    /// output when the token budget runs out).
    var minimalCompletion: [UInt8] {
        var out: [UInt8] = []
        for frame in stack.reversed() { out += Self.completion(of: frame) }
        return out
    }

    private static func minimalValue(_ node: Node) -> [UInt8] {
        switch node {
        case .object(let props, let required):
            let parts = props.filter { required.contains($0.name) }.map { Array("\"\($0.name)\":".utf8) + minimalValue($0.node) }
            return [UInt8(ascii: "{")] + Array(parts.joined(separator: [UInt8(ascii: ",")])) + [UInt8(ascii: "}")]
        case .array(let items, let lo, _):
            let parts = Array(repeating: minimalValue(items), count: lo)
            return [UInt8(ascii: "[")] + Array(parts.joined(separator: [UInt8(ascii: ",")])) + [UInt8(ascii: "]")]
        case .string: return Array("\"\"".utf8)
        case .number: return [UInt8(ascii: "0")]
        case .boolean: return Array("true".utf8)
        case .null: return Array("null".utf8)
        case .literals(let texts): return Array((texts.min { $0.utf8.count < $1.utf8.count } ?? "").utf8)
        }
    }

    private static func completion(of frame: Frame) -> [UInt8] {
        let comma = UInt8(ascii: ",")
        switch frame {
        case .value(let node): return minimalValue(node)
        case .literal(let options, let matched):
            let rest = options.filter { $0.count >= matched }.min { $0.count < $1.count } ?? []
            return Array(rest.dropFirst(matched))
        case .number(let phase, _, _): return accepting(phase) ? [] : [UInt8(ascii: "0")]
        case .string(let escape, _, _, let pending):
            var out = [UInt8](repeating: 0xBF, count: pending)
            if escape == 1 { out.append(UInt8(ascii: "n")) }
            if escape >= 2 { out += [UInt8](repeating: UInt8(ascii: "0"), count: escape - 1) }
            return out + [UInt8(ascii: "\"")]
        case .array(let items, let lo, _, let phase, let count):
            var out: [UInt8] = []
            var n = count
            if case .expectValue = phase { out += minimalValue(items) }
            else if case .start = phase, lo > 0 { out += minimalValue(items); n += 1 }
            while n < lo { out += [comma] + minimalValue(items); n += 1 }
            return out + [UInt8(ascii: "]")]
        case .object(let props, let required, let phase, let seen):
            var out: [UInt8] = []
            var seen = seen
            var needComma = true
            switch phase {
            case .start: needComma = false
            case .afterValue: break
            case .expectKey, .inKey:
                // Finish (or start) a key: prefer a missing required one that fits the typed prefix.
                var typed: [UInt8] = []
                if case .inKey(let m) = phase { typed = m } else { out.append(UInt8(ascii: "\"")) }
                let fits = props.indices.filter { seen & (1 << UInt64($0)) == 0 && props[$0].name.utf8.starts(with: typed) }
                let pick = fits.first { required.contains(props[$0].name) } ?? fits.first ?? 0
                out += Array(props[pick].name.utf8.dropFirst(typed.count)) + Array("\":".utf8) + minimalValue(props[pick].node)
                seen |= 1 << UInt64(pick)
            case .expectColon(let i): out += [UInt8(ascii: ":")] + minimalValue(props[i].node)
            }
            for (i, p) in props.enumerated() where required.contains(p.name) && seen & (1 << UInt64(i)) == 0 {
                if needComma { out.append(comma) }
                out += Array("\"\(p.name)\":".utf8) + minimalValue(p.node)
                needComma = true
            }
            return out + [UInt8(ascii: "}")]
        }
    }

    /// True when more bytes could still be accepted.
    var canContinue: Bool { !stack.isEmpty }

    /// Feeds all bytes; false (and unspecified state) if any is rejected.
    mutating func feed<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        for b in bytes where !feed(b) { return false }
        return true
    }

    mutating func feed(_ b: UInt8) -> Bool {
        while true {
            guard let top = stack.last else { return false }
            switch step(top, b) {
            case .consumed: return true
            case .completed: stack.removeLast(); return true
            case .reject: return false
            case .popAndRefeed: stack.removeLast()
            }
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func accepting(_ p: NumberPhase) -> Bool {
        switch p { case .zero, .int, .frac, .exp: true; default: false }
    }

    private mutating func space(_ b: UInt8) -> Step {
        if stack.count == 1, case .value = stack[0] { return .reject }  // no leading whitespace
        if b == 0x0A, !gapNewline, gapSpaces == 0 { gapNewline = true; return .consumed }
        if b == 0x20, gapSpaces < Self.maxIndent { gapSpaces += 1; return .consumed }
        return .reject
    }

    private mutating func endGap() { gapNewline = false; gapSpaces = 0 }

    private mutating func replaceTop(_ f: Frame) { stack[stack.count - 1] = f }

    private mutating func step(_ frame: Frame, _ b: UInt8) -> Step {
        switch frame {
        case .value(let node):
            if Self.isSpace(b) { return space(b) }
            endGap()
            switch node {
            case .object(let p, let r):
                guard b == UInt8(ascii: "{") else { return .reject }
                replaceTop(.object(properties: p, required: r, phase: .start, seen: 0)); return .consumed
            case .array(let items, let lo, let hi):
                guard b == UInt8(ascii: "[") else { return .reject }
                replaceTop(.array(items: items, min: lo, max: hi, phase: .start, count: 0)); return .consumed
            case .string(let maxLength):
                guard b == UInt8(ascii: "\"") else { return .reject }
                replaceTop(.string(escape: 0, length: 0, maxLength: maxLength, pending: 0)); return .consumed
            case .number(let integer):
                guard b == UInt8(ascii: "-") || Self.isDigit(b) else { return .reject }
                replaceTop(.number(phase: .start, integer: integer, digits: 0))
                return step(stack[stack.count - 1], b)
            case .boolean:
                replaceTop(.literal(options: [Array("true".utf8), Array("false".utf8)], matched: 0))
                return step(stack[stack.count - 1], b)
            case .null:
                replaceTop(.literal(options: [Array("null".utf8)], matched: 0))
                return step(stack[stack.count - 1], b)
            case .literals(let texts):
                replaceTop(.literal(options: texts.map { Array($0.utf8) }, matched: 0))
                return step(stack[stack.count - 1], b)
            }

        case .literal(let options, let matched):
            let next = options.filter { $0.count > matched && $0[matched] == b }
            if next.isEmpty { return options.contains { $0.count == matched } ? .popAndRefeed : .reject }
            if next.count == 1 && next[0].count == matched + 1 { return .completed }
            replaceTop(.literal(options: next, matched: matched + 1))
            return .consumed

        case .number(let phase, let integer, let digits):
            let digit = Self.isDigit(b)
            var np: NumberPhase? = nil
            switch phase {
            case .start: np = b == UInt8(ascii: "-") ? .minus : b == UInt8(ascii: "0") ? .zero : digit ? .int : nil
            case .minus: np = b == UInt8(ascii: "0") ? .zero : digit ? .int : nil
            case .zero, .int:
                if phase == .int && digit { np = .int }
                else if !integer && b == UInt8(ascii: ".") { np = .dot }
                else if !integer && (b == UInt8(ascii: "e") || b == UInt8(ascii: "E")) { np = .e }
            case .dot: np = digit ? .frac : nil
            case .frac:
                if digit { np = .frac } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { np = .e }
            case .e: np = (b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) ? .eSign : digit ? .exp : nil
            case .eSign, .exp: np = digit ? .exp : nil
            }
            guard let np else { return Self.accepting(phase) ? .popAndRefeed : .reject }
            let d = digits + (digit ? 1 : 0)
            guard d <= 20 else { return .reject }
            replaceTop(.number(phase: np, integer: integer, digits: d))
            return .consumed

        case .string(let escape, let length, let maxLength, let pending):
            if pending > 0 {
                guard b & 0xC0 == 0x80 else { return .reject }
                replaceTop(.string(escape: 0, length: length, maxLength: maxLength, pending: pending - 1)); return .consumed
            }
            if escape == 1 {
                if b == UInt8(ascii: "u") { replaceTop(.string(escape: 5, length: length, maxLength: maxLength, pending: 0)); return .consumed }
                guard "\"\\/bfnrt".utf8.contains(b) else { return .reject }
                replaceTop(.string(escape: 0, length: length, maxLength: maxLength, pending: 0)); return .consumed
            }
            if escape >= 2 {
                let hex = Self.isDigit(b) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "f"))
                guard hex else { return .reject }
                replaceTop(.string(escape: escape == 2 ? 0 : escape - 1, length: length, maxLength: maxLength, pending: 0))
                return .consumed
            }
            if b == UInt8(ascii: "\"") { return .completed }
            if let maxLength, length >= maxLength { return .reject }
            if b == UInt8(ascii: "\\") {
                replaceTop(.string(escape: 1, length: length + 1, maxLength: maxLength, pending: 0)); return .consumed
            }
            if b < 0x20 { return .reject }
            var need = 0
            if b >= 0x80 {
                switch b {
                case 0xC2...0xDF: need = 1
                case 0xE0...0xEF: need = 2
                case 0xF0...0xF4: need = 3
                default: return .reject
                }
            }
            replaceTop(.string(escape: 0, length: length + 1, maxLength: maxLength, pending: need))
            return .consumed

        case .array(let items, let lo, let hi, let phase, let count):
            if Self.isSpace(b) { return space(b) }
            endGap()
            switch phase {
            case .start, .expectValue:
                if phase == .start && b == UInt8(ascii: "]") { return lo == 0 ? .completed : .reject }
                guard count < hi else { return .reject }
                replaceTop(.array(items: items, min: lo, max: hi, phase: .afterValue, count: count + 1))
                stack.append(.value(items))
                return step(.value(items), b)
            case .afterValue:
                if b == UInt8(ascii: "]") { return count >= lo ? .completed : .reject }
                if b == UInt8(ascii: ",") && count < hi {
                    replaceTop(.array(items: items, min: lo, max: hi, phase: .expectValue, count: count)); return .consumed
                }
                return .reject
            }

        case .object(let props, let required, let phase, let seen):
            if case .inKey(let matched) = phase {
                if b == UInt8(ascii: "\"") {
                    guard let i = props.indices.first(where: { seen & (1 << UInt64($0)) == 0 && Array(props[$0].name.utf8) == matched })
                    else { return .reject }
                    replaceTop(.object(properties: props, required: required, phase: .expectColon(i), seen: seen | (1 << UInt64(i))))
                    return .consumed
                }
                let extended = matched + [b]
                let ok = props.indices.contains { i in
                    seen & (1 << UInt64(i)) == 0 && props[i].name.utf8.starts(with: extended)
                }
                guard ok else { return .reject }
                replaceTop(.object(properties: props, required: required, phase: .inKey(extended), seen: seen))
                return .consumed
            }
            if Self.isSpace(b) { return space(b) }
            endGap()
            let allRequired = props.indices.allSatisfy { !required.contains(props[$0].name) || seen & (1 << UInt64($0)) != 0 }
            let unseenLeft = props.indices.contains { seen & (1 << UInt64($0)) == 0 }
            switch phase {
            case .start, .expectKey:
                if b == UInt8(ascii: "}") && phase == .start { return allRequired ? .completed : .reject }
                guard b == UInt8(ascii: "\""), unseenLeft else { return .reject }
                replaceTop(.object(properties: props, required: required, phase: .inKey([]), seen: seen)); return .consumed
            case .expectColon(let i):
                guard b == UInt8(ascii: ":") else { return .reject }
                replaceTop(.object(properties: props, required: required, phase: .afterValue, seen: seen))
                stack.append(.value(props[i].node))
                return .consumed
            case .afterValue:
                if b == UInt8(ascii: "}") { return allRequired ? .completed : .reject }
                guard b == UInt8(ascii: ","), unseenLeft else { return .reject }
                replaceTop(.object(properties: props, required: required, phase: .expectKey, seen: seen)); return .consumed
            case .inKey: return .reject
            }
        }
    }
}

/// Token-level constraint for a `JSONSchema` over a BPE vocabulary.
struct JSONConstraint {
    private var validator: JSONPrefixValidator
    /// Decoded bytes of every token (shared with the tokenizer, not copied).
    private let tokenBytes: [[UInt8]]

    init(schema: JSONSchema, tokenizer: BPETokenizer) throws(InferenceError) {
        validator = JSONPrefixValidator(schema: schema)
        tokenBytes = tokenizer.decodedBytes
    }

    var isComplete: Bool { validator.isComplete }
    var canContinue: Bool { validator.canContinue }

    /// Whether `token` may come next (end ids only once the value is complete).
    func allows(_ token: Int, endIDs: Set<Int32>) -> Bool {
        if endIDs.contains(Int32(token)) { return validator.isComplete }
        let bytes = tokenBytes[token]
        guard !bytes.isEmpty else { return false }
        var copy = validator
        return copy.feed(bytes)
    }

    /// Picks the next token: greedy takes the best allowed token; sampling samples among allowed ones.
    /// When `remaining` tokens barely cover the shortest completion, only tokens that follow that
    /// completion are allowed, so the output still closes within the budget.
    mutating func choose(logits: [Float], sampler: inout Sampler, endIDs: Set<Int32>, remaining: Int) -> Int32? {
        let closing = validator.minimalCompletion
        if !validator.isComplete && remaining <= closing.count + 1 {
            var best: Int? = nil
            for i in logits.indices where !tokenBytes[i].isEmpty && closing.starts(with: tokenBytes[i]) {
                if best == nil || logits[i] > logits[best!] { best = i }
            }
            return best.map { Int32($0) }
        }
        if sampler.parameters.temperature <= 0 {
            if let best = Sampler.argmax(logits), allows(best, endIDs: endIDs) { return Int32(best) }
            let order = logits.indices.sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
            for i in order where allows(i, endIDs: endIDs) { return Int32(i) }
            return nil
        }
        let mask = logits.indices.map { allows($0, endIDs: endIDs) }
        return sampler.sample(logits, allowed: mask).map { Int32($0) }
    }

    mutating func advance(token: Int32) {
        _ = validator.feed(tokenBytes[Int(token)])
    }
}
