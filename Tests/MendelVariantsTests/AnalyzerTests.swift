import Foundation
import Testing
import MendelCore
@testable import MendelVariants

@Suite("Variant analyzer")
struct AnalyzerTests {
    func knowledge() throws -> VariantKnowledge {
        let constraint = try ConstraintTable.importTSV(path: TestPaths.fixture("constraint.tsv"))
        #expect(constraint.loeuf["ADGENEA"] == 0.21)   // MANE row preferred
        return VariantKnowledge(
            genes: [
                "ADGENEA": GeneContext(symbol: "ADGENEA", inheritance: .autosomalDominant, loeuf: constraint.loeuf["ADGENEA"]),
                "ARGENEB": GeneContext(symbol: "ARGENEB", inheritance: .autosomalRecessive, loeuf: constraint.loeuf["ARGENEB"]),
                "XLGENEC": GeneContext(symbol: "XLGENEC", inheritance: .xLinkedRecessive, loeuf: constraint.loeuf["XLGENEC"]),
            ],
            clinvar: try ClinVarIndex.importVariantSummary(path: TestPaths.fixture("clinvar_variant_summary.txt.gz"), release: "fixture"))
    }

    @Test func trioEndToEnd() throws {
        let analyzer = VariantAnalyzer(knowledge: try knowledge(), options: VariantAnalysisOptions(
            proband: "proband 1", trio: Trio(proband: "proband 1", father: "father", mother: "mother")))
        let result = try analyzer.analyze(path: TestPaths.fixture("trio.vcf.gz"))
        func v(_ pos: Int) -> InterpretedVariant? { result.variants.first { $0.position == pos } }
        func codes(_ pos: Int) -> Set<String> { Set(v(pos)?.classification.criteria.map(\.description) ?? []) }

        #expect(result.stats.dataLines == 8 && result.stats.alleles == 9 && result.stats.notCarried == 1)
        #expect(codes(1000) == ["PM6", "PP3_Strong", "PM2_Supporting", "PM5"])
        #expect(v(1000)?.classification.classification == .likelyPathogenic)
        #expect(codes(2000) == ["PVS1", "PM2_Supporting"] && v(2000)?.classification.classification == .likelyPathogenic)
        #expect(codes(2500).contains("PM3_Supporting") && v(2500)?.classification.classification == .likelyPathogenic)
        #expect(v(3000)?.classification.classification == .benign && codes(3000).contains("BA1"))
        #expect(v(3000)?.evaluations.first { $0.code == "BA1" }?.values["group"] == "afr")
        #expect(codes(4000) == ["BP4", "BP7"] && v(4000)?.classification.classification == .likelyBenign)
        #expect(v(5000)?.alt == "T" && v(5000)?.zygosity == .hemizygous)
        #expect(v(5000)?.evaluations.first { $0.code == "PVS1" }?.status == .notEvaluable)
        #expect(codes(7000) == ["PVS1_Moderate", "PM2_Supporting"] && v(7000)?.zygosity == .hemizygous)

        // The whole result is JSON-encodable with canonical bytes.
        let json = try CanonicalJSON.encode(result)
        #expect(json.count > 1000)
        let decoded = try JSONDecoder().decode(VariantAnalysisResult.self, from: json)
        #expect(decoded == result)
    }

    @Test func frequencyTableImportOverridesAnnotationFrequencies() throws {
        let table = try FrequencyTable.importTSV(path: TestPaths.fixture("frequencies.tsv"), dataset: "fixture gnomAD")
        let analyzer = VariantAnalyzer(knowledge: VariantKnowledge(frequencies: table), options: VariantAnalysisOptions(proband: "proband 1"))
        let result = try analyzer.analyze(path: TestPaths.fixture("trio.vcf"))
        // At 1-3000 the table's AFR AN is < 2000, so the NFE group (900/60000) decides: BS1, not BA1.
        let common = try #require(result.variants.first { $0.position == 3000 })
        #expect(common.evaluations.first { $0.code == "BS1" }?.values["group"] == "nfe")
        #expect(common.evaluations.first { $0.code == "BA1" }?.status == .notMet)
        // Not in the table: absent from a covered data set → PM2_Supporting.
        let missing = try #require(result.variants.first { $0.position == 4000 })
        #expect(missing.evaluations.first { $0.code == "PM2" }?.status == .met)
    }

    @Test func malformedLinesAreCountedInTheTraceUnderSkipPolicy() throws {
        var policy = ACMGPolicy.default
        policy.malformedLines = .skipAndCount
        let result = try VariantAnalyzer(policy: policy).analyze(path: TestPaths.fixture("malformed_gt.vcf"))
        #expect(result.stats.skippedMalformedLines == 1 && result.variants.count == 2)
        #expect(result.trace.contains { $0.event == "skip_line" && $0.values["line"] == 6 })
        #expect(throws: VCFError.self) { try VariantAnalyzer().analyze(path: TestPaths.fixture("malformed_gt.vcf")) }
    }
}

@Suite("Variant analyzer on shared examples")
struct AnalyzerExampleTests {
    @Test func vep95ExampleEndToEnd() throws {
        guard let path = TestPaths.benchmark("examples/charger/grch38_vep95_50_variants.vcf.gz") else { return }
        let result = try VariantAnalyzer(options: VariantAnalysisOptions(traceDetail: .all)).analyze(path: path)
        #expect(result.stats.alleles == 50 && result.stats.classified + result.stats.notCarried == 50)
        // gnomAD group AFs from CSQ feed BA1 with the deciding group named; PP5/BP6 are never produced.
        let ba1 = result.variants.filter { $0.classification.criteria.contains { $0.code == "BA1" } }
        #expect(!ba1.isEmpty && ba1.allSatisfy { $0.evaluations.first { $0.code == "BA1" }?.values["group"] != nil })
        #expect(result.variants.allSatisfy { !$0.classification.criteria.contains { $0.code == "PP5" || $0.code == "BP6" } })
        #expect(try CanonicalJSON.encode(result).count > 10_000)
    }

    @Test func founderFrameshiftIsNotCalledBenign() throws {
        guard let path = TestPaths.benchmark("examples/charger/grch38_brca2_ashkenazi_jewish_founder.vcf") else { return }
        let knowledge = VariantKnowledge(genes: ["BRCA2": GeneContext(symbol: "BRCA2", inheritance: .autosomalDominant, lofMechanism: .established)])
        let v = try #require(try VariantAnalyzer(knowledge: knowledge).analyze(path: path).variants.first)
        #expect(v.classification.criteria.map(\.description).contains("PVS1"))
        #expect(!v.classification.classification.isBenignSide)
        #expect(!v.classification.criteria.contains { $0.code == "BA1" || $0.code == "BS1" })
    }
}
