import MendelCore

/// Population-frequency data for one variant.
public struct FrequencyEvidence: Sendable, Codable, Hashable {
    public var groups: [PopulationFrequency]
    /// Name and version of the data set, e.g. `gnomAD v4.1 exomes`.
    public var dataset: String
    /// True when the data set covers the locus, so that no groups (or AC = 0) means absent.
    public var covered: Bool

    /// A group maximum the data source computed itself (gnomAD `grpmax`/`faf95_max`, VEP `MAX_AF` with
    /// `MAX_AF_POPS`, or a frequency cited in a curation). Used, as given and with its group named, only when
    /// `groups` has no group that qualifies for the benign criteria.
    public var supplied: SuppliedGroupMaximum?

    public init(groups: [PopulationFrequency], dataset: String, covered: Bool = true, supplied: SuppliedGroupMaximum? = nil) {
        self.groups = groups; self.dataset = dataset; self.covered = covered; self.supplied = supplied
    }
}

/// An already-computed group maximum taken from an annotation or a citation. The source chose the groups
/// (gnomAD grpmax leaves out bottlenecked groups, VEP `MAX_AF` and curation texts may not), so Mendel takes the
/// value as given and names its group and origin in the trace; known founder pathogenic alleles are protected by
/// the policy's `frequency_exceptions`.
public struct SuppliedGroupMaximum: Sendable, Codable, Hashable {
    /// The group with its AF and/or filtering AF (and AC/AN when the source gives them).
    public var frequency: PopulationFrequency
    /// Where the value comes from, e.g. `VEP MAX_AF`, `gnomAD grpmax`, `cited`.
    public var origin: String
    public init(frequency: PopulationFrequency, origin: String) { self.frequency = frequency; self.origin = origin }
}

/// The group that decided a benign frequency criterion.
public struct GroupMaximum: Sendable, Codable, Hashable {
    public var group: String
    public var value: Double
    public var metric: FrequencyMetric
    /// True when a plain AF stood in for a missing filtering AF.
    public var fellBackToAF: Bool
    public var alleleNumber: Int?
    /// nil when Mendel computed the maximum from per-group data; else the origin of a supplied maximum.
    public var suppliedBy: String? = nil
    /// True when the deciding group is one the policy lists as bottlenecked (counted by a gene rule or supplied).
    public var bottleneckedGroup: Bool = false
}

/// BA1 / BS1 / BS2 / PM2_Supporting from population frequencies.
/// Benign criteria use the group maximum over non-bottlenecked groups with AN ≥ the policy minimum — never a
/// pooled or European-only AF; PM2 needs the allele to be rare in every group, bottlenecked ones included.
public struct FrequencyCriteria: Sendable {
    public let policy: ACMGPolicy

    private let exceptionGenes: Set<String>
    /// Lower-case bottlenecked group codes: a handful, compared without hashing (7 groups per variant are checked).
    private let excludedGroups: [String]

    public init(policy: ACMGPolicy = .default) {
        self.policy = policy
        exceptionGenes = Set(policy.frequencyExceptions.map { $0.gene.uppercased() })
        var excluded: [String] = []
        for group in policy.frequency.bottleneckedGroups.map({ $0.lowercased() }) where !excluded.contains(group) { excluded.append(group) }
        excludedGroups = excluded
    }

