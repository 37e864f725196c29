import Foundation
import Testing
import MendelCore
@testable import MendelVariants

/// Reading only the primary transcript (`TranscriptSelection.primary`, what `VariantAnalyzer` reads with) against reading
/// every transcript, and the compact value types behind the analysis (boxed `TranscriptAnnotation`, `PopulationFrequency`
/// with presence bits, byte-level readers).
@Suite("Primary transcript and compact values")
struct PrimaryTranscriptTests {
    /// The shared example VCFs (VEP CSQ and SnpEff ANN) and the trio fixture.
    static var files: [String] {
        var files = [TestPaths.fixture("trio.vcf"), TestPaths.fixture("kb_import_case.vcf")]
        for name in ["charger/grch37_vep85_5_variants.vcf", "charger/grch38_brca2_ashkenazi_jewish_founder.vcf",
                     "charger/grch38_vep95_50_variants.vcf.gz", "charger/10.1056_NEJMoa1508054_S4_AD_vep85.sorted.vcf.gz",
                     "snpeff/cancer.ann.vcf", "snpeff/test.ann.vcf"] {
            if let path = TestPaths.benchmark("examples/\(name)") { files.append(path) }
        }
        return files
    }

    /// A VCF whose primary transcripts are not the first ones: MANE Select after a canonical one, several ALTs with
    /// interleaved entries and no canonical, CSQ and ANN on one record, unknown and long consequence terms, CLIN_SIG
    /// terms, group AFs and MAX_AF only on entries that are not the primary one, repeated terms.
    static let synthetic = """
        ##fileformat=VCFv4.2
        ##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature|BIOTYPE|EXON|HGVSc|HGVSp|CANONICAL|MANE_SELECT|REVEL|CADD_PHRED|CLIN_SIG|gnomADe_AFR_AF|gnomADe_NFE_AF|MAX_AF|MAX_AF_POPS">
        ##INFO=<ID=ANN,Number=.,Type=String,Description="Functional annotations: 'Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / cDNA.length | CDS.pos / CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO'">
        ##INFO=<ID=CLNSIG,Number=.,Type=String,Description="ClinVar">
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1
        1\t100\t.\tA\tG\t50\tPASS\tCSQ=G|intron_variant|MODIFIER|GENEA|ENSG1|ENST1|protein_coding||ENST1:c.10+40A>G||||0.2|20|pathogenic&likely_pathogenic|0.01|0.002|0.3|gnomADe_AFR,G|missense_variant|MODERATE|GENEA|ENSG1|ENST2|protein_coding|2/5|ENST2:c.30A>G|ENSP2:p.Lys10Arg|YES||0.5||benign|||0.4|gnomADe_NFE,G|missense_variant&splice_region_variant|MODERATE|GENEA|ENSG1|ENST3|protein_coding|2/5|ENST3:c.33A>G|ENSP3:p.Lys11Arg||NM_1.1|0.9||benign&benign/likely_benign||||\tGT\t0/1
        1\t200\t.\tC\tA,T\t50\tPASS\tCSQ=A|synonymous_variant|LOW|GENEB|ENSG2|ENST4|protein_coding|1/3|ENST4:c.5C>A||||||||||,T|stop_gained|HIGH|GENEB|ENSG2|ENST4|protein_coding|1/3|ENST4:c.5C>T|ENSP4:p.Ser2Ter||||30|uncertain_significance|||,A|missense_variant|MODERATE|GENEB|ENSG2|ENST5|protein_coding|1/3|ENST5:c.5C>A|ENSP5:p.Ser2Tyr|||0.7||conflicting|0.2|||,T|stop_gained|HIGH|GENEB|ENSG2|ENST6|protein_coding|1/3|ENST6:c.5C>T|ENSP6:p.Ser2Ter||||||||;CLNSIG=Pathogenic\tGT\t1/2
        1\t300\t.\tG\tC\t50\tPASS\tCSQ=C|downstream_gene_variant|MODIFIER|GENEC|ENSG3|ENST7|protein_coding|||||||||||;ANN=C|missense_variant|MODERATE|GENEC|ENSG3|transcript|ENST8|protein_coding|3/4|c.100G>C|p.Ala34Pro|||||\tGT\t0/1
        1\t400\t.\tT\tTA\t50\tPASS\tCSQ=A|some_unknown_consequence_term_longer_than_fifteen|MODIFIER|GENED|ENSG4|ENST9|protein_coding|||||||||||,A|regulatory_region_variant&intergenic_variant|MODIFIER|GENED|ENSG4|ENST10|protein_coding||||||||||0.05|,A||MODIFIER|GENED|ENSG4|ENST11||||||||||||\tGT\t1/1
        1\t500\t.\tG\tGT,C\t50\tPASS\tCSQ=T|frameshift_variant|HIGH|GENEE|ENSG5|ENST12|protein_coding|4/9|ENST12:c.40dup|ENSP12:p.Ser14fs|YES||||||||,C|missense_variant|MODERATE|GENEE|ENSG5|ENST13|protein_coding|4/9|ENST13:c.40G>C|ENSP13:p.Gly14Arg||NM_5.1|0.3||likely_benign||0.001||\tGT\t0/2
        """

