/// Flip rate of a generated (LLM) differential under a counterfactual, against its own run-to-run noise.
///
/// Hook for the assisted differential (`MendelDiagnosis/Assisted`): run the generator `n` times on the original
/// case and `n` times on a counterfactual (same seeds, run `i` of both with seed `i`), collect each run's top-k
/// disease ids, and pass the lists here. The noise rate is the share of run pairs of the *original* whose top-k
/// sets differ; the flip rate is the share of same-seed (original, counterfactual) pairs whose sets differ. A flip
/// rate above the noise rate by more than `margin` is flagged for review.
public struct LLMFlipRate: Sendable, Codable, Hashable {
    public var perturbation: Perturbation
    public var runs: Int
    public var topK: Int
    public var noiseRate: Double
    public var flipRate: Double
    public var margin: Double
    public var flagged: Bool

    /// Compares top-k sets. `original[i]` and `counterfactual[i]` must come from the same seed.
    public static func measure(perturbation: Perturbation, original: [[String]], counterfactual: [[String]], topK: Int,
                               margin: Double = 0.1) -> LLMFlipRate {
        let sets = original.map { Set($0.prefix(topK)) }
        let counterSets = counterfactual.map { Set($0.prefix(topK)) }
        var noisePairs = 0, noisy = 0
        for i in sets.indices {
            for j in sets.indices where j > i {
                noisePairs += 1
                if sets[i] != sets[j] { noisy += 1 }
            }
        }
        let n = min(sets.count, counterSets.count)
        let flips = (0..<n).filter { sets[$0] != counterSets[$0] }.count
        let noiseRate = noisePairs > 0 ? Double(noisy) / Double(noisePairs) : 0
        let flipRate = n > 0 ? Double(flips) / Double(n) : 0
        return LLMFlipRate(perturbation: perturbation, runs: n, topK: topK, noiseRate: noiseRate, flipRate: flipRate,
                           margin: margin, flagged: flipRate > noiseRate + margin)
    }
}
