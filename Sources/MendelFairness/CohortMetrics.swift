import MendelVariants

/// One labelled result of the cohort (a case): its group labels, where the truth ranked, and its variant classes.
public struct CohortRecord: Sendable, Codable, Hashable {
    /// Attribute → group label, e.g. `["sex": "FEMALE", "age_band": "1-12y", "ancestry": "afr"]`.
    public var groups: [String: String]
    /// True when the correct diagnosis is known for this case.
    public var truthKnown: Bool
    /// 1-based rank of the correct diagnosis; nil when known but not ranked.
    public var truthRank: Int?
    /// ACMG classes of the case's classified variants.
    public var variantClasses: [ACMGClass]

    public init(groups: [String: String], truthKnown: Bool, truthRank: Int?, variantClasses: [ACMGClass] = []) {
        self.groups = groups; self.truthKnown = truthKnown; self.truthRank = truthRank; self.variantClasses = variantClasses
    }
}

/// The metrics computed per group.
public enum CohortMetric: String, Sendable, Codable, Hashable, CaseIterable, CodingKeyRepresentable {
    case top1 = "top1"
    case top10 = "top10"
    /// VUS among classified variants.
    case vusRate = "vus_rate"
    /// P/LP among classified variants.
    case pathogenicRate = "plp_rate"

    /// Numerator and denominator contributed by one record.
    func counts(_ r: CohortRecord) -> (Double, Double) {
        switch self {
        case .top1: return r.truthKnown ? (r.truthRank == 1 ? 1 : 0, 1) : (0, 0)
        case .top10: return r.truthKnown ? ((r.truthRank ?? .max) <= 10 ? 1 : 0, 1) : (0, 0)
        case .vusRate: return (Double(r.variantClasses.filter { $0 == .uncertain }.count), Double(r.variantClasses.count))
        case .pathogenicRate: return (Double(r.variantClasses.filter(\.isPathogenicSide).count), Double(r.variantClasses.count))
        }
    }
}

/// A value with its bootstrap 95% interval.
public struct Estimate: Sendable, Codable, Hashable {
    public var value: Double
    public var lower: Double
    public var upper: Double
    /// Denominator (cases with known truth, or variants).
    public var denominator: Int
}

/// One metric of one group against the reference group.
public struct GroupComparison: Sendable, Codable, Hashable {
    /// group / reference (nil when the reference value is 0).
    public var ratio: Double?
    /// group − reference, with its bootstrap 95% interval.
    public var difference: Estimate
    /// Outside `DisparityThresholds` (flagged for review, never blocked).
    public var flagged: Bool
}

/// Metrics of one group of one attribute.
public struct GroupMetrics: Sendable, Codable, Hashable {
    public var attribute: String
    public var group: String
    public var cases: Int
    public var isReference: Bool
    /// Smaller than the minimum group size: shown, never compared.
    public var belowMinimumSize: Bool
    public var metrics: [CohortMetric: Estimate]
    public var comparisons: [CohortMetric: GroupComparison]
}

/// The cohort fairness report.
public struct CohortFairnessReport: Sendable, Codable, Hashable {
    public var thresholds: DisparityThresholds
    public var bootstrapIterations: Int
    public var seed: UInt64
    public var groups: [GroupMetrics]
    /// Group-size and intersection warnings (counts and labels only).
    public var warnings: [String]
    /// `attribute group metric` of every flagged comparison.
    public var flags: [String]
}

/// Per-group top-1/top-10, VUS and P/LP rates with seeded bootstrap 95% CIs, ratios and differences against a
/// reference group, flags from `DisparityThresholds`, and warnings on small groups and small intersections.
public struct CohortMetrics: Sendable {
    public var thresholds: DisparityThresholds
    public var bootstrapIterations: Int
    public var seed: UInt64

    public init(thresholds: DisparityThresholds = DisparityThresholds(), bootstrapIterations: Int = 1000, seed: UInt64 = 20250601) {
        self.thresholds = thresholds; self.bootstrapIterations = bootstrapIterations; self.seed = seed
    }

