import Testing
import MendelCore
@testable import MendelVariants

@Suite("Genotype likelihood ratio")
struct GenotypeLRTests {
    func analyse() throws -> [InterpretedVariant] {
        let knowledge = VariantKnowledge(genes: [
            "ADGENEA": GeneContext(symbol: "ADGENEA", inheritance: .autosomalDominant, loeuf: 0.21),
            "ARGENEB": GeneContext(symbol: "ARGENEB", inheritance: .autosomalRecessive, loeuf: 1.1),
            "XLGENEC": GeneContext(symbol: "XLGENEC", inheritance: .xLinkedRecessive, loeuf: 0.4),
        ], clinvar: try ClinVarIndex.importVariantSummary(path: TestPaths.fixture("clinvar_variant_summary.txt.gz")))
        return try VariantAnalyzer(knowledge: knowledge, options: VariantAnalysisOptions(
            proband: "proband 1", trio: Trio(proband: "proband 1", father: "father", mother: "mother"))).analyze(path: TestPaths.fixture("trio.vcf")).variants
    }

    @Test func recessiveNeedsTwoAllelesInTrans() throws {
        let variants = try analyse()
        let ar = GenotypeLikelihood.geneLR(gene: "ARGENEB", variants: variants, inheritance: .autosomalRecessive, sex: .male)
        #expect(ar.likelihoodRatio > 100 && ar.variants.count == 2)
        #expect(ar.trace.first?.message.contains("in_trans") == true)
        // The same gene read as dominant is carried by one allele, and the LR is lower than the biallelic one.
        let ad = GenotypeLikelihood.geneLR(gene: "ARGENEB", variants: variants, inheritance: .autosomalDominant, sex: .male)
        #expect(ad.variants.count == 1 && ad.likelihoodRatio < ar.likelihoodRatio)
        // Only one of the two alleles: below 1.
        let one = GenotypeLikelihood.geneLR(gene: "ARGENEB", variants: variants.filter { $0.position != 2500 }, inheritance: .autosomalRecessive, sex: .male)
        #expect(one.likelihoodRatio < 1 && one.variants.isEmpty)
    }

    @Test func xLinkedUsesSexAndDeNovoRaisesDominantLR() throws {
        let variants = try analyse()
        // XLGENEC: the proband is hemizygous for a VUS; a male needs one allele, a female two.
        let male = GenotypeLikelihood.geneLR(gene: "XLGENEC", variants: variants, inheritance: .xLinkedRecessive, sex: .male)
        let female = GenotypeLikelihood.geneLR(gene: "XLGENEC", variants: variants, inheritance: .xLinkedRecessive, sex: .female)
        #expect(male.likelihoodRatio > 1 && female.likelihoodRatio > 1 && female.likelihoodRatio != male.likelihoodRatio)
        let deNovo = GenotypeLikelihood.geneLR(gene: "ADGENEA", variants: variants, inheritance: .autosomalDominant, sex: .male)
        #expect(deNovo.trace.first?.message.contains("de novo") == true)
        let none = GenotypeLikelihood.geneLR(gene: "NOGENE", variants: variants, inheritance: .autosomalDominant, sex: .male)
        #expect(none.likelihoodRatio == 0.1 && abs(none.log10LR + 1) < 1e-9)
    }
}
