import Foundation
import MendelCore
import Testing
@testable import MendelDiagnosis
import MendelKnowledge

/// The pertinent-negative (ascertainment) factor of excluded terms: a feature recorded as absent was looked for, so a
/// disease that implies it gains λ · max(0, log10(P(t|D) / bg(t))) on top of the absence LR (hand KB, see LikelihoodRatioTests).
@Suite struct PertinentNegativeTests {
    let kb: KnowledgeBase
    let bgB = (1.0 + 0.5) / 5  // only D3 implies B (P = 1), + pseudo-count, 4 candidates + 1

    init() throws { kb = try handKnowledgeBase() }

    func ranker(_ weight: Double) throws -> PhenotypeRanker {
        var parameters = handParameters
        parameters.excludedAscertainmentWeight = weight
        return try PhenotypeRanker(knowledgeBase: kb, parameters: parameters)
    }

    func score(_ ranking: PhenotypeRanking, _ id: String) throws -> Double {
        try #require(ranking.score(of: disease(id))).score
    }

    @Test func excludedTermAddsTheTemperedObservedLRForDiseasesThatImplyIt() throws {
        let query = PhenotypeQuery(observed: [], excluded: [term("HP:0000200")])
        let ranking = try ranker(0.5).rank(query)
        let absent = log10((1 - 0.9) / (1 - bgB))
        #expect(abs(try score(ranking, "OMIM:000003") - (absent + 0.5 * log10(1 / bgB))) < 1e-6)
        // Diseases that do not imply the term keep the plain absence LR.
        #expect(abs(try score(ranking, "OMIM:000001") - log10(1 / (1 - bgB))) < 1e-6)
        let explanation = try #require(ranking.explain(disease("OMIM:000003")))
        #expect(explanation.terms.count == 1 && explanation.terms[0].matchType == .excludedButAnnotated)
        #expect(explanation.log10CompositeLikelihoodRatio == (try score(ranking, "OMIM:000003")))
        #expect(abs(explanation.terms[0].log10LikelihoodRatio - (absent + 0.5 * log10(1 / bgB))) < 1e-6)
    }

    @Test func weightZeroKeepsTheAbsencePenaltyOnly() throws {
        let query = PhenotypeQuery(observed: [term("HP:0000101")], excluded: [term("HP:0000200")])
        let off = try ranker(0).rank(query)
        let on = try ranker(0.5).rank(query)
        // The observed term scores the same either way; only D3 (implies B) moves, and only with the factor on.
        #expect(try score(off, "OMIM:000001") == (try score(on, "OMIM:000001")))
        #expect(try score(on, "OMIM:000003") > (try score(off, "OMIM:000003")) + 0.2)
        // D3 is annotated NOT A (an ancestor of A1): negated-match LR for the observed term, absence LR for B.
        #expect(abs(try score(off, "OMIM:000003") - (log10(0.005) + log10((1 - 0.9) / (1 - bgB)))) < 1e-6)
        #expect(abs(try score(on, "OMIM:000003") - (try score(off, "OMIM:000003")) - 0.5 * log10(1 / bgB)) < 1e-6)
    }

    @Test func defaultIsOnAndGenotypeModeCanOverrideIt() throws {
        #expect(DiagnosisParameters.default.excludedAscertainmentWeight == 0.1)
        let phenotype = try PhenotypeRanker(knowledgeBase: kb, parameters: handParameters)
        var parameters = GenotypeParameters.default
        parameters.phenotypeNonMatchFloor = nil; parameters.phenotypeAnnotationMassExponent = nil
        parameters.phenotypeRelatedAnnotationUniqueGeneSet = nil
        parameters.phenotypeSparseBackoffStrength = nil
        #expect(try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: parameters).phenotypeRanker === phenotype)
        parameters.phenotypeExcludedAscertainmentWeight = 0.3
        let genotype = try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: parameters)
        #expect(genotype.phenotypeRanker !== phenotype && genotype.phenotypeRanker.parameters.excludedAscertainmentWeight == 0.3)
        parameters.phenotypeExcludedAscertainmentWeight = 2
        #expect(throws: DiagnosisError.self) { try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: parameters) }
        var invalid = handParameters
        invalid.excludedAscertainmentWeight = -0.1
        #expect(throws: DiagnosisError.self) { try PhenotypeRanker(knowledgeBase: kb, parameters: invalid) }
    }

    @Test func partialParameterFilesDecodeTheNewKeys() throws {
        let p = try JSONDecoder().decode(DiagnosisParameters.self, from: Data(#"{"excludedAscertainmentWeight": 0.25}"#.utf8))
        #expect(p.excludedAscertainmentWeight == 0.25 && p.excludedWeight == DiagnosisParameters.default.excludedWeight)
        let g = try JSONDecoder().decode(GenotypeParameters.self, from: Data(#"{"phenotypeExcludedAscertainmentWeight": 0}"#.utf8))
        #expect(g.phenotypeExcludedAscertainmentWeight == 0 && g.phenotypeWeight == GenotypeParameters.default.phenotypeWeight)
        #expect(try JSONDecoder().decode(GenotypeParameters.self, from: Data("{}".utf8)).phenotypeExcludedAscertainmentWeight == nil)
    }
}
