import Foundation
import MendelCore
import MendelKnowledge

/// The genotype-aware ranking of one case: phenotype scores + genotype log10 LRs, ordered. Explanations add the
/// genotype LR as the last adjustment (rule `genotype`) and name the variants behind it, so they still sum to
/// the score exactly.
public struct GenotypeAwareRanking: Sendable {
    /// The phenotype part (the genotype-aware ranker's phenotype index: `GenotypeParameters.phenotypeNonMatchFloor`).
    public let phenotype: PhenotypeRanking
    public let evidence: GenotypeEvidence
    public let ranker: GenotypeAwareRanker
    /// log10 genotype LR per candidate position.
    let genotypeLog10: [Double]
    /// Contributions of the diseases whose genes carry counted alleles (the others have the no-variant LR).
    let contributions: [Int32: GenotypeContribution]
    let scores: [Double]
    let order: [Int32]

    init(phenotype: PhenotypeRanking, evidence: GenotypeEvidence, ranker: GenotypeAwareRanker, genotypeLog10: [Double],
         contributions: [Int32: GenotypeContribution], scores: [Double], order: [Int32]) {
        self.phenotype = phenotype; self.evidence = evidence; self.ranker = ranker; self.genotypeLog10 = genotypeLog10
        self.contributions = contributions; self.scores = scores; self.order = order
    }

    public var candidateCount: Int { order.count }

    func disease(at candidate: Int32) -> Disease {
        let index = ranker.phenotypeRanker.index
        return ranker.knowledgeBase.diseases[Int(index.candidates[Int(candidate)])]
    }

    /// Genotype contribution of a candidate position.
    func contribution(candidate: Int32) -> GenotypeContribution {
        if let c = contributions[candidate] { return c }
        let d = disease(at: candidate)
        if d.geneIndices.isEmpty { return ranker.scorer.unknownGene() }
        return ranker.scorer.none(genesChecked: d.geneIndices.map { ranker.knowledgeBase.genes[Int($0)].symbol })
    }

    /// The disease's genes, the one that carried the genotype LR first, then by symbol.
    func orderedGenes(candidate: Int32) -> [Int32] {
        let genes = disease(at: candidate).geneIndices
        guard let carrier = contributions[candidate]?.gene,
              let position = genes.firstIndex(where: { ranker.knowledgeBase.genes[Int($0)].symbol == carrier }) else { return genes }
        var ordered = genes
        let gene = ordered.remove(at: position)
        ordered.insert(gene, at: 0)
        return ordered
    }

    func diseaseScore(rank: Int, candidate: Int32) -> DiseaseScore {
        let d = disease(at: candidate)
        let score = scores[Int(candidate)]
        return DiseaseScore(rank: rank, diseaseID: d.id, diseaseName: d.name,
                            genes: orderedGenes(candidate: candidate).map { ranker.knowledgeBase.genes[Int($0)].symbol },
                            score: score, postTestProbability: phenotype.postTestProbability(score: score))
    }

    /// The best `limit` diseases; `genes` lists the gene that carried the genotype LR first.
    public func topDiseases(_ limit: Int) -> [DiseaseScore] {
        order.prefix(max(0, limit)).enumerated().map { diseaseScore(rank: $0.offset + 1, candidate: $0.element) }
    }

    /// Genes ranked by their best disease.
    public func topGenes(_ limit: Int) -> [GeneScore] {
        let kb = ranker.knowledgeBase
        var seen = Set<Int32>()
        var result: [GeneScore] = []
        for candidate in order {
            guard result.count < limit else { break }
            let d = disease(at: candidate)
            for gene in orderedGenes(candidate: candidate) where result.count < limit && seen.insert(gene).inserted {
                let score = scores[Int(candidate)]
                result.append(GeneScore(rank: result.count + 1, symbol: kb.genes[Int(gene)].symbol, ncbiGeneID: kb.genes[Int(gene)].ncbiGeneID,
                                        diseaseID: d.id, score: score, postTestProbability: phenotype.postTestProbability(score: score)))
            }
        }
        return result
    }

    /// 1-based rank of a disease, nil when it is not a candidate.
    public func rank(of disease: DiseaseID) -> Int? {
        guard let candidate = phenotype.candidatePosition(of: disease) else { return nil }
        let score = scores[candidate]
        var better = 0
        for (position, other) in scores.enumerated() where other > score || (other == score && position < candidate) { better += 1 }
        return better + 1
    }

