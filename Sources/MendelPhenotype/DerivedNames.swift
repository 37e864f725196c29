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

    /// "Multiple mucosal neuromas" → "mucosal neuromas": a label made of a quantifier ("Multiple", "Numerous")
    /// and a plural remainder names the finding whenever the plural is written, provided the remainder (or its
    /// singular) is not already a name of some term and its head noun is itself the name of a finding
    /// ("neuroma", "polyp"; not "crease" or "tooth", which name normal structures). `isName` tests lower-case names.
    public static func droppingQuantifier(label: String, isName: (String) -> Bool) -> String? {
        let lower = Tokenizer.lowercase(label)
        for quantifier in ["multiple ", "numerous "] where lower.hasPrefix(quantifier) {
            let rest = String(lower.dropFirst(quantifier.count))
            guard let last = rest.split(separator: " ").last, last.count >= 4,
                  TermNormalizer.singular(String(last)) != String(last) || last.hasSuffix("i") || last.hasSuffix("ae")
            else { return nil }
            let singularRest = rest.split(separator: " ").dropLast().map(String.init).joined(separator: " ")
            let singular = (singularRest.isEmpty ? "" : singularRest + " ") + TermNormalizer.singular(String(last))
            guard !isName(rest), !isName(singular),
                  isName(TermNormalizer.singular(String(last))) || isName(String(last)) else { return nil }
            return rest
        }
        return nil
    }

    /// "Inability to walk" → "unable to walk", "cannot walk", "could not walk", "not able to walk": the verbal
    /// forms notes use for an inability. The negation words sit inside the match, so they do not negate it.
    public static func inabilityVariants(of name: String) -> [String] {
        let lower = Tokenizer.lowercase(name)
        guard lower.hasPrefix("inability to "), lower.count > "inability to ".count + 2 else { return [] }
        let action = String(lower.dropFirst("inability to ".count))
        return ["unable to " + action, "cannot " + action, "could not " + action, "not able to " + action]
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
