import Foundation
import MendelCore
import MendelDiagnosis
import MendelKnowledge
import MendelVariants
import Testing

/// One VCF record of a self-made test VCF (CSQ: Allele|Consequence|IMPACT|SYMBOL|Gene|HGVSc|HGVSp).
struct TestRecord {
    var chrom: String
    var pos: Int
    var ref = "C"
    var alt = "T"
    var consequence = "missense_variant"
    var impact = "MODERATE"
    var gene: String
    var info = ""
    var genotypes: [String]
}

func testVCF(samples: [String], _ records: [TestRecord]) -> [UInt8] {
    var text = """
    ##fileformat=VCFv4.2
    ##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|HGVSc|HGVSp">
    ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
    ##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
    ##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">

    """
    text += (["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"] + samples).joined(separator: "\t") + "\n"
    for r in records {
        let csq = "CSQ=\(r.alt)|\(r.consequence)|\(r.impact)|\(r.gene)|HGNC:1|NM_1.1:c.1C>T|"
        let info = r.info.isEmpty ? csq : r.info + ";" + csq
        text += ([r.chrom, "\(r.pos)", ".", r.ref, r.alt, ".", "PASS", info, "GT:DP:GQ"] + r.genotypes).joined(separator: "\t") + "\n"
    }
    return Array(text.utf8)
}

@Suite struct GenotypeRankingTests {
    let ranker: GenotypeAwareRanker
    let marfan = disease("OMIM:154700")          // FBN1, autosomal dominant
    let smithLemliOpitz = disease("OMIM:270400") // DHCR7, autosomal recessive
    let duchenne = disease("OMIM:310200")        // DMD, X-linked recessive
    let query = PhenotypeQuery(observed: [term("HP:0000098"), term("HP:0001162"), term("HP:0003707")], sex: .male)

    init() throws {
        let kb = try KnowledgeBase.load(directory: fixtureDirectory)
        ranker = try GenotypeAwareRanker(phenotypeRanker: try PhenotypeRanker(knowledgeBase: kb))
    }

    func variants(_ records: [TestRecord], samples: [String] = ["P 1"], trio: Trio? = nil) throws -> [InterpretedVariant] {
        let analyzer = VariantAnalyzer(policy: .default, knowledge: ranker.variantKnowledge,
                                       options: VariantAnalysisOptions(proband: samples[0], trio: trio))
        return try analyzer.analyze(bytes: testVCF(samples: samples, records), label: "test.vcf").variants
    }

    func genotype(_ records: [TestRecord], sex: Sex? = .male, of target: DiseaseID) throws -> GenotypeContribution {
        var q = query
        q.sex = sex
        let ranking = ranker.rank(q, variants: try variants(records))
        return try #require(ranking.genotype(of: target))
    }

    @Test func recessiveDiseaseNeedsTwoAllelesOrAHomozygote() throws {
        let het = TestRecord(chrom: "chr11", pos: 100, gene: "DHCR7", genotypes: ["0/1:30:99"])
        let het2 = TestRecord(chrom: "chr11", pos: 200, gene: "DHCR7", genotypes: ["0/1:30:99"])
        let hom = TestRecord(chrom: "chr11", pos: 100, gene: "DHCR7", genotypes: ["1/1:30:99"])
        let single = try genotype([het], of: smithLemliOpitz)
        let compound = try genotype([het, het2], of: smithLemliOpitz)
        let homozygous = try genotype([hom], of: smithLemliOpitz)
        #expect(single.finding == .singleRecessiveAllele)
        #expect(compound.finding == .compoundHeterozygous && compound.phase == "unknown" && compound.variants.count == 2)
        #expect(homozygous.finding == .homozygous)
        #expect(homozygous.likelihoodRatio > compound.likelihoodRatio)
        #expect(compound.likelihoodRatio > 10 * single.likelihoodRatio)
        // The same single heterozygous allele counts fully for a dominant disease.
        let dominant = try genotype([TestRecord(chrom: "chr15", pos: 100, gene: "FBN1", genotypes: ["0/1:30:99"])], of: marfan)
        #expect(dominant.finding == .heterozygous && dominant.inheritance == "autosomal_dominant")
        #expect(dominant.likelihoodRatio > 5 * single.likelihoodRatio)
        #expect(dominant.log10LikelihoodRatio > 0 && dominant.genotypeScore == 0.6)
    }

