import MendelCore
import MendelVariants

/// Which frequency view an alternative classification used.
public enum FrequencyView: String, Sendable, Codable, Hashable, CaseIterable, CodingKeyRepresentable {
    /// All groups, as MendelVariants decides (group maximum over non-bottlenecked groups).
    case groupMaximum = "group_maximum"
    /// Only the pooled AF (a `pooled`/`all` group if given, else AC/AN summed over the groups).
    case pooledOnly = "pooled_only"
    /// Only the non-Finnish European group (`nfe`).
    case europeanOnly = "european_only"
}

/// The outcome of one variant's ancestry-aware frequency check.
public struct AncestryFrequencyFinding: Sendable, Codable, Hashable {
    /// Variant key (patient data: kept in values, never in messages).
    public var variant: String
    public var gene: String?
    /// The frequency criteria met under the group-maximum view (BA1, BS1, PM2), with their strengths.
    public var decidedCriteria: [String]
    /// The group that decided BA1/BS1 (or, for PM2, the group with the highest AF); nil when not decided.
    public var decidingGroup: String?
    public var decidingValue: Double?
    /// Class under each view.
    public var classes: [FrequencyView: ACMGClass]
    /// Frequency criteria met under each view.
    public var criteriaByView: [FrequencyView: [String]]
    /// True when the pooled-only or the European-only view would give another class (Manrai 2016 failure mode).
    public var flagged: Bool
    /// Flagged and the pooled/European view would be P/LP while the group maximum is not: the dangerous direction.
    public var wouldBePathogenicWithoutAncestry: Bool

    /// Trace entry (component `fairness`, event `ancestry_frequency`).
    public var traceEntry: TraceEntry {
        var values: [String: JSONValue] = ["variant": .string(variant), "flagged": .bool(flagged)]
        for (view, cls) in classes { values["class_\(view.rawValue)"] = .string(cls.rawValue) }
        if let decidingGroup { values["deciding_group"] = .string(decidingGroup) }
        if let decidingValue { values["deciding_value"] = .number(decidingValue) }
        let views = FrequencyView.allCases.compactMap { v in classes[v].map { "\(v.rawValue)=\($0.rawValue)" } }.joined(separator: ", ")
        return TraceEntry(component: "fairness", event: "ancestry_frequency",
                          rule: flagged ? "class_depends_on_frequency_view" : "class_invariant_to_frequency_view",
                          message: "\(gene ?? "-"): frequency criteria \(decidedCriteria.joined(separator: ";")) decided by "
                              + "\(decidingGroup ?? "no group"); classes \(views)",
                          values: values)
    }
}

/// Ancestry-aware frequency check: re-decides BA1/BS1/BS2/PM2 with MendelVariants' `FrequencyCriteria` on the
/// pooled-only and the European-only frequency, re-combines with `ACMGClassifier`, and flags a variant whose class
/// would change (Manrai et al. 2016: benign variants common in African ancestry reported as pathogenic).
public struct AncestryFrequencyCheck: Sendable {
    public let policy: ACMGPolicy
    private let frequency: FrequencyCriteria
    private let classifier: ACMGClassifier
    static let frequencyCodes: Set<String> = ["BA1", "BS1", "BS2", "PM2"]

    public init(policy: ACMGPolicy = .default) {
        self.policy = policy
        frequency = FrequencyCriteria(policy: policy)
        classifier = ACMGClassifier(policy: policy)
    }

