import MendelCore
import MendelVariants
import Testing
@testable import MendelFairness

@Suite("Ancestry-aware frequency check")
struct AncestryFrequencyCheckTests {
    /// A LoF variant in a dominant LoF gene with a specific phenotype (PVS1_Strong, PP4), common only in the African
    /// group (Manrai 2016 pattern): with PM2 from a European-only AF it would be called likely pathogenic.
    let info = "AC_afr=1200;AN_afr=20000;AC_nfe=2;AN_nfe=100000;AC_eas=0;AN_eas=20000"
    let evidence = FrequencyEvidence(groups: [
        PopulationFrequency(group: "afr", alleleCount: 1200, alleleNumber: 20000),
        PopulationFrequency(group: "nfe", alleleCount: 2, alleleNumber: 100_000),
        PopulationFrequency(group: "eas", alleleCount: 0, alleleNumber: 20000),
    ], dataset: "test")

    func classify(_ info: String) throws -> InterpretedVariant {
        let knowledge = VariantKnowledge(genes: ["TNNX": GeneContext(symbol: "TNNX", inheritance: .autosomalDominant, loeuf: 0.2)])
        let analyzer = VariantAnalyzer(knowledge: knowledge, options: VariantAnalysisOptions(proband: "P 1", phenotypeSupport: ["TNNX": .supporting]))
        let vcf = fairnessVCF([FairnessVCFRecord(chrom: "chr19", pos: 55_000_000, consequence: "stop_gained", impact: "HIGH",
                                                 gene: "TNNX", hgvsc: "NM_1.1:c.100C>T", info: info, genotype: "0/1")])
        return try #require(try analyzer.analyze(bytes: vcf, label: "f.vcf").variants.first)
    }

    @Test("benign only in AFR with a low pooled/European AF is flagged and names the deciding group")
    func manraiCaseFlagged() throws {
        let variant = try classify(info)
        #expect(variant.classification.classification.isBenignSide)
        let finding = try #require(AncestryFrequencyCheck().check(variant, evidence: evidence))
        #expect(finding.decidingGroup == "afr")
        #expect(finding.decidedCriteria.contains { $0.hasPrefix("BA1") })
        #expect(finding.classes[.groupMaximum] == variant.classification.classification)
        #expect(finding.classes[.europeanOnly]?.isPathogenicSide == true)
        #expect(finding.flagged && finding.wouldBePathogenicWithoutAncestry)
        #expect(finding.traceEntry.rule == "class_depends_on_frequency_view")
    }

    @Test("a variant rare everywhere is not flagged; PM2 names the group with the highest AF")
    func rareEverywhereNotFlagged() throws {
        let rare = FrequencyEvidence(groups: [
            PopulationFrequency(group: "afr", alleleCount: 1, alleleNumber: 20000),
            PopulationFrequency(group: "nfe", alleleCount: 0, alleleNumber: 100_000),
        ], dataset: "test")
        let variant = try classify("AC_afr=1;AN_afr=20000;AC_nfe=0;AN_nfe=100000")
        let finding = try #require(AncestryFrequencyCheck().check(variant, evidence: rare))
        #expect(finding.decidedCriteria.contains { $0.hasPrefix("PM2") })
        #expect(finding.decidingGroup == "afr")
        #expect(!finding.flagged)
    }

    @Test("pooled view sums AC/AN over the groups")
    func pooledView() {
        let pooled = AncestryFrequencyCheck.evidence(evidence, view: .pooledOnly)
        #expect(pooled.groups.count == 1 && pooled.groups[0].alleleCount == 1202 && pooled.groups[0].alleleNumber == 140_000)
        #expect(AncestryFrequencyCheck.evidence(evidence, view: .europeanOnly).groups.map(\.group) == ["nfe"])
    }
}
