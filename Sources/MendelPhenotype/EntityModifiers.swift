/// A finding name used as the modifier of a noun that names something else is not a finding:
/// "human immunodeficiency virus", "hepatitis C virus", "Glasgow Coma Scale", "lung cancer clinic".
/// The head may follow directly or after one short token (a letter or number: "hepatitis B virus").
extension PhenotypeRecognizer {
    /// Head nouns of named entities (pathogens, instruments, institutions) that a finding name can modify.
    public static let entityHeadNouns: Set<String> = [
        "virus", "viruses", "scale", "scales", "score", "scores", "questionnaire", "inventory", "checklist",
        "clinic", "clinics", "service", "services", "ward", "unit", "center", "centre", "society", "foundation",
        "association", "registry", "vaccine", "vaccines", "vaccination",
    ]

    /// True when the match at `range` is followed (within its sentence) by an entity head noun.
    func modifiesEntityHead(_ range: Range<Int>, tokens: [Token], sentence: Range<Int>) -> Bool {
        var next = range.upperBound
        guard next < sentence.upperBound else { return false }
        if tokens[next].kind != .punctuation, tokens[next].lower.unicodeScalars.count <= 2,
           !Self.entityHeadNouns.contains(tokens[next].lower) {
            next += 1
            guard next < sentence.upperBound else { return false }
        }
        return tokens[next].kind == .word && Self.entityHeadNouns.contains(tokens[next].lower)
    }
}
