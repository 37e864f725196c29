/// Reciprocal-rank fusion of the knowledge-base ranking with the model's grounded differential.
///
/// score(d) = 1 / (k + kbRank(d)) + weight · 1 / (k + modelRank(d)), with k = 60 (Cormack et al. 2009).
/// Only diseases of the knowledge-base list take part (ungrounded model claims never enter). The model's
/// first choice gains weight/61; with the default weight 0.05 that is 0.00082, the RRF gap between KB
/// ranks 1 and 4: KB #2–#4 can reach #1, KB #10 reaches #7, KB #20 reaches #15. Ties keep the
/// knowledge-base order. Applied only when `models.yaml` `assist.fusion` is `rrf`; reported beside the
/// knowledge-base ranking, which the stored (replayable) analysis keeps.
public enum RankFusion {
    public static let k = 60.0

    public static func reciprocalRank(kbOrder: [String], modelOrder: [String], weight: Double, k: Double = RankFusion.k) -> [FusedRank] {
        var modelRank: [String: Int] = [:]
        for (index, id) in modelOrder.enumerated() where modelRank[id] == nil { modelRank[id] = index + 1 }
        let scored = kbOrder.enumerated().map { index, id -> (String, Int, Int?, Double) in
            let kbRank = index + 1
            var score = 1 / (k + Double(kbRank))
            if let m = modelRank[id] { score += weight / (k + Double(m)) }
            return (id, kbRank, modelRank[id], score)
        }
        let sorted = scored.sorted { $0.3 != $1.3 ? $0.3 > $1.3 : $0.1 < $1.1 }
        return sorted.enumerated().map { index, entry in
            FusedRank(diseaseID: entry.0, kbRank: entry.1, modelRank: entry.2, fusedRank: index + 1, score: entry.3)
        }
    }
}