    /// The group maximum used for benign criteria, or nil when no group qualifies.
    /// Computed from `evidence.groups` over non-bottlenecked groups (bottlenecked ones too when the policy or the
    /// gene's VCEP rule counts them) with AN ≥ the policy minimum; when no group qualifies, the supplied maximum.
    public func groupMaximum(_ evidence: FrequencyEvidence, metric: FrequencyMetric,
                             countBottlenecked: Bool = false) -> GroupMaximum? {
        let excluded = excludedGroups
        let counting = countBottlenecked || policy.frequency.useBottleneckedForBenign
        var best: GroupMaximum?
        for g in evidence.groups {
            // FAF ≤ AF: a group whose AF cannot beat the best value so far needs no FAF.
            if let b = best, let af = g.alleleFrequency, af <= b.value { continue }
            let bottlenecked = excluded.contains(g.group)
            if bottlenecked && !counting { continue }
            if let an = g.alleleNumber, an < policy.frequency.minAlleleNumber { continue }
            guard let (v, fellBack) = value(of: g, metric: metric) else { continue }
            if let b = best, v <= b.value { continue }
            best = GroupMaximum(group: g.group, value: v, metric: metric, fellBackToAF: fellBack, alleleNumber: g.alleleNumber,
                                bottleneckedGroup: bottlenecked)
        }
        if best == nil, let supplied = evidence.supplied {
            let g = supplied.frequency
            if let an = g.alleleNumber, an < policy.frequency.minAlleleNumber { return nil }
            guard let (v, fellBack) = value(of: g, metric: metric) else { return nil }
            best = GroupMaximum(group: g.group, value: v, metric: metric, fellBackToAF: fellBack, alleleNumber: g.alleleNumber,
                                suppliedBy: supplied.origin, bottleneckedGroup: excluded.contains(g.group))
        }
        return best
    }

    /// A group's value under the metric; a plain AF stands in for a missing filtering AF when the policy allows.
    private func value(of g: PopulationFrequency, metric: FrequencyMetric) -> (Double, Bool)? {
        switch metric {
        case .filteringAF:
            if let faf = g.filteringAF { return (faf, false) }
            if policy.frequency.useAlleleFrequencyWhenFilteringMissing, let af = g.alleleFrequency { return (af, true) }
            return nil
        case .alleleFrequency:
            return g.alleleFrequency.map { ($0, false) }
        }
    }

    /// Evaluates BA1, BS1 (with BS1_Supporting where the gene rules define it), BS2 (recessive, homozygotes) and PM2.
    /// `detailed: false` records only the decisions (code, status, strength, source): no values or reason texts.
    public func evaluate(_ evidence: FrequencyEvidence?, gene: String?, hgvsc: String?,
                         recessive: Bool? = nil, detailed: Bool = true) -> [CriterionEvaluation] {
        var results: [CriterionEvaluation] = []
        results.reserveCapacity(4)
        append(evidence, gene: gene, hgvsc: hgvsc, recessive: recessive, detailed: detailed, to: &results)
        return results
    }

    /// `evaluate` appending its four evaluations (BA1, BS1, BS2, PM2) to `results` (no array of its own).
    func append(_ evidence: FrequencyEvidence?, gene: String?, hgvsc: String?, recessive: Bool?, detailed: Bool,
                to results: inout [CriterionEvaluation]) {
        append(facts(evidence, gene: gene, hgvsc: hgvsc), recessive: recessive, detailed: detailed, to: &results)
    }

    /// What BA1/BS1/BS2/PM2 of one variant are decided on, worked out once (gene rules, listed exception, the group
    /// maximum, the highest AF for PM2) so that both the decisions-only and the detailed evaluation can use it.
    struct Facts {
        /// nil: no population frequency data for this variant.
        var evidence: FrequencyEvidence?
        var thresholds: FrequencyThresholds
        var metric: FrequencyMetric
        var panel: String?
        var exception: FrequencyException?
        var maximum: GroupMaximum?
        var allMax: (group: String, af: Double)?
    }

    func facts(_ evidence: FrequencyEvidence?, gene: String?, hgvsc: String?) -> Facts {
        facts(evidence, rules: policy.geneRules(gene), gene: gene, hgvsc: hgvsc)
    }

