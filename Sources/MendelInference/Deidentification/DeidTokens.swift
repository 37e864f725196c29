/// A token of the de-identification scanner: a run of letters, a run of digits, a run mixing both, or one
/// punctuation scalar. Whitespace separates tokens and is recorded as flags on the following token.
struct DeidToken: Sendable {
    enum Kind: Sendable { case alpha, digits, alnum, punct }
    var start: Int
    var end: Int
    var kind: Kind
    /// Whitespace (of any kind) between this token and the previous one.
    var spaceBefore: Bool
    /// A line break between this token and the previous one (or the token starts the text).
    var lineBreakBefore: Bool
    var length: Int { end - start }
}

/// The input as Unicode scalars plus its tokens, with the small character helpers every rule uses.
struct DeidText {
    let s: [Unicode.Scalar]
    let tokens: [DeidToken]
    /// For each scalar offset, the index of the token covering it (or -1 for whitespace).
    let tokenAt: [Int32]
    /// Lower-cased text of each token (computed once: the rules compare words many times).
    let lowers: [String]

    init(_ text: String) {
        s = Array(text.unicodeScalars)
        var tokens: [DeidToken] = []
        var tokenAt = [Int32](repeating: -1, count: s.count)
        var i = 0
        var space = false
        var lineBreak = true
        while i < s.count {
            let c = s[i]
            if DeidText.isSpace(c) {
                space = true
                if c == "\n" || c == "\r" { lineBreak = true }
                i += 1
                continue
            }
            var j = i + 1
            let kind: DeidToken.Kind
            if DeidText.isLetter(c) || DeidText.isDigit(c) {
                var letters = DeidText.isLetter(c), digits = DeidText.isDigit(c)
                while j < s.count, DeidText.isLetter(s[j]) || DeidText.isDigit(s[j]) {
                    if DeidText.isLetter(s[j]) { letters = true } else { digits = true }
                    j += 1
                }
                kind = letters && digits ? .alnum : (letters ? .alpha : .digits)
            } else {
                kind = .punct
            }
            for k in i..<j { tokenAt[k] = Int32(tokens.count) }
            tokens.append(DeidToken(start: i, end: j, kind: kind, spaceBefore: space, lineBreakBefore: lineBreak))
            space = false
            lineBreak = false
            i = j
        }
        self.tokens = tokens
        self.tokenAt = tokenAt
        var lowers: [String] = []
        lowers.reserveCapacity(tokens.count)
        for token in tokens {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: s[token.start..<token.end])
            lowers.append(String(view).lowercased())
        }
        self.lowers = lowers
    }

    // MARK: token text

    func text(_ t: DeidToken) -> String { string(t.start, t.end) }
    func text(_ index: Int) -> String { index >= 0 && index < tokens.count ? text(tokens[index]) : "" }
    func lower(_ index: Int) -> String { index >= 0 && index < lowers.count ? lowers[index] : "" }

    func string(_ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[max(0, start)..<min(end, s.count)])
        return String(view)
    }

    /// Whether token `index` is the punctuation scalar `p`.
    func isPunct(_ index: Int, _ p: Unicode.Scalar) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .punct && s[tokens[index].start] == p
    }

    /// Token `index` starts with an upper-case letter followed by at least one lower-case letter ("Anna", "McKay").
    func isCapitalised(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .alpha, tokens[index].length >= 2 else { return false }
        let t = tokens[index]
        guard s[t.start].properties.isUppercase else { return false }
        for k in (t.start + 1)..<t.end where s[k].properties.isLowercase { return true }
        return false
    }

    /// Token `index` is letters only, all upper case, at least `minimum` long.
    func isAllCaps(_ index: Int, minimum: Int = 2) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .alpha, tokens[index].length >= minimum else { return false }
        let t = tokens[index]
        for k in t.start..<t.end where !s[k].properties.isUppercase { return false }
        return true
    }

    /// A single upper-case letter (an initial, usually followed by ".").
    func isInitial(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .alpha, tokens[index].length == 1 else { return false }
        return s[tokens[index].start].properties.isUppercase
    }

    /// Tokens `a` and `b` (a < b) are adjacent without whitespace.
    func touching(_ a: Int, _ b: Int) -> Bool {
        a >= 0 && b < tokens.count && tokens[a].end == tokens[b].start
    }

    func digitsValue(_ index: Int) -> Int? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .digits, tokens[index].length <= 9 else { return nil }
        var v = 0
        for k in tokens[index].start..<tokens[index].end { v = v * 10 + Int(s[k].value - 48) }
        return v
    }

    // MARK: scalar classes

    @inline(__always) static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    @inline(__always) static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 128 { return (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) }
        return c.properties.isAlphabetic
    }
    @inline(__always) static func isAlnum(_ c: Unicode.Scalar) -> Bool { isDigit(c) || isLetter(c) }
    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\n" || c == "\r" || c == "\t" || c.properties.isWhitespace
    }
    @inline(__always) static func isHex(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c.value >= 65 && c.value <= 70) || (c.value >= 97 && c.value <= 102)
    }
}

/// A span the rules propose to replace.
struct PHICandidate: Sendable {
    var start: Int
    var end: Int
    var category: PHICategory
    var rule: String
    /// The replacement text; for dates it is computed by the date shifter.
    var replacement: String
    /// Higher wins when spans overlap.
    var priority: Int
}
