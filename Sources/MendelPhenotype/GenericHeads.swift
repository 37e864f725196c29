/// Generic head nouns: "cerebellar symptoms", "skeletal alterations", "cutaneous manifestations" and
/// "limb malformation" say that the part or function the modifier names is abnormal. HPO itself writes
/// such names ("Cerebellar signs", "Auricular malformation", "Skeletal anomalies"), but not for every head noun.
/// The one or two words before a generic head are looked up together with "abnormal" ("skeletal" + abnormal =
/// Skeletal anomalies); candidates weigh less than any name written as such, so a literal name on the same span
/// ("Eating disorder") always wins, and the longest match still wins over shorter ones.
extension PhenotypeRecognizer {
    /// Head nouns read as "abnormality of" their modifier.
    static let genericHeads: Set<String> = [
        "changes", "alterations", "manifestations", "symptoms", "signs", "disturbance", "disturbances",
        "malformation", "malformations", "syndrome",
    ]
    static let hyphens: Set<Unicode.Scalar> = ["-", "\u{2010}", "\u{2011}"]
    /// Weight factor: below every name written as such (broad synonyms weigh 0.7), so a literal name on the
    /// same span always wins.
    static let genericHeadWeight: Float = 0.65
    /// Most modifier words read with a generic head.
    static let genericHeadMaxModifiers = 2
    /// Words after a generic head that make it the label of a list of specific findings ("skeletal changes,
    /// including short stature"; "Neurological symptoms included hydrocephalus"): the findings are reported,
    /// not the label.
    static let listIntroducers: Set<String> = [
        "include", "includes", "included", "including", "such", ":", "consisting", "consisted", "comprising",
    ]

    /// Candidates "⟨one or two modifier words⟩ ⟨generic head⟩" = the name of the modifier words plus "abnormal",
    /// except organ-system terms: "neurological symptoms" / "cardiac manifestations" sum up findings that the
    /// text names one by one, and an organ-system term says nothing they do not.
    func genericHeadMatches(scalars: [Unicode.Scalar], tokens: [Token], ids: [Int32], isStop: [Bool],
                            sentence: Range<Int>) -> [Candidate] {
        guard abnormalID >= 0 else { return [] }
        var result: [Candidate] = []
        let hashes = compiled.tokenHashes
        for k in sentence where k > sentence.lowerBound && Self.genericHeads.contains(tokens[k].lower) {
            var next = k + 1
            if next < sentence.upperBound, tokens[next].lower == "," { next += 1 }
            if next < sentence.upperBound, Self.listIntroducers.contains(tokens[next].lower) { continue }
            // "Gray Platelet Syndrome": a capitalised head inside a sentence belongs to a proper name.
            if k > sentence.lowerBound, let first = tokens[k].surface.unicodeScalars.first, first.properties.isUppercase {
                continue
            }
            // "fundus signs of pale oedema": the head names its finding in an "of" complement.
            if k + 1 < sentence.upperBound, tokens[k + 1].lower == "of" { continue }
            var h = hashes[Int(abnormalID)]
            var start = k
            while start > sentence.lowerBound, k - start < Self.genericHeadMaxModifiers {
                let j = start - 1
                guard tokens[j].kind == .word, !isStop[j], ids[j] >= 0, ids[j] != abnormalID,
                      !Self.genericHeads.contains(tokens[j].lower) else { break }
                // A modifier inside a hyphenated name ("branchio-oculo-facial syndrome", "nail-patella syndrome")
                // is not a modifier of the head (the tokenizer drops hyphens, so look at the text).
                if let before = scalars.indices.contains(tokens[j].start - 1) ? scalars[tokens[j].start - 1] : nil,
                   Self.hyphens.contains(before) { break }
                h &+= hashes[Int(ids[j])]
                start = j
                if let list = compiled.windows[.init(hash: h, count: UInt8(k - start + 1))] {
                    for c in list where !compiled.lexicon.organSystems.contains(c.term) {
                        result.append(Candidate(range: start..<(k + 1), term: c.term, weight: c.weight * Self.genericHeadWeight,
                                                size: c.size, source: .dictionary, rule: c.kind.rawValue + ".generic_head",
                                                entry: c.entry))
                    }
                }
            }
        }
        return result
    }
}
