import MendelCore

/// The detail of one ancestry-aware frequency finding, read back from the stored trace (component `fairness`, event
/// `ancestry_frequency`, written by MendelFairness' `AncestryFrequencyFinding.traceEntry`): every group's frequencies
/// and the reason the finding needs review.
struct FrequencyPanelDetail {
    struct Group {
        var group: String
        var alleleCount: Double?
        var alleleNumber: Double?
        var alleleFrequency: Double?
        var homozygotes: Double?
        var filteringAF: Double?
        var suppliedBy: String?
    }
    var groups: [Group]
    var review: String?

    /// Variant key → detail, for the variants listed in the fairness panel.
    static func index(_ analysis: CaseAnalysis) -> [String: FrequencyPanelDetail] {
        var out: [String: FrequencyPanelDetail] = [:]
        for entry in analysis.trace.entries where entry.component == "fairness" && entry.event == "ancestry_frequency" {
            guard let variant = entry.values["variant"]?.stringValue else { continue }
            let groups = (entry.values["groups"]?.arrayValue ?? []).compactMap { value -> Group? in
                guard let name = value["group"]?.stringValue else { return nil }
                return Group(group: name, alleleCount: value["ac"]?.doubleValue, alleleNumber: value["an"]?.doubleValue,
                             alleleFrequency: value["af"]?.doubleValue, homozygotes: value["hom"]?.doubleValue,
                             filteringAF: value["faf95"]?.doubleValue, suppliedBy: value["supplied_by"]?.stringValue)
            }
            out[variant] = FrequencyPanelDetail(groups: groups, review: entry.values["review"]?.stringValue)
        }
        return out
    }

    /// `afr 820/41000 AF 2.0% FAF 1.9% hom 3` (the deciding group marked with `*`).
    func groupsText(deciding: String?) -> String {
        groups.map { g in
            var text = g.group + (g.group == deciding ? "*" : "")
            if let ac = g.alleleCount, let an = g.alleleNumber { text += " \(Int(ac))/\(Int(an))" }
            if let af = g.alleleFrequency { text += " AF \(Self.percent(af))" }
            if let faf = g.filteringAF { text += " FAF \(Self.percent(faf))" }
            if let hom = g.homozygotes { text += " hom \(Int(hom))" }
            if let origin = g.suppliedBy { text += " (supplied: \(origin))" }
            return text
        }.joined(separator: "; ")
    }

    /// A frequency as a percentage with up to four significant decimals (0.00452%).
    static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        if value == 0 { return "0%" }
        let percent = value * 100
        let digits = percent >= 1 ? 2 : percent >= 0.01 ? 4 : 6
        return Format.decimal(percent, digits) + "%"
    }
}