    /// The genotype contribution of any candidate disease.
    public func genotype(of disease: DiseaseID) -> GenotypeContribution? {
        phenotype.candidatePosition(of: disease).map { contribution(candidate: Int32($0)) }
    }

    /// Full explanation (phenotype terms, adjustments, genotype LR with its variants) of any candidate.
    public func explain(_ disease: DiseaseID) -> DiseaseExplanation? {
        guard let candidate = phenotype.candidatePosition(of: disease), let rank = rank(of: disease) else { return nil }
        return explanation(candidate: Int32(candidate), rank: rank)
    }

    /// Explanations of the best `limit` diseases.
    public func explainTop(_ limit: Int) -> [DiseaseExplanation] {
        order.prefix(max(0, limit)).enumerated().map { explanation(candidate: $0.element, rank: $0.offset + 1) }
    }

    func explanation(candidate: Int32, rank: Int) -> DiseaseExplanation {
        var e = ranker.phenotypeRanker.explanation(candidate: candidate, rank: rank, in: phenotype)
        let g = contribution(candidate: candidate)
        let weight = ranker.parameters.phenotypeWeight
        if weight != 1 {
            // Damping of the summed per-term LRs for correlated features: (α − 1) · Σ term log10 LRs.
            var termSum = 0.0
            for term in e.terms { termSum += term.log10LikelihoodRatio }
            let damping = (weight - 1) * termSum
            e.adjustments.append(ScoreAdjustment(rule: "phenotype_dependence", term: nil, likelihoodRatio: pow(10, damping),
                                                 log10LikelihoodRatio: damping))
            e.log10CompositeLikelihoodRatio += damping
        }
        let value = genotypeLog10[Int(candidate)]
        e.adjustments.append(ScoreAdjustment(rule: "genotype", term: nil, likelihoodRatio: pow(10, value), log10LikelihoodRatio: value))
        e.log10CompositeLikelihoodRatio += value
        e.compositeLikelihoodRatio = pow(10, e.log10CompositeLikelihoodRatio)
        e.postTestProbability = phenotype.postTestProbability(score: e.log10CompositeLikelihoodRatio)
        e.genes = orderedGenes(candidate: candidate).map { ranker.knowledgeBase.genes[Int($0)].symbol }
        e.genotype = g
        return e
    }

    /// The serialisable report: top diseases/genes, explanations with genotype evidence, variant counts, trace.
    public func report(top: Int = 20, explain: Int = 10) -> GenotypeDiagnosisReport {
        let explanations = explainTop(explain)
        let kb = ranker.knowledgeBase
        var trace = ExplanationTrace(provenance: Provenance(knowledgeBaseVersion: kb.version))
        trace.append(contentsOf: phenotype.query.entries)
        trace.append(evidence.traceEntry)
        for explanation in explanations { trace.append(contentsOf: explanation.traceEntries) }
        return GenotypeDiagnosisReport(
            knowledgeBaseVersion: kb.version, hpoRelease: kb.manifest.hpoRelease, parameters: ranker.phenotypeRanker.parameters,
            genotypeParameters: ranker.parameters, query: phenotype.query, candidateCount: candidateCount,
            pretestProbability: phenotype.pretestProbability, variantCount: evidence.variantCount, variantsUsed: evidence.usedCount,
            unmatchedGenes: evidence.unmatchedGenes, diseases: topDiseases(top), genes: topGenes(top), explanations: explanations,
            trace: trace)
    }
}

/// The serialisable result of a genotype-aware diagnosis (phenotype + VCF). Encode with `canonicalJSON()`.
public struct GenotypeDiagnosisReport: Sendable, Hashable, Codable {
    public var knowledgeBaseVersion: String
    public var hpoRelease: String?
    public var parameters: DiagnosisParameters
    public var genotypeParameters: GenotypeParameters
    public var query: NormalisedQuery
    public var candidateCount: Int
    public var pretestProbability: Double
    /// Classified variants given, and those that counted for some gene.
    public var variantCount: Int
    public var variantsUsed: Int
    /// VCF gene symbols not in the knowledge base (their variants could not count).
    public var unmatchedGenes: [String]
    public var diseases: [DiseaseScore]
    public var genes: [GeneScore]
    public var explanations: [DiseaseExplanation]
    /// Provenance, normalisation entries, the genotype evidence summary, then the explanations' entries.
    public var trace: ExplanationTrace

    public func canonicalJSON() throws -> Data { try CanonicalJSON.encode(self) }
}
