/// LLM differential flip rates over a cohort: per case, the top-k set of the original run, of a second run with the
/// same seed (run-to-run noise) and of one run per counterfactual (same seed). A counterfactual flip is *explained*
/// when the model's input (the knowledge-base candidates and case evidence it is shown) changed under the perturbation
/// — e.g. the sex swap re-ranks X-linked diseases by a named rule; a flip with an unchanged input can only be noise
/// or an attribute reaching the model another way, so that rate is compared with the noise rate.
public struct LLMCohortFlipRate: Sendable, Codable, Hashable {
    public struct Perturbed: Sendable, Codable, Hashable {
        public var perturbation: String
        public var cases = 0
        public var flips = 0
        /// Cases whose model input changed under the perturbation (knowledge-base ranking changed).
        public var inputChanged = 0
        public var flipsWithInputChanged = 0
        public var flipsWithInputUnchanged = 0
        /// Share of cases whose top-k set changed (stored so that the JSON report carries it).
        public var flipRate = 0.0
        /// Flip rate among the cases whose model input did not change.
        public var unexplainedFlipRate = 0.0

        mutating func updateRates() {
            flipRate = cases > 0 ? Double(flips) / Double(cases) : 0
            unexplainedFlipRate = cases - inputChanged > 0 ? Double(flipsWithInputUnchanged) / Double(cases - inputChanged) : 0
        }
    }

    /// One case's runs: top-k disease ids in model order.
    public struct CaseRuns: Sendable {
        public var original: [String]
        public var repeated: [String]
        /// Perturbation → (top-k of the counterfactual run, whether the model's input changed).
        public var counterfactual: [String: (topK: [String], inputChanged: Bool)]
        public init(original: [String], repeated: [String], counterfactual: [String: (topK: [String], inputChanged: Bool)]) {
            self.original = original; self.repeated = repeated; self.counterfactual = counterfactual
        }
    }

    public var model: String
    public var topK: Int
    public var seed: UInt64
    /// Flagged when a perturbation's unexplained flip rate exceeds the noise rate by more than this.
    public var margin: Double
    public var cases = 0
    public var noiseFlips = 0
    /// Cases whose model call failed or whose grounded differential was empty (counted, still compared as sets).
    public var emptyDifferentials = 0
    public var byPerturbation: [String: Perturbed] = [:]
    /// Wall-clock seconds of the model runs.
    public var seconds = 0.0
    public var callsPerCase = 0

    /// Share of cases whose second same-seed run gave another top-k set.
    public var noiseRate = 0.0
    /// Perturbations whose unexplained flip rate exceeds noise + margin.
    public var flagged: [String] {
        byPerturbation.values.filter { $0.unexplainedFlipRate > noiseRate + margin }.map(\.perturbation).sorted()
    }

    public init(model: String, topK: Int, seed: UInt64, margin: Double = 0.1) {
        self.model = model; self.topK = topK; self.seed = seed; self.margin = margin
    }

    public mutating func add(_ runs: CaseRuns) {
        cases += 1
        let original = Set(runs.original.prefix(topK))
        if runs.original.isEmpty { emptyDifferentials += 1 }
        if Set(runs.repeated.prefix(topK)) != original { noiseFlips += 1 }
        for (perturbation, run) in runs.counterfactual {
            var entry = byPerturbation[perturbation] ?? Perturbed(perturbation: perturbation)
            entry.cases += 1
            let flipped = Set(run.topK.prefix(topK)) != original
            if run.inputChanged { entry.inputChanged += 1 }
            if flipped {
                entry.flips += 1
                if run.inputChanged { entry.flipsWithInputChanged += 1 } else { entry.flipsWithInputUnchanged += 1 }
            }
            entry.updateRates()
            byPerturbation[perturbation] = entry
        }
        noiseRate = Double(noiseFlips) / Double(cases)
    }
}
