import Foundation
import MendelCore
import MendelDiagnosis
import MendelKnowledge
import MendelVariants
import MendelFairness

let fairnessRepositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fairnessFixtureKB = fairnessRepositoryRoot.appendingPathComponent("Fixtures/kb")

/// One record of a self-made VCF (CSQ: Allele|Consequence|IMPACT|SYMBOL|Gene|HGVSc|HGVSp), one sample `P 1`.
struct FairnessVCFRecord {
    var chrom: String
    var pos: Int
    var consequence = "missense_variant"
    var impact = "MODERATE"
    var gene: String
    var hgvsc = "NM_1.1:c.1C>T"
    var info = ""
    var genotype: String
}

func fairnessVCF(_ records: [FairnessVCFRecord]) -> [UInt8] {
    var text = """
    ##fileformat=VCFv4.2
    ##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|HGVSc|HGVSp">
    ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
    ##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
    ##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">
    #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP 1

    """
    for r in records {
        let csq = "CSQ=T|\(r.consequence)|\(r.impact)|\(r.gene)|HGNC:1|\(r.hgvsc)|"
        let info = r.info.isEmpty ? csq : r.info + ";" + csq
        text += [r.chrom, "\(r.pos)", ".", "C", "T", ".", "PASS", info, "GT:DP:GQ", r.genotype + ":30:99"].joined(separator: "\t") + "\n"
    }
    return Array(text.utf8)
}

func fairnessPhenopacket(sex: Sex, terms: [String], age: String? = nil) -> Phenopacket {
    Phenopacket(id: "test-case",
                subject: Phenopacket.Subject(id: "P 1", sex: sex, timeAtLastEncounter: age.map { Phenopacket.TimeElement(age: Phenopacket.Age(iso8601duration: $0)) }),
                phenotypicFeatures: terms.map { Phenopacket.PhenotypicFeature(type: Phenopacket.OntologyClass(id: $0)) })
}

/// Rankers over the fixture KB (built once per suite instance).
func fixtureRunner() throws -> CaseFairnessRunner {
    let kb = try KnowledgeBase.load(directory: fairnessFixtureKB)
    let ranker = try PhenotypeRanker(knowledgeBase: kb)
    return CaseFairnessRunner(phenotypeRanker: ranker, genotypeRanker: try GenotypeAwareRanker(phenotypeRanker: ranker))
}
