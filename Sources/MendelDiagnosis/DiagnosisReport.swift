import Foundation
import MendelCore
import MendelKnowledge

/// The serialisable result of a phenotype-driven diagnosis: top diseases and genes, explanations of the
/// top diseases, the normalisation trace and provenance (KB version). Encode with `canonicalJSON()`.
public struct PhenotypeDiagnosisReport: Sendable, Hashable, Codable {
    public var knowledgeBaseVersion: String
    public var hpoRelease: String?
    public var parameters: DiagnosisParameters
    public var query: NormalisedQuery
    public var candidateCount: Int
    public var pretestProbability: Double
    public var diseases: [DiseaseScore]
    public var genes: [GeneScore]
    public var explanations: [DiseaseExplanation]
    /// Provenance + normalisation entries + the explanations' entries, in order.
    public var trace: ExplanationTrace

    /// Canonical (sorted-key) JSON: identical input gives identical bytes.
    public func canonicalJSON() throws -> Data { try CanonicalJSON.encode(self) }
}

extension PhenotypeRanking {
    /// Builds the report with the best `top` diseases/genes and explanations for the best `explain`.
    public func report(top: Int = 20, explain: Int = 10) -> PhenotypeDiagnosisReport {
        let explanations = explainTop(explain)
        let kb = ranker.knowledgeBase
        var trace = ExplanationTrace(provenance: Provenance(knowledgeBaseVersion: kb.version))
        trace.append(contentsOf: query.entries)
        for explanation in explanations { trace.append(contentsOf: explanation.traceEntries) }
        return PhenotypeDiagnosisReport(
            knowledgeBaseVersion: kb.version, hpoRelease: kb.manifest.hpoRelease, parameters: ranker.parameters,
            query: query, candidateCount: candidateCount, pretestProbability: pretestProbability,
            diseases: topDiseases(top), genes: topGenes(top), explanations: explanations, trace: trace)
    }
}
