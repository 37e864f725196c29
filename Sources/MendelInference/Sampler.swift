#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decoding parameters. `temperature == 0` is greedy (argmax, first index on ties).
public struct SamplingParameters: Sendable, Codable, Hashable {
    public var temperature: Float
    /// Keep only the k most likely tokens (0 = off).
    public var topK: Int
    /// Keep the smallest set whose probability mass reaches p (1 = off).
    public var topP: Float
    public var seed: UInt64

    public init(temperature: Float = 0, topK: Int = 0, topP: Float = 1, seed: UInt64 = 0) {
        self.temperature = temperature; self.topK = topK; self.topP = topP; self.seed = seed
    }

    public static let greedy = SamplingParameters()
}

/// xoshiro256** seeded with SplitMix64: reproducible across platforms.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }
    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3; s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }
}

/// Chooses the next token from logits.
public struct Sampler: Sendable {
    public let parameters: SamplingParameters
    private var rng: SeededGenerator

    public init(_ parameters: SamplingParameters) {
        self.parameters = parameters
        rng = SeededGenerator(seed: parameters.seed)
    }

    /// Index of the largest logit among `allowed` (all when nil); first index on ties.
    public static func argmax(_ logits: [Float], allowed: [Bool]? = nil) -> Int? {
        var best = -Float.infinity, index: Int? = nil
        for i in logits.indices where allowed?[i] ?? true {
            if index == nil || logits[i] > best { best = logits[i]; index = i }
        }
        return index
    }

    /// Samples a token id; tokens with `allowed[i] == false` are never chosen. Nil when nothing is allowed.
    public mutating func sample(_ logits: [Float], allowed: [Bool]? = nil) -> Int? {
        if parameters.temperature <= 0 { return Self.argmax(logits, allowed: allowed) }
        var candidates: [(id: Int, logit: Float)] = []
        candidates.reserveCapacity(logits.count)
        for i in logits.indices where (allowed?[i] ?? true) && logits[i].isFinite { candidates.append((i, logits[i])) }
        guard !candidates.isEmpty else { return nil }
        candidates.sort { $0.logit > $1.logit || ($0.logit == $1.logit && $0.id < $1.id) }
        if parameters.topK > 0 && candidates.count > parameters.topK { candidates.removeLast(candidates.count - parameters.topK) }
        let maxLogit = candidates[0].logit
        var probs = candidates.map { Double(expf(($0.logit - maxLogit) / parameters.temperature)) }
        let total = probs.reduce(0, +)
        probs = probs.map { $0 / total }
        if parameters.topP < 1 {
            var mass = 0.0, keep = probs.count
            for (i, p) in probs.enumerated() {
                mass += p
                if mass >= Double(parameters.topP) { keep = i + 1; break }
            }
            probs.removeLast(probs.count - keep)
            let kept = probs.reduce(0, +)
            probs = probs.map { $0 / kept }
        }
        let r = rng.unit()
        var acc = 0.0
        for (i, p) in probs.enumerated() {
            acc += p
            if r < acc { return candidates[i].id }
        }
        return candidates[probs.count - 1].id
    }
}
