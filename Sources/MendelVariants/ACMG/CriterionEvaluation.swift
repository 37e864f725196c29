import MendelCore

/// Whether a criterion applies to a variant.
public enum CriterionStatus: String, Sendable, Codable, Hashable {
    case met
    case notMet = "not_met"
    /// The data needed to decide is missing (e.g. no frequency data, no predictor score).
    case notEvaluable = "not_evaluable"
}

/// The decision on one criterion: status, strength if met, the values used, the threshold and its source.
public struct CriterionEvaluation: Sendable, Codable, Hashable {
    public var code: String
    public var status: CriterionStatus
    public var strength: EvidenceStrength?
    /// Values the decision used, e.g. `{"revel": 0.81}` or `{"group": "afr", "faf95": 0.012}`.
    public var values: [String: JSONValue]
    /// The threshold compared against, in words (e.g. `REVEL ≥ 0.773 → Moderate`).
    public var threshold: String
    public var source: String
    /// One-line reason without patient data.
    public var reason: String

    public init(code: String, status: CriterionStatus, strength: EvidenceStrength? = nil, values: [String: JSONValue] = [:],
                threshold: String = "", source: String = "", reason: String) {
        self.code = code; self.status = status; self.strength = strength; self.values = values
        self.threshold = threshold; self.source = source; self.reason = reason
    }

    /// The applied criterion when met.
    public var applied: AppliedCriterion? {
        guard status == .met, let strength else { return nil }
        return AppliedCriterion(code: code, strength: strength)
    }

    public var traceEntry: TraceEntry {
        var v = values
        v["status"] = .string(status.rawValue)
        if let s = strength { v["strength"] = .string(s.rawValue) }
        if !threshold.isEmpty { v["threshold"] = .string(threshold) }
        if !source.isEmpty { v["source"] = .string(source) }
        return TraceEntry(component: "acmg", event: "criterion", rule: applied?.description ?? code, message: reason, values: v)
    }
}
