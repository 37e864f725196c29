import MendelCore

/// Counterfactual results over a cohort: counts only (no case ids), per perturbation.
public struct CounterfactualCohortSummary: Sendable, Codable, Hashable {
    public struct PerPerturbation: Sendable, Codable, Hashable {
        public var checks = 0
        public var failed = 0
        public var unexplainedChanges = 0
        public var topKChanged = 0
        public var variantClassesChanged = 0
    }

    public var cases = 0
    public var failedCases = 0
    public var unexplainedChanges = 0
    public var byPerturbation: [String: PerPerturbation] = [:]
    /// Rule → cases whose changes it explained.
    public var explainingRules: [String: Int] = [:]

    public init() {}

    public mutating func add(_ report: CounterfactualReport) {
        cases += 1
        if !report.passed { failedCases += 1 }
        unexplainedChanges += report.unexplainedChanges
        for check in report.checks {
            var entry = byPerturbation[check.perturbation.rawValue] ?? PerPerturbation()
            entry.checks += 1
            if !check.passed { entry.failed += 1 }
            entry.unexplainedChanges += check.unexplainedChanges
            if check.topKChanged { entry.topKChanged += 1 }
            entry.variantClassesChanged += check.variantClassesChanged
            byPerturbation[check.perturbation.rawValue] = entry
        }
        for rule in Set(report.checks.flatMap(\.explainingRules)) { explainingRules[rule, default: 0] += 1 }
    }

    /// Adds a stored analysis's fairness summary (the daemon's cohort report reads these).
    public mutating func add(_ summary: FairnessSummary) {
        cases += 1
        if !summary.passed { failedCases += 1 }
        for check in summary.counterfactual {
            unexplainedChanges += check.unexplainedChanges
            var entry = byPerturbation[check.perturbation] ?? PerPerturbation()
            entry.checks += 1
            if !check.passed { entry.failed += 1 }
            entry.unexplainedChanges += check.unexplainedChanges
            if check.topKChanged { entry.topKChanged += 1 }
            entry.variantClassesChanged += check.variantClassesChanged
            byPerturbation[check.perturbation] = entry
        }
        for rule in Set(summary.counterfactual.flatMap(\.explainingRules)) { explainingRules[rule, default: 0] += 1 }
    }
}

/// The cohort fairness report as written by `mendel fairness report` (daemon, over stored analyses) and
/// `mendel-bench fairness` (labelled evaluation set): one format, JSON (canonical) or HTML (`FairnessReportHTML`).
public struct FairnessReportDocument: Sendable, Codable, Hashable {
    /// `daemon` or `mendel-bench`.
    public var source: String
    public var generatedAt: String
    public var cases: Int
    /// Cases whose correct diagnosis is known (top-1/top-10 are computed over these only).
    public var casesWithTruth: Int
    /// Hash of the policy set the thresholds came from (daemon), or the policy file's path (bench).
    public var policy: String?
    /// What a flag does: reviewed by a person, never blocked (`Policies/fairness.yaml` `action: flag`).
    public var action: String
    public var counterfactual: CounterfactualCohortSummary
    public var cohort: CohortFairnessReport
    /// Notes on the data (e.g. which group labels were unavailable).
    public var notes: [String]
    /// LLM differential flip rates under counterfactuals vs same-seed noise, when measured (`--llm-cases`).
    public var llm: LLMCohortFlipRate?

    public init(source: String, generatedAt: String, cases: Int, casesWithTruth: Int, policy: String?, action: String = "flag",
                counterfactual: CounterfactualCohortSummary, cohort: CohortFairnessReport, notes: [String] = []) {
        self.source = source; self.generatedAt = generatedAt; self.cases = cases; self.casesWithTruth = casesWithTruth
        self.policy = policy; self.action = action; self.counterfactual = counterfactual; self.cohort = cohort; self.notes = notes
    }

    /// The attributes every cohort report groups by.
    public static let attributes = ["sex", "ancestry", "age_band"]
}
