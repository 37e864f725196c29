import Foundation
import Testing
@testable import MendelVariants

/// The two-thread pipeline (line batches parsed and processed on both threads, merged in order) must give exactly what
/// one thread gives: records, counts, issues and errors.
@Suite("Record pipeline")
struct RecordPipelineTests {
    private func keys(_ path: String) throws -> [String] {
        try VCFReader(path: path).readAll().map { "\($0.key)@\($0.line)" }
    }

    /// Distinct data lines behind `key@line` strings.
    private static func lineCount(_ keys: [String]) -> Int {
        Set(keys.map { $0.split(separator: "@").last ?? "" }).count
    }

    @Test func batchesComeOutInFileOrderWhateverThreadProcessedThem() throws {
        let path = TestPaths.benchmark("examples/charger/grch38_vep95_50_variants.vcf.gz") ?? TestPaths.fixture("trio.vcf.gz")
        let expected = try keys(path)
        #expect(expected.count > 8)
        for (batchSize, maxQueued) in [(1, 1), (2, 1), (3, 2), (5, 3), (4096, 2)] {
            var seen: [String] = []
            var batches = 0
            try RecordPipeline.run(reader: try VCFReader(path: path), batchSize: batchSize, maxQueued: maxQueued, process: { batch in
                batch.map { "\($0.key)@\($0.line)" }
            }, consume: { keys in
                batches += 1
                seen.append(contentsOf: keys)
                return true
            })
            #expect(seen == expected, "batch size \(batchSize), \(maxQueued) queued")
            // Batches hold lines; a multi-allelic line gives several records (the trio fixture has one).
            #expect(batches == (Self.lineCount(expected) + batchSize - 1) / batchSize)
        }
    }

    @Test func analyzerThroughThePipelineEqualsOneThread() throws {
        let path = TestPaths.benchmark("examples/charger/grch38_vep95_50_variants.vcf.gz") ?? TestPaths.fixture("trio.vcf.gz")
        for detail in [TraceDetail.all, .reportable, .decisions] {
            let analyzer = VariantAnalyzer(options: VariantAnalysisOptions(traceDetail: detail))
            let result = try analyzer.analyze(path: path)
            var sequential: [InterpretedVariant] = []
            for record in try VCFReader(path: path).readAll() {
                let genotype = record.genotypes.first
                if let genotype, genotype.copies(ofAlt: record.altIndex) == 0 { continue }
                sequential.append(analyzer.classify(record, genotype: genotype))
            }
            analyzer.applyPM3(&sequential)
            #expect(result.variants == sequential, "trace detail \(detail)")
            #expect(result.stats.classified == sequential.count)
        }
    }

    @Test func stopsWhenTheConsumerHasEnough() throws {
        let path = TestPaths.benchmark("examples/charger/grch38_vep95_50_variants.vcf.gz") ?? TestPaths.fixture("trio.vcf.gz")
        var consumed = 0
        try RecordPipeline.run(reader: try VCFReader(path: path), batchSize: 2, maxQueued: 1, process: { $0.count }, consume: { n in
            consumed += n
            return false
        })
        #expect(consumed == 2)
    }

