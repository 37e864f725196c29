/// A parsed HGVS variant description such as `NM_000138.5(FBN1):c.1585C>T` or `p.(Arg529*)`.
public struct HGVSExpression: Sendable, Hashable, Codable {
    /// Reference sequence accession without version (`NM_000138`), if written.
    public var referenceAccession: String?
    /// Version of the accession (`5`), if written.
    public var referenceVersion: Int?
    /// Gene in parentheses after the accession (`FBN1`), if written.
    public var referenceGene: String?
    /// Coordinate type: `c`, `g`, `m`, `n`, `r` or `p`.
    public var level: String
    /// The description after `level.` (`1585C>T`, `(Arg529*)`).
    public var change: String
}

/// Scans text for HGVS expressions and rsIDs with a hand-written scanner (no regular expressions).
enum HGVSScanner {
    static let accessionPrefixes = ["NM_", "NR_", "NC_", "NG_", "NP_", "XM_", "XR_", "XP_", "LRG_", "ENST", "ENSP", "ENSG"]

    static func scan(_ s: [Unicode.Scalar]) -> [GeneMention] {
        var result: [GeneMention] = []
        var i = 0
        let n = s.count
        while i < n {
            let boundary = i == 0 || !isAlnum(s[i - 1])
            guard boundary else { i += 1; continue }
            // rsID
            if i + 2 < n, s[i] == "r" || s[i] == "R", s[i + 1] == "s" || s[i + 1] == "S", isDigit(s[i + 2]) {
                var j = i + 2
                while j < n, isDigit(s[j]) { j += 1 }
                if j == n || !isAlnum(s[j]) {
                    let text = "rs" + string(s[(i + 2)..<j])
                    result.append(GeneMention(kind: .rsID, start: i, end: j, text: text, symbol: nil, ncbiGeneID: nil,
                                              hgvs: nil, rule: "rsid", confidence: 0.99))
                    i = j
                    continue
                }
            }
            if let (expression, end) = parse(s, at: i) {
                result.append(GeneMention(kind: .hgvs, start: i, end: end, text: string(s[i..<end]), symbol: nil,
                                          ncbiGeneID: nil, hgvs: expression, rule: "hgvs", confidence: 0.99))
                i = end
                continue
            }
            i += 1
        }
        return result
    }

    /// Parses `[accession[(GENE)]:]level.change` starting at `i`.
    static func parse(_ s: [Unicode.Scalar], at start: Int) -> (HGVSExpression, Int)? {
        let n = s.count
        var i = start
        var accession: String?
        var version: Int?
        var gene: String?
        for prefix in accessionPrefixes where matches(s, at: i, prefix) {
            var j = i + prefix.unicodeScalars.count
            let digitsStart = j
            while j < n, isDigit(s[j]) { j += 1 }
            guard j > digitsStart else { break }
            var acc = string(s[i..<j])
            if j + 1 < n, s[j] == ".", isDigit(s[j + 1]) {
                var k = j + 1
                while k < n, isDigit(s[k]) { k += 1 }
                version = Int(string(s[(j + 1)..<k]))
                j = k
            }
            if j < n, s[j] == "(" {
                var k = j + 1
                while k < n, isAlnum(s[k]) || s[k] == "-" { k += 1 }
                if k < n, s[k] == ")", k > j + 1 { gene = string(s[(j + 1)..<k]); j = k + 1 }
            }
            guard j < n, s[j] == ":" else { return nil }
            if acc.hasSuffix("_") { acc.removeLast() }
            accession = acc
            i = j + 1
            while i < n, s[i] == " " { i += 1 }
            break
        }
        guard i + 2 < n, "cgmnrp".unicodeScalars.contains(s[i]), s[i + 1] == "." else { return nil }
        if accession == nil, i > 0, isAlnum(s[i - 1]) { return nil }
        let level = String(Character(s[i]))
        let bodyStart = i + 2
        var j = bodyStart
        var depth = 0
        while j < n {
            let c = s[j]
            if c == "(" || c == "[" { depth += 1 } else if c == ")" || c == "]" {
                if depth == 0 { break }
                depth -= 1
            } else if !(isAlnum(c) || "_+-*>=?.:;".unicodeScalars.contains(c)) {
                break
            }
            j += 1
        }
        // Trailing sentence punctuation is not part of the expression.
        while j > bodyStart, ".;:".unicodeScalars.contains(s[j - 1]) { j -= 1 }
        guard j > bodyStart else { return nil }
        let body = string(s[bodyStart..<j])
        guard isValid(level: level, body: body) else { return nil }
        return (HGVSExpression(referenceAccession: accession, referenceVersion: version, referenceGene: gene,
                               level: level, change: body), j)
    }

    static func isValid(level: String, body: String) -> Bool {
        let scalars = Array(body.unicodeScalars)
        guard let first = scalars.first else { return false }
        let hasDigit = scalars.contains(where: isDigit)
        if level == "p" {
            if body == "=" || body == "?" || body == "0" || body == "(=)" || body == "0?" { return true }
            let afterParen = first == "(" ? scalars.dropFirst().first : first
            guard let head = afterParen, head.properties.isUppercase || head == "*" else { return false }
            return hasDigit
        }
        guard isDigit(first) || first == "-" || first == "*" || first == "(" else { return false }
        guard hasDigit else { return false }
        return body.contains(">") || body.contains("del") || body.contains("dup") || body.contains("ins")
            || body.contains("inv") || body.contains("=") || body.contains("[") || body.contains("con")
    }

    @inline(__always) static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    @inline(__always) static func isAlnum(_ c: Unicode.Scalar) -> Bool { Tokenizer.isWordScalar(c) }

    static func matches(_ s: [Unicode.Scalar], at i: Int, _ prefix: String) -> Bool {
        var k = i
        for p in prefix.unicodeScalars {
            guard k < s.count, s[k] == p else { return false }
            k += 1
        }
        return true
    }

    static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: slice)
        return String(view)
    }
}
