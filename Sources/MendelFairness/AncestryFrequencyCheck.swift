import MendelCore
import MendelVariants

/// Ancestry-aware frequency check: re-decides BA1/BS1/BS2/PM2 with MendelVariants' `FrequencyCriteria` on the
/// pooled-only and the European-only frequency, re-combines with `ACMGClassifier`, and flags a variant whose class
/// would change (Manrai et al. 2016: benign variants common in African ancestry reported as pathogenic). It also lists
/// groups whose small sample cannot exclude BS1 (`SmallSampleReview`). Classes are never changed by this check.
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

    /// Checks one classified variant. `evidence` is the frequency evidence the variant was classified with (default:
    /// the evidence the analyzer kept, `InterpretedVariant.frequencies`); nil = none, then nothing was decided by
    /// frequency. `recessive`: the gene's inheritance as the analyzer saw it (for BS2).
    public func check(_ variant: InterpretedVariant, evidence: FrequencyEvidence? = nil, recessive: Bool? = nil) -> AncestryFrequencyFinding? {
        check(key: variant.key, gene: variant.gene, hgvsc: variant.annotation?.hgvsc, otherEvaluations: variant.evaluations,
              evidence: evidence ?? variant.frequencies, recessive: recessive)
    }

    /// Checks a variant given its non-frequency criterion decisions (`otherEvaluations`; frequency ones are ignored).
    public func check(key: String, gene: String?, hgvsc: String?, otherEvaluations: [CriterionEvaluation],
                      evidence: FrequencyEvidence?, recessive: Bool? = nil) -> AncestryFrequencyFinding? {
        guard let evidence, !evidence.groups.isEmpty || evidence.supplied != nil else { return nil }
        let others = otherEvaluations.filter { !Self.frequencyCodes.contains($0.code) }
        var classes: [FrequencyView: ACMGClass] = [:]
        var criteria: [FrequencyView: [String]] = [:]
        var groupEvaluations: [CriterionEvaluation] = []
        var groupApplied: [AppliedCriterion] = []
        for view in FrequencyView.allCases {
            // A view without data (no pooled counts, no European group) has no class: unknown is not absent.
            guard let viewEvidence = Self.evidence(evidence, view: view) else { continue }
            let evaluations = frequency.evaluate(viewEvidence, gene: gene, hgvsc: hgvsc, recessive: recessive)
            let applied = (others + evaluations).compactMap(\.applied)
            if view == .groupMaximum { groupEvaluations = evaluations; groupApplied = applied }
            classes[view] = classifier.classify(applied, gene: gene).classification
            criteria[view] = evaluations.compactMap(\.applied).map(\.description)
        }
        let decided = groupEvaluations.filter { $0.status == .met && ["BA1", "BS1", "PM2"].contains($0.code) }
        let benign = decided.first { $0.code != "PM2" }
        var group: String?, value: Double?
        if let benign, case .string(let g)? = benign.values["group"] {
            group = g
            if case .number(let v)? = benign.values["group_max"] { value = v }
        } else if decided.contains(where: { $0.code == "PM2" }) {
            let all = evidence.groups + (evidence.supplied.map { [$0.frequency] } ?? [])
            let top = all.compactMap { g in g.alleleFrequency.map { (g.group, $0) } }.max { $0.1 < $1.1 }
            // Absent in every group: no single group decided PM2.
            if let top, top.1 > 0 { group = top.0; value = top.1 }
        }
        let reference = classes[.groupMaximum] ?? .uncertain
        let changed = [FrequencyView.pooledOnly, .europeanOnly].filter { classes[$0] != nil && classes[$0] != reference }
        let dangerous = changed.contains { classes[$0]?.isPathogenicSide == true } && !reference.isPathogenicSide
        let benignFrequencyMet = groupEvaluations.contains { $0.status == .met && ($0.code == "BS1" || $0.code == "BS2") }
        let unresolved = reference == .uncertain && benignFrequencyMet && !groupApplied.contains { $0.direction == .pathogenic }
        return AncestryFrequencyFinding(variant: key, gene: gene, decidedCriteria: decided.compactMap(\.applied).map(\.description),
                                        decidingGroup: group, decidingValue: value, classes: classes, criteriaByView: criteria,
                                        flagged: !changed.isEmpty, wouldBePathogenicWithoutAncestry: dangerous,
                                        groups: GroupFrequencyRow.rows(evidence),
                                        smallSampleReview: SmallSampleReview.items(evidence: evidence, evaluations: groupEvaluations,
                                                                                   gene: gene, policy: policy),
                                        benignEvidenceUnresolved: unresolved)
    }

    /// The frequency evidence seen under one view; nil when the data have nothing for it (no pooled counts, no
    /// European group). The group-maximum view keeps a supplied group maximum (used by MendelVariants when no group
    /// qualifies); the European-only view keeps it only when it is the `nfe` group.
    public static func evidence(_ evidence: FrequencyEvidence, view: FrequencyView) -> FrequencyEvidence? {
        switch view {
        case .groupMaximum:
            let groups = evidence.groups.filter { !isPooled($0.group) }
            return FrequencyEvidence(groups: groups.isEmpty ? evidence.groups : groups, dataset: evidence.dataset, covered: evidence.covered,
                                     supplied: evidence.supplied)
        case .europeanOnly:
            let supplied = evidence.supplied.flatMap { $0.frequency.group == "nfe" ? $0 : nil }
            guard evidence.groups.contains(where: { $0.group == "nfe" }) || supplied != nil else { return nil }
            return FrequencyEvidence(groups: evidence.groups.filter { $0.group == "nfe" }, dataset: evidence.dataset + " (nfe only)",
                                     covered: evidence.covered, supplied: supplied)
        case .pooledOnly:
            if let given = evidence.groups.first(where: { isPooled($0.group) }) {
                var pooled = given; pooled.group = "pooled"
                return FrequencyEvidence(groups: [pooled], dataset: evidence.dataset + " (pooled)", covered: evidence.covered)
            }
            let counted = evidence.groups.filter { $0.alleleCount != nil && $0.alleleNumber != nil }
            guard !counted.isEmpty else { return nil }
            let ac = counted.compactMap(\.alleleCount).reduce(0, +), an = counted.compactMap(\.alleleNumber).reduce(0, +)
            let hom = counted.compactMap(\.homozygotes)
            return FrequencyEvidence(groups: [PopulationFrequency(group: "pooled", alleleCount: ac, alleleNumber: an,
                                                                  homozygotes: hom.isEmpty ? nil : hom.reduce(0, +))],
                                     dataset: evidence.dataset + " (pooled)", covered: evidence.covered)
        }
    }

    static func isPooled(_ group: String) -> Bool { ["pooled", "all", "total", "global", ""].contains(group) }
}