    @Test func xLinkedRecessiveUsesSexAndHemizygosity() throws {
        let maleCall = TestRecord(chrom: "chrX", pos: 100, gene: "DMD", genotypes: ["1:30:99"])
        let femaleHet = TestRecord(chrom: "chrX", pos: 100, gene: "DMD", genotypes: ["0/1:30:99"])
        let male = try genotype([maleCall], sex: .male, of: duchenne)
        let female = try genotype([femaleHet], sex: .female, of: duchenne)
        let femaleHom = try genotype([TestRecord(chrom: "chrX", pos: 100, gene: "DMD", genotypes: ["1/1:30:99"])], sex: .female, of: duchenne)
        #expect(male.finding == .hemizygous && male.inheritance == "x_linked_recessive")
        #expect(female.finding == .singleRecessiveAllele)
        #expect(femaleHom.finding == .homozygous)
        #expect(male.likelihoodRatio > 5 * female.likelihoodRatio)
        // A haploid chrX call in a female contradicts her two X (caller/curation convention for 0/1, or a sex mislabel):
        // it counts as one allele, like 0/1, never as the biallelic genotype an X-linked recessive disease needs in a female.
        let femaleHaploid = try genotype([maleCall], sex: .female, of: duchenne)
        #expect(femaleHaploid.finding == .singleRecessiveAllele && femaleHaploid.likelihoodRatio == female.likelihoodRatio)
        #expect(femaleHaploid.variants.first?.zygosity == "hemizygous")
        // A haploid call on an autosome (variant over a deletion) still leaves no normal allele: biallelic.
        let autosomalHaploid = try genotype([TestRecord(chrom: "chr11", pos: 100, gene: "DHCR7", genotypes: ["1:30:99"])],
                                            sex: .female, of: smithLemliOpitz)
        let autosomalHom = try genotype([TestRecord(chrom: "chr11", pos: 100, gene: "DHCR7", genotypes: ["1/1:30:99"])],
                                        sex: .female, of: smithLemliOpitz)
        #expect(autosomalHaploid.finding == .hemizygous && autosomalHaploid.likelihoodRatio == autosomalHom.likelihoodRatio)
        // A 0/1 call on chrX of a male is one copy: it qualifies as hemizygous.
        let maleDiploidCall = try genotype([femaleHet], sex: .male, of: duchenne)
        #expect(maleDiploidCall.finding == .hemizygous && maleDiploidCall.likelihoodRatio == male.likelihoodRatio)
    }

    @Test func benignVariantsCarryNoWeight() throws {
        // BA1: group-max filtering AF far above 5 % in a non-bottlenecked group.
        let common = TestRecord(chrom: "chr15", pos: 100, gene: "FBN1", info: "AC_nfe=20000;AN_nfe=100000;AF_nfe=0.2",
                                genotypes: ["0/1:30:99"])
        let vs = try variants([common])
        #expect(vs.count == 1 && vs[0].classification.classification == .benign)
        let ranking = ranker.rank(query, variants: vs)
        let g = try #require(ranking.genotype(of: marfan))
        #expect(g.finding == .noQualifyingVariant && g.variants.isEmpty)
        #expect(ranking.evidence.benignCount == 1 && ranking.evidence.usedCount == 0)
        #expect(g.likelihoodRatio == ranker.parameters.effectiveNoVariantLR)
    }

    @Test func diseasesWithoutQualifyingVariantArePenalisedNotExcluded() throws {
        let vs = try variants([TestRecord(chrom: "chr15", pos: 100, gene: "FBN1", genotypes: ["0/1:30:99"])])
        let ranking = ranker.rank(query, variants: vs)
        #expect(ranking.candidateCount == ranking.phenotype.candidateCount)
        let penalty = log10(ranker.parameters.effectiveNoVariantLR)
        #expect(penalty < 0)
        for target in [smithLemliOpitz, duchenne] {
            let g = try #require(ranking.genotype(of: target))
            #expect(g.finding == .noQualifyingVariant)
            let withGenotype = try #require(ranking.explain(target))
            let phenotypeOnly = try #require(ranking.phenotype.explain(target))
            let weight = ranker.parameters.phenotypeWeight
            let terms = phenotypeOnly.terms.reduce(0) { $0 + $1.log10LikelihoodRatio }
            let expected = phenotypeOnly.log10CompositeLikelihoodRatio + (weight - 1) * terms + penalty
            #expect(abs(withGenotype.log10CompositeLikelihoodRatio - expected) < 1e-9)
            #expect(ranking.rank(of: target) != nil)
        }
        // The carrier gene's disease gains.
        let genotypeRank = try #require(ranking.rank(of: marfan)), phenotypeRank = try #require(ranking.phenotype.rank(of: marfan))
        #expect(genotypeRank <= phenotypeRank)
        #expect(ranking.topDiseases(1)[0].diseaseID == marfan)
    }

