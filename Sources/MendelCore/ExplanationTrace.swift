/// One step of reasoning: which component decided what, by which rule, on which values.
public struct TraceEntry: Sendable, Hashable, Codable {
    /// The engine or stage that produced the entry, e.g. `diagnosis`, `acmg`, `phenotype`.
    public var component: String
    /// What was decided, e.g. `rank`, `criterion`, `normalise`.
    public var event: String
    /// The rule, model or data item that decided it (e.g. `PM2_Supporting`, `LR`, `alt_id`).
    public var rule: String
    /// Human-readable one-line summary (must not carry PHI).
    public var message: String
    /// Structured values used by the decision.
    public var values: [String: JSONValue]

    public init(component: String, event: String, rule: String, message: String, values: [String: JSONValue] = [:]) {
        self.component = component
        self.event = event
        self.rule = rule
        self.message = message
        self.values = values
    }
}

/// The provenance of a decision: the versions of everything that produced it.
public struct Provenance: Sendable, Hashable, Codable {
    public var knowledgeBaseVersion: String?
    public var modelDigests: [String: String]
    public var policyHash: String?
    public var softwareVersion: String

    public init(knowledgeBaseVersion: String? = nil, modelDigests: [String: String] = [:], policyHash: String? = nil,
                softwareVersion: String = MendelVersion.current) {
        self.knowledgeBaseVersion = knowledgeBaseVersion
        self.modelDigests = modelDigests
        self.policyHash = policyHash
        self.softwareVersion = softwareVersion
    }
}

/// All evidence that led to the results of one analysis, in order.
public struct ExplanationTrace: Sendable, Hashable, Codable {
    public var provenance: Provenance
    public var entries: [TraceEntry]

    public init(provenance: Provenance = Provenance(), entries: [TraceEntry] = []) {
        self.provenance = provenance
        self.entries = entries
    }

    public mutating func append(_ entry: TraceEntry) { entries.append(entry) }
    public mutating func append(contentsOf other: [TraceEntry]) { entries.append(contentsOf: other) }
}

/// The software version recorded in every decision.
public enum MendelVersion {
    public static let current = "0.1.0"
}