    func records(_ path: String, _ selection: TranscriptSelection) throws(VCFError) -> [VariantRecord] {
        try VCFReader(path: path, options: VCFReaderOptions(malformedLines: .skipAndCount, transcripts: selection)).readAll()
    }

    func records(bytes: [UInt8], _ selection: TranscriptSelection) throws -> [VariantRecord] {
        try VCFReader(bytes: bytes, label: "synthetic.vcf", options: VCFReaderOptions(transcripts: selection)).readAll()
    }

    /// `primary` is `all` with only the primary annotation kept; every other field identical.
    func expectPrimaryOnly(_ all: [VariantRecord], _ primary: [VariantRecord]) {
        #expect(all.count == primary.count)
        for (a, p) in zip(all, primary) {
            var expected = a
            expected.annotations = a.primaryAnnotation.map { [$0] } ?? []
            #expect(p == expected)
            #expect(p.primaryAnnotation == a.primaryAnnotation)
        }
    }

    @Test func primaryOnlyRecordsEqualEveryTranscriptRecordsOnSharedExamples() throws {
        var compared = 0
        for path in Self.files {
            // Some shared examples are deliberately malformed: both readings then fail alike.
            let all = Result { () throws(VCFError) in try records(path, .all) }
            let primary = Result { () throws(VCFError) in try records(path, .primary) }
            switch (all, primary) {
            case let (.success(a), .success(p)): expectPrimaryOnly(a, p); compared += a.count
            case let (.failure(a), .failure(p)): #expect(a.description == p.description)
            default: Issue.record("\(path): one reading failed, the other did not")
            }
        }
        #expect(compared > 0)
    }

    @Test func primaryOnlyPicksWhatPrimaryAnnotationPicks() throws {
        let bytes = Array(Self.synthetic.utf8)
        let all = try records(bytes: bytes, .all), primary = try records(bytes: bytes, .primary)
        #expect(all.count == 7)
        expectPrimaryOnly(all, primary)
        // Record 1: MANE Select (the third entry) over the canonical one; CLIN_SIG, group AFs and MAX_AF from the others.
        #expect(primary[0].annotations.map(\.transcript) == ["ENST3"])
        #expect(primary[0].clinicalSignificance == ["pathogenic", "likely_pathogenic", "benign", "likely_benign"])
        #expect(primary[0].scores.revel == 0.2 && primary[0].scores.caddPhred == 20)
        #expect(primary[0].frequencies?.dataset == "VEP gnomAD AF fields" && primary[0].frequencies?.groups.count == 2)
        #expect(primary[0].frequencies?.supplied?.frequency.givenAF == 0.3)
        // Record 2, ALT T: the first of the most severe entries; INFO CLNSIG wins over CLIN_SIG.
        #expect(primary[2].alt == "T" && primary[2].annotations.map(\.transcript) == ["ENST4"])
        #expect(primary[1].annotations.map(\.transcript) == ["ENST5"] && primary[1].clinicalSignificance == ["pathogenic"])
        // Record 3: the ANN entry (missense) is more severe than the CSQ one (downstream).
        #expect(primary[3].annotations.map(\.transcript) == ["ENST8"])
        // Record 4: unknown and empty consequences rank last; the regulatory entry is picked.
        #expect(primary[4].annotations.map(\.transcript) == ["ENST10"])
    }

