import ArgumentParser
import Foundation
import MendelCore
import MendelDiagnosis
import MendelFairness
import MendelKnowledge
import MendelVariants

/// `mendel-bench fairness`: genotype-aware diagnosis of every phenopacket (+ `VCF_DIR/CASE_ID.vcf` when present)
/// and its sex-swapped counterfactual; prints/writes cohort metrics by sex and age band and the count of
/// unexplained counterfactual changes. The truth (phenopacket `interpretations`/`diseases`) is read for the
/// evaluation only, never passed to the engines.
struct FairnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairness",
        abstract: "Counterfactual (sex swap) invariance and cohort fairness metrics over labelled phenopackets.")

    @Option(name: .customLong("hpo-dir"), help: "Directory with hp.obo, phenotype.hpoa, genes_to_phenotype.txt (or a KB snapshot).")
    var hpoDirectory: String

    @Option(name: .customLong("phenopackets"), help: "Directory of phenopacket JSON files.")
    var phenopackets: String

    @Option(name: .customLong("vcf"), help: "Directory of VCFs named CASE_ID.vcf (or .vcf.gz).")
    var vcf: String

    @Option(name: .customLong("out"), help: "Write the JSON report here (default: print it).")
    var out: String?

    @Option(help: "Comma-separated disease namespaces to rank ('all' = every disease).")
    var namespaces: String = "OMIM"

    @Option(help: "Bootstrap iterations.")
    var bootstrap: Int = 1000

    @Option(help: "Minimum group size for comparisons.")
    var minimumGroupSize: Int = 30

    func run() throws {
        let kb = try KnowledgeBase.load(directory: URL(fileURLWithPath: hpoDirectory))
        var parameters = DiagnosisParameters.default
        let selected = namespaces.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        parameters.namespaces = selected.contains("all") ? [] : selected
        let ranker = try PhenotypeRanker(knowledgeBase: kb, parameters: parameters)
        let runner = CaseFairnessRunner(phenotypeRanker: ranker, genotypeRanker: try GenotypeAwareRanker(phenotypeRanker: ranker))
        let files = try FileManager.default.contentsOfDirectory(atPath: phenopackets).filter { $0.hasSuffix(".json") }.sorted()
        var records: [CohortRecord] = []
        var summary = CounterfactualSummary()
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: phenopackets).appendingPathComponent(file))
            let phenopacket = try Phenopacket.decode(data)
            let safeName = phenopacket.id.replacingOccurrences(of: "/", with: "_")
            let vcfInput = try vcfFile(safeName).map { url in ([UInt8](try Data(contentsOf: url)), url.lastPathComponent) }
            let run = try runner.run(phenopacket, vcf: vcfInput.map { (bytes: $0.0, label: $0.1) })
            summary.add(caseID: phenopacket.id, run.report, hasVCF: vcfInput != nil)
            let truth = try JSONDecoder().decode(TruthFields.self, from: data).diseaseIDs
            let ranks = truth.compactMap { run.rankOf($0) }
            records.append(CohortRecord(
                groups: ["sex": phenopacket.subject?.sex?.rawValue ?? "UNKNOWN_SEX",
                         "age_band": AgeBand(iso8601: phenopacket.subject?.timeAtLastEncounter?.age?.iso8601duration).rawValue],
                truthKnown: !truth.isEmpty, truthRank: ranks.min(),
                variantClasses: run.variants.map(\.classification.classification)))
        }
        let cohort = try CohortMetrics(thresholds: DisparityThresholds(minimumGroupSize: minimumGroupSize), bootstrapIterations: bootstrap)
            .report(records, attributes: ["sex", "age_band"])
        let result = FairnessBenchResult(cases: records.count, counterfactual: summary, cohort: cohort)
        let json = try CanonicalJSON.encodePretty(result)
        if let out { try json.write(to: URL(fileURLWithPath: out)) }
        print("\(records.count) cases (\(summary.casesWithVCF) with a VCF); sex swap: \(summary.unexplainedChanges) unexplained changes in "
              + "\(summary.failedCases.count) cases, \(summary.casesWithExplainedChanges) cases with explained changes ("
              + summary.explainingRules.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
        for g in cohort.groups where g.attribute == "sex" {
            let t1 = g.metrics[.top1].map { String(format: "%.3f [%.3f, %.3f]", $0.value, $0.lower, $0.upper) } ?? "-"
            let t10 = g.metrics[.top10].map { String(format: "%.3f [%.3f, %.3f]", $0.value, $0.lower, $0.upper) } ?? "-"
            print("sex=\(g.group) n=\(g.cases): top-1 \(t1), top-10 \(t10)\(g.isReference ? " (reference)" : "")")
        }
        print("flags: \(cohort.flags); warnings: \(cohort.warnings.count)")
        if out == nil { print(String(decoding: json, as: UTF8.self)) }
    }

    private func vcfFile(_ name: String) -> URL? {
        for suffix in [".vcf", ".vcf.gz"] {
            let url = URL(fileURLWithPath: vcf).appendingPathComponent(name + suffix)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// The truth fields of a phenopacket (evaluation only).
    private struct TruthFields: Decodable {
        struct Term: Decodable { var id: String }
        struct Disease: Decodable { var term: Term? }
        struct Diagnosis: Decodable { var disease: Term? }
        struct Interpretation: Decodable { var diagnosis: Diagnosis? }
        var interpretations: [Interpretation]?
        var diseases: [Disease]?

        var diseaseIDs: [DiseaseID] {
            let ids = (interpretations ?? []).compactMap { $0.diagnosis?.disease?.id } + (diseases ?? []).compactMap { $0.term?.id }
            var seen = Set<String>()
            return ids.filter { seen.insert($0).inserted }.compactMap { DiseaseID($0) }
        }
    }

    private struct CounterfactualSummary: Encodable {
        var checks = 0
        var casesWithVCF = 0
        var unexplainedChanges = 0
        var failedCases: [String] = []
        var casesWithExplainedChanges = 0
        var topKChangedCases = 0
        var explainingRules: [String: Int] = [:]
        var invariantByConstruction: [String] = []

        mutating func add(caseID: String, _ report: CounterfactualReport, hasVCF: Bool) {
            checks += report.checks.count
            if hasVCF { casesWithVCF += 1 }
            unexplainedChanges += report.unexplainedChanges
            if !report.passed { failedCases.append(caseID) }
            if report.checks.contains(where: { !$0.explainingRules.isEmpty }) { casesWithExplainedChanges += 1 }
            if report.checks.contains(where: \.topKChanged) { topKChangedCases += 1 }
            for rule in Set(report.checks.flatMap(\.explainingRules)) { explainingRules[rule, default: 0] += 1 }
            invariantByConstruction = report.invariantByConstruction
        }
    }

    private struct FairnessBenchResult: Encodable {
        var cases: Int
        var counterfactual: CounterfactualSummary
        var cohort: CohortFairnessReport
    }
}