    @Test func explanationsSumExactlyToTheScoreAndNameTheVariants() throws {
        let vs = try variants([
            TestRecord(chrom: "chr15", pos: 100, gene: "FBN1", genotypes: ["0/1:30:99"]),
            TestRecord(chrom: "chr11", pos: 100, consequence: "stop_gained", impact: "HIGH", gene: "DHCR7", genotypes: ["1/1:30:99"]),
            TestRecord(chrom: "chr1", pos: 5, gene: "NOTINKB1", genotypes: ["0/1:30:99"]),
        ])
        let ranking = ranker.rank(query, variants: vs)
        #expect(ranking.evidence.unmatchedGenes == ["NOTINKB1"])
        let top = ranking.topDiseases(ranking.candidateCount)
        for (position, entry) in top.enumerated() where position < 8 || position == top.count - 1 {
            let e = try #require(ranking.explain(entry.diseaseID))
            var sum = 0.0
            for term in e.terms { sum += term.log10LikelihoodRatio }
            for adjustment in e.adjustments { sum += adjustment.log10LikelihoodRatio }
            #expect(sum == e.log10CompositeLikelihoodRatio)
            #expect(e.log10CompositeLikelihoodRatio == entry.score)
            #expect(e.rank == entry.rank)
            let genotypeAdjustment = try #require(e.adjustments.last)
            #expect(genotypeAdjustment.rule == "genotype")
            #expect(genotypeAdjustment.log10LikelihoodRatio == e.genotype?.log10LikelihoodRatio)
        }
        let slo = try #require(ranking.explain(smithLemliOpitz))
        let g = try #require(slo.genotype)
        #expect(g.gene == "DHCR7" && g.finding == .homozygous)
        #expect(g.variants.map(\.variant) == ["11-100-C-T"])
        #expect(g.variants[0].criteria.contains { $0.hasPrefix("PVS1") })
        let entry = try #require(slo.traceEntries.first { $0.event == "genotype_lr" })
        guard case .array(let listed)? = entry.values["variants"], case .object(let first)? = listed.first else {
            Issue.record("genotype_lr entry without variants"); return
        }
        #expect(first["id"] == .string("11-100-C-T") && first["class"] == .string(g.variants[0].classification))
        #expect(!entry.message.contains("11-100-C-T"))
        let report = ranking.report(top: 5, explain: 3)
        #expect(report.trace.entries.contains { $0.event == "genotype_evidence" && $0.message.contains("1 genes not in the knowledge base") })
    }

    @Test func deNovoInATrioRaisesTheDominantLR() throws {
        let record = TestRecord(chrom: "chr15", pos: 100, gene: "FBN1", genotypes: ["0/1:30:99", "0/0:30:99", "0/0:30:99"])
        let trio = try variants([record], samples: ["child", "dad", "mum"], trio: Trio(proband: "child", father: "dad", mother: "mum"))
        let single = try variants([TestRecord(chrom: "chr15", pos: 100, gene: "FBN1", genotypes: ["0/1:30:99"])])
        let deNovo = try #require(ranker.rank(query, variants: trio).genotype(of: marfan))
        let plain = try #require(ranker.rank(query, variants: single).genotype(of: marfan))
        #expect(deNovo.finding == .deNovo && deNovo.variants[0].deNovo)
        #expect(deNovo.likelihoodRatio > plain.likelihoodRatio)
    }

    @Test func lowQualityCallsAreFilteredAndCounted() throws {
        let vs = try variants([TestRecord(chrom: "chr15", pos: 100, gene: "FBN1", genotypes: ["0/1:4:99"])])
        let ranking = ranker.rank(query, variants: vs)
        #expect(ranking.evidence.lowQualityCount == 1)
        #expect(ranking.genotype(of: marfan)?.finding == .noQualifyingVariant)
    }

    @Test func rankingIsDeterministic() throws {
        let records = [TestRecord(chrom: "chr15", pos: 100, gene: "FBN1", genotypes: ["0/1:30:99"]),
                       TestRecord(chrom: "chr11", pos: 100, gene: "DHCR7", genotypes: ["0/1:30:99"]),
                       TestRecord(chrom: "chr11", pos: 300, gene: "DHCR7", genotypes: ["0/1:30:99"])]
        let first = try ranker.rank(query, variants: variants(records)).report(top: 10, explain: 5).canonicalJSON()
        let second = try ranker.rank(query, variants: variants(records)).report(top: 10, explain: 5).canonicalJSON()
        let kb = try KnowledgeBase.load(directory: fixtureDirectory)
        let other = try GenotypeAwareRanker(phenotypeRanker: try PhenotypeRanker(knowledgeBase: kb))
        let third = try other.rank(query, variants: variants(records)).report(top: 10, explain: 5).canonicalJSON()
        #expect(first == second && first == third)
    }

    @Test func phenotypeOnlyBehaviourIsUnchanged() throws {
        let phenotype = ranker.phenotypeRanker.rank(query)
        let json = try phenotype.report(top: 10, explain: 10).canonicalJSON()
        #expect(!String(decoding: json, as: UTF8.self).contains("\"genotype\""))
        #expect(phenotype.explainTop(10).allSatisfy { $0.genotype == nil && !$0.adjustments.contains { $0.rule == "genotype" } })
        // Without variants every disease gets the same genotype LR, so the order is the phenotype order.
        let empty = ranker.rank(query, variants: [])
        #expect(empty.topDiseases(30).map(\.diseaseID) == phenotype.topDiseases(30).map(\.diseaseID))
    }
}
