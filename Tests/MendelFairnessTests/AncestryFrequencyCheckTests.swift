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
    func pooledView() throws {
        let pooled = try #require(AncestryFrequencyCheck.evidence(evidence, view: .pooledOnly))
        #expect(pooled.groups.count == 1 && pooled.groups[0].alleleCount == 1202 && pooled.groups[0].alleleNumber == 140_000)
        #expect(AncestryFrequencyCheck.evidence(evidence, view: .europeanOnly)?.groups.map(\.group) == ["nfe"])
        // No European group in the data: the European-only view is unavailable (unknown is not absent), so no class.
        let noEuropean = FrequencyEvidence(groups: [PopulationFrequency(group: "afr", alleleCount: 5, alleleNumber: 20000)], dataset: "test")
        #expect(AncestryFrequencyCheck.evidence(noEuropean, view: .europeanOnly) == nil)
    }
}

@Suite("Small-sample BS1 review")
struct SmallSampleReviewTests {
    let check = AncestryFrequencyCheck()

    func finding(gene: String, _ groups: [PopulationFrequency], supplied: PopulationFrequency? = nil) throws -> AncestryFrequencyFinding {
        let evidence = FrequencyEvidence(groups: groups, dataset: "test", covered: supplied == nil,
                                         supplied: supplied.map { SuppliedGroupMaximum(frequency: $0, origin: "cited group maximum") })
        return try #require(check.check(key: "v", gene: gene, hgvsc: nil, otherEvaluations: [], evidence: evidence))
    }

    @Test("RASopathy gene: 3/10,000 in afr reaches BS1 (0.025%) as a point AF, not as a filtering AF → review, class unchanged")
    func smallGroupPointAFReachesBS1() throws {
        let f = try finding(gene: "SOS2", [PopulationFrequency(group: "afr", alleleCount: 3, alleleNumber: 10_000),
                                           PopulationFrequency(group: "nfe", alleleCount: 0, alleleNumber: 113_000)])
        #expect(f.decidedCriteria.isEmpty && f.classes[.groupMaximum] == .uncertain)
        let item = try #require(f.smallSampleReview.first)
        #expect(item.group == "afr" && !item.fromFilteringAF && item.threshold == 0.00025)
        #expect(f.needsReview && f.reviewReason?.contains("BS1 not excluded") == true)
        #expect(f.traceEntry.rule == SmallSampleReview.rule && f.groups.map(\.group) == ["afr", "nfe"])
    }

    @Test("the same allele count in a large group, BS1 met, or PM2 met: no review item")
    func noReviewWhenDataDecide() throws {
        let large = try finding(gene: "SOS2", [PopulationFrequency(group: "afr", alleleCount: 3, alleleNumber: 100_000)])
        #expect(large.smallSampleReview.isEmpty)
        let met = try finding(gene: "SOS2", [PopulationFrequency(group: "afr", alleleCount: 40, alleleNumber: 100_000)])
        #expect(met.decidedCriteria.contains { $0.hasPrefix("BS1") || $0.hasPrefix("BA1") } && met.smallSampleReview.isEmpty)
        let absent = try finding(gene: "SOS2", [PopulationFrequency(group: "afr", alleleCount: 0, alleleNumber: 10_000)])
        #expect(absent.decidedCriteria.contains { $0.hasPrefix("PM2") } && absent.smallSampleReview.isEmpty)
        // A bottlenecked group (asj) does not count for the benign criteria, so it does not raise the review either.
        let asj = try finding(gene: "SOS2", [PopulationFrequency(group: "asj", alleleCount: 3, alleleNumber: 10_000)])
        #expect(asj.smallSampleReview.isEmpty)
    }

    @Test("only a cited filtering AF: the point AF may be up to 19.5x it (AC = 1); reviewed when that reaches BS1")
    func filteringAFOnly() throws {
        #expect(abs(1 / SmallSampleReview.singletonFAFFactor - 19.5) < 0.1)
        let sos1 = try finding(gene: "SOS1", [], supplied: PopulationFrequency(group: "eas", filteringAF: 0.00022))
        #expect(sos1.decidedCriteria.isEmpty && sos1.classes[.groupMaximum] == .uncertain)
        #expect(sos1.smallSampleReview.first?.fromFilteringAF == true && sos1.decidingGroup == nil)
        #expect(sos1.classes[.pooledOnly] == nil && sos1.classes[.europeanOnly] == nil, "no pooled or European data: no class for those views")
        let tiny = try finding(gene: "SOS1", [], supplied: PopulationFrequency(group: "eas", filteringAF: 0.00001))
        #expect(tiny.smallSampleReview.isEmpty)
        // Hearing Loss VCEP (BS1_Supporting 0.07%, BS1 0.3%): BS1_Supporting met, full-strength BS1 not excluded.
        let tecta = try finding(gene: "TECTA", [], supplied: PopulationFrequency(group: "afr", filteringAF: 0.0029))
        #expect(tecta.decidedCriteria == ["BS1_Supporting"] && tecta.smallSampleReview.first?.criterion == "BS1")
    }

    @Test("benign frequency evidence met, no pathogenic evidence, class VUS: listed for review; not with pathogenic evidence")
    func unresolvedBenignFrequencyEvidence() throws {
        // Hearing Loss VCEP recessive gene: 0.15% in afr with a large sample meets BS1_Supporting (0.07%) only.
        let groups = [PopulationFrequency(group: "afr", alleleCount: 60, alleleNumber: 40_000),
                      PopulationFrequency(group: "nfe", alleleCount: 1, alleleNumber: 100_000)]
        let alone = try finding(gene: "USH2A", groups)
        #expect(alone.decidedCriteria == ["BS1_Supporting"] && alone.classes[.groupMaximum] == .uncertain)
        #expect(alone.benignEvidenceUnresolved && alone.needsReview)
        #expect(alone.reviewReason?.contains("review for further benign evidence") == true)
        let evidence = FrequencyEvidence(groups: groups, dataset: "test")
        let computational = CriterionEvaluation(code: "PP3", status: .met, strength: .supporting, reason: "REVEL above the PP3 threshold")
        let conflicting = try #require(check.check(key: "v", gene: "USH2A", hgvsc: nil, otherEvaluations: [computational], evidence: evidence))
        #expect(!conflicting.benignEvidenceUnresolved, "conflicting evidence is not a missing-benign-evidence case")
        // A class that is already benign is not listed.
        let common = try finding(gene: "USH2A", [PopulationFrequency(group: "afr", alleleCount: 400, alleleNumber: 40_000)])
        #expect(common.classes[.groupMaximum]?.isBenignSide == true && !common.benignEvidenceUnresolved)
    }
}
