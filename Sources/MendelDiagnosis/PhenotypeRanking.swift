import Foundation
import MendelCore
import MendelKnowledge

/// One ranked disease.
public struct DiseaseScore: Sendable, Hashable, Codable {
    /// 1-based rank (ties broken by disease id).
    public var rank: Int
    public var diseaseID: DiseaseID
    public var diseaseName: String
    /// Associated gene symbols, sorted.
    public var genes: [String]
    /// Sum of log10 likelihood ratios over the query terms.
    public var score: Double
    public var postTestProbability: Double
}

/// One ranked gene: its best-ranked disease.
public struct GeneScore: Sendable, Hashable, Codable {
    public var rank: Int
    public var symbol: String
    public var ncbiGeneID: UInt32
    public var diseaseID: DiseaseID
    public var score: Double
    public var postTestProbability: Double
}

/// The full ranking of one query: scores for every candidate, ordered. Explanations are computed on demand.
public struct PhenotypeRanking: Sendable {
    public let ranker: PhenotypeRanker
    public let query: NormalisedQuery
    /// Sex of the patient as given in the query (used by the inheritance adjustment).
    public let sex: Sex?
    /// Onset class and Onset root indices when onset was scored.
    let onset: (term: Int32, root: Int32)?
    let observedIndices: [Int32]
    let excludedIndices: [Int32]
    /// log10 composite LR per candidate position.
    let scores: [Double]
    /// Sum of the per-term log10 LRs only (observed + excluded terms, before onset and sex adjustments), per candidate.
    let termScores: [Double]
    /// Candidate positions, best first.
    let order: [Int32]

    init(ranker: PhenotypeRanker, query: NormalisedQuery, sex: Sex?, onset: (term: Int32, root: Int32)?, observedIndices: [Int32],
         excludedIndices: [Int32], scores: [Double], termScores: [Double], order: [Int32]) {
        self.ranker = ranker; self.query = query; self.sex = sex; self.onset = onset; self.observedIndices = observedIndices
        self.excludedIndices = excludedIndices; self.scores = scores; self.termScores = termScores; self.order = order
    }

    public var knowledgeBaseVersion: String { ranker.knowledgeBase.version }
    public var candidateCount: Int { order.count }
    public var pretestProbability: Double { ranker.pretestProbability }

    /// Post-test probability from the uniform pretest probability and a log10 composite LR.
    public func postTestProbability(score: Double) -> Double {
        let pretest = pretestProbability
        let logOdds = log10(pretest / (1 - pretest)) + score
        return 1 / (1 + pow(10, -logOdds))
    }

    func diseaseScore(rank: Int, candidate: Int32) -> DiseaseScore {
        let kb = ranker.knowledgeBase
        let disease = kb.diseases[Int(ranker.index.candidates[Int(candidate)])]
        let score = scores[Int(candidate)]
        return DiseaseScore(rank: rank, diseaseID: disease.id, diseaseName: disease.name,
                            genes: disease.geneIndices.map { kb.genes[Int($0)].symbol },
                            score: score, postTestProbability: postTestProbability(score: score))
    }

    /// The best `limit` diseases.
    public func topDiseases(_ limit: Int) -> [DiseaseScore] {
        order.prefix(max(0, limit)).enumerated().map { diseaseScore(rank: $0.offset + 1, candidate: $0.element) }
    }

    /// Genes ranked by their best disease (diseases without genes are skipped).
    public func topGenes(_ limit: Int) -> [GeneScore] {
        let kb = ranker.knowledgeBase
        var seen = Set<Int32>()
        var result: [GeneScore] = []
        for candidate in order {
            guard result.count < limit else { break }
            let disease = kb.diseases[Int(ranker.index.candidates[Int(candidate)])]
            for gene in disease.geneIndices where result.count < limit && seen.insert(gene).inserted {
                let score = scores[Int(candidate)]
                result.append(GeneScore(rank: result.count + 1, symbol: kb.genes[Int(gene)].symbol,
                                        ncbiGeneID: kb.genes[Int(gene)].ncbiGeneID, diseaseID: disease.id,
                                        score: score, postTestProbability: postTestProbability(score: score)))
            }
        }
        return result
    }

    /// 1-based rank of a disease, nil when it is not a candidate.
    public func rank(of disease: DiseaseID) -> Int? {
        guard let candidate = candidatePosition(of: disease) else { return nil }
        let score = scores[candidate]
        // Everything strictly better, plus equal scores with a smaller id (= smaller position).
        var better = 0
        for (position, other) in scores.enumerated() where other > score || (other == score && position < candidate) { better += 1 }
        return better + 1
    }

    /// Score entry of a disease wherever it ranks ("why not").
    public func score(of disease: DiseaseID) -> DiseaseScore? {
        guard let candidate = candidatePosition(of: disease), let rank = rank(of: disease) else { return nil }
        return diseaseScore(rank: rank, candidate: Int32(candidate))
    }

    func candidatePosition(of disease: DiseaseID) -> Int? {
        guard let kbIndex = ranker.knowledgeBase.diseaseIndex(of: disease) else { return nil }
        let candidates = ranker.index.candidates
        var low = 0, high = candidates.count
        while low < high {
            let mid = (low + high) / 2
            if candidates[mid] < Int32(kbIndex) { low = mid + 1 } else { high = mid }
        }
        return low < candidates.count && candidates[low] == Int32(kbIndex) ? low : nil
    }

    /// Full explanation (per-term LRs, pretest, composite LR, post-test, rank) of any candidate disease.
    public func explain(_ disease: DiseaseID) -> DiseaseExplanation? {
        guard let candidate = candidatePosition(of: disease), let rank = rank(of: disease) else { return nil }
        return ranker.explanation(candidate: Int32(candidate), rank: rank, in: self)
    }

    /// Explanations of the best `limit` diseases.
    public func explainTop(_ limit: Int) -> [DiseaseExplanation] {
        order.prefix(max(0, limit)).enumerated().map { ranker.explanation(candidate: $0.element, rank: $0.offset + 1, in: self) }
    }
}
