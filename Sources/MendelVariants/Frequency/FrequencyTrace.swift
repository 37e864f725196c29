import MendelCore

/// What the frequency criteria of one variant were decided on, kept once per variant and shared by its BA1, BS1 and
/// PM2 evaluations; their values, thresholds and reasons are spelled out from it when read
/// (`CriterionText.frequencyBenign` / `.frequencyPM2`), exactly as `FrequencyCriteria` words them.
final class FrequencyTrace: Sendable {
    let dataset: String
    let metric: FrequencyMetric
    /// The VCEP whose rules applied, if any.
    let panel: String?
    /// The group maximum the benign criteria compared (nil: no group qualified).
    let maximum: GroupMaximum?
    /// The highest AF over all groups, bottlenecked ones included (PM2).
    let allMax: (group: String, af: Double)?
    /// The thresholds BA1, BS1, BS1_Supporting and PM2_Supporting were compared against (nil: none for this gene).
    let ba1: Double?, bs1: Double?, bs1Supporting: Double?, pm2: Double?

    init(dataset: String, metric: FrequencyMetric, panel: String?, maximum: GroupMaximum?, allMax: (group: String, af: Double)?,
         thresholds: FrequencyThresholds) {
        self.dataset = dataset; self.metric = metric; self.panel = panel; self.maximum = maximum; self.allMax = allMax
        ba1 = thresholds.ba1?.value; bs1 = thresholds.bs1?.value; bs1Supporting = thresholds.bs1Supporting?.value
        pm2 = thresholds.pm2SupportingMax?.value
    }

    /// The values of BA1/BS1: data set, metric, VCEP and the deciding group with its maximum.
    var benignValues: [String: JSONValue] {
        var values: [String: JSONValue] = ["dataset": .string(dataset), "metric": .string(metric.rawValue)]
        if let panel { values["vcep"] = .string(panel) }
        if let m = maximum {
            values["group"] = .string(m.group)
            values["group_max"] = .number(m.value)
            if let an = m.alleleNumber { values["an"] = .number(Double(an)) }
            if m.fellBackToAF { values["note"] = .string("filtering AF unavailable; group AF used") }
            if let origin = m.suppliedBy { values["group_max_origin"] = .string("supplied: \(origin)") }
            if m.bottleneckedGroup {
                values["bottlenecked_group"] = .string(m.suppliedBy != nil
                    ? "the supplied maximum is in a bottlenecked group; taken as given (founder pathogenic alleles are listed exceptions)"
                    : "bottlenecked group counted by the gene's VCEP rule")
            }
        }
        return values
    }

    /// The values of PM2: data set and the group with the highest AF.
    var pm2Values: [String: JSONValue] {
        var values: [String: JSONValue] = ["dataset": .string(dataset)]
        if let allMax { values["max_group"] = .string(allMax.group); values["max_af"] = .number(allMax.af) }
        return values
    }

    /// `filtering AF 0.0123 in afr` (empty without a group maximum).
    private var groupWords: String {
        maximum.map { "\($0.metric == .filteringAF && !$0.fellBackToAF ? "filtering AF" : "AF") \(format($0.value)) in \($0.group)" } ?? ""
    }

    /// BA1/BS1 met or not met on the group maximum (against the label's threshold, which the evaluation had).
    func benignTexts(_ label: BenignFrequencyLabel, met: Bool) -> CriterionTexts {
        let threshold = switch label {
        case .ba1: ba1 ?? 0
        case .bs1: bs1 ?? 0
        case .bs1Supporting: bs1Supporting ?? 0
        }
        return CriterionTexts(values: benignValues, threshold: "group max ≥ \(format(threshold))",
                              reason: "\(groupWords) \(met ? "≥" : "<") \(label.rawValue) threshold \(format(threshold))")
    }

    /// PM2_Supporting met or not met on the highest AF over all groups (against the PM2 threshold, which it had).
    func pm2Texts(met: Bool) -> CriterionTexts {
        let threshold = pm2 ?? 0
        return CriterionTexts(values: pm2Values, threshold: "max AF over all groups ≤ \(format(threshold))",
                              reason: allMax.map { "max AF \(format($0.af)) in \($0.group) \(met ? "≤" : ">") \(format(threshold))" }
                                  ?? "absent from \(dataset)")
    }
}
