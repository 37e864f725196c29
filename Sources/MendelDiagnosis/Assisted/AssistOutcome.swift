import MendelCore

/// A differential entry of the model that passed grounding.
public struct GroundedDiagnosis: Sendable, Hashable, Codable {
    /// Position in the model's list (1-based, counting only grounded entries).
    public var modelRank: Int
    public var diseaseID: String
    public var name: String
    /// The disease's rank in the knowledge-base ranking.
    public var kbRank: Int
    public var evidence: [String]
    public var rationale: String
}

/// A claim that failed grounding: dropped from every ranking and shown only as withheld.
public struct UngroundedClaim: Sendable, Hashable, Codable {
    /// `differential`, `narrative` or `gene-summary:SYMBOL`.
    public var section: String
    /// 1-based position in the model's answer.
    public var index: Int
    /// The claimed disease id (for differential entries), cut to id length.
    public var claimed: String?
    public var issues: [GroundingIssue]
}

/// One sentence of a model-written narrative with the fact ids it cites.
public struct NarrativeSentence: Sendable, Hashable, Codable {
    public var text: String
    public var evidence: [String]
    /// True when every cited and mentioned id is valid and at least one fact is cited.
    public var grounded: Bool
    public var issues: [GroundingIssue]
}

/// A knowledge-base disease with its fused rank (reciprocal-rank fusion; see `RankFusion`).
public struct FusedRank: Sendable, Hashable, Codable {
    public var diseaseID: String
    public var kbRank: Int
    public var modelRank: Int?
    public var fusedRank: Int
    public var score: Double
}

/// What one model call was, for the decision record: no prompt or answer text, only hashes.
public struct LLMCallRecord: Sendable, Hashable, Codable {
    /// `differential` or `gene-summary:SYMBOL`.
    public var purpose: String
    public var backend: String
    public var model: String
    public var modelDigest: String?
    public var endpoint: String?
    public var template: String
    public var templateDigest: String
    public var requestHash: String
    public var responseHash: String?
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var attempts: Int?
    public var seconds: Double?
    public var temperature: Double
    public var seed: UInt64
    /// Error code when the call failed (`llm.timeout`, …); nil on success.
    public var error: String?
    /// Whether the answer parsed as JSON of the expected shape.
    public var parsed: Bool
}

/// Everything the assisted step produced for one case.
public struct AssistOutcome: Sendable, Hashable, Codable {
    public var differential: [GroundedDiagnosis] = []
    public var ungrounded: [UngroundedClaim] = []
    public var narrative: [NarrativeSentence] = []
    /// Present only when the policy enables rank fusion.
    public var fusion: [FusedRank]?
    public var fusionWeight: Double?
    public var geneCards: [GeneCard] = []
    public var calls: [LLMCallRecord] = []
    /// Template file name → SHA-256.
    public var templates: [String: String] = [:]
    public var trace: [TraceEntry] = []

    public init() {}
}