    /// Computes the report. `references`: attribute → reference group; default the largest group (ties: first by name).
    public func report(_ records: [CohortRecord], attributes: [String], references: [String: String] = [:]) throws(FairnessError) -> CohortFairnessReport {
        guard !records.isEmpty else { throw .emptyCohort }
        guard bootstrapIterations > 0 else { throw .invalidInput(field: "bootstrapIterations", reason: "must be positive") }
        var groups: [GroupMetrics] = []
        var warnings: [String] = []
        var flags: [String] = []
        for (attributeIndex, attribute) in attributes.enumerated() {
            var members: [String: [CohortRecord]] = [:]
            for r in records { members[r.groups[attribute] ?? "unknown", default: []].append(r) }
            let names = members.keys.sorted()
            let reference = references[attribute]
                ?? names.max { (members[$0]?.count ?? 0, $1) < (members[$1]?.count ?? 0, $0) } ?? ""
            guard let referenceMembers = members[reference] else {
                throw .invalidInput(field: "references.\(attribute)", reason: "reference group has no records")
            }
            if referenceMembers.count < thresholds.minimumGroupSize {
                warnings.append("\(attribute): reference group \(reference) has \(referenceMembers.count) cases (< \(thresholds.minimumGroupSize)); no comparisons")
            }
            for (groupIndex, name) in names.enumerated() {
                let rs = members[name] ?? []
                let small = rs.count < thresholds.minimumGroupSize
                if small { warnings.append("\(attribute)=\(name): \(rs.count) cases (< \(thresholds.minimumGroupSize)); not compared") }
                var metrics: [CohortMetric: Estimate] = [:]
                var comparisons: [CohortMetric: GroupComparison] = [:]
                for (metricIndex, metric) in CohortMetric.allCases.enumerated() {
                    // One stream per (attribute, group, metric): adding a group does not shift the others.
                    var rng = SeededGenerator(seed: seed &+ UInt64(attributeIndex) &* 1_000_003 &+ UInt64(groupIndex) &* 1_009 &+ UInt64(metricIndex))
                    guard let estimate = bootstrap(rs, metric: metric, rng: &rng) else { continue }
                    metrics[metric] = estimate
                    guard name != reference, !small, referenceMembers.count >= thresholds.minimumGroupSize,
                          let difference = bootstrapDifference(rs, referenceMembers, metric: metric, rng: &rng),
                          let referenceValue = rate(referenceMembers, metric) else { continue }
                    let ratio = referenceValue > 0 ? estimate.value / referenceValue : nil
                    let flagged = thresholds.isDisparity(ratio: ratio, difference: difference.value)
                    if flagged { flags.append("\(attribute) \(name) \(metric.rawValue)") }
                    comparisons[metric] = GroupComparison(ratio: ratio, difference: difference, flagged: flagged)
                }
                groups.append(GroupMetrics(attribute: attribute, group: name, cases: rs.count, isReference: name == reference,
                                           belowMinimumSize: small, metrics: metrics, comparisons: comparisons))
            }
        }
        warnings += intersectionWarnings(records, attributes: attributes)
        return CohortFairnessReport(thresholds: thresholds, bootstrapIterations: bootstrapIterations, seed: seed,
                                    groups: groups, warnings: warnings, flags: flags)
    }

    /// Pairwise intersections with 0 < n < minimum group size.
    func intersectionWarnings(_ records: [CohortRecord], attributes: [String]) -> [String] {
        var out: [String] = []
        for i in attributes.indices {
            for j in attributes.indices where j > i {
                var counts: [String: Int] = [:]
                for r in records { counts["\(attributes[i])=\(r.groups[attributes[i]] ?? "unknown") × \(attributes[j])=\(r.groups[attributes[j]] ?? "unknown")", default: 0] += 1 }
                for (key, n) in counts.sorted(by: { $0.key < $1.key }) where n < thresholds.minimumGroupSize {
                    out.append("small intersection \(key): \(n) cases (< \(thresholds.minimumGroupSize))")
                }
            }
        }
        return out
    }

    func rate(_ records: [CohortRecord], _ metric: CohortMetric) -> Double? {
        var num = 0.0, den = 0.0
        for r in records { let (a, b) = metric.counts(r); num += a; den += b }
        return den > 0 ? num / den : nil
    }

    /// Percentile bootstrap over cases (ratio of sums), nil when the metric has no denominator.
    func bootstrap(_ records: [CohortRecord], metric: CohortMetric, rng: inout SeededGenerator) -> Estimate? {
        let counts = records.map { metric.counts($0) }
        let den = counts.reduce(0) { $0 + $1.1 }
        guard den > 0 else { return nil }
        let value = counts.reduce(0) { $0 + $1.0 } / den
        var samples: [Double] = []
        samples.reserveCapacity(bootstrapIterations)
        for _ in 0..<bootstrapIterations {
            var a = 0.0, b = 0.0
            for _ in counts.indices { let c = counts[rng.index(below: counts.count)]; a += c.0; b += c.1 }
            if b > 0 { samples.append(a / b) }
        }
        let (lo, hi) = Self.percentiles(&samples)
        return Estimate(value: value, lower: lo, upper: hi, denominator: Int(den))
    }

    /// Bootstrap of group − reference, each resampled on its own.
    func bootstrapDifference(_ group: [CohortRecord], _ reference: [CohortRecord], metric: CohortMetric,
                             rng: inout SeededGenerator) -> Estimate? {
        let g = group.map { metric.counts($0) }, r = reference.map { metric.counts($0) }
        guard let gv = rate(group, metric), let rv = rate(reference, metric) else { return nil }
        var samples: [Double] = []
        for _ in 0..<bootstrapIterations {
            var a = 0.0, b = 0.0, c = 0.0, d = 0.0
            for _ in g.indices { let x = g[rng.index(below: g.count)]; a += x.0; b += x.1 }
            for _ in r.indices { let x = r[rng.index(below: r.count)]; c += x.0; d += x.1 }
            if b > 0 && d > 0 { samples.append(a / b - c / d) }
        }
        let (lo, hi) = Self.percentiles(&samples)
        return Estimate(value: gv - rv, lower: lo, upper: hi, denominator: Int(g.reduce(0) { $0 + $1.1 }))
    }

    static func percentiles(_ samples: inout [Double]) -> (Double, Double) {
        guard !samples.isEmpty else { return (.nan, .nan) }
        samples.sort()
        let n = samples.count
        let lo = samples[min(n - 1, max(0, Int((0.025 * Double(n)).rounded(.down))))]
        let hi = samples[min(n - 1, max(0, Int((0.975 * Double(n)).rounded(.up)) - 1))]
        return (lo, hi)
    }
}
