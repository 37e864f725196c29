import Foundation
import MendelCore
import Testing
@testable import MendelDiagnosis
import MendelKnowledge

/// Annotation-mass normalisation and the n/m prior on the hand-made KB (four candidates, bg pseudo-count 0.5):
/// masses D1 = D4 = 0.5 (A1 at 1/2), D2 = 0.895 (A2 very frequent), D3 = 1 (B at 100 %).
@Suite struct FrequencyModelTests {
    let kb: KnowledgeBase

    init() throws { kb = try handKnowledgeBase() }

    func score(_ ranking: PhenotypeRanking, _ id: String) throws -> Double {
        try #require(ranking.score(of: disease(id))).score
    }

    @Test func annotationMassScalesEveryFrequencyToTheReference() throws {
        var parameters = handParameters
        parameters.annotationMassExponent = 1
        parameters.annotationMassReference = 0.25
        let ranker = try PhenotypeRanker(knowledgeBase: kb, parameters: parameters)
        // Every disease's frequencies are scaled so they sum to 0.25: P(A1|D1) = P(A1|D4) = 0.25, P(A2|D2) = 0.25.
        let bgA1 = (0.25 + 0.25 + 0.5) / 5
        let ranking = ranker.rank(PhenotypeQuery(observed: [term("HP:0000101")]))
        #expect(abs(try score(ranking, "OMIM:000001") - log10(0.25 / bgA1)) < 1e-6)
        let explanation = try #require(ranking.explain(disease("OMIM:000001")))
        #expect(abs(try #require(explanation.terms[0].frequency) - 0.25) < 1e-6)
        let bgA2 = (0.25 + 0.5) / 5
        let a2 = ranker.rank(PhenotypeQuery(observed: [term("HP:0000102")]))
        #expect(abs(try score(a2, "OMIM:000002") - log10(0.25 / bgA2)) < 1e-6)
    }

    @Test func broadDiseasesLoseTheirAdvantageButSparseOnesAreNotBoosted() throws {
        var parameters = handParameters
        parameters.annotationMassExponent = 0.5
        parameters.annotationMassReference = 0.5
        let ranker = try PhenotypeRanker(knowledgeBase: kb, parameters: parameters)
        // D1 (mass 0.5) keeps its frequency; D3 (mass 1) is scaled by (0.5/1)^0.5.
        let a1 = ranker.rank(PhenotypeQuery(observed: [term("HP:0000101")]))
        let f1 = try #require(a1.explain(disease("OMIM:000001"))?.terms[0].frequency)
        #expect(abs(f1 - 0.5) < 1e-6)
        let b = ranker.rank(PhenotypeQuery(observed: [term("HP:0000200")]))
        let f3 = try #require(b.explain(disease("OMIM:000003"))?.terms[0].frequency)
        #expect(abs(f3 - 0.5.squareRoot()) < 1e-6)
        // The default (exponent 0) leaves frequencies as annotated.
        var off = parameters
        off.annotationMassExponent = 0
        let plain = try PhenotypeRanker(knowledgeBase: kb, parameters: off).rank(PhenotypeQuery(observed: [term("HP:0000200")]))
        #expect(try #require(plain.explain(disease("OMIM:000003"))?.terms[0].frequency) == 1)
    }

    @Test func ratioFrequenciesShrinkTowardsTheirPrior() throws {
        var parameters = handParameters
        parameters.ratioPseudoCount = 2
        parameters.ratioPriorFrequency = 0.2
        let ranker = try PhenotypeRanker(knowledgeBase: kb, parameters: parameters)
        let ranking = ranker.rank(PhenotypeQuery(observed: [term("HP:0000101")]))
        // 1/2 with k = 2, p₀ = 0.2: (1 + 0.4) / (2 + 2) = 0.35.
        let frequency = try #require(ranking.explain(disease("OMIM:000001"))?.terms[0].frequency)
        #expect(abs(frequency - 0.35) < 1e-6)
    }

    @Test func invalidNormalisationParametersAreRejected() throws {
        var parameters = handParameters
        parameters.annotationMassExponent = -1
        #expect(throws: DiagnosisError.self) { try PhenotypeRanker(knowledgeBase: kb, parameters: parameters) }
        parameters = handParameters
        parameters.ratioPriorFrequency = 0
        #expect(throws: DiagnosisError.self) { try PhenotypeRanker(knowledgeBase: kb, parameters: parameters) }
    }

    @Test func partialParameterFilesKeepTheOtherDefaults() throws {
        let decoded = try JSONDecoder().decode(DiagnosisParameters.self, from: Data(#"{"annotationMassExponent": 0.25}"#.utf8))
        #expect(decoded.annotationMassExponent == 0.25)
        #expect(decoded.annotationMassReference == DiagnosisParameters.default.annotationMassReference)
        #expect(decoded.nonMatchFloor == DiagnosisParameters.default.nonMatchFloor)
    }
}
