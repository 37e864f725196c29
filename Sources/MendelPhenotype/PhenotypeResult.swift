import MendelCore

/// How a mention was recognised.
public enum MentionSource: String, Sendable, Codable {
    case dictionary, abbreviation, measurement, embedding
}

/// One recognised phenotype mention in a note.
public struct PhenotypeMention: Sendable, Hashable, Codable {
    public var term: HPOTermID
    /// The term's label, when the lexicon has one.
    public var label: String?
    /// Unicode scalar offsets into the note, end exclusive.
    public var start: Int
    public var end: Int
    public var source: MentionSource
    /// The lexicon name kind (`label`, `exactSynonym`, …) or rule (`sd_score`, `ASD`) that matched.
    public var rule: String
    /// Match confidence in 0…1 (name kind weight; measurement and abbreviation rules fixed).
    public var confidence: Double
    public var assertion: Assertion
    /// Index of the sentence in the note.
    public var sentence: Int
}

/// A term at document level: its assertion summarised over all its mentions.
public struct PhenotypeTermResult: Sendable, Hashable, Codable {
    public var term: HPOTermID
    public var label: String?
    /// Highest confidence of the mentions that decided the status.
    public var confidence: Double
    /// Spans (scalar offsets) of the mentions.
    public var spans: [Range<Int>]
}

/// Everything recognised in one note.
public struct PhenotypeAnalysis: Sendable, Hashable, Codable {
    /// Every mention, in text order, with its assertion.
    public var mentions: [PhenotypeMention]
    /// Terms affirmed for the patient in at least one mention.
    public var observed: [PhenotypeTermResult]
    /// Terms only ever mentioned as absent for the patient.
    public var excluded: [PhenotypeTermResult]
    /// Terms only mentioned as possible (never affirmed or excluded).
    public var uncertain: [PhenotypeTermResult]
    /// Terms only mentioned for relatives.
    public var family: [PhenotypeTermResult]
    /// Why each term was assigned (no note text; offsets, rules and trigger phrases only).
    public var trace: [TraceEntry]
}
