import Foundation
import Testing
@testable import MendelVariants

@Suite("VCF reader")
struct VCFReaderTests {
    @Test func readsTrioFixtureWithSamplesGenotypesAndAnnotations() throws {
        let reader = try VCFReader(path: TestPaths.fixture("trio.vcf"))
        #expect(reader.header.samples == ["proband 1", "father", "mother"])  // space kept: split on TAB only
        #expect(reader.header.contigs.count == 4 && reader.header.fileFormat == "VCFv4.3")
        #expect(reader.header.csqFields?.first == "Allele")
        let records = try reader.readAll()
        #expect(records.count == 9)   // 8 lines, one with two ALTs
        let first = records[0]
        #expect(first.chrom == "chr1" && first.contig == "1" && first.position == 1000 && first.id == "rs1")
        #expect(first.genotypes[0].alleles == [0, 1] && first.genotypes[0].alleleDepths == [20, 18])
        #expect(first.genotypes[0].depth == 38 && first.genotypes[0].quality == 99)
        let ann = try #require(first.primaryAnnotation)
        #expect(ann.geneSymbol == "ADGENEA" && ann.consequences == ["missense_variant"] && ann.exon == 3 && ann.exonCount == 10)
        #expect(ann.hgvsp == "ENSP00000000000A.1:p.Arg34Trp" && ann.scores.revel == 0.95 && ann.canonical)
        #expect(ann.scores.spliceAI == 0.01)
        #expect(first.frequencies?.groups.first { $0.group == "afr" }?.alleleNumber == 20000)

        // Deletion: VEP allele '-' maps to the ALT.
        #expect(records[1].annotations.first?.consequences == ["frameshift_variant"])
        // Synonymous HGVSp is percent-decoded.
        #expect(records[4].primaryAnnotation?.hgvsp?.hasSuffix("p.Leu167=") == true)
        // Multi-allelic chrM split per ALT, with the right CSQ entry and haploid genotypes.
        let mt = records.filter { $0.contig == "MT" }
        #expect(mt.count == 2 && mt.map(\.alt) == ["G", "T"] && mt.map(\.altIndex) == [1, 2])
        #expect(mt[1].primaryAnnotation?.consequences == ["stop_gained"])
        #expect(mt[0].genotypes[0].isHaploid && mt[1].genotypes[0].zygosity(forAlt: 2) == .hemizygous)
        // Phased with phase set; FILTER kept; no-chr contig name.
        let phased = records.first { $0.position == 2600 }
        #expect(phased?.genotypes[0].phased == true && phased?.genotypes[0].phaseSet == 2500)
        #expect(phased?.filters == ["LowQual"] && phased?.passed == false && phased?.contig == "2")
    }

    @Test func gzipWithSeveralMembersGivesTheSameRecords() throws {
        let plain = try VCFReader(path: TestPaths.fixture("trio.vcf")).readAll()
        let gz = try VCFReader(path: TestPaths.fixture("trio.vcf.gz")).readAll()
        #expect(plain == gz)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("trio.vcf.gz"))))
        #expect(try VCFReader(bytes: bytes, label: "memory").readAll() == plain)
    }

