/// What a note says about a mentioned finding: ConText's presence, experiencer and temporality.
public struct Assertion: Sendable, Hashable, Codable {
    public enum Presence: String, Sendable, Codable { case present, absent, possible }
    public enum Experiencer: String, Sendable, Codable { case patient, family }
    public enum Temporality: String, Sendable, Codable { case current, historical, hypothetical }

    public var presence: Presence
    public var experiencer: Experiencer
    public var temporality: Temporality
    /// The triggers that decided it, as `kind:phrase` (e.g. `preNegation:denies`); empty = default (affirmed).
    public var triggers: [String]

    public init(presence: Presence = .present, experiencer: Experiencer = .patient,
                temporality: Temporality = .current, triggers: [String] = []) {
        self.presence = presence
        self.experiencer = experiencer
        self.temporality = temporality
        self.triggers = triggers
    }

    /// Affirmed finding of the patient (current or past).
    public var isObserved: Bool { presence == .present && experiencer == .patient && temporality != .hypothetical }
    /// Explicitly absent finding of the patient.
    public var isExcluded: Bool { presence == .absent && experiencer == .patient }
}

/// Kinds of ConText trigger phrases.
public enum TriggerKind: String, Sendable, Codable, CaseIterable {
    case preNegation, postNegation, pseudo, termination, preUncertainty, postUncertainty
    case family, postFamily, historical, hypothetical
}

/// A trigger phrase: lower-case tokens as produced by `Tokenizer` (hyphens removed, punctuation single tokens).
public struct TriggerPhrase: Sendable, Hashable {
    public var tokens: [String]
    public var kind: TriggerKind
    public init(_ text: String, _ kind: TriggerKind) {
        let (tokens, _) = Tokenizer().tokenize(Array(text.unicodeScalars))
        self.tokens = tokens.map(\.lower)
        self.kind = kind
    }
}
