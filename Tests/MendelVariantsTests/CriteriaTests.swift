import Testing
import MendelCore
@testable import MendelVariants

@Suite("Criteria from data")
struct CriteriaTests {
    let sequence = SequenceCriteria()

    func ann(_ consequence: String, exon: (Int, Int)? = (3, 10), hgvsc: String? = nil, hgvsp: String? = nil, gene: String = "GENE1") -> TranscriptAnnotation {
        TranscriptAnnotation(consequences: [consequence], geneSymbol: gene, hgvsc: hgvsc, hgvsp: hgvsp, exon: exon?.0, exonCount: exon?.1)
    }

    @Test func pvs1DecisionTree() {
        let constrained = GeneContext(symbol: "GENE1", inheritance: .autosomalDominant, loeuf: 0.2)
        #expect(sequence.pvs1(ann("stop_gained"), gene: constrained).applied?.description == "PVS1")
        #expect(sequence.pvs1(ann("frameshift_variant", exon: (10, 10)), gene: constrained).applied?.description == "PVS1_Moderate")
        #expect(sequence.pvs1(ann("splice_donor_variant"), gene: constrained).applied?.description == "PVS1_Strong")
        #expect(sequence.pvs1(ann("start_lost"), gene: constrained).applied?.description == "PVS1_Moderate")
        #expect(sequence.pvs1(ann("stop_gained"), gene: GeneContext(symbol: "GENE1", loeuf: 0.9)).status == .notMet)
        #expect(sequence.pvs1(ann("stop_gained"), gene: nil).status == .notEvaluable)
        #expect(sequence.pvs1(ann("stop_gained"), gene: GeneContext(symbol: "GENE1", inheritance: .autosomalRecessive)).status == .met)
        #expect(sequence.pvs1(ann("missense_variant"), gene: constrained).status == .notMet)
        var lc = ann("stop_gained"); lc.lof = "LC"
        #expect(sequence.pvs1(lc, gene: constrained).applied?.description == "PVS1_Strong")
    }

    @Test func pp3bp4UsePejaverREVELThresholds() {
        let none = CriterionEvaluation(code: "PVS1", status: .notMet, reason: "")
        func codes(_ revel: Double, splice: Double? = nil) -> [String] {
            sequence.pp3bp4(ann("missense_variant"), scores: PredictorScores(revel: revel, spliceAI: splice), pvs1: none).compactMap(\.applied?.description)
        }
        #expect(codes(0.95) == ["PP3_Strong"])
        #expect(codes(0.80) == ["PP3_Moderate"])
        #expect(codes(0.65) == ["PP3"])
        #expect(codes(0.50) == [])
        #expect(codes(0.20) == ["BP4"])
        #expect(codes(0.10) == ["BP4_Moderate"])
        #expect(codes(0.01) == ["BP4_VeryStrong"])
        #expect(codes(0.10, splice: 0.5) == ["PP3"])   // splicing signal: PP3 from SpliceAI, no BP4
        let pvs1 = CriterionEvaluation(code: "PVS1", status: .met, strength: .veryStrong, reason: "")
        #expect(sequence.pp3bp4(ann("missense_variant"), scores: PredictorScores(revel: 0.95), pvs1: pvs1).compactMap(\.applied).isEmpty)
        #expect(sequence.pp3bp4(ann("missense_variant"), scores: PredictorScores(), pvs1: none).allSatisfy { $0.status == .notEvaluable })
        let am = sequence.pp3bp4(ann("missense_variant"), scores: PredictorScores(alphaMissense: 0.95), pvs1: none)
        #expect(am.first?.applied?.description == "PP3_Moderate" && am.first?.source.contains("Bergquist") == true)
    }

    @Test func bp7AndPM4() {
        #expect(sequence.bp7(ann("synonymous_variant"), scores: PredictorScores(spliceAI: 0.02)).applied?.description == "BP7")
        #expect(sequence.bp7(ann("synonymous_variant"), scores: PredictorScores(spliceAI: 0.4)).status == .notMet)
        #expect(sequence.bp7(ann("synonymous_variant"), scores: PredictorScores()).status == .notEvaluable)
        #expect(sequence.bp7(ann("intron_variant", hgvsc: "NM_1.1:c.600+45T>C"), scores: PredictorScores(spliceAI: 0.0)).status == .met)
        #expect(sequence.bp7(ann("intron_variant", hgvsc: "c.600+3T>C"), scores: PredictorScores(spliceAI: 0.0)).status == .notMet)
        #expect(SequenceCriteria.intronOffset("c.124-30C>T") == -30 && SequenceCriteria.intronOffset("c.-23+1G>A") == 1)
        #expect(SequenceCriteria.intronOffset("c.100C>T") == nil)
        let none = CriterionEvaluation(code: "PVS1", status: .notMet, reason: "")
        #expect(sequence.pm4(ann("inframe_deletion"), pvs1: none).applied?.description == "PM4")
        #expect(sequence.pm4(ann("missense_variant"), pvs1: none).status == .notMet)
    }

