import Foundation
import MendelCore
import MendelDiagnosis
import MendelVariants
import Testing
@testable import MendelFairness

/// A real ranking with a deliberately planted bias: the listed diseases get `boost` added to their score (as if a
/// scoring function read an attribute without declaring a rule), and the list is re-ranked.
struct BiasedRanking: ExplainableRanking, Sendable {
    let base: PhenotypeRanking
    let boost: Double
    let boosted: Set<String>

    func adjusted(_ explanation: DiseaseExplanation) -> DiseaseExplanation {
        var e = explanation
        if boosted.contains(e.diseaseID.rawValue) { e.log10CompositeLikelihoodRatio += boost }
        return e
    }

    func explainTop(_ limit: Int) -> [DiseaseExplanation] {
        let pool = base.explainTop(limit + 20).map(adjusted).sorted { $0.log10CompositeLikelihoodRatio > $1.log10CompositeLikelihoodRatio }
        return pool.prefix(limit).enumerated().map { index, e in var e = e; e.rank = index + 1; return e }
    }

    func explain(_ disease: DiseaseID) -> DiseaseExplanation? {
        guard let e = base.explain(disease).map(adjusted) else { return nil }
        if let listed = explainTop(30).first(where: { $0.diseaseID == disease }) { return listed }
        return e
    }
}

@Suite("Counterfactual suite: sex, ancestry, age, name")
struct CounterfactualSuiteTests {
    let runner: CaseFairnessRunner
    let duchenneTerms = ["HP:0003707", "HP:0003560", "HP:0001256", "HP:0003115"]
    let marfanTerms = ["HP:0001166", "HP:0001083", "HP:0002616"]

    init() throws { runner = try fixtureRunner() }

    var query: PhenotypeQuery { PhenotypeQuery(observed: marfanTerms.compactMap { HPOTermID($0) }, sex: .male, ageAtLastEncounter: "P14Y") }

    @Test("the real pipeline passes every perturbation; ancestry, age and name change nothing")
    func realPipelineInvariant() throws {
        let run = runner.run(query: query, variants: nil, ancestry: "afr", name: "A Name")
        #expect(run.report.checks.map(\.perturbation) == [.sex, .ancestry, .age, .name])
        #expect(run.report.passed)
        for check in run.report.checks where check.perturbation != .sex {
            #expect(!check.topKChanged && check.differences.isEmpty, "\(check.perturbation) must not change anything")
        }
        #expect(run.report.checks.first { $0.perturbation == .ancestry }?.change == "afr→nfe")
        #expect(run.report.checks.first { $0.perturbation == .age }?.change == "12-18y→18-60y")
        #expect(run.report.checks.first { $0.perturbation == .name }?.change == "name replaced", "the change names no value")
    }

    @Test("a ranker wrapper that uses sex without a named rule is caught through the public pipeline seam")
    func plantedSexDependenceInPipeline() throws {
        let ranker = runner.phenotypeRanker
        let base = ranker.rank(query)
        // An autosomal disease in the top 10 that the sex swap leaves alone in the real ranking.
        let target = try #require(base.explainTop(10).dropFirst(2).first { $0.adjustments.isEmpty }?.diseaseID.rawValue)
        let q = query
        let biased = CounterfactualPipeline(rank: { attributes, _ in
            var query = q
            query.sex = attributes.sex
            query.ageAtLastEncounter = attributes.ageAtLastEncounter
            let ranking = ranker.rank(query)
            return BiasedRanking(base: ranking, boost: attributes.sex == .female ? 0.6 : 0, boosted: [target])
        })
        let run = runner.run(biased, attributes: CaseAttributes(sex: .male, ageAtLastEncounter: "P14Y", ancestry: "nfe"))
        let sex = try #require(run.report.checks.first { $0.perturbation == .sex })
        #expect(!sex.passed && sex.unexplainedChanges >= 1)
        let caught = try #require(sex.differences.first { $0.item == target })
        #expect(!caught.explained && abs(caught.unexplainedDelta - 0.6) < 1e-9)
        // The other perturbations are unaffected by a sex-only bias.
        let othersPassed = run.report.checks.filter { $0.perturbation != .sex }.allSatisfy { $0.passed }
        #expect(othersPassed)
        #expect(!run.report.passed)
        #expect(run.report.trace.contains { $0.rule == "unexplained_change" })

        // The same wrapper keyed on the ancestry label is caught by the ancestry check.
        let byAncestry = CounterfactualPipeline(rank: { attributes, _ in
            BiasedRanking(base: ranker.rank(q), boost: attributes.ancestry == "afr" ? -0.6 : 0, boosted: [target])
        })
        let ancestryRun = runner.run(byAncestry, attributes: CaseAttributes(sex: .male, ancestry: "nfe"))
        #expect(ancestryRun.report.checks.first { $0.perturbation == .ancestry }?.passed == false)
        #expect(ancestryRun.report.checks.first { $0.perturbation == .sex }?.passed == true)
    }

