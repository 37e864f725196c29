import ArgumentParser
import Foundation
import MendelCore
import MendelDiagnosis
import MendelFairness
import MendelKnowledge
import MendelVariants

/// `mendel-bench fairness`: genotype-aware diagnosis of every phenopacket (+ `VCF_DIR/CASE_ID.vcf` when present)
/// and its counterfactuals (sex, ancestry label, age, name); writes the cohort report by sex, ancestry and age band
/// in the format of `mendel fairness report` (JSON `--out`, HTML `--html`) with the thresholds of the policy file;
/// with `--llm-cases N`, also the LLM differential's flip rates on the first N cases (`FairnessLLMFlipRunner`). The truth (phenopacket `interpretations`/`diseases`) is read for the
/// evaluation only, never passed to the engines.
struct FairnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairness",
        abstract: "Counterfactual invariance (sex, ancestry, age, name) and cohort fairness metrics over labelled phenopackets.")

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

    @Option(help: "Minimum group size for comparisons (overrides the policy file's min_group_size).")
    var minimumGroupSize: Int?

    @Option(help: "Fairness policy with the thresholds (default: Policies/fairness.yaml when present).")
    var policy: String?

    @Option(help: "Also write the HTML report (the format of `mendel fairness report`) here.")
    var html: String?

    @Option(name: .customLong("llm-cases"), help: "Also measure the LLM differential's top-k flip rate (sex, ancestry) vs same-seed noise on the first N cases (0 = off; 4 model calls per case).")
    var llmCases: Int = 0

    @Option(name: .customLong("model-dir"), help: "Model directory for --llm-cases (registry of mendel-model.json folders).")
    var modelDirectory: String = "data/models"

    @Option(help: "Decoder model id for --llm-cases.")
    var model: String = "smollm2-135m-instruct-q4_1"

    @Option(help: "Prompt templates for --llm-cases.")
    var prompts: String = "Policies/prompts"

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
        var cohortSummary = CounterfactualCohortSummary()
        var llmInputs: [(Phenopacket, [InterpretedVariant]?)] = []
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: phenopackets).appendingPathComponent(file))
            let phenopacket = try Phenopacket.decode(data)
            let safeName = phenopacket.id.replacingOccurrences(of: "/", with: "_")
            let vcfInput = try vcfFile(safeName).map { url in ([UInt8](try Data(contentsOf: url)), url.lastPathComponent) }
            let run = try runner.run(phenopacket, vcf: vcfInput.map { (bytes: $0.0, label: $0.1) })
            summary.add(caseID: phenopacket.id, run.report, hasVCF: vcfInput != nil)
            cohortSummary.add(run.report)
            if llmInputs.count < llmCases { llmInputs.append((phenopacket, vcfInput == nil ? nil : run.variants)) }
            let truthFields = try JSONDecoder().decode(TruthFields.self, from: data)
            let truth = truthFields.diseaseIDs
            let ranks = truth.compactMap { run.rankOf($0) }
            records.append(CohortRecord(
                groups: ["sex": phenopacket.subject?.sex?.rawValue ?? "UNKNOWN_SEX",
                         "age_band": AgeBand(iso8601: phenopacket.subject?.timeAtLastEncounter?.age?.iso8601duration).rawValue,
                         "ancestry": truthFields.subject?.ancestry?.lowercased() ?? "unknown"],
                truthKnown: !truth.isEmpty, truthRank: ranks.min(),
                variantClasses: run.variants.map(\.classification.classification)))
        }
        var thresholds = DisparityThresholds()
        let policyPath = policy ?? (FileManager.default.fileExists(atPath: "Policies/fairness.yaml") ? "Policies/fairness.yaml" : nil)
        if let policyPath {
            guard let text = try? String(contentsOfFile: policyPath, encoding: .utf8) else { throw ValidationError("cannot read \(policyPath)") }
            thresholds = try FairnessPolicyFile.thresholds(yaml: text)
        }
        if let minimumGroupSize { thresholds.minimumGroupSize = minimumGroupSize }
        let cohort = try CohortMetrics(thresholds: thresholds, bootstrapIterations: bootstrap)
            .report(records, attributes: FairnessReportDocument.attributes)
        var notes = ["failed counterfactual cases: " + (summary.failedCases.isEmpty ? "none" : summary.failedCases.joined(separator: ", "))]
        if records.allSatisfy({ $0.groups["ancestry"] == "unknown" }) {
            notes.append("no phenopacket records an ancestry label (subject.ancestry); the ancestry grouping has one group")
        }
        let llm = llmInputs.isEmpty ? nil : try measureLLM(llmInputs, knowledgeBase: kb, ranker: ranker)
        let formatter = ISO8601DateFormatter()
        var document = FairnessReportDocument(source: "mendel-bench", generatedAt: formatter.string(from: Date()), cases: records.count,
                                              casesWithTruth: records.filter(\.truthKnown).count, policy: policyPath,
                                              counterfactual: cohortSummary, cohort: cohort, notes: notes)
        document.llm = llm
        let json = try CanonicalJSON.encodePretty(document)
        if let out { try json.write(to: URL(fileURLWithPath: out)) }
        if let html { try Data(FairnessReportHTML.render(document).utf8).write(to: URL(fileURLWithPath: html)) }
        print("\(records.count) cases (\(summary.casesWithVCF) with a VCF); counterfactuals (sex, ancestry, age, name): \(summary.unexplainedChanges) unexplained changes in "
              + "\(summary.failedCases.count) cases, \(summary.casesWithExplainedChanges) cases with explained changes ("
              + summary.explainingRules.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
        for g in cohort.groups where g.attribute == "sex" {
            let t1 = g.metrics[.top1].map { String(format: "%.3f [%.3f, %.3f]", $0.value, $0.lower, $0.upper) } ?? "-"
            let t10 = g.metrics[.top10].map { String(format: "%.3f [%.3f, %.3f]", $0.value, $0.lower, $0.upper) } ?? "-"
            print("sex=\(g.group) n=\(g.cases): top-1 \(t1), top-10 \(t10)\(g.isReference ? " (reference)" : "")")
        }
        print("flags: \(cohort.flags); warnings: \(cohort.warnings.count)")
        if let llm {
            let rates = llm.byPerturbation.values.sorted { $0.perturbation < $1.perturbation }.map {
                "\($0.perturbation) flip \(String(format: "%.3f", $0.flipRate)) (input changed in \($0.inputChanged) cases; unexplained \(String(format: "%.3f", $0.unexplainedFlipRate)))"
            }
            print("LLM top-\(llm.topK) over \(llm.cases) cases (\(llm.model), seed \(llm.seed)): noise \(String(format: "%.3f", llm.noiseRate)); "
                  + rates.joined(separator: "; ") + "; flagged: \(llm.flagged); \(String(format: "%.1f", llm.seconds)) s")
        }
        if out == nil { print(String(decoding: json, as: UTF8.self)) }
    }

    /// The LLM flip-rate measurement (`--llm-cases`): runs on the cooperative pool while this thread waits.
    private func measureLLM(_ inputs: [(Phenopacket, [InterpretedVariant]?)], knowledgeBase: KnowledgeBase, ranker: PhenotypeRanker) throws -> LLMCohortFlipRate {
        let runner = try FairnessLLMFlipRunner(knowledgeBase: knowledgeBase, phenotypeRanker: ranker,
                                               genotypeRanker: try GenotypeAwareRanker(phenotypeRanker: ranker),
                                               modelDirectory: modelDirectory, modelID: model, prompts: prompts)
        let cases = inputs.map { CaseInput(phenopacket: $0.0, variants: $0.1) }
        let box = FairnessLLMResultBox()
        let done = DispatchSemaphore(value: 0)
        let (modelID, topK, seed) = (model, runner.configuration.maxDifferential, runner.configuration.seed)
        Task {
            var result = LLMCohortFlipRate(model: modelID, topK: topK, seed: seed)
            result.callsPerCase = 4
            let clock = ContinuousClock(), start = clock.now
            for (index, input) in cases.enumerated() {
                result.add(await runner.runs(input.phenopacket, variants: input.variants))
                // Progress on stderr (case index and elapsed seconds only, no case content): a long cohort run can be
                // followed and, if stopped, tells how far it got.
                let elapsed = clock.now - start
                FileHandle.standardError.write(Data("LLM flip rate: case \(index + 1)/\(cases.count) done, \(elapsed.components.seconds) s\n".utf8))
            }
            let elapsed = clock.now - start
            result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            box.result = result
            done.signal()
        }
        done.wait()
        guard let result = box.result else { throw ValidationError("LLM measurement did not finish") }
        return result
    }

    private struct CaseInput: Sendable {
        var phenopacket: Phenopacket
        var variants: [InterpretedVariant]?
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
        struct Subject: Decodable { var ancestry: String? }
        var interpretations: [Interpretation]?
        var diseases: [Disease]?
        /// Mendel's optional ancestry label (`subject.ancestry`, a gnomAD group code); not a Phenopacket v2 field.
        var subject: Subject?

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

}
