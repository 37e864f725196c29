import MendelCore
import MendelVariants

/// A group whose frequency data cannot exclude BS1 although BS1 was not met: flagged for expert review.
///
/// Rule (`bs1_not_excluded_small_sample`), applied only when the group-maximum view met neither BA1 nor BS1 at full
/// strength, PM2 is not met (the allele is observed above the PM2 limit), and the gene's thresholds compare the
/// *filtering* AF (the 95% lower confidence bound, Whiffin et al. 2017). The target is the next BS1 strength not met:
/// the lowest of BS1_Supporting/BS1 when none is met, full BS1 when only BS1_Supporting is. A group that qualifies for
/// the benign criteria (the same groups as the group maximum: not bottlenecked unless the gene's rule counts them,
/// AN ≥ the policy minimum when known) is listed when its **point** allele frequency reaches that threshold while its
/// filtering AF does not. With AC and AN the point AF is AC/AN; with only a
/// filtering AF it is at most FAF / λ₉₅(1) ≈ 19.5 × FAF (the largest AF/FAF ratio, at AC = 1), so that bound is used.
///
/// Why: the filtering AF is deliberately conservative and its gap to the point AF grows as AN shrinks, so groups that
/// are under-represented in the reference data (most non-European groups) can carry a benign allele at BS1 frequency
/// without reaching BS1. The flag asks a person to weigh the group's data; it never changes the class. No threshold
/// is lowered, no group is singled out by name: the rule depends only on each group's own counts.
public struct SmallSampleReview: Sendable, Codable, Hashable, CustomStringConvertible {
    public static let rule = "bs1_not_excluded_small_sample"
    /// λ with P(X ≥ 1 | λ) = 0.05: the filtering AF of a singleton is 0.0513/AN.
    public static let singletonFAFFactor = FilteringAF.compute(alleleCount: 1, alleleNumber: 1)

    public var group: String
    /// The point AF (AC/AN or as given), or its upper bound from a filtering AF alone (`fromFilteringAF`).
    public var pointAF: Double
    public var fromFilteringAF: Bool
    public var filteringAF: Double?
    /// The BS1 strength not met whose threshold the point AF reaches (`BS1_Supporting` or `BS1`) and its threshold.
    public var criterion: String
    public var threshold: Double

    public var description: String {
        let point = fromFilteringAF ? "point AF up to \(Self.format(pointAF)) (only a filtering AF is known)" : "point AF \(Self.format(pointAF))"
        return "\(group): \(point) reaches the \(criterion) threshold \(Self.format(threshold)) but the filtering AF "
            + "\(filteringAF.map(Self.format) ?? "-") does not (small sample; \(criterion) not excluded — expert review)"
    }

    /// The review items for one variant; `evaluations` are the group-maximum view's frequency decisions.
    static func items(evidence: FrequencyEvidence, evaluations: [CriterionEvaluation], gene: String?, policy: ACMGPolicy) -> [SmallSampleReview] {
        let met = evaluations.filter { $0.status == .met }
        guard !met.contains(where: { $0.code == "BA1" || $0.code == "PM2" }),
              evaluations.contains(where: { $0.code == "PM2" && $0.status == .notMet }) else { return [] }
        let rules = policy.geneRules(gene)
        let thresholds = policy.frequency.defaults.merged(with: rules?.frequency)
        guard (thresholds.metric ?? .filteringAF) == .filteringAF else { return [] }
        // The next BS1 strength not yet met: BS1_Supporting (or BS1) when none is met, full BS1 when only
        // BS1_Supporting is; nothing when BS1 is met at full strength.
        let bs1 = met.first { $0.code == "BS1" }
        let target: (String, Double)?
        switch bs1?.strength {
        case nil: target = thresholds.bs1Supporting.map { ("BS1_Supporting", $0.value) } ?? thresholds.bs1.map { ("BS1", $0.value) }
        case .supporting?: target = thresholds.bs1.map { ("BS1", $0.value) }
        default: target = nil
        }
        guard let (criterion, threshold) = target else { return [] }
        let bottlenecked = Set(policy.frequency.bottleneckedGroups.map { $0.lowercased() })
        let countBottlenecked = rules?.countBottleneckedGroups == true || policy.frequency.useBottleneckedForBenign
        let candidates = evidence.groups.filter { !AncestryFrequencyCheck.isPooled($0.group) }
            + (evidence.supplied.map { [$0.frequency] } ?? [])
        var items: [SmallSampleReview] = []
        for g in candidates {
            if bottlenecked.contains(g.group) && !countBottlenecked { continue }
            if let an = g.alleleNumber, an < policy.frequency.minAlleleNumber { continue }
            let faf = g.filteringAF
            if let faf, faf >= threshold { continue }
            let point: Double, bound: Bool
            if let ac = g.alleleCount, let an = g.alleleNumber, an > 0 {
                guard ac > 0 else { continue }
                point = Double(ac) / Double(an); bound = false
            } else if let af = g.givenAF {
                point = af; bound = false
            } else if let faf, faf > 0 {
                point = faf / singletonFAFFactor; bound = true
            } else { continue }
            if point >= threshold {
                items.append(SmallSampleReview(group: g.group, pointAF: point, fromFilteringAF: bound, filteringAF: faf, criterion: criterion,
                                               threshold: threshold))
            }
        }
        return items
    }

    static func format(_ value: Double) -> String {
        let percent = value * 100
        let scaled = (percent * 10_000).rounded() / 10_000
        return "\(scaled)%"
    }
}
