import Foundation
import MendelCore
import MendelDiagnosis
import MendelFairness
import MendelVariants

/// The fairness step of an analysis: the counterfactual suite (sex, ancestry label, age, name perturbed, everything
/// else equal) over the real rankers and classifier, mapped into the engine-neutral `FairnessSummary` the report
/// shows. A failed check flags the decision for review (`Policies/fairness.yaml` `action: flag`); nothing is blocked.
enum FairnessStep {
    struct Outcome: Sendable {
        var summary: FairnessSummary
        var step: AnalysisStep
        var trace: [TraceEntry]
    }

    static func run(query: PhenotypeQuery, variants: [InterpretedVariant]?, classify: (@Sendable (CaseAttributes) -> [InterpretedVariant])?,
                    engines: KnowledgeEngines, ancestry: String?) -> Outcome {
        let runner = CaseFairnessRunner(phenotypeRanker: engines.phenotypeRanker, genotypeRanker: engines.genotypeRanker)
        let report = runner.run(query: query, variants: variants, ancestry: ancestry, classify: classify).report
        let checks = report.checks.map { check in
            CounterfactualSummary(perturbation: check.perturbation.rawValue, change: check.change, passed: check.passed,
                                  topKChanged: check.topKChanged, variantClassesChanged: check.variantClassesChanged,
                                  unexplainedChanges: check.unexplainedChanges, explainingRules: check.explainingRules,
                                  unexplainedItems: check.differences.filter { !$0.explained }.map(\.item))
        }
        let explainedBy = Set(report.checks.flatMap(\.explainingRules)).sorted()
        let failed = report.checks.filter { !$0.passed }.map(\.perturbation.rawValue)
        let names = report.checks.map(\.perturbation.rawValue).joined(separator: ", ")
        let detail = report.passed
            ? "counterfactuals (\(names)): no unexplained change" + (explainedBy.isEmpty ? "" : " (changes explained by \(explainedBy.joined(separator: ", ")))")
            : "counterfactuals: \(report.unexplainedChanges) unexplained change(s) under \(failed.joined(separator: ", ")) — flagged for review before sign-off"
        return Outcome(summary: FairnessSummary(passed: report.passed, counterfactual: checks,
                                                invariantByConstruction: report.invariantByConstruction),
                       step: AnalysisStep(name: "fairness", status: report.passed ? "done" : "failed", detail: detail),
                       trace: report.trace)
    }

    /// The frequency criteria (BA1/BS1/PM2) met per reported variant and the population group that decided them.
    static func frequencyDecisions(_ variants: [InterpretedVariant]) -> [AncestryFrequencySummary] {
        variants.compactMap { variant in
            let met = variant.evaluations.filter { $0.status == .met && ["BA1", "BS1", "PM2"].contains($0.code) }
            guard !met.isEmpty, !variant.classification.classification.isBenignSide || met.contains(where: { $0.code != "PM2" }) else { return nil }
            var group: String?
            // BA1/BS1 name the group that decided them; PM2 the group with the highest AF (`max_group`).
            for evaluation in met {
                if case .string(let g)? = evaluation.values["group"] ?? evaluation.values["max_group"] { group = g; break }
            }
            return AncestryFrequencySummary(variant: variant.key, gene: variant.gene, decidedCriteria: met.compactMap(\.applied).map(\.description),
                                            decidingGroup: group, classGroupMaximum: variant.classification.classification.rawValue,
                                            classPooledOnly: nil, classEuropeanOnly: nil, flagged: false)
        }
    }

    /// The case's ancestry label: Mendel reads an optional `subject.ancestry` string (a gnomAD group code such as
    /// `afr`, `nfe`) from the phenopacket JSON; Phenopacket v2 has no standard field for it.
    static func ancestryLabel(_ phenopacketJSON: [UInt8]) -> String? {
        struct Doc: Decodable { struct Subject: Decodable { var ancestry: String? }; var subject: Subject? }
        guard let label = (try? JSONDecoder().decode(Doc.self, from: Data(phenopacketJSON)))?.subject?.ancestry?.lowercased(),
              !label.isEmpty, label.count <= 16, label.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }) else { return nil }
        return label
    }
}
