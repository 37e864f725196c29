import Foundation
import MendelCore
import Testing
@testable import MendelDiagnosis
import MendelKnowledge

/// The LR model against values computed by hand (docs/knowledge-base.md). Four candidates, so
/// bg(t) = (Σ_D P(t|D) + 0.5) / 5 and the pretest probability is 1/4.
@Suite struct LikelihoodRatioTests {
    let ranker: PhenotypeRanker

    init() throws { ranker = try PhenotypeRanker(knowledgeBase: handKnowledgeBase(), parameters: handParameters) }

    // Background frequencies from the annotations (P(A1|D1) = P(A1|D4) = 0.5, P(A2|D2) = 0.895, P(B|D3) = 1).
    let bgA1 = (0.5 + 0.5 + 0.5) / 5            // D1, D4 + pseudo-count
    let bgA = (0.5 + 0.895 + 0.5 + 0.5) / 5     // D1, D2, D4 imply A
    let bgB = (1.0 + 0.5) / 5

    func score(_ ranking: PhenotypeRanking, _ id: String) throws -> Double {
        try #require(ranking.score(of: disease(id))).score
    }

    @Test func exactMatchIsFrequencyOverBackground() throws {
        let ranking = ranker.rank(PhenotypeQuery(observed: [term("HP:0000101")]))
        #expect(abs(try score(ranking, "OMIM:000001") - log10(0.5 / bgA1)) < 1e-6)
        // D2 implies A only (via A2): common-ancestor credit 0.25 · P(A|D2)/bg(A).
        #expect(abs(try score(ranking, "OMIM:000002") - log10(0.25 * 0.895 / bgA)) < 1e-6)
        // D3 is annotated NOT A, an ancestor of A1.
        #expect(abs(try score(ranking, "OMIM:000003") - log10(0.005)) < 1e-6)
        let explanation = try #require(ranking.explain(disease("OMIM:000001")))
        #expect(explanation.terms[0].matchType == .exact)
        #expect(explanation.terms[0].frequency == 0.5)
        #expect(abs(explanation.terms[0].backgroundFrequency! - bgA1) < 1e-12)
        #expect(abs(explanation.terms[0].likelihoodRatio - 0.5 / bgA1) < 1e-5)
        #expect(try #require(ranking.explain(disease("OMIM:000003"))).terms[0].matchType == .diseaseLacksFeature)
        #expect(try #require(ranking.explain(disease("OMIM:000002"))).terms[0].matchType == .commonAncestor)
    }

    @Test func queryImpliedByMoreSpecificAnnotation() throws {
        let ranking = ranker.rank(PhenotypeQuery(observed: [term("HP:0000100")]))
        #expect(abs(try score(ranking, "OMIM:000001") - log10(0.5 / bgA)) < 1e-6)
        #expect(abs(try score(ranking, "OMIM:000002") - log10(0.895 / bgA)) < 1e-6)
        let explanation = try #require(ranking.explain(disease("OMIM:000002")))
        #expect(explanation.terms[0].matchType == .impliedByDescendant)
        #expect(explanation.terms[0].diseaseAnnotation == term("HP:0000102"))
        #expect(explanation.rank == 1)
    }

    @Test func queryMoreSpecificThanAnnotationGetsPartialCredit() throws {
        let ranking = ranker.rank(PhenotypeQuery(observed: [term("HP:0000103")]))
        #expect(abs(try score(ranking, "OMIM:000001") - log10(0.5 * 0.5 / bgA1)) < 1e-6)
        let explanation = try #require(ranking.explain(disease("OMIM:000001")))
        #expect(explanation.terms[0].matchType == .queryMoreSpecific)
        #expect(explanation.terms[0].matchedTerm == term("HP:0000101"))
        #expect(explanation.terms[0].weight == 0.5)
    }

    @Test func excludedTermUsesComplementRatio() throws {
        let ranking = ranker.rank(PhenotypeQuery(observed: [], excluded: [term("HP:0000200")]))
        // D3 has B at 100 %, capped at 0.9; the others do not imply B.
        #expect(abs(try score(ranking, "OMIM:000003") - log10((1 - 0.9) / (1 - bgB))) < 1e-6)
        #expect(abs(try score(ranking, "OMIM:000001") - log10(1 / (1 - bgB))) < 1e-6)
        let explanation = try #require(ranking.explain(disease("OMIM:000003")))
        #expect(explanation.terms[0].matchType == .excludedButAnnotated && !explanation.terms[0].observed)
    }

    @Test func excludedTermDampingAndThreshold() throws {
        var parameters = handParameters
        parameters.excludedWeight = 0.5
        parameters.excludedFrequencyThreshold = 0.5
        let damped = try PhenotypeRanker(knowledgeBase: ranker.knowledgeBase, parameters: parameters)
        let ranking = damped.rank(PhenotypeQuery(observed: [], excluded: [term("HP:0000200")]))
        // P' = (1 − 0.5)/(1 − 0.5) = 1 → capped 0.9; weight 0.5.
        #expect(abs(try score(ranking, "OMIM:000003") - 0.5 * log10((1 - 0.9) / (1 - bgB))) < 1e-6)
        parameters.excludedWeight = 0
        let ignored = try PhenotypeRanker(knowledgeBase: ranker.knowledgeBase, parameters: parameters)
        #expect(try score(ignored.rank(PhenotypeQuery(observed: [], excluded: [term("HP:0000200")])), "OMIM:000003") == 0)
    }