    /// `facts(_:gene:hgvsc:)` with the gene's rules (`policy.geneRules(gene)`) already looked up.
    func facts(_ evidence: FrequencyEvidence?, rules: GeneRules?, gene: String?, hgvsc: String?) -> Facts {
        let thresholds = policy.frequency.defaults.merged(with: rules?.frequency)
        let metric = thresholds.metric ?? .filteringAF
        var facts = Facts(evidence: nil, thresholds: thresholds, metric: metric, panel: rules?.panel)
        guard let evidence, evidence.covered || !evidence.groups.isEmpty || evidence.supplied != nil else { return facts }
        facts.evidence = evidence
        facts.exception = gene.map { g in
            exceptionGenes.contains(g) || (g.utf8.contains { $0 >= 0x61 && $0 <= 0x7A } && exceptionGenes.contains(g.uppercased()))
        } == true ? policy.frequencyException(gene: gene, hgvsc: hgvsc) : nil
        facts.maximum = groupMaximum(evidence, metric: metric, countBottlenecked: rules?.countBottleneckedGroups == true)
        // PM2 compares the highest AF over all groups (any AN, bottlenecked included).
        var allMax: (group: String, af: Double)?
        for g in evidence.groups {
            if let af = g.alleleFrequency, af > (allMax?.af ?? -1) { allMax = (g.group, af) }
        }
        if let s = evidence.supplied?.frequency, let af = s.alleleFrequency ?? s.filteringAF, af > (allMax?.af ?? -1) {
            allMax = (s.group, af)
        }
        facts.allMax = allMax
        return facts
    }

    /// The four evaluations from facts worked out before (`facts(_:gene:hgvsc:)`).
    func append(_ facts: Facts, recessive: Bool?, detailed: Bool, to results: inout [CriterionEvaluation]) {
        guard let evidence = facts.evidence else {
            for code in ["BA1", "BS1", "BS2", "PM2"] {
                results.append(CriterionEvaluation(code: code, status: .notEvaluable, reason: "no population frequency data for this variant"))
            }
            return
        }
        let (thresholds, metric, panel) = (facts.thresholds, facts.metric, facts.panel)
        let (exception, maximum, allMax) = (facts.exception, facts.maximum, facts.allMax)
        // Detailed: what the decisions were made on, kept once and spelled out when the texts are read.
        let trace = detailed ? FrequencyTrace(dataset: evidence.dataset, metric: metric, panel: panel, maximum: maximum, allMax: allMax,
                                              thresholds: thresholds) : nil
        // The rarer branches below keep their texts as given (values spelled out from the trace at once).
        func values() -> [String: JSONValue] { trace?.benignValues ?? [:] }

        func benign(_ code: String, _ threshold: SourcedThreshold?, strength: EvidenceStrength, label: BenignFrequencyLabel) -> CriterionEvaluation {
            if let exception, exception.suppresses.contains(code) {
                return CriterionEvaluation(code: code, status: .notMet, values: values(), source: exception.source,
                                           reason: "listed common pathogenic allele: \(code) not applied")
            }
            guard let threshold else {
                return CriterionEvaluation(code: code, status: .notEvaluable, values: values(), reason: "no \(label.rawValue) threshold for this gene")
            }
            guard let m = maximum else {
                return CriterionEvaluation(code: code, status: .notEvaluable, values: values(),
                                           threshold: "≥ \(format(threshold.value))", source: threshold.source,
                                           reason: "no non-bottlenecked group with AN ≥ \(policy.frequency.minAlleleNumber) and no supplied group maximum")
            }
            let met = m.value >= threshold.value
            guard let trace else {
                // Decisions only, but a met benign criterion always names the group that decided it.
                return CriterionEvaluation(code: code, status: met ? .met : .notMet, strength: met ? strength : nil,
                                           values: met ? ["group": .string(m.group), "group_max": .number(m.value)] : [:],
                                           source: threshold.source, reason: "")
            }
            return CriterionEvaluation(code: code, status: met ? .met : .notMet, strength: met ? strength : nil, source: threshold.source,
                                       text: .frequencyBenign(trace, label, met: met))
        }

        let ba1 = benign("BA1", thresholds.ba1, strength: .standAlone, label: .ba1)
        results.append(ba1)
        var bs1 = benign("BS1", thresholds.bs1, strength: .strong, label: .bs1)
        if bs1.status != .met, ba1.status != .met, thresholds.bs1Supporting != nil {
            let sup = benign("BS1", thresholds.bs1Supporting, strength: .supporting, label: .bs1Supporting)
            if sup.status == .met || bs1.status == .notEvaluable { bs1 = sup }
        }
        if ba1.status == .met && bs1.status == .met {
            bs1 = CriterionEvaluation(code: "BS1", status: .notMet, values: values(), threshold: bs1.threshold, source: bs1.source,
                                      reason: "BA1 met; BS1 not counted in addition")
        }
        results.append(bs1)
        results.append(bs2(evidence, exception: exception, recessive: recessive))

        // PM2: rare in every group (any AN, bottlenecked included) and no benign frequency criterion met.
        let pm2Max = thresholds.pm2SupportingMax
        func pmValues() -> [String: JSONValue] { trace?.pm2Values ?? [:] }
        if ba1.status == .met || bs1.status == .met {
            results.append(CriterionEvaluation(code: "PM2", status: .notMet, values: pmValues(), reason: "a benign frequency criterion is met"))
        } else if let pm2Max {
            let observed = allMax?.1 ?? 0
            if allMax == nil && !evidence.covered {
                results.append(CriterionEvaluation(code: "PM2", status: .notEvaluable, values: pmValues(), reason: "locus not covered"))
            } else {
                let met = observed <= pm2Max.value
                guard let trace else {
                    results.append(CriterionEvaluation(code: "PM2", status: met ? .met : .notMet, strength: met ? .supporting : nil,
                                                       source: pm2Max.source, reason: ""))
                    return
                }
                results.append(CriterionEvaluation(code: "PM2", status: met ? .met : .notMet, strength: met ? .supporting : nil,
                                                   source: pm2Max.source, text: .frequencyPM2(trace, met: met)))
            }
        } else {
            results.append(CriterionEvaluation(code: "PM2", status: .notEvaluable, values: pmValues(), reason: "no PM2 threshold"))
        }
    }