    @Test func analyzerResultIsTheSameWithEveryTranscriptRead() throws {
        var paths = Self.files
        let synthetic = FileManager.default.temporaryDirectory.appendingPathComponent("mendel-primary-\(getpid()).vcf")
        try Data(Self.synthetic.utf8).write(to: synthetic)
        defer { try? FileManager.default.removeItem(at: synthetic) }
        paths.append(synthetic.path)
        for detail in [TraceDetail.all, .reportable, .decisions] {
            let analyzer = VariantAnalyzer(options: VariantAnalysisOptions(onlyCarried: false, traceDetail: detail))
            for path in paths {
                let options = VCFReaderOptions(malformedLines: analyzer.policy.malformedLines, transcripts: .all)
                let viaPath = Result { () throws(VCFError) in try analyzer.analyze(path: path) }
                let everyTranscript = Result { () throws(VCFError) in try analyzer.analyze(reader: try VCFReader(path: path, options: options)) }
                switch (viaPath, everyTranscript) {
                case let (.success(a), .success(b)):
                    #expect(a == b)
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    #expect(try encoder.encode(a) == (try encoder.encode(b)))
                case let (.failure(a), .failure(b)): #expect(a.description == b.description)
                default: Issue.record("\(path): one analysis failed, the other did not")
                }
            }
        }
    }

    @Test func populationFrequencyRoundTripsAndReadsAsOptionals() throws {
        var f = PopulationFrequency(group: "AFR", alleleCount: 3, alleleNumber: 1000)
        #expect(f.group == "afr" && f.alleleCount == 3 && f.alleleNumber == 1000 && f.homozygotes == nil)
        #expect(f.givenAF == nil && f.givenFilteringAF == nil && f.alleleFrequency == 0.003)
        f.homozygotes = 0; f.givenAF = -0.0; f.givenFilteringAF = 0.5
        #expect(f.homozygotes == 0 && f.givenAF == 0 && f.givenAF?.sign == .minus && f.givenFilteringAF == 0.5)
        f.alleleCount = nil; f.givenAF = 0.25
        #expect(f.alleleCount == nil && f == PopulationFrequency(group: "afr", alleleNumber: 1000, homozygotes: 0, alleleFrequency: 0.25, filteringAF: 0.5))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(f), as: UTF8.self)
        #expect(json == #"{"alleleNumber":1000,"givenAF":0.25,"givenFilteringAF":0.5,"group":"afr","homozygotes":0}"#)
        #expect(try JSONDecoder().decode(PopulationFrequency.self, from: Data(json.utf8)) == f)
        // A zero stored for an absent value is not a present zero.
        let absent = PopulationFrequency(group: "nfe"), zero = PopulationFrequency(group: "nfe", alleleCount: 0)
        #expect(absent != zero && absent.alleleCount == nil && zero.alleleCount == 0)
        #expect(Set([absent, zero, absent]).count == 2)
        #expect(String(decoding: try encoder.encode(absent), as: UTF8.self) == #"{"group":"nfe"}"#)
        #expect(MemoryLayout<PopulationFrequency>.stride <= 64)
    }

