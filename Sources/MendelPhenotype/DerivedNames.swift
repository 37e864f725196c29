/// Extra names for a term derived from the ontology's own wording (never from annotated text):
///
/// * **Parent substitution**: a label that contains its parent's label gets a variant for each exact
///   synonym of the parent ("Exertional dyspnea" ⊃ "Dyspnea", synonym "Shortness of breath" →
///   "Exertional shortness of breath"; "Profound global developmental delay" → "Profound developmental delay").
/// * **Prefix decomposition**: a word "hyperX"/"hypoX" whose remainder is itself a word of the ontology gets
///   the analytic form ("Hyperpigmentation of the skin" → "increased pigmentation of the skin").
public enum DerivedNames {
    /// Label variants obtained by replacing the parent's label, where it occurs as whole words, with each of
    /// the parent's synonyms.
    public static func substitutingParent(label: String, parentLabel: String, parentSynonyms: [String]) -> [String] {
        let words = label.split(separator: " ").map { Tokenizer.lowercase(String($0)) }
        let parentWords = parentLabel.split(separator: " ").map { Tokenizer.lowercase(String($0)) }
        guard !parentWords.isEmpty, parentWords.count < words.count else { return [] }
        var at: Int?
        for start in 0...(words.count - parentWords.count) where Array(words[start..<(start + parentWords.count)]) == parentWords {
            at = start
            break
        }
        guard let at else { return [] }
        let before = words[..<at].joined(separator: " ")
        let after = words[(at + parentWords.count)...].joined(separator: " ")
        var result: [String] = []
        for synonym in parentSynonyms {
            let lower = Tokenizer.lowercase(synonym)
            guard lower != Tokenizer.lowercase(parentLabel), lower.unicodeScalars.count >= 4 else { continue }
            let variant = [before, lower, after].filter { !$0.isEmpty }.joined(separator: " ")
            if !result.contains(variant) { result.append(variant) }
        }
        return result
    }

    /// "hyperX" → "increased X", "hypoX" → "decreased X" for each word of `name` whose remainder (at least five
    /// letters) is in `knownWords` (lower-case words that occur on their own in the ontology's names).
    public static func prefixExpansions(of name: String, knownWords: Set<String>) -> [String] {
        let words = name.split(separator: " ").map { Tokenizer.lowercase(String($0)) }
        var result: [String] = []
        for (k, word) in words.enumerated() {
            for (prefix, direction) in [("hyper", "increased"), ("hypo", "decreased")] where word.hasPrefix(prefix) {
                let rest = String(word.dropFirst(prefix.count))
                guard rest.unicodeScalars.count >= 5, knownWords.contains(rest),
                      !TermNormalizer.labFillers.contains(TermNormalizer.canonical(rest)) else { continue }
                var variant = words
                variant[k] = direction + " " + rest
                result.append(variant.joined(separator: " "))
            }
        }
        return result
    }
}