    @Test func postTestProbabilityFromUniformPretest() throws {
        let ranking = ranker.rank(PhenotypeQuery(observed: [term("HP:0000101")]))
        #expect(ranking.candidateCount == 4)
        #expect(ranking.pretestProbability == 0.25)
        let top = try #require(ranking.topDiseases(1).first)
        let odds = (0.25 / 0.75) * (0.5 / bgA1)
        #expect(abs(top.postTestProbability - odds / (1 + odds)) < 1e-6)
        let explanation = try #require(ranking.explain(top.diseaseID))
        #expect(explanation.postTestProbability == top.postTestProbability)
        #expect(explanation.log10CompositeLikelihoodRatio == top.score)
        #expect(explanation.knowledgeBaseVersion == ranker.knowledgeBase.version)
    }

    @Test func femaleXLinkedRecessiveAdjustment() throws {
        let male = ranker.rank(PhenotypeQuery(observed: [term("HP:0000102")], sex: .male))
        let female = ranker.rank(PhenotypeQuery(observed: [term("HP:0000102")], sex: .female))
        #expect(abs(try score(female, "OMIM:000002") - (try score(male, "OMIM:000002") + log10(0.2))) < 1e-9)
        let explanation = try #require(female.explain(disease("OMIM:000002")))
        #expect(explanation.adjustments.map(\.rule) == ["female_x_linked_recessive"])
        #expect(explanation.log10CompositeLikelihoodRatio == (try score(female, "OMIM:000002")))
    }

    @Test func onsetClassIsScoredOnlyForDiseasesWithOnsetAnnotations() throws {
        var parameters = handParameters
        parameters.aspects = ["P", "C"]
        let withOnset = try PhenotypeRanker(knowledgeBase: ranker.knowledgeBase, parameters: parameters)
        let plain = withOnset.rank(PhenotypeQuery(observed: [term("HP:0000102")]))
        let child = withOnset.rank(PhenotypeQuery(observed: [term("HP:0000102")], onsetAge: "P3Y"))
        // D2 is annotated to childhood onset (no frequency → 0.5); bg(childhood onset) = (0.5 + 0.5) / 5.
        let expected = log10(0.5 / ((0.5 + 0.5) / 5))
        #expect(abs(try score(child, "OMIM:000002") - score(plain, "OMIM:000002") - expected) < 1e-6)
        #expect(try score(child, "OMIM:000001") == score(plain, "OMIM:000001"))  // no onset annotation: LR 1
        let explanation = try #require(child.explain(disease("OMIM:000002")))
        #expect(explanation.adjustments.map(\.rule) == ["onset"])
        #expect(explanation.log10CompositeLikelihoodRatio == (try score(child, "OMIM:000002")))
    }

    @Test func onsetAgesMapToHPOOnsetClasses() {
        #expect(OnsetClass.days(iso8601: "P3Y") == 3 * 365.25)
        #expect(OnsetClass.days(iso8601: "P1Y6M2W3D") == 365.25 + 6 * 30.44 + 14 + 3)
        #expect(OnsetClass.days(iso8601: "3Y") == nil)
        #expect(OnsetClass.days(iso8601: "PXY") == nil)
        #expect(OnsetClass.term(forAgeInDays: 0) == term("HP:0003577"))
        #expect(OnsetClass.term(forAgeInDays: 10) == term("HP:0003623"))
        #expect(OnsetClass.term(forAgeInDays: 200) == term("HP:0003593"))
        #expect(OnsetClass.term(forAgeInDays: 3 * 365.25) == term("HP:0011463"))
        #expect(OnsetClass.term(forAgeInDays: 10 * 365.25) == term("HP:0003621"))
        #expect(OnsetClass.term(forAgeInDays: 30 * 365.25) == term("HP:0011462"))
        #expect(OnsetClass.term(forAgeInDays: 70 * 365.25) == term("HP:0003584"))
        #expect(PhenotypeQuery(observed: [], onsetTerm: term("HP:0003581"), onsetAge: "P3Y").onsetClass == term("HP:0003581"))
        #expect(PhenotypeQuery(observed: [], onsetAge: "P3Y").onsetClass == term("HP:0011463"))
    }

    @Test func invalidParametersAreRejected() throws {
        var parameters = handParameters
        parameters.nonMatchFloor = 0
        #expect(throws: DiagnosisError.invalidParameter(name: "nonMatchFloor", reason: "must be in 1e-07...1.0")) {
            try PhenotypeRanker(knowledgeBase: ranker.knowledgeBase, parameters: parameters)
        }
        parameters = handParameters
        parameters.namespaces = ["DECIPHER"]
        #expect(throws: DiagnosisError.noCandidateDiseases) {
            try PhenotypeRanker(knowledgeBase: ranker.knowledgeBase, parameters: parameters)
        }
    }
}
