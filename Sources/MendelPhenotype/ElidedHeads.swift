/// Parts named without their whole: "malformed nose with broad bridge and flattened tip" describes the nasal
/// bridge and the nasal tip, though "nasal" is written once, as the noun before "with". Each item of the list
/// after "<noun> with" is read together with that noun ("broad bridge" + "nose" = Broad nasal bridge), and
/// reported only when the words form a name; the item alone is looked up as usual, so nothing is lost.
/// The same holds for a heading noun and its colon ("Nose: broad bridge, flattened tip").
/// The noun must name a body part (`anatomicalWords`): "difficulty with sleep" is not a part list.
extension PhenotypeRecognizer {
    /// Most items read in one list.
    static let elidedHeadMaxItems = 6
    /// Words between list items.
    static let itemSeparators: Set<String> = [",", "and", "or"]
    /// Words that may open a list item without belonging to the name.
    static let itemOpeners: Set<String> = ["a", "an", "the"]
    /// Degree words that may open an item outside the name.
    static let degreeWords: Set<String> = [
        "mild", "mildly", "moderate", "moderately", "severe", "severely", "subtle", "marked", "markedly", "pronounced",
        "slight", "slightly", "very", "rather", "somewhat",
    ]

    /// Canonical ids of the one-word X for which the lexicon has a name "Abnormality of (the) X" or "Abnormal X
    /// morphology": the ontology's own list of body parts ("nose", "knee", "finger"; not "gait" or "sleep", which
    /// only occur as "Abnormal gait", "Sleep abnormality").
    static func anatomicalWords(_ compiled: CompiledLexicon) -> Set<Int32> {
        var result = Set<Int32>()
        for entry in compiled.lexicon.entries {
            let lower = Tokenizer.lowercase(entry.text)
            var part: Substring?
            if lower.hasPrefix("abnormality of the ") {
                part = lower.dropFirst("abnormality of the ".count)
            } else if lower.hasPrefix("abnormality of ") {
                part = lower.dropFirst("abnormality of ".count)
            } else if lower.hasPrefix("abnormal "), lower.hasSuffix(" morphology") {
                part = lower.dropFirst("abnormal ".count).dropLast(" morphology".count)
            }
            guard let part, !part.isEmpty, !part.contains(" "), !part.contains("-"),
                  let id = compiled.vocabulary[TermNormalizer.canonical(String(part))] else { continue }
            result.insert(id)
        }
        return result
    }

    /// Candidates for list items after "<body part> with" / "<body part>:" read together with the body part.
    func elidedHeadMatches(tokens: [Token], ids: [Int32], sentence: Range<Int>) -> [Candidate] {
        var result: [Candidate] = []
        let hashes = compiled.tokenHashes
        for k in sentence where tokens[k].lower == "with" || tokens[k].lower == ":" {
            let head = k - 1
            guard head >= sentence.lowerBound, ids[head] >= 0, tokens[head].kind == .word,
                  anatomicalWords.contains(ids[head]) else { continue }
            var at = k + 1
            var items = 0
            while at < sentence.upperBound, items < Self.elidedHeadMaxItems {
                while at < sentence.upperBound, Self.itemOpeners.contains(tokens[at].lower)
                    || ids[at] < 0 && Self.degreeWords.contains(tokens[at].lower) { at += 1 }
                let first = at
                while at < sentence.upperBound, ids[at] >= 0, at - first < 4, !Self.itemSeparators.contains(tokens[at].lower) {
                    at += 1
                }
                guard at > first else { break }
                items += 1
                // The whole item with the head noun; a leading degree word may stay outside the name ("knee with
                // severe osteoarthritis"). Shorter tails are not tried: "nose with …, lacrimal duct obstruction"
                // says nothing about a nasal obstruction.
                var start = first
                while start < at {
                    var h = hashes[Int(ids[head])]
                    for j in start..<at { h &+= hashes[Int(ids[j])] }
                    if let list = compiled.windows[.init(hash: h, count: UInt8(at - start + 1))] {
                        for c in list {
                            result.append(Candidate(range: start..<at, term: c.term, weight: c.weight * 0.9, size: c.size,
                                                    source: .dictionary, rule: c.kind.rawValue + ".elided_head",
                                                    entry: c.entry))
                        }
                        break
                    }
                    guard Self.degreeWords.contains(tokens[start].lower) else { break }
                    start += 1
                }
                // Next item: after ",", "and", "or", ", and".
                var next = at
                var separated = false
                while next < sentence.upperBound, Self.itemSeparators.contains(tokens[next].lower) {
                    next += 1
                    separated = true
                }
                guard separated else { break }
                at = next
            }
        }
        return result
    }
}