    @Test("a reordering with every score equal is an unexplained change")
    func pureReorderingIsUnexplained() throws {
        let ranking = runner.phenotypeRanker.rank(query)
        let top = ranking.explainTop(10)
        var swapped = top
        swapped.swapAt(0, 1)
        swapped[0].rank = 1
        swapped[1].rank = 2
        let original = CounterfactualOutcome(topK: top.map(\.diseaseID.rawValue), explanations: top)
        let counterfactual = CounterfactualOutcome(topK: swapped.map(\.diseaseID.rawValue), explanations: swapped)
        let check = CounterfactualChecker().compare(original, counterfactual, perturbation: .name, change: "name replaced")
        #expect(!check.passed && check.unexplainedChanges == 2)
    }

    @Test("LLM flip rate is compared with same-seed run-to-run noise")
    func llmFlipRate() {
        let stable = Array(repeating: ["OMIM:1", "OMIM:2", "OMIM:3"], count: 4)
        let flipped = [["OMIM:1", "OMIM:2", "OMIM:9"], ["OMIM:1", "OMIM:2", "OMIM:9"], ["OMIM:1", "OMIM:2", "OMIM:3"], ["OMIM:1", "OMIM:9", "OMIM:3"]]
        let result = LLMFlipRate.measure(perturbation: .sex, original: stable, counterfactual: flipped, topK: 3)
        #expect(result.noiseRate == 0 && result.flipRate == 0.75 && result.flagged)
        let noisy = [["A", "B"], ["A", "C"], ["A", "B"], ["A", "C"]]
        let same = LLMFlipRate.measure(perturbation: .ancestry, original: noisy, counterfactual: noisy, topK: 2)
        #expect(same.flipRate == 0 && !same.flagged)
    }
}

@Suite("Fairness policy file and cohort report rendering")
struct FairnessReportTests {
    @Test("Policies/fairness.yaml thresholds are read; bad values are rejected with the field named")
    func policyFile() throws {
        let text = try String(contentsOf: fairnessRepositoryRoot.appendingPathComponent("Policies/fairness.yaml"), encoding: .utf8)
        let t = try FairnessPolicyFile.thresholds(yaml: text)
        #expect(t.ratioLower == 0.8 && t.ratioUpper == 1.25 && t.maximumDifference == 0.1 && t.minimumGroupSize == 30)
        let custom = try FairnessPolicyFile.thresholds(yaml: "version: 1\nratio_bounds: [0.9, 1.1]  # tight\nmax_difference: 0.05\nmin_group_size: 5\naction: flag\n")
        #expect(custom.ratioLower == 0.9 && custom.ratioUpper == 1.1 && custom.maximumDifference == 0.05 && custom.minimumGroupSize == 5)
        #expect(throws: FairnessError.self) { try FairnessPolicyFile.thresholds(yaml: "ratio_bounds: [1.2, 1.1]\n") }
        #expect(throws: FairnessError.self) { try FairnessPolicyFile.thresholds(yaml: "maximum: 3\n") }
    }

    @Test("the cohort report flags a disparity, warns on small groups and renders self-contained HTML with plots")
    func cohortReport() throws {
        var records: [CohortRecord] = []
        for i in 0..<40 { records.append(CohortRecord(groups: ["sex": "MALE", "ancestry": "nfe", "age_band": "1-12y"], truthKnown: true, truthRank: i % 10 < 8 ? 1 : 3, variantClasses: [.uncertain])) }
        for i in 0..<40 { records.append(CohortRecord(groups: ["sex": "FEMALE", "ancestry": "afr", "age_band": "1-12y"], truthKnown: true, truthRank: i % 10 < 4 ? 1 : 3, variantClasses: [.uncertain, .pathogenic])) }
        for _ in 0..<3 { records.append(CohortRecord(groups: ["sex": "UNKNOWN_SEX", "ancestry": "sas", "age_band": "60y+"], truthKnown: false, truthRank: nil)) }
        let cohort = try CohortMetrics(bootstrapIterations: 200).report(records, attributes: FairnessReportDocument.attributes)
        #expect(cohort.flags.contains { $0.hasPrefix("sex ") && $0.hasSuffix("top1") })
        #expect(cohort.flags.contains { $0.hasPrefix("ancestry ") })
        #expect(cohort.warnings.contains { $0.contains("UNKNOWN_SEX") })
        var summary = CounterfactualCohortSummary()
        summary.add(FairnessSummary(passed: false, counterfactual: [CounterfactualSummary(perturbation: "sex", change: "MALE→FEMALE", passed: false, topKChanged: true,
                                                                                          variantClassesChanged: 0, unexplainedChanges: 1, explainingRules: [], unexplainedItems: ["OMIM:1"])]))
        let document = FairnessReportDocument(source: "test", generatedAt: "2026-11-29T00:00:00Z", cases: records.count, casesWithTruth: 80,
                                              policy: "hash", counterfactual: summary, cohort: cohort)
        let html = FairnessReportHTML.render(document)
        #expect(html.contains("<svg") && html.contains("Flagged for review") && html.contains("By ancestry") && html.contains("By age band"))
        #expect(!html.contains("<script") && !html.contains("https://"))
        let json = try CanonicalJSON.encode(document)
        let decoded = try JSONDecoder().decode(FairnessReportDocument.self, from: json)
        #expect(decoded.counterfactual.failedCases == 1 && decoded.counterfactual.byPerturbation["sex"]?.unexplainedChanges == 1)
    }
}