    @Test func sampleSelection() throws {
        let reader = try VCFReader(path: TestPaths.fixture("trio.vcf"), options: VCFReaderOptions(samples: ["mother", "proband 1"]))
        let r = try #require(try reader.next())
        #expect(r.genotypes.count == 2 && r.genotypes[0].depth == 28 && r.genotypes[1].depth == 38)
        #expect(throws: VCFError.unknownSample(file: "trio.vcf")) {
            try VCFReader(path: TestPaths.fixture("trio.vcf"), options: VCFReaderOptions(samples: ["nobody"]))
        }
    }

    func firstError(_ name: String) -> VCFError? {
        do {
            _ = try VCFReader(path: TestPaths.fixture(name)).readAll()
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedLinesGivePreciseErrors() throws {
        guard case .malformedLine(let truncated)? = firstError("malformed_truncated.vcf") else { Issue.record("no error"); return }
        #expect(truncated.line == 6 && truncated.reason.contains("truncated"))
        guard case .malformedLine(let columns)? = firstError("malformed_columns.vcf") else { Issue.record("no error"); return }
        #expect(columns.line == 6 && columns.reason.contains("expected 10"))
        guard case .malformedLine(let gt)? = firstError("malformed_gt.vcf") else { Issue.record("no error"); return }
        #expect(gt.line == 6 && gt.column == 10 && gt.reason.contains("GT"))
        guard case .malformedLine(let utf8)? = firstError("malformed_utf8.vcf") else { Issue.record("no error"); return }
        #expect(utf8.line == 6 && utf8.column == 8 && utf8.reason.contains("UTF-8"))
        #expect(firstError("malformed_missing_header.vcf") == .missingHeader(file: "malformed_missing_header.vcf", line: 4))
        guard case .malformedLine(let csq)? = firstError("malformed_csq_no_format.vcf") else { Issue.record("no error"); return }
        #expect(csq.column == 8 && csq.reason.contains("Format"))
        // Messages name file, line and column, not values.
        #expect(VCFError.malformedLine(gt).description == "malformed line: malformed_gt.vcf:6: column 10 (sample 1): GT allele index is larger than the number of ALT alleles")
    }

    @Test func skipAndCountKeepsGoodLines() throws {
        let reader = try VCFReader(path: TestPaths.fixture("malformed_gt.vcf"), options: VCFReaderOptions(malformedLines: .skipAndCount))
        let records = try reader.readAll()
        #expect(records.map(\.position) == [100, 500])
        #expect(reader.skippedLines == 1 && reader.issues.first?.line == 6)
    }

    @Test func sharedExampleVCFs() throws {
        guard let five = TestPaths.benchmark("examples/charger/grch37_vep85_5_variants.vcf"),
              let fifty = TestPaths.benchmark("examples/charger/grch38_vep95_50_variants.vcf.gz"),
              let nejm = TestPaths.benchmark("examples/charger/10.1056_NEJMoa1508054_S4_AD_vep85.sorted.vcf.gz"),
              let brca2 = TestPaths.benchmark("examples/charger/grch38_brca2_ashkenazi_jewish_founder.vcf"),
              let snpTest = TestPaths.benchmark("examples/snpeff/test.ann.vcf"),
              let cancer = TestPaths.benchmark("examples/snpeff/cancer.ann.vcf") else { return }
        let r5 = try VCFReader(path: five).readAll()
        #expect(r5.count == 5 && r5.allSatisfy { !$0.annotations.isEmpty })
        let r50 = try VCFReader(path: fifty).readAll()
        #expect(r50.count == 50 && r50[0].genotypes.count == 1)
        // VEP MAX_AF / MAX_AF_POPS become a supplied group maximum (gnomAD_EAS → eas), next to the per-group AFs.
        let supplied = try #require(r50[0].frequencies?.supplied)
        #expect(supplied.frequency.group == "eas" && abs((supplied.frequency.alleleFrequency ?? 0) - 0.9983) < 1e-9 && supplied.origin.hasPrefix("VEP MAX_AF"))
        #expect(r50.contains { $0.primaryAnnotation?.hgvsp?.contains("%") == false && $0.primaryAnnotation?.hgvsp?.hasSuffix("=") == true })
        let bgzip = try VCFReader(path: nejm).readAll()     // bgzip: many gzip members
        #expect(bgzip.count == 550)
        let founder = try #require(try VCFReader(path: brca2).readAll().first)
        #expect(founder.primaryAnnotation?.geneSymbol == "BRCA2" && founder.primaryAnnotation?.consequences == ["frameshift_variant"])
        #expect(founder.frequencies?.groups.first { $0.group == "asj" }?.alleleFrequency == 0.005857)
        #expect(founder.primaryAnnotation?.clinicalSignificance.contains("pathogenic") == true)

        // SnpEff example without a #CHROM line: precise missing-header error.
        #expect(throws: VCFError.missingHeader(file: "test.ann.vcf", line: 6)) { try VCFReader(path: snpTest).readAll() }
        // SnpEff example with a stray first line: stop → header error at line 1; skip → read, multi-allelic ANN split.
        #expect(throws: VCFError.self) { try VCFReader(path: cancer).readAll() }
        let skipping = try VCFReader(path: cancer, options: VCFReaderOptions(malformedLines: .skipAndCount))
        let records = try skipping.readAll()
        #expect(skipping.skippedLines == 1 && skipping.issues.first?.line == 1)
        #expect(records.count == 2 && records.map(\.alt) == ["C", "G"])
        #expect(records[1].annotations.first?.consequences == ["start_lost"] && records[1].annotations.first?.geneSymbol == "OR4F5")
        #expect(records[0].annotations.first?.consequences == ["initiator_codon_variant"])
        #expect(records[1].genotypes[1].alleles == [2, 1])
    }

    @Test func pedigreeTrios() throws {
        let ped = try Pedigree.parse(try String(contentsOfFile: TestPaths.fixture("trio.ped"), encoding: .utf8), label: "trio.ped")
        #expect(ped.members.count == 3)
        #expect(ped.trios == [Trio(proband: "proband_1", father: "father", mother: "mother")])
        #expect(throws: VCFError.malformedPedigree(file: "x.ped", line: 1, reason: "expected 6 columns")) { try Pedigree.parse("a b c", label: "x.ped") }
    }

    @Test func findEitherMatchesAByteLoop() {
        var state: UInt64 = 42
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        let alphabet = Array("|,a\u{7C}\u{2C}\u{FC}\u{AC}\u{00}".utf8) + [0x00, 0x7D, 0x2D, 0xFF, 0x7B, 0x2B, 0x01]
        for _ in 0..<2000 {
            let bytes = (0..<(next() % 40)).map { _ in next() % 4 == 0 ? alphabet[next() % alphabet.count] : UInt8(next() % 256) }
            let start = bytes.isEmpty ? 0 : next() % (bytes.count + 1)
            let expected = bytes[start...].firstIndex { $0 == Bytes.pipe || $0 == Bytes.comma } ?? bytes.count
            bytes.withUnsafeBufferPointer { p in
                #expect(Bytes.findEither(Bytes.pipe, Bytes.comma, p, start, bytes.count) == expected)
            }
        }
    }

    @Test func byteNumberParsing() {
        let cases: [(String, Double?)] = [("0.5", 0.5), ("1e-05", 1e-05), ("-3", -3), (".5", 0.5), ("9.694e-05", 9.694e-05), ("abc", nil), ("1.2.3", nil), ("", nil)]
        for (text, expected) in cases {
            let bytes = Array(text.utf8)
            let v = bytes.withUnsafeBufferPointer { Bytes.double($0, 0, $0.count) }
            #expect(v == expected, "\(text)")
        }
        #expect(ContigName.normalise("chrM") == "MT" && ContigName.normalise("MT") == "MT" && ContigName.normalise("chr17") == "17")
    }
}

@Suite("VCF reader robustness")
struct VCFReaderRobustnessTests {
    @Test func mutatedInputNeverCrashesAndEveryBadLineIsCounted() throws {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("trio.vcf"))))
        let headerEnd = try #require(original.indices.first { i in
            i > 0 && original[i - 1] == 0x0A && original[i] == 0x63 && original[i + 1] == 0x68 && original[i + 2] == 0x72 && original[i + 3] == 0x31 })
        var state: UInt64 = 12345
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        let alphabet = Array("\t;=,|:/.0123456789ACGT<>*%\u{FF}".utf8)
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + next() % 6) {
                let at = headerEnd + next() % (bytes.count - headerEnd)
                switch next() % 3 {
                case 0: bytes[at] = alphabet[next() % alphabet.count]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[next() % alphabet.count], at: at)
                }
            }
            let reader = try VCFReader(bytes: bytes, label: "mutated", options: VCFReaderOptions(malformedLines: .skipAndCount))
            let records = try reader.readAll()
            #expect(reader.dataLines == reader.skippedLines + Set(records.map(\.line)).count + reader.referenceOnlyLines)
        }
        // Specific edge cases: empty FORMAT column, INFO key missing before '='.
        let text = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n1\t5\t.\tA\tG\t.\t.\t=x;;A=1\t\t0/1\n"
        let records = try VCFReader(bytes: Array(text.utf8), label: "edge").readAll()
        #expect(records.count == 1)
    }
}
