import ArgumentParser
import Foundation
import MendelCore
import MendelDiagnosis
import MendelKnowledge
import MendelVariants

/// `mendel-bench diagnosis`: phenotype-driven ranking of every phenopacket in a directory, one result
/// JSON per case in the format of benchmarks/diagnosis/README.md. Reads only `subject` and
/// `phenotypicFeatures` of each phenopacket. With `--vcf DIR`, `DIR/CASE_ID.vcf` (or `.vcf.gz`) is analysed
/// when present (proband = the sample named like the phenopacket's `subject.id`, else the only/first sample),
/// and the ranking adds the genotype LR per disease (`GenotypeAwareRanker`); cases without a VCF are ranked
/// on the phenotype alone.
struct DiagnosisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnosis",
        abstract: "Rank diseases/genes for phenopackets and write CASE_ID.json result files.")

    @Option(name: .customLong("hpo-dir"), help: "Directory with hp.obo, phenotype.hpoa, genes_to_phenotype.txt (or a KB snapshot).")
    var hpoDirectory: String

    @Option(name: .customLong("phenopackets"), help: "Directory of phenopacket JSON files.")
    var phenopackets: String

    @Option(name: .customLong("vcf"), help: "Directory of VCFs named CASE_ID.vcf (or .vcf.gz); genotype-aware ranking where present.")
    var vcf: String?

    @Option(name: .customLong("out"), help: "Output directory for CASE_ID.json files.")
    var out: String

    @Option(help: "Number of diseases written per case.")
    var top: Int = 100

    @Option(help: "Comma-separated disease namespaces to rank; 'all' ranks every disease of the KB. The default OMIM matches the benchmark, whose truth and reference numbers are OMIM-only.")
    var namespaces: String = "OMIM"

    @Option(name: .customLong("parameters"), help: "JSON file with DiagnosisParameters overrides (tuning).")
    var parametersFile: String?

    @Option(name: .customLong("traces"), help: "Also write CASE_ID.trace.json with the full report for the best N diseases.")
    var traces: Int = 0

    @Option(name: .customLong("genotype-parameters"), help: "JSON file with GenotypeParameters overrides (tuning).")
    var genotypeParametersFile: String?

    @Option(name: .customLong("policy"), help: "ACMG policy as JSON (the tree of Policies/interpretation.yaml); default: built-in policy.")
    var policyFile: String?

    func run() throws {
        let clock = ContinuousClock()
        let loadStart = clock.now
        let knowledgeBase = try KnowledgeBase.load(directory: URL(fileURLWithPath: hpoDirectory))
        let loadTime = clock.now - loadStart
        var parameters = DiagnosisParameters.default
        if let parametersFile {
            parameters = try JSONDecoder().decode(DiagnosisParameters.self, from: Data(contentsOf: URL(fileURLWithPath: parametersFile)))
        }
        let selected = namespaces.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        parameters.namespaces = selected.contains("all") ? [] : selected
        let indexStart = clock.now
        let ranker = try PhenotypeRanker(knowledgeBase: knowledgeBase, parameters: parameters)
        let indexTime = clock.now - indexStart
        print("kb version \(knowledgeBase.version.prefix(16)) (\(knowledgeBase.manifest.hpoRelease ?? "?")): "
              + "\(knowledgeBase.ontology.count) terms, \(knowledgeBase.diseases.count) diseases, \(knowledgeBase.genes.count) genes; "
              + "load \(format(loadTime)), index \(format(indexTime)), \(ranker.candidateCount) candidates")
        var genotypeParameters = GenotypeParameters.default
        if let genotypeParametersFile {
            genotypeParameters = try JSONDecoder().decode(GenotypeParameters.self, from: Data(contentsOf: URL(fileURLWithPath: genotypeParametersFile)))
        }
        var genotypeRanker: GenotypeAwareRanker?
        if vcf != nil {
            let genotypeStart = clock.now
            genotypeRanker = try GenotypeAwareRanker(phenotypeRanker: ranker, parameters: genotypeParameters)
            print("genotype-aware ranker (variant knowledge, phenotype index with the genotype-mode floor): \(format(clock.now - genotypeStart))")
        }
        var policy = ACMGPolicy.default
        if let policyFile {
            policy = try ACMGPolicy(json: JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: policyFile))))
        }
        var vcfCases = 0, unmatchedGeneCount = 0, sampleFallbacks = 0
        var variantTimings: [Double] = []

        let outURL = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: phenopackets).filter { $0.hasSuffix(".json") }.sorted()
        var timings: [Double] = []
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: phenopackets).appendingPathComponent(file))
            let phenopacket = try Phenopacket.decode(data)
            let query = PhenotypeQuery(phenopacket: phenopacket)
            let caseID = phenopacket.id
            let safeName = caseID.replacingOccurrences(of: "/", with: "_")
            let start = clock.now
            let diseases: [DiseaseScore]
            var traceJSON: Data?
            if let genotypeRanker, let vcfURL = vcfFile(safeName) {
                // Read + classify the case's VCF, then rank with the genotype LR.
                let bytes = [UInt8](try Data(contentsOf: vcfURL))
                let reader = try VCFReader(bytes: bytes, label: vcfURL.lastPathComponent,
                                           options: VCFReaderOptions(samples: nil, malformedLines: policy.malformedLines))
                let samples = reader.header.samples
                let subject = phenopacket.subject?.id
                let proband = subject.flatMap { samples.contains($0) ? $0 : nil }
                if proband == nil && !samples.isEmpty { sampleFallbacks += 1 }
                let analyzer = VariantAnalyzer(policy: policy, knowledge: genotypeRanker.variantKnowledge,
                                               options: VariantAnalysisOptions(proband: proband))
                let analysis = try analyzer.analyze(reader: reader)
                variantTimings.append(seconds(clock.now - start))
                let ranking = genotypeRanker.rank(query, variants: analysis.variants)
                diseases = ranking.topDiseases(top)
                vcfCases += 1
                unmatchedGeneCount += ranking.evidence.unmatchedGenes.count
                if traces > 0 { traceJSON = try CanonicalJSON.encodePretty(ranking.report(top: traces, explain: traces)) }
            } else {
                let ranking = ranker.rank(query)
                diseases = ranking.topDiseases(top)
                if traces > 0 { traceJSON = try CanonicalJSON.encodePretty(ranking.report(top: traces, explain: traces)) }
            }
            timings.append(seconds(clock.now - start))
            var entries: [ResultEntry] = []
            for disease in diseases {
                if disease.genes.isEmpty { entries.append(ResultEntry(disease_id: disease.diseaseID.rawValue, gene: nil, score: disease.score)) }
                for gene in disease.genes { entries.append(ResultEntry(disease_id: disease.diseaseID.rawValue, gene: gene, score: disease.score)) }
            }
            try CanonicalJSON.encode(CaseResult(case_id: caseID, ranking: entries))
                .write(to: outURL.appendingPathComponent(safeName + ".json"))
            if let traceJSON { try traceJSON.write(to: outURL.appendingPathComponent(safeName + ".trace.json")) }
        }
        timings.sort()
        if !timings.isEmpty {
            let median = timings[timings.count / 2] * 1000
            let p95 = timings[min(timings.count - 1, Int(Double(timings.count) * 0.95))] * 1000
            let mean = timings.reduce(0, +) / Double(timings.count) * 1000
            print(String(format: "%d cases: rank time per case median %.2f ms, mean %.2f ms, p95 %.2f ms, max %.2f ms (single thread)",
                         timings.count, median, mean, p95, timings[timings.count - 1] * 1000))
        }
        if vcf != nil {
            variantTimings.sort()
            let median = variantTimings.isEmpty ? 0 : variantTimings[variantTimings.count / 2] * 1000
            print(String(format: "%d cases with a VCF (read + classify median %.2f ms, included above); %d gene symbols not in the KB; "
                         + "%d VCFs without a sample named like subject.id (first sample used)", vcfCases, median, unmatchedGeneCount, sampleFallbacks))
        }
    }

    /// `DIR/CASE.vcf` or `DIR/CASE.vcf.gz` when `--vcf` is given and the file exists.
    private func vcfFile(_ name: String) -> URL? {
        guard let vcf else { return nil }
        for suffix in [".vcf", ".vcf.gz"] {
            let url = URL(fileURLWithPath: vcf).appendingPathComponent(name + suffix)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    private struct ResultEntry: Encodable {
        var disease_id: String
        var gene: String?
        var score: Double
    }

    private struct CaseResult: Encodable {
        var case_id: String
        var ranking: [ResultEntry]
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func format(_ duration: Duration) -> String { String(format: "%.3f s", seconds(duration)) }
}
