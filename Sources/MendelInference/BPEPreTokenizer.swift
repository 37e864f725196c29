/// Pre-tokenizers for byte-level BPE, by GGUF `tokenizer.ggml.pre`, reimplementing llama.cpp's
/// hand-written splitters (no regex engine).
public enum BPEPreTokenizer: Sendable, Equatable {
    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    case gpt2
    /// SmolLM: every `\p{N}` character on its own, then the GPT-2 rules within the rest.
    case smollm
    /// Llama 3: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
    case llama3

    public init(name: String) throws(InferenceError) {
        switch name {
        case "default", "gpt2", "gpt-2": self = .gpt2
        case "smollm": self = .smollm
        case "llama3", "llama-bpe", "llama-v3": self = .llama3
        default: throw .tokenizer(reason: "pre-tokenizer '\(name)' is not supported (gpt2, smollm, llama-bpe)")
        }
    }

    /// Splits text into words (as scalar slices).
    public func split(_ s: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        switch self {
        case .gpt2: return Self.gpt2(s, 0..<s.count)
        case .llama3: return Self.llama3(s, 0..<s.count)
        case .smollm:
            var out: [ArraySlice<Unicode.Scalar>] = []
            var start = 0
            for i in 0..<s.count where Self.isNumber(s[i]) {
                if start < i { out.append(contentsOf: Self.gpt2(s, start..<i)) }
                out.append(s[i..<(i + 1)])
                start = i + 1
            }
            if start < s.count { out.append(contentsOf: Self.gpt2(s, start..<s.count)) }
            return out
        }
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumber(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    /// llama.cpp's whitespace set.
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    private struct Cursor {
        let s: [Unicode.Scalar]
        let range: Range<Int>
        func cpt(_ p: Int) -> Unicode.Scalar? { range.contains(p) ? s[p] : nil }
        func letter(_ p: Int) -> Bool { cpt(p).map(BPEPreTokenizer.isLetter) ?? false }
        func number(_ p: Int) -> Bool { cpt(p).map(BPEPreTokenizer.isNumber) ?? false }
        func space(_ p: Int) -> Bool { cpt(p).map(BPEPreTokenizer.isWhitespace) ?? false }
        /// Neither whitespace, letter nor number (and inside the range).
        func other(_ p: Int) -> Bool { range.contains(p) && !space(p) && !letter(p) && !number(p) }
    }

    static func gpt2(_ s: [Unicode.Scalar], _ range: Range<Int>) -> [ArraySlice<Unicode.Scalar>] {
        var out: [ArraySlice<Unicode.Scalar>] = []
        let c = Cursor(s: s, range: range)
        var prev = range.lowerBound
        func add(_ end: Int) { if end > prev { out.append(s[prev..<end]) }; prev = end }
        var pos = range.lowerBound
        let end = range.upperBound
        while pos < end {
            let cpt = s[pos]
            if cpt == "'" && pos + 1 < end {
                let n = s[pos + 1]
                if n == "s" || n == "t" || n == "m" || n == "d" { pos += 2; add(pos); continue }
                if pos + 2 < end {
                    let nn = s[pos + 2]
                    if (n == "r" && nn == "e") || (n == "v" && nn == "e") || (n == "l" && nn == "l") { pos += 3; add(pos); continue }
                }
            }
            let probe = cpt == " " ? pos + 1 : pos
            if c.letter(probe) {
                pos = probe
                while c.letter(pos) { pos += 1 }
                add(pos); continue
            }
            if c.number(probe) {
                pos = probe
                while c.number(pos) { pos += 1 }
                add(pos); continue
            }
            if c.other(probe) {
                pos = probe
                while c.other(pos) { pos += 1 }
                add(pos); continue
            }
            var spaces = 0
            while c.space(pos + spaces) { spaces += 1 }
            if spaces > 1 && c.cpt(pos + spaces) != nil { pos += spaces - 1; add(pos); continue }
            if spaces > 0 { pos += spaces; add(pos); continue }
            pos += 1; add(pos)
        }
        return out
    }

    static func llama3(_ s: [Unicode.Scalar], _ range: Range<Int>) -> [ArraySlice<Unicode.Scalar>] {
        var out: [ArraySlice<Unicode.Scalar>] = []
        let c = Cursor(s: s, range: range)
        var prev = range.lowerBound
        func add(_ end: Int) { if end > prev { out.append(s[prev..<end]) }; prev = end }
        func lower(_ p: Int) -> Unicode.Scalar? {
            guard let x = c.cpt(p) else { return nil }
            return x.properties.lowercaseMapping.unicodeScalars.first
        }
        func isCRLF(_ p: Int) -> Bool { c.cpt(p) == "\r" || c.cpt(p) == "\n" }
        var pos = range.lowerBound
        let end = range.upperBound
        while pos < end {
            let cpt = s[pos]
            if cpt == "'" && pos + 1 < end {
                let n = lower(pos + 1)
                if n == "s" || n == "t" || n == "m" || n == "d" { pos += 2; add(pos); continue }
                if pos + 2 < end {
                    let nn = lower(pos + 2)
                    if (n == "r" && nn == "e") || (n == "v" && nn == "e") || (n == "l" && nn == "l") { pos += 3; add(pos); continue }
                }
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if !(cpt == "\r" || cpt == "\n" || c.number(pos)) {
                if c.letter(pos) || c.letter(pos + 1) {
                    pos += 1
                    while c.letter(pos) { pos += 1 }
                    add(pos); continue
                }
            }
            // \p{N}{1,3}
            if c.number(pos) {
                var n = 0
                while n < 3 && c.number(pos) { pos += 1; n += 1 }
                add(pos); continue
            }
            // ?[^\s\p{L}\p{N}]+[\r\n]*
            let probe = cpt == " " ? pos + 1 : pos
            if c.other(probe) {
                pos = probe
                while c.other(pos) { pos += 1 }
                while isCRLF(pos) { pos += 1 }
                add(pos); continue
            }
            var spaces = 0, lastEnd = 0
            while c.space(pos + spaces) {
                if isCRLF(pos + spaces) { lastEnd = spaces + 1 }
                spaces += 1
            }
            // \s*[\r\n]+
            if lastEnd > 0 { pos += lastEnd; add(pos); continue }
            if spaces > 1 && c.cpt(pos + spaces) != nil { pos += spaces - 1; add(pos); continue }
            if spaces > 0 { pos += spaces; add(pos); continue }
            pos += 1; add(pos)
        }
        return out
    }
}
