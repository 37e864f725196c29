import MendelCore

/// A classification with both schemes shown and the one the policy made primary.
public struct ACMGClassification: Sendable, Codable, Hashable {
    public var classification: ACMGClass
    public var primary: CombiningSystem
    public var criteria: [AppliedCriterion]
    public var acmg2015: SchemeResult
    public var points: SchemeResult
    /// The VCEP whose rules applied to the gene, if any.
    public var vcep: String?
    public var policyVersion: String

    /// Trace of the combining step: both systems and the primary decision (built on demand; encoded in JSON).
    public var trace: [TraceEntry] {
        let codes = criteria.map(\.description).joined(separator: ";")
        var classValues: [String: JSONValue] = ["class": .string(classification.rawValue), "system": .string(primary.rawValue),
                                                "policy_version": .string(policyVersion)]
        if let vcep { classValues["vcep"] = .string(vcep) }
        return [
            TraceEntry(component: "acmg", event: "combine", rule: CombiningSystem.acmg2015SVI.rawValue,
                       message: "Richards 2015 Table 5 + SVI: \(acmg2015.rule) → \(acmg2015.classification.rawValue)",
                       values: ["class": .string(acmg2015.classification.rawValue), "criteria": .string(codes)]),
            TraceEntry(component: "acmg", event: "combine", rule: CombiningSystem.points.rawValue,
                       message: "Tavtigian 2020 points: \(points.rule)",
                       values: ["class": .string(points.classification.rawValue), "points": .number(Double(points.points ?? 0))]),
            TraceEntry(component: "acmg", event: "classify", rule: primary.rawValue,
                       message: "class \(classification.rawValue) by the primary system \(primary.rawValue)"
                           + (acmg2015.classification == points.classification ? "; both systems agree" : "; systems disagree"),
                       values: classValues),
        ]
    }

    enum CodingKeys: String, CodingKey { case classification, primary, criteria, acmg2015, points, vcep, policyVersion, trace }

    public init(classification: ACMGClass, primary: CombiningSystem, criteria: [AppliedCriterion], acmg2015: SchemeResult,
                points: SchemeResult, vcep: String?, policyVersion: String) {
        self.classification = classification; self.primary = primary; self.criteria = criteria
        self.acmg2015 = acmg2015; self.points = points; self.vcep = vcep; self.policyVersion = policyVersion
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(classification: try c.decode(ACMGClass.self, forKey: .classification),
                  primary: try c.decode(CombiningSystem.self, forKey: .primary),
                  criteria: try c.decode([AppliedCriterion].self, forKey: .criteria),
                  acmg2015: try c.decode(SchemeResult.self, forKey: .acmg2015),
                  points: try c.decode(SchemeResult.self, forKey: .points),
                  vcep: try c.decodeIfPresent(String.self, forKey: .vcep),
                  policyVersion: try c.decode(String.self, forKey: .policyVersion))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(classification, forKey: .classification)
        try c.encode(primary, forKey: .primary)
        try c.encode(criteria, forKey: .criteria)
        try c.encode(acmg2015, forKey: .acmg2015)
        try c.encode(points, forKey: .points)
        try c.encodeIfPresent(vcep, forKey: .vcep)
        try c.encode(policyVersion, forKey: .policyVersion)
        try c.encode(trace, forKey: .trace)
    }
}

/// Combines applied criteria into a class under a policy (per-gene VCEP system where the policy sets one).
public struct ACMGClassifier: Sendable {
    public let policy: ACMGPolicy

    public init(policy: ACMGPolicy = .default) { self.policy = policy }

    public func classify(_ criteria: [AppliedCriterion], gene: String? = nil) -> ACMGClassification {
        classify(criteria, geneRules: policy.geneRules(gene))
    }

    /// `classify(_:gene:)` with the gene's rules (`policy.geneRules(gene)`) already looked up.
    func classify(_ criteria: [AppliedCriterion], geneRules: GeneRules?) -> ACMGClassification {
        let rules = ACMG2015Combiner.combine(criteria, options: policy.acmg2015)
        let points = PointsCombiner.combine(criteria, options: policy.points)
        let system = geneRules?.system ?? policy.primary
        let chosen = system == .points ? points : rules
        return ACMGClassification(classification: chosen.classification, primary: system, criteria: criteria,
                                  acmg2015: rules, points: points, vcep: geneRules?.panel, policyVersion: policy.version)
    }
}
