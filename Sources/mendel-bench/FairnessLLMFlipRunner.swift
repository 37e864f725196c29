import Foundation
import MendelCore
import MendelDiagnosis
import MendelFairness
import MendelInference
import MendelKnowledge
import MendelVariants

/// `mendel-bench fairness --llm-cases N`: the LLM-assisted differential (embedded model, the daemon's prompt templates
/// and grounding, greedy decoding with a fixed seed) on the first N cases, run twice as given (run-to-run noise) and
/// once per counterfactual (sex swapped; ancestry label changed), each time from the analysis the real rankers
/// produce for that version of the case. Gene summaries are off (only the differential is compared).
struct FairnessLLMFlipRunner: Sendable {
    let knowledgeBase: KnowledgeBase
    let phenotypeRanker: PhenotypeRanker
    let genotypeRanker: GenotypeAwareRanker
    let pipeline: AssistPipeline
    let modelID: String
    let configuration: AssistConfiguration

    init(knowledgeBase: KnowledgeBase, phenotypeRanker: PhenotypeRanker, genotypeRanker: GenotypeAwareRanker,
         modelDirectory: String, modelID: String, prompts: String) throws {
        self.knowledgeBase = knowledgeBase; self.phenotypeRanker = phenotypeRanker; self.genotypeRanker = genotypeRanker
        self.modelID = modelID
        let generator = try ModelRegistry(directory: URL(fileURLWithPath: modelDirectory)).loadDecoder(modelID)
        let templates = try AssistTemplates.load(directory: URL(fileURLWithPath: prompts))
        var configuration = AssistConfiguration()   // models.yaml defaults: 8 candidates, top-3 differential, 640 tokens, seed 0
        configuration.maxGeneCards = 0
        configuration.geneSummaries = 0
        self.configuration = configuration
        pipeline = AssistPipeline(knowledgeBase: knowledgeBase, backend: EmbeddedChatBackend(generator: generator), templates: templates,
                                  cards: GeneCardBuilder(knowledgeBase: knowledgeBase), configuration: configuration, redact: { $0 })
    }

    /// The analysis the assist step sees for one version of a case (structured phenotypes, the genotype-aware ranking
    /// with per-term contributions, the reportable variants), as the daemon builds it.
    func analysis(_ phenopacket: Phenopacket, sex: Sex?, variants: [InterpretedVariant]?) -> CaseAnalysis {
        var query = PhenotypeQuery(phenopacket: phenopacket)
        query.sex = sex
        var analysis = CaseAnalysis(caseID: "bench", analysedAt: "-")
        analysis.phenotypes = (phenopacket.phenotypicFeatures ?? []).map {
            PhenotypeFinding(term: $0.type.id, label: $0.type.label, excluded: $0.excluded ?? false, source: "phenopacket")
        }
        let diseases: [DiseaseScore], explanations: [DiseaseExplanation]
        if let variants {
            let report = genotypeRanker.rank(query, variants: variants).report(top: 50, explain: 10)
            (diseases, explanations) = (report.diseases, report.explanations)
            analysis.variants = variants.filter { !$0.classification.classification.isBenignSide }
                .sorted { ($0.classification.classification.severityOrder, $0.key) < ($1.classification.classification.severityOrder, $1.key) }
                .map(\.coreSummary)
        } else {
            let report = phenotypeRanker.rank(query).report(top: 50, explain: 10)
            (diseases, explanations) = (report.diseases, report.explanations)
        }
        let byID = Dictionary(explanations.map { ($0.diseaseID, $0) }, uniquingKeysWith: { first, _ in first })
        analysis.diagnoses = diseases.map { d in
            RankedDisease(rank: d.rank, diseaseID: d.diseaseID.rawValue, name: d.diseaseName, genes: d.genes, score: d.score,
                          postTestProbability: d.postTestProbability,
                          contributions: (byID[d.diseaseID]?.terms ?? []).map { t in
                              EvidenceContribution(kind: t.observed ? "phenotype" : "excluded-phenotype", item: t.term.description, label: t.termName,
                                                   matchedTerm: t.matchedTerm?.description, matchType: t.matchType.rawValue, frequency: t.frequency,
                                                   likelihoodRatio: t.likelihoodRatio, log10LR: t.log10LikelihoodRatio)
                          })
        }
        return analysis
    }

    /// The model's grounded differential (disease ids, model order) and the input it was shown.
    func differential(_ analysis: CaseAnalysis) async -> (ids: [String], input: AssistCase) {
        let input = AssistCase.build(analysis: analysis, knowledgeBase: knowledgeBase, maxCandidates: configuration.maxCandidates, redact: { $0 })
        let outcome = await pipeline.run(analysis: analysis)
        return (outcome.differential.map(\.diseaseID), input)
    }

    /// Runs one case: original twice, then each counterfactual once (same seed).
    func runs(_ phenopacket: Phenopacket, variants: [InterpretedVariant]?) async -> LLMCohortFlipRate.CaseRuns {
        let sex = phenopacket.subject?.sex
        let original = analysis(phenopacket, sex: sex, variants: variants)
        let first = await differential(original)
        let second = await differential(original)
        var counterfactual: [String: (topK: [String], inputChanged: Bool)] = [:]
        let swapped = await differential(analysis(phenopacket, sex: CaseFairnessRunner.swapped(sex), variants: variants))
        counterfactual["sex"] = (swapped.ids, swapped.input != first.input)
        // The ancestry label is an input of no engine and never enters a prompt: the perturbed case's analysis is
        // rebuilt through the same path and must give the same model input.
        let relabelled = await differential(analysis(phenopacket, sex: sex, variants: variants))
        counterfactual["ancestry"] = (relabelled.ids, relabelled.input != first.input)
        return LLMCohortFlipRate.CaseRuns(original: first.ids, repeated: second.ids, counterfactual: counterfactual)
    }
}

extension ACMGClass {
    /// P first, B last (the report order).
    var severityOrder: Int {
        switch self {
        case .pathogenic: 0
        case .likelyPathogenic: 1
        case .uncertain: 2
        case .likelyBenign: 3
        case .benign: 4
        }
    }
}

/// Hands a result from a task to the waiting main thread (written before the semaphore is signalled, read after).
final class FairnessLLMResultBox: @unchecked Sendable {
    var result: LLMCohortFlipRate?
}