    @Test func ps1pm5FromClinVarImport() throws {
        let index = try ClinVarIndex.importVariantSummary(path: TestPaths.fixture("clinvar_variant_summary.txt.gz"), release: "fixture")
        #expect(index.count == 2)   // GRCh37 duplicate, 0-star and benign rows not indexed
        let sameAA = sequence.ps1pm5(ann("missense_variant", hgvsc: "ENST1:c.500G>A", hgvsp: "ENSP1:p.Arg167Gln", gene: "ARGENEB"),
                                     scores: PredictorScores(spliceAI: 0.0), clinvar: index)
        #expect(sameAA.compactMap(\.applied?.description) == ["PS1_Moderate"])   // ClinVar entry is LP
        let residue = sequence.ps1pm5(ann("missense_variant", hgvsc: "c.100C>T", hgvsp: "p.(Arg34Trp)", gene: "ADGENEA"),
                                      scores: PredictorScores(), clinvar: index)
        #expect(residue.compactMap(\.applied?.description) == ["PM5"])
        let itself = sequence.ps1pm5(ann("missense_variant", hgvsc: "NM_000002.1:c.499A>C", hgvsp: "p.Arg167Gln", gene: "ARGENEB"),
                                     scores: PredictorScores(), clinvar: index)
        #expect(itself.allSatisfy { $0.applied == nil })   // the same nucleotide change is not evidence for itself
        #expect(ProteinChange(hgvsp: "p.R34W") == ProteinChange(hgvsp: "p.Arg34Trp"))
        #expect(ProteinChange(hgvsp: "p.Ser1982ArgfsTer22") == nil && ProteinChange(hgvsp: "p.Leu167=") == nil)
    }

    @Test func deNovoAndPM3() {
        let het = Genotype(alleles: [0, 1], phased: false, alleleDepths: [20, 18], depth: 38, quality: 99)
        let ref = Genotype(alleles: [0, 0], phased: false, alleleDepths: [30, 0], depth: 30, quality: 90)
        let q = GenotypeQuality()
        #expect(GenotypeCriteria.deNovo(proband: het, father: ref, mother: ref, altIndex: 1, parentageConfirmed: false, quality: q).applied?.description == "PM6")
        #expect(GenotypeCriteria.deNovo(proband: het, father: ref, mother: ref, altIndex: 1, parentageConfirmed: true, quality: q).applied?.description == "PS2")
        #expect(GenotypeCriteria.deNovo(proband: het, father: het, mother: ref, altIndex: 1, parentageConfirmed: true, quality: q).status == .notMet)
        let lowDepth = Genotype(alleles: [0, 0], phased: false, depth: 4, quality: 90)
        #expect(GenotypeCriteria.deNovo(proband: het, father: lowDepth, mother: ref, altIndex: 1, parentageConfirmed: true, quality: q).status == .notEvaluable)

        #expect(GenotypeCriteria.phase((het, het, ref, 1), (het, ref, het, 1)) == .inTrans)
        #expect(GenotypeCriteria.phase((het, het, ref, 1), (het, het, ref, 1)) == .inCis)
        let p1 = Genotype(alleles: [0, 1], phased: true, phaseSet: 7), p2 = Genotype(alleles: [1, 0], phased: true, phaseSet: 7)
        #expect(GenotypeCriteria.phase((p1, nil, nil, 1), (p2, nil, nil, 1)) == .inTrans)
        #expect(GenotypeCriteria.phase((p1, nil, nil, 1), (het, nil, nil, 1)) == .unknown)
        #expect(GenotypeCriteria.pm3(homozygous: false, partners: [(.pathogenic, .inTrans)]).applied?.description == "PM3")
        #expect(GenotypeCriteria.pm3(homozygous: false, partners: [(.pathogenic, .unknown)]).applied?.description == "PM3_Supporting")
        #expect(GenotypeCriteria.pm3(homozygous: false, partners: [(.uncertain, .inTrans)]).status == .notMet)
    }
}
