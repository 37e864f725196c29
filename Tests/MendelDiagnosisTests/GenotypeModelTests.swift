import Foundation
import MendelCore
import MendelDiagnosis
import MendelKnowledge
import MendelVariants
import Testing

/// Consequence defaults of VUS pathogenicity and the phenotype weight of the combined score (Fixtures KB).
@Suite struct GenotypeModelTests {
    let kb: KnowledgeBase
    let marfan = disease("OMIM:154700")  // FBN1, autosomal dominant
    let query = PhenotypeQuery(observed: [term("HP:0000098"), term("HP:0001162"), term("HP:0003707")], sex: .male)

    init() throws { kb = try KnowledgeBase.load(directory: fixtureDirectory) }

    func ranker(_ parameters: GenotypeParameters = .default) throws -> GenotypeAwareRanker {
        try GenotypeAwareRanker(phenotypeRanker: try PhenotypeRanker(knowledgeBase: kb), parameters: parameters)
    }

    func variants(_ ranker: GenotypeAwareRanker, _ records: [TestRecord]) throws -> [InterpretedVariant] {
        let analyzer = VariantAnalyzer(policy: .default, knowledge: ranker.variantKnowledge, options: VariantAnalysisOptions(proband: "P 1"))
        return try analyzer.analyze(bytes: testVCF(samples: ["P 1"], records), label: "test.vcf").variants
    }

    func fbn1(_ consequence: String, _ impact: String) -> TestRecord {
        TestRecord(chrom: "chr15", pos: 100, consequence: consequence, impact: impact, gene: "FBN1", genotypes: ["0/1:30:99"])
    }

    @Test func codingChangeWithoutProteinEffectCountsLikeAMissenseVariant() throws {
        let r = try ranker()
        let coding = try #require(r.rank(query, variants: variants(r, [fbn1("coding_sequence_variant", "MODIFIER")])).genotype(of: marfan))
        let intronic = try #require(r.rank(query, variants: variants(r, [fbn1("intron_variant", "MODIFIER")])).genotype(of: marfan))
        let missense = try #require(r.rank(query, variants: variants(r, [fbn1("missense_variant", "MODERATE")])).genotype(of: marfan))
        #expect(coding.variants.first?.classification == "VUS")
        #expect(coding.genotypeScore == 0.6 && coding.likelihoodRatio == missense.likelihoodRatio)
        #expect(intronic.genotypeScore < 0.2 && intronic.likelihoodRatio < coding.likelihoodRatio / 3)
        // Without the consequence table the IMPACT default (MODIFIER) applies.
        var parameters = GenotypeParameters.default
        parameters.consequencePathogenicity = [:]
        let plain = try ranker(parameters)
        let impactOnly = try #require(plain.rank(query, variants: variants(plain, [fbn1("coding_sequence_variant", "MODIFIER")])).genotype(of: marfan))
        #expect(impactOnly.genotypeScore < coding.genotypeScore)
    }

    @Test func phenotypeWeightDampsThePhenotypeAndTheExplanationShowsIt() throws {
        var parameters = GenotypeParameters.default
        parameters.phenotypeWeight = 0.5
        let r = try ranker(parameters)
        let ranking = r.rank(query, variants: try variants(r, [fbn1("missense_variant", "MODERATE")]))
        for entry in ranking.topDiseases(5) {
            let e = try #require(ranking.explain(entry.diseaseID))
            let phenotype = try #require(ranking.phenotype.score(of: entry.diseaseID)).score
            let terms = e.terms.reduce(0) { $0 + $1.log10LikelihoodRatio }
            let damping = try #require(e.adjustments.first { $0.rule == "phenotype_dependence" })
            #expect(abs(damping.log10LikelihoodRatio + 0.5 * terms) < 1e-9)
            let genotype = try #require(e.genotype).log10LikelihoodRatio
            #expect(abs(entry.score - (phenotype - 0.5 * terms + genotype)) < 1e-9)
            var sum = 0.0
            for term in e.terms { sum += term.log10LikelihoodRatio }
            for adjustment in e.adjustments { sum += adjustment.log10LikelihoodRatio }
            #expect(sum == e.log10CompositeLikelihoodRatio && e.log10CompositeLikelihoodRatio == entry.score)
        }
        parameters.phenotypeWeight = 1
        let undamped = try ranker(parameters)
        let plain = undamped.rank(query, variants: try variants(undamped, [fbn1("missense_variant", "MODERATE")]))
        #expect(try #require(plain.explain(marfan)).adjustments.allSatisfy { $0.rule != "phenotype_dependence" })
        parameters.phenotypeWeight = 0
        #expect(throws: DiagnosisError.self) { try ranker(parameters) }
    }

    @Test func dampingLeavesTheSexAdjustmentAlone() throws {
        // A sex swap may change only the sex-dependent rule (female_x_linked_recessive): the damping of the terms stays.
        let r = try ranker()
        let vs = try variants(r, [fbn1("missense_variant", "MODERATE")])
        var female = query
        female.sex = .female
        let a = r.rank(query, variants: vs), b = r.rank(female, variants: vs)
        for entry in a.topDiseases(10) {
            let x = try #require(a.explain(entry.diseaseID)), y = try #require(b.explain(entry.diseaseID))
            let dx = x.adjustments.first { $0.rule == "phenotype_dependence" }?.log10LikelihoodRatio
            let dy = y.adjustments.first { $0.rule == "phenotype_dependence" }?.log10LikelihoodRatio
            #expect(dx != nil && dx == dy)
        }
    }

    @Test func genotypeModeOverridesBuildTheirOwnPhenotypeIndex() throws {
        let phenotype = try PhenotypeRanker(knowledgeBase: kb)
        var parameters = GenotypeParameters.default
        parameters.phenotypeNonMatchFloor = nil
        parameters.phenotypeAnnotationMassExponent = nil
        parameters.phenotypeRelatedAnnotationUniqueGeneSet = nil
        parameters.phenotypeSparseBackoffStrength = nil
        #expect(try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: parameters).phenotypeRanker === phenotype)
        parameters.phenotypeAnnotationMassExponent = 1
        let own = try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: parameters).phenotypeRanker
        #expect(own !== phenotype && own.parameters.annotationMassExponent == 1)
        #expect(phenotype.parameters.annotationMassExponent == DiagnosisParameters.default.annotationMassExponent)
    }
}
