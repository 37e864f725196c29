import MendelVariants
import Testing
@testable import MendelFairness

@Suite("Cohort metrics")
struct CohortMetricsTests {
    /// `n` cases of a group with `hits` ranked first, the rest at rank 20.
    func cases(_ sex: String, n: Int, hits: Int) -> [CohortRecord] {
        (0..<n).map { i in
            CohortRecord(groups: ["sex": sex, "age_band": i % 2 == 0 ? "1-12y" : "18-60y"], truthKnown: true, truthRank: i < hits ? 1 : 20,
                         variantClasses: i % 3 == 0 ? [.uncertain, .pathogenic] : [.benign])
        }
    }

    @Test("bootstrap intervals are deterministic for a seed and cover the estimate")
    func bootstrapDeterminism() throws {
        let records = cases("FEMALE", n: 60, hits: 40) + cases("MALE", n: 60, hits: 30)
        let metrics = CohortMetrics(bootstrapIterations: 300, seed: 7)
        let first = try metrics.report(records, attributes: ["sex"])
        let second = try metrics.report(records, attributes: ["sex"])
        #expect(first == second)
        let female = try #require(first.groups.first { $0.group == "FEMALE" })
        let top1 = try #require(female.metrics[.top1])
        #expect(abs(top1.value - 40.0 / 60) < 1e-12)
        #expect(top1.lower < top1.value && top1.value < top1.upper)
        let other = try CohortMetrics(bootstrapIterations: 300, seed: 8).report(records, attributes: ["sex"])
        // Another seed draws other resamples (the intervals of some metric move).
        #expect(other != first)
    }

    @Test("a top-1 gap beyond the thresholds is flagged against the reference group")
    func disparityFlagged() throws {
        let records = cases("FEMALE", n: 60, hits: 30) + cases("MALE", n: 80, hits: 60)
        let report = try CohortMetrics(bootstrapIterations: 200).report(records, attributes: ["sex"])
        let female = try #require(report.groups.first { $0.group == "FEMALE" })
        #expect(report.groups.first { $0.group == "MALE" }?.isReference == true)
        let comparison = try #require(female.comparisons[.top1])
        #expect(abs(comparison.difference.value - (0.5 - 0.75)) < 1e-12)
        #expect(abs((comparison.ratio ?? 0) - 0.5 / 0.75) < 1e-12)
        #expect(comparison.flagged && report.flags.contains("sex FEMALE top1"))
        #expect(female.comparisons[.vusRate]?.flagged == false)
    }

    @Test("small groups and small intersections are warned about and not compared")
    func smallGroupWarning() throws {
        let records = cases("FEMALE", n: 40, hits: 20) + cases("MALE", n: 5, hits: 5)
        let report = try CohortMetrics(bootstrapIterations: 100).report(records, attributes: ["sex", "age_band"])
        let male = try #require(report.groups.first { $0.attribute == "sex" && $0.group == "MALE" })
        #expect(male.belowMinimumSize && male.comparisons.isEmpty)
        #expect(report.warnings.contains { $0.hasPrefix("sex=MALE: 5 cases") })
        #expect(report.warnings.contains { $0.contains("small intersection sex=MALE × age_band=1-12y: 3 cases") })
        #expect(!report.flags.contains { $0.hasPrefix("sex MALE") })
    }

    @Test("empty cohorts are refused; age bands come from ISO 8601 ages")
    func edgeCases() {
        #expect(throws: FairnessError.emptyCohort) { try CohortMetrics().report([], attributes: ["sex"]) }
        #expect(AgeBand(iso8601: "P3Y6M") == .child)
        #expect(AgeBand(iso8601: "P10D") == .infant)
        #expect(AgeBand(iso8601: "P45Y") == .adult)
        #expect(AgeBand(iso8601: nil) == .unknown)
        #expect(AgeBand(iso8601: "garbage") == .unknown)
    }
}