    /// Checks one classified variant. `evidence` is the frequency evidence the variant was classified with (the
    /// `VariantRecord.frequencies` or the imported table's entry); nil = none, then nothing was decided by frequency.
    /// `recessive`: the gene's inheritance as the analyzer saw it (for BS2).
    public func check(_ variant: InterpretedVariant, evidence: FrequencyEvidence?, recessive: Bool? = nil) -> AncestryFrequencyFinding? {
        guard let evidence, !evidence.groups.isEmpty else { return nil }
        let hgvsc = variant.annotation?.hgvsc
        let others = variant.evaluations.filter { !Self.frequencyCodes.contains($0.code) }
        var classes: [FrequencyView: ACMGClass] = [:]
        var criteria: [FrequencyView: [String]] = [:]
        var groupEvaluations: [CriterionEvaluation] = []
        for view in FrequencyView.allCases {
            let viewEvidence = Self.evidence(evidence, view: view)
            let evaluations = frequency.evaluate(viewEvidence, gene: variant.gene, hgvsc: hgvsc, recessive: recessive)
            if view == .groupMaximum { groupEvaluations = evaluations }
            let applied = (others + evaluations).compactMap(\.applied)
            classes[view] = classifier.classify(applied, gene: variant.gene).classification
            criteria[view] = evaluations.compactMap(\.applied).map(\.description)
        }
        let decided = groupEvaluations.filter { $0.status == .met && ["BA1", "BS1", "PM2"].contains($0.code) }
        let benign = decided.first { $0.code != "PM2" }
        var group: String?, value: Double?
        if let benign, case .string(let g)? = benign.values["group"] {
            group = g
            if case .number(let v)? = benign.values["group_max"] { value = v }
        } else if decided.contains(where: { $0.code == "PM2" }) {
            let top = evidence.groups.compactMap { g in g.alleleFrequency.map { (g.group, $0) } }.max { $0.1 < $1.1 }
            group = top?.0; value = top?.1
        }
        let reference = classes[.groupMaximum] ?? .uncertain
        let changed = [FrequencyView.pooledOnly, .europeanOnly].filter { classes[$0] != nil && classes[$0] != reference }
        let dangerous = changed.contains { classes[$0]?.isPathogenicSide == true } && !reference.isPathogenicSide
        return AncestryFrequencyFinding(variant: variant.key, gene: variant.gene, decidedCriteria: decided.compactMap(\.applied).map(\.description),
                                        decidingGroup: group, decidingValue: value, classes: classes, criteriaByView: criteria,
                                        flagged: !changed.isEmpty, wouldBePathogenicWithoutAncestry: dangerous)
    }

    /// The frequency evidence seen under one view.
    public static func evidence(_ evidence: FrequencyEvidence, view: FrequencyView) -> FrequencyEvidence {
        switch view {
        case .groupMaximum:
            return FrequencyEvidence(groups: evidence.groups.filter { !isPooled($0.group) }.isEmpty ? evidence.groups
                                         : evidence.groups.filter { !isPooled($0.group) },
                                     dataset: evidence.dataset, covered: evidence.covered)
        case .europeanOnly:
            return FrequencyEvidence(groups: evidence.groups.filter { $0.group == "nfe" }, dataset: evidence.dataset + " (nfe only)",
                                     covered: evidence.covered)
        case .pooledOnly:
            if let given = evidence.groups.first(where: { isPooled($0.group) }) {
                var pooled = given; pooled.group = "pooled"
                return FrequencyEvidence(groups: [pooled], dataset: evidence.dataset + " (pooled)", covered: evidence.covered)
            }
            let counted = evidence.groups.filter { $0.alleleCount != nil && $0.alleleNumber != nil }
            guard !counted.isEmpty else {
                return FrequencyEvidence(groups: [], dataset: evidence.dataset + " (pooled unavailable)", covered: false)
            }
            let ac = counted.compactMap(\.alleleCount).reduce(0, +), an = counted.compactMap(\.alleleNumber).reduce(0, +)
            let hom = counted.compactMap(\.homozygotes)
            return FrequencyEvidence(groups: [PopulationFrequency(group: "pooled", alleleCount: ac, alleleNumber: an,
                                                                  homozygotes: hom.isEmpty ? nil : hom.reduce(0, +))],
                                     dataset: evidence.dataset + " (pooled)", covered: evidence.covered)
        }
    }

    static func isPooled(_ group: String) -> Bool { ["pooled", "all", "total", "global", ""].contains(group) }
}