    @Test func readerErrorComesAfterTheRecordsBeforeIt() throws {
        let path = TestPaths.fixture("malformed_gt.vcf")
        // One thread: the records before the malformed line, then the error.
        let reader = try VCFReader(path: path)
        var before = 0
        #expect(throws: VCFError.self) { while try reader.next() != nil { before += 1 } }
        #expect(before > 0)
        var consumed = 0
        #expect(throws: VCFError.self) {
            try RecordPipeline.run(reader: try VCFReader(path: path), batchSize: 1, maxQueued: 1, process: { $0.count },
                                   consume: { n in consumed += n; return true })
        }
        #expect(consumed == before)
    }

    /// Runs the pipeline and returns what it consumed and the error it threw (if any).
    private func viaPipeline(_ bytes: [UInt8], _ options: VCFReaderOptions, batchSize: Int) throws
        -> (keys: [String], reader: VCFReader, error: VCFError?) {
        let reader = try VCFReader(bytes: bytes, label: "mutated", options: options)
        var keys: [String] = []
        do {
            try RecordPipeline.run(reader: reader, batchSize: batchSize, maxQueued: 1, process: { batch in
                batch.map { "\($0.key)@\($0.line)#\($0.genotypes.count)" }
            }, consume: { keys.append(contentsOf: $0); return true })
            return (keys, reader, nil)
        } catch {
            return (keys, reader, error)
        }
    }

    @Test func mutatedFilesGiveTheSameRecordsCountsIssuesAndErrorsAsOneThread() throws {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("trio.vcf"))))
        let body = try #require(original.indices.first { i in i > 0 && original[i - 1] == 0x0A && original[i] != 0x23 })
        var state: UInt64 = 987
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        let alphabet = Array("\t;=,|:/.0123456789ACGT<>*%#\n\u{FF}".utf8)
        var sawError = false, sawSkipped = false
        for round in 0..<120 {
            var bytes = original
            for _ in 0..<(1 + next() % 5) {
                let at = body + next() % (bytes.count - body)
                switch next() % 3 {
                case 0: bytes[at] = alphabet[next() % alphabet.count]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[next() % alphabet.count], at: at)
                }
            }
            if round % 4 == 0, bytes.last == 0x0A { bytes.removeLast(1 + next() % 20) }  // unterminated last line
            for policy in [MalformedLinePolicy.stop, .skipAndCount] {
                let options = VCFReaderOptions(malformedLines: policy, maxIssuesKept: 2)
                let serial = try VCFReader(bytes: bytes, label: "mutated", options: options)
                var keys: [String] = []
                var serialError: VCFError?
                do {
                    while let r = try serial.next() { keys.append("\(r.key)@\(r.line)#\(r.genotypes.count)") }
                } catch { serialError = error }
                sawError = sawError || serialError != nil
                sawSkipped = sawSkipped || serial.skippedLines > 0
                for batchSize in [1, 2, 5] {
                    let (pipelineKeys, reader, error) = try viaPipeline(bytes, options, batchSize: batchSize)
                    #expect(pipelineKeys == keys, "round \(round), \(policy), batch \(batchSize)")
                    #expect(error == serialError, "round \(round), \(policy), batch \(batchSize)")
                    #expect(reader.issues == serial.issues)
                    #expect(reader.skippedLines == serial.skippedLines)
                    #expect(reader.referenceOnlyLines == serial.referenceOnlyLines)
                    #expect(reader.dataLines == serial.dataLines)
                }
            }
        }
        #expect(sawError && sawSkipped)
    }

    @Test func populationGroupsFollowTheHeaderOrderInEveryThread() throws {
        var text = "##fileformat=VCFv4.2\n"
        for key in ["AC_nfe", "AN_nfe", "AC_afr", "AN_afr"] {
            text += "##INFO=<ID=\(key),Number=1,Type=Integer,Description=\"x\">\n"
        }
        text += "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        // afr before nfe in the records, an undeclared group (sas, then eas) after them.
        for i in 1...9 {
            let extra = i % 2 == 0 ? "AC_sas=1;AN_sas=9;AC_eas=2;AN_eas=9" : "AC_eas=2;AN_eas=9;AC_sas=1;AN_sas=9"
            text += "1\t\(i * 10)\t.\tA\tG\t.\tPASS\tAC_afr=\(i);AN_afr=100;\(extra);AC_nfe=1;AN_nfe=100\n"
        }
        let serial = try VCFReader(bytes: Array(text.utf8), label: "groups").readAll()
        #expect(serial.count == 9)
        for (i, record) in serial.enumerated() {
            let groups = try #require(record.frequencies?.groups.map(\.group))
            #expect(groups == (i % 2 == 1 ? ["nfe", "afr", "sas", "eas"] : ["nfe", "afr", "eas", "sas"]))
        }
        for batchSize in [1, 2, 4] {
            var records: [VariantRecord] = []
            try RecordPipeline.run(reader: try VCFReader(bytes: Array(text.utf8), label: "groups"), batchSize: batchSize,
                                   process: { $0 }, consume: { records.append(contentsOf: $0); return true })
            #expect(records == serial)
        }
    }

    @Test func recordsAlreadyReadWithNextAreNotRepeatedOrLost() throws {
        let path = TestPaths.benchmark("examples/charger/grch38_vep95_50_variants.vcf.gz") ?? TestPaths.fixture("trio.vcf.gz")
        let expected = try keys(path)
        for taken in [0, 1, 3] {
            let reader = try VCFReader(path: path)
            var seen: [String] = []
            for _ in 0..<taken { if let r = try reader.next() { seen.append("\(r.key)@\(r.line)") } }
            try RecordPipeline.run(reader: reader, batchSize: 4, process: { $0.map { "\($0.key)@\($0.line)" } },
                                   consume: { seen.append(contentsOf: $0); return true })
            #expect(seen == expected, "\(taken) read with next() first")
            #expect(reader.dataLines == Self.lineCount(expected))
        }
    }
}
