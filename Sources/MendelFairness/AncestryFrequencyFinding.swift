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

/// One population group's frequency data as the classification saw it (a report row).
public struct GroupFrequencyRow: Sendable, Codable, Hashable {
    public var group: String
    public var alleleCount: Int?
    public var alleleNumber: Int?
    /// AF as given, else AC/AN.
    public var alleleFrequency: Double?
    public var homozygotes: Int?
    /// Filtering AF (95% lower bound) as given, else computed from AC/AN.
    public var filteringAF: Double?
    /// nil for per-group counts; the origin (e.g. `VEP MAX_AF`) for a supplied group maximum.
    public var suppliedBy: String?

    public init(_ frequency: PopulationFrequency, suppliedBy: String? = nil) {
        group = frequency.group; alleleCount = frequency.alleleCount; alleleNumber = frequency.alleleNumber
        alleleFrequency = frequency.alleleFrequency; homozygotes = frequency.homozygotes; filteringAF = frequency.filteringAF
        self.suppliedBy = suppliedBy
    }

    /// The rows of an evidence record: every group, then the supplied group maximum if any.
    public static func rows(_ evidence: FrequencyEvidence) -> [GroupFrequencyRow] {
        evidence.groups.map { GroupFrequencyRow($0) } + (evidence.supplied.map { [GroupFrequencyRow($0.frequency, suppliedBy: $0.origin)] } ?? [])
    }

    /// JSON for trace values (keys: group, ac, an, af, hom, faf95, supplied_by; absent values left out).
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["group": .string(group)]
        if let alleleCount { object["ac"] = .number(Double(alleleCount)) }
        if let alleleNumber { object["an"] = .number(Double(alleleNumber)) }
        if let alleleFrequency { object["af"] = .number(alleleFrequency) }
        if let homozygotes { object["hom"] = .number(Double(homozygotes)) }
        if let filteringAF { object["faf95"] = .number(filteringAF) }
        if let suppliedBy { object["supplied_by"] = .string(suppliedBy) }
        return .object(object)
    }
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
    /// Per-group frequencies the decision used (group, AC, AN, AF, homozygotes, filtering AF).
    public var groups: [GroupFrequencyRow] = []
    /// Groups whose data cannot exclude BS1 although BS1 was not met (`SmallSampleReview`): flagged for expert review.
    public var smallSampleReview: [SmallSampleReview] = []
    /// Rule `benign_frequency_evidence_unresolved`: a benign frequency criterion (BS1 at some strength, or BS2) is met,
    /// no pathogenic criterion is, and the class is still VUS. Such a variant is a reclassification candidate that needs
    /// only further benign evidence (BP4, BS3, segregation) — and VUS results are more frequent in groups that are
    /// under-represented in reference data, so they are listed for review rather than left silent. Never changes a class.
    public var benignEvidenceUnresolved: Bool = false
    public static let unresolvedBenignRule = "benign_frequency_evidence_unresolved"

    /// Flagged (class depends on the frequency view), a small-sample review item, or unresolved benign frequency evidence:
    /// a person should look at it.
    public var needsReview: Bool { flagged || !smallSampleReview.isEmpty || benignEvidenceUnresolved }

    /// Why the finding needs review, in words (no patient data); nil when it does not.
    public var reviewReason: String? {
        var reasons: [String] = []
        if flagged {
            let views = [FrequencyView.pooledOnly, .europeanOnly].filter { classes[$0] != nil && classes[$0] != classes[.groupMaximum] }
            reasons.append("class differs under " + views.map { "\($0 == .pooledOnly ? "pooled-only" : "European-only") frequency (\(classes[$0]?.rawValue ?? "-"))" }
                .joined(separator: " and ") + (wouldBePathogenicWithoutAncestry ? "; without ancestry-aware frequency it would be P/LP" : ""))
        }
        reasons += smallSampleReview.map(\.description)
        if benignEvidenceUnresolved {
            reasons.append("benign frequency evidence (\(decidedCriteria.joined(separator: ";"))) met by \(decidingGroup ?? "a group") and no pathogenic "
                + "evidence, but the class is VUS: review for further benign evidence")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// Trace entry (component `fairness`, event `ancestry_frequency`): the classes per view, the deciding group, the
    /// review reason and every group's frequencies (`groups`), so the stored analysis can show them.
    public var traceEntry: TraceEntry {
        var values: [String: JSONValue] = ["variant": .string(variant), "flagged": .bool(flagged), "needs_review": .bool(needsReview)]
        for (view, cls) in classes { values["class_\(view.rawValue)"] = .string(cls.rawValue) }
        if let decidingGroup { values["deciding_group"] = .string(decidingGroup) }
        if let decidingValue { values["deciding_value"] = .number(decidingValue) }
        values["decided_criteria"] = .array(decidedCriteria.map { .string($0) })
        values["groups"] = .array(groups.map(\.jsonValue))
        if let reviewReason { values["review"] = .string(reviewReason) }
        if !smallSampleReview.isEmpty { values["small_sample_groups"] = .array(smallSampleReview.map { .string($0.group) }) }
        let views = FrequencyView.allCases.compactMap { v in classes[v].map { "\(v.rawValue)=\($0.rawValue)" } }.joined(separator: ", ")
        let rule = flagged ? "class_depends_on_frequency_view"
            : !smallSampleReview.isEmpty ? SmallSampleReview.rule
            : benignEvidenceUnresolved ? Self.unresolvedBenignRule : "class_invariant_to_frequency_view"
        return TraceEntry(component: "fairness", event: "ancestry_frequency", rule: rule,
                          message: "\(gene ?? "-"): frequency criteria \(decidedCriteria.isEmpty ? "none met" : decidedCriteria.joined(separator: ";")) decided by "
                              + "\(decidingGroup ?? "no group"); classes \(views)" + (reviewReason.map { "; review: \($0)" } ?? ""),
                          values: values)
    }
}