    @Test func boxedTranscriptAnnotationCopiesOnWriteAndEncodesEveryField() throws {
        var a = TranscriptAnnotation(consequences: ["missense_variant"], impact: "MODERATE", geneSymbol: "GENE1", hgvsc: "c.1A>G",
                                     exon: 2, exonCount: 5, canonical: true, scores: PredictorScores(revel: 0.5),
                                     clinicalSignificance: ["benign"], groupFrequencies: ["afr": 0.1], warnings: ["W"])
        a.maxAF = 0.2; a.maxAFPopulations = ["afr"]
        let b = a
        a.geneSymbol = "GENE2"; a.scores.caddPhred = 10
        #expect(b.geneSymbol == "GENE1" && b.scores.caddPhred == nil && a.geneSymbol == "GENE2" && a.scores.caddPhred == 10)
        #expect(a != b)
        var c = b
        c.geneSymbol = "GENE1"
        #expect(c == b && c.hashValue == b.hashValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(b), as: UTF8.self)
        // Every field under its name, absent optionals left out (as the synthesised conformance wrote them).
        #expect(json == #"{"canonical":true,"clinicalSignificance":["benign"],"consequences":["missense_variant"],"exon":2,"exonCount":5,"geneSymbol":"GENE1","groupFrequencies":{"afr":0.1},"hgvsc":"c.1A>G","impact":"MODERATE","maneSelect":false,"maxAF":0.2,"maxAFPopulations":["afr"],"scores":{"revel":0.5},"warnings":["W"]}"#)
        #expect(try JSONDecoder().decode(TranscriptAnnotation.self, from: Data(json.utf8)) == b)
    }

    @Test func intronOffsetOnBytesEqualsTheCharacterReading() {
        var inputs = ["c.123+45A>G", "NM_1.2:c.124-30C>T", "c.*12+3del", "c.-5-21G>A", "c.100G>A", "c.12+", "c.12+x", "p.Lys1Arg",
                      "c. 10 + 7 A>G", "x:y:c.5+7dupA", "c.5+99999999999999999999A>G", "c.5+9223372036854775807A", "c.+5",
                      "c.*+5", "", "c", "c.", "c.5-0", "c.5+07", "C.5+7", "c.5\r\n+7", "c.٣+7", "c.3+٧", "c.3+7é"]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("c.+-*0123456789 :delACGT>")
        for _ in 0..<3000 {
            let n = Int.random(in: 0...14, using: &generator)
            inputs.append(String((0..<n).map { _ in alphabet.randomElement(using: &generator) ?? "c" }))
            inputs.append("c." + String((0..<n).map { _ in alphabet.randomElement(using: &generator) ?? "1" }))
        }
        for text in inputs {
            #expect(SequenceCriteria.intronOffset(text) == SequenceCriteria.intronOffsetOfCharacters(text), "\(text)")
        }
    }

    @Test func variantKeyIsTheInterpolatedText() {
        for position in [0, 1, 9, 10, 99, 100, 123_456_789, Int.max, -1, -120] {
            for (contig, ref, alt) in [("1", "A", "G"), ("MT", "ACGT", "<DEL>"), ("HLA-A*01:01", "N", "*"), ("ü", "A", "é")] {
                #expect(VariantRecord.key(contig: contig, position: position, ref: ref, alt: alt) == "\(contig)-\(position)-\(ref)-\(alt)")
            }
        }
    }

    @Test func directionOnBytesEqualsThePrefixTest() {
        for code in ["PVS1", "PS1", "PM2", "PP3", "BA1", "BS1", "BP4", "P", "B", "", "p", "P\u{301}S1", "Ṕ", "PΣ", "Xx"] {
            let criterion = AppliedCriterion(code: code, strength: .supporting)
            #expect(criterion.direction == (code.hasPrefix("P") ? .pathogenic : .benign), "\(code)")
        }
    }
}
