/// Ages of 90 and more ("92-year-old", "aged 95", "age: 91", "93 yo") become "90+" (Safe Harbor).
struct AgeRecognizer {
    let t: DeidText

    static let afterWords: Set<String> = ["year", "years", "yr", "yrs", "yo", "y", "yoa", "jahre", "jährige", "jährig", "ans"]
    static let beforeWords: Set<String> = ["age", "aged", "ages", "now", "turned", "turns", "turning"]

    /// An age of 90 or more written right after a person's name: "Samir Haddad, 102, is unaffected",
    /// "Faith Abernethy (96)".
    func appositions(after names: [PHICandidate]) -> [PHICandidate] {
        var out: [PHICandidate] = []
        for name in names where name.end > name.start && name.end <= t.s.count {
            let last = Int(t.tokenAt[name.end - 1])
            guard last >= 0 else { continue }
            let open = t.isPunct(last + 1, "(")
            guard open || t.isPunct(last + 1, ","), let v = t.digitsValue(last + 2), v >= 90, v < 130 else { continue }
            let k = last + 2
            let n = k + 1
            let closes = open ? t.isPunct(n, ")") || t.isPunct(n, ",") || t.isPunct(n, ";")
                : n >= t.tokens.count || t.tokens[n].lineBreakBefore || t.isPunct(n, ",") || t.isPunct(n, ";")
                    || t.isPunct(n, ".") && !t.touching(n, n + 1)
            guard closes else { continue }
            out.append(PHICandidate(start: t.tokens[k].start, end: t.tokens[k].end, category: .age, rule: "age_apposition",
                                    replacement: "90+", priority: 40))
        }
        return out
    }

    func candidates() -> [PHICandidate] {
        var out: [PHICandidate] = []
        for k in t.tokens.indices {
            let token = t.tokens[k]
            // "93yo", "95y".
            if token.kind == .alnum {
                let text = t.text(token)
                let digits = text.prefix { $0.isASCII && $0.isNumber }
                let rest = text.dropFirst(digits.count).lowercased()
                if let v = Int(digits), v >= 90, v < 130, ["yo", "y", "yrs", "yr", "yoa"].contains(rest) {
                    out.append(PHICandidate(start: token.start, end: token.start + digits.count, category: .age, rule: "age",
                                            replacement: "90+", priority: 40))
                }
                continue
            }
            guard token.kind == .digits, let v = t.digitsValue(k), v >= 90, v < 130 else { continue }
            if k > 0, t.touching(k - 1, k), t.isPunct(k - 1, ".") || t.isPunct(k - 1, ",") { continue }
            var j = k + 1
            if t.isPunct(j, "-") { j += 1 }
            let after = Self.afterWords.contains(t.lower(j)) && (t.lower(j) != "y" || t.isPunct(j + 1, "/") || t.isPunct(j + 1, "."))
            var b = k - 1
            if t.isPunct(b, ":") || t.isPunct(b, "=") { b -= 1 }
            if t.lower(b) == "of", t.lower(b - 1) == "age" { b -= 1 }
            let before = Self.beforeWords.contains(t.lower(b))
            // "90 years" after "for" is a duration, not an age — unless "old"/"of age" follows.
            if after || before {
                if after, !before, t.lower(j) == "years" || t.lower(j) == "yrs", !["old", "of"].contains(t.lower(j + 1)),
                   !(t.isPunct(j + 1, "-") && t.lower(j + 2) == "old") {
                    continue
                }
                out.append(PHICandidate(start: token.start, end: token.end, category: .age, rule: "age", replacement: "90+", priority: 40))
            }
        }
        return out
    }
}
