import MendelCore

/// Closed compounds of two findings written as one word ("microbrachycephaly" = micro- + brachycephaly).
///
/// A word unknown to the lexicon is read as `P + W` when `W` (at least seven letters) is a one-word name and
/// `P` joined to a combining tail of `W` is a one-word name too ("micro" + "cephaly" = "microcephaly"): the
/// second check is the evidence that `P` is a finding prefix and not an arbitrary fragment
/// ("pseudohypoparathyroidism" does not split: "pseudo" + "parathyroidism" names nothing). Only the head `W`
/// is reported: the compound's head names the finding, the prefix qualifies it.
extension PhenotypeRecognizer {
    /// Shortest head and shortest prefix of a split, in letters.
    static let compoundMinimumHead = 7
    static let compoundMinimumPrefix = 3

    func compoundMatches(tokens: [Token], ids: [Int32], isStop: [Bool], sentence: Range<Int>) -> [Candidate] {
        var result: [Candidate] = []
        for k in sentence where ids[k] < 0 && !isStop[k] && tokens[k].kind == .word {
            let scalars = tokens[k].lower.unicodeScalars
            guard scalars.count >= Self.compoundMinimumHead + Self.compoundMinimumPrefix,
                  compoundEndings.contains(String(String.UnicodeScalarView(scalars.suffix(4)))) else { continue }
            let letters = Array(scalars)
            let n = letters.count
            guard letters.allSatisfy({ $0.properties.isAlphabetic }) else { continue }
            for split in Self.compoundMinimumPrefix...(n - Self.compoundMinimumHead) {
                let head = String(String.UnicodeScalarView(letters[split...]))
                guard let names = compiled.singles[TermNormalizer.light(head)] else { continue }
                let prefix = String(String.UnicodeScalarView(letters[..<split]))
                guard hasCombiningPartner(prefix: prefix, head: Array(letters[split...])) else { continue }
                for c in names {
                    result.append(Candidate(range: k..<(k + 1), term: c.term, weight: c.weight * 0.9, size: 1,
                                            source: .dictionary, rule: c.kind.rawValue + ".compound", entry: c.entry))
                }
                break
            }
        }
        return result
    }

    /// True when `prefix` + some tail of `head` (at least four letters, starting after the head's first
    /// letter) is a one-word name.
    private func hasCombiningPartner(prefix: String, head: [Unicode.Scalar]) -> Bool {
        guard head.count > 5 else { return false }
        for cut in 1...(head.count - 4) {
            let word = prefix + String(String.UnicodeScalarView(head[cut...]))
            if compiled.singles[TermNormalizer.light(word)] != nil { return true }
        }
        return false
    }
}
