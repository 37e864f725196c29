import Foundation
import Testing
@testable import MendelVariants

/// The two-thread pipeline (parse on one thread, process batches on both) must give exactly what one thread gives.
@Suite("Record pipeline")
struct RecordPipelineTests {
    private func keys(_ path: String) throws -> [String] {
        try VCFReader(path: path).readAll().map { "\($0.key)@\($0.line)" }
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
            #expect(batches == (expected.count + batchSize - 1) / batchSize)
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
}
