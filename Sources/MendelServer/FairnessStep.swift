import Foundation
import MendelCore
import MendelDiagnosis
import MendelFairness
import MendelPolicy
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

    /// Most ancestry-aware frequency findings one analysis lists (`addFrequencyDecisions`).
    static let frequencyPanelMaximum = 200

    /// The ancestry-aware frequency check (`AncestryFrequencyCheck`) of every variant where BA1/BS1/PM2 was decided,
    /// from the per-group frequencies the analyzer kept (`InterpretedVariant.frequencies`), under the interpretation
    /// policy the variants were classified with. Listed (and traced with every group's AC/AN/AF/homozygotes/filtering
    /// AF): each finding that needs review (class differs under the pooled-only or European-only view, or a small-sample
    /// group cannot exclude BS1) and each reportable (not B/LB) variant; the rest are counted in the step detail.
    static func frequencyDecisions(_ variants: [InterpretedVariant], policy: ACMGPolicy, knowledge: VariantKnowledge)
        -> (summaries: [AncestryFrequencySummary], trace: [TraceEntry], checked: Int, needReview: Int) {
        let check = AncestryFrequencyCheck(policy: policy)
        var summaries: [AncestryFrequencySummary] = [], trace: [TraceEntry] = []
        var checked = 0, needReview = 0
        for variant in variants {
            guard variant.frequencies != nil,
                  variant.evaluations.contains(where: { ["BA1", "BS1", "PM2"].contains($0.code) && $0.status != .notEvaluable }),
                  let finding = check.check(variant, recessive: knowledge.context(for: variant.gene)?.inheritance?.isRecessive)
            else { continue }
            let decided = !finding.decidedCriteria.isEmpty
            if decided { checked += 1 }
            if finding.needsReview { needReview += 1 }
            guard finding.needsReview || (decided && !variant.classification.classification.isBenignSide) else { continue }
            summaries.append(AncestryFrequencySummary(
                variant: finding.variant, gene: finding.gene, decidedCriteria: finding.decidedCriteria, decidingGroup: finding.decidingGroup,
                classGroupMaximum: variant.classification.classification.rawValue, classPooledOnly: finding.classes[.pooledOnly]?.rawValue,
                classEuropeanOnly: finding.classes[.europeanOnly]?.rawValue, flagged: finding.needsReview))
            trace.append(finding.traceEntry)
        }
        return (summaries, trace, checked, needReview)
    }

    /// Runs `frequencyDecisions` for an analysis with a fairness summary: fills its ancestry-aware frequency panel,
    /// appends the per-variant trace entries (stored, encrypted, with the analysis) and states the counts in the
    /// fairness step. A policy that does not parse leaves the panel empty (the variant step already failed then).
    ///
    /// At most `frequencyPanelMaximum` findings are kept (those of the `listed` variants first, then file order; each
    /// with its trace entry); the rest are counted in `ancestryFrequencyNotListed` — an exome can have tens of
    /// thousands of variants whose class depends on a non-European group's frequency.
    static func addFrequencyDecisions(to analysis: inout CaseAnalysis, _ variants: [InterpretedVariant], listed: Set<String>,
                                      policy: PolicySet, knowledge: VariantKnowledge?) {
        guard analysis.fairness != nil, let acmg = try? ACMGPolicy(json: policy.interpretation) else { return }
        let result = frequencyDecisions(variants, policy: acmg, knowledge: knowledge ?? VariantKnowledge())
        let indices = result.summaries.indices
        let kept = (indices.filter { listed.contains(result.summaries[$0].variant) }
            + indices.filter { !listed.contains(result.summaries[$0].variant) })
            .prefix(frequencyPanelMaximum).sorted()
        analysis.fairness?.ancestryFrequency = kept.map { result.summaries[$0] }
        analysis.fairness?.ancestryFrequencyNotListed = result.summaries.count - kept.count
        analysis.trace.append(contentsOf: kept.map { result.trace[$0] })
        if let index = analysis.steps.lastIndex(where: { $0.name == "fairness" }) {
            analysis.steps[index].detail += "; ancestry-aware frequency: \(result.checked) variant(s) with BA1/BS1/PM2 checked under pooled-only "
                + "and European-only frequency, \(result.needReview) flagged for review"
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