    private func bs2(_ evidence: FrequencyEvidence, exception: FrequencyException?, recessive: Bool?) -> CriterionEvaluation {
        if let exception, exception.suppresses.contains("BS2") {
            return CriterionEvaluation(code: "BS2", status: .notMet, source: exception.source, reason: "listed common pathogenic allele")
        }
        guard recessive == true else {
            return CriterionEvaluation(code: "BS2", status: .notEvaluable,
                                       reason: "BS2 from population data is only evaluated for recessive disease (homozygotes)")
        }
        let excluded = Set(policy.frequency.bottleneckedGroups)
        let hom = evidence.groups.filter { !excluded.contains($0.group) }.compactMap(\.homozygotes).reduce(0, +)
        guard evidence.groups.contains(where: { $0.homozygotes != nil }) else {
            return CriterionEvaluation(code: "BS2", status: .notEvaluable, reason: "no homozygote counts")
        }
        let minimum = policy.frequency.bs2MinHomozygotes
        let met = hom >= minimum
        return CriterionEvaluation(code: "BS2", status: met ? .met : .notMet, strength: met ? .strong : nil,
                                   values: ["homozygotes": .number(Double(hom))], threshold: "homozygotes ≥ \(minimum)",
                                   source: "ACMG 2015 BS2 (observed in healthy adults, recessive: homozygous); count in non-bottlenecked groups",
                                   reason: "\(hom) homozygotes in non-bottlenecked groups")
    }
}

/// Compact decimal formatting for messages (no Foundation).
func format(_ value: Double) -> String {
    if value == 0 { return "0" }
    if value >= 0.001 {
        let scaled = (value * 1_000_000).rounded() / 1_000_000
        return "\(scaled)"
    }
    return "\(value)"
}
