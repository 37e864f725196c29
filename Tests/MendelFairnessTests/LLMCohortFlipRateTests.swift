import Foundation
import MendelCore
import Testing
@testable import MendelFairness

@Suite("LLM cohort flip rate")
struct LLMCohortFlipRateTests {
    @Test("flips with a changed model input are explained; flips with an unchanged input are compared with noise and flagged")
    func aggregation() throws {
        var rate = LLMCohortFlipRate(model: "m", topK: 3, seed: 0, margin: 0.1)
        // 4 cases: same-seed repeats agree in 3 (noise 0.25). Sex: 2 flips, 1 with a changed KB ranking. Ancestry: never.
        let a = ["OMIM:1", "OMIM:2", "OMIM:3"], b = ["OMIM:1", "OMIM:2", "OMIM:4"]
        rate.add(.init(original: a, repeated: a, counterfactual: ["sex": (b, true), "ancestry": (a, false)]))
        rate.add(.init(original: a, repeated: a, counterfactual: ["sex": (b, false), "ancestry": (a, false)]))
        rate.add(.init(original: a, repeated: [a[2], a[0], a[1]], counterfactual: ["sex": (a, false), "ancestry": (a, false)]))
        rate.add(.init(original: a, repeated: b, counterfactual: ["sex": (a, false), "ancestry": (a, false)]))
        #expect(rate.cases == 4 && rate.noiseRate == 0.25, "order within the top-k is not a flip")
        let sex = try #require(rate.byPerturbation["sex"])
        #expect(sex.flips == 2 && sex.inputChanged == 1 && sex.flipsWithInputChanged == 1 && sex.flipsWithInputUnchanged == 1)
        #expect(abs(sex.unexplainedFlipRate - 1.0 / 3) < 1e-12 && rate.byPerturbation["ancestry"]?.flipRate == 0)
        #expect(rate.flagged.isEmpty, "1/3 unexplained is within noise 0.25 + margin 0.1")
        rate.margin = 0.05
        #expect(rate.flagged == ["sex"])
    }

    @Test("the cohort report carries the LLM section in JSON and HTML")
    func reportSection() throws {
        var rate = LLMCohortFlipRate(model: "smollm2", topK: 3, seed: 0)
        rate.add(.init(original: ["OMIM:1"], repeated: ["OMIM:1"], counterfactual: ["sex": (["OMIM:2"], true)]))
        let records = (0..<4).map { i in CohortRecord(groups: ["sex": i % 2 == 0 ? "MALE" : "FEMALE", "ancestry": "unknown", "age_band": "1-12y"],
                                                       truthKnown: true, truthRank: 1, variantClasses: []) }
        let cohort = try CohortMetrics(bootstrapIterations: 10).report(records, attributes: FairnessReportDocument.attributes)
        var document = FairnessReportDocument(source: "test", generatedAt: "t", cases: 1, casesWithTruth: 0, policy: nil,
                                              counterfactual: CounterfactualCohortSummary(), cohort: cohort)
        document.llm = rate
        let html = FairnessReportHTML.render(document)
        #expect(html.contains("<h2>LLM differential flip rate</h2>") && html.contains("aria-label=\"LLM flip rates\""))
        let decoded = try JSONDecoder().decode(FairnessReportDocument.self, from: try CanonicalJSON.encode(document))
        #expect(decoded.llm?.byPerturbation["sex"]?.flipsWithInputChanged == 1 && decoded.llm?.byPerturbation["sex"]?.flipRate == 1)
        #expect(String(decoding: try CanonicalJSON.encode(document), as: UTF8.self).contains("\"noiseRate\":0"))
    }
}
