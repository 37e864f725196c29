import MendelCore
import MendelDiagnosis
import MendelVariants

/// A ranking whose diseases can be explained (phenotype-only or genotype-aware).
public protocol ExplainableRanking {
    func explainTop(_ limit: Int) -> [DiseaseExplanation]
    func explain(_ disease: DiseaseID) -> DiseaseExplanation?
}

extension PhenotypeRanking: ExplainableRanking {}
extension GenotypeAwareRanking: ExplainableRanking {}

/// One run's result as the counterfactual check sees it: its top-k diseases, explanations of every disease in
/// either run's top-k (so a disease leaving the list can be attributed), and the variant classes.
public struct CounterfactualOutcome: Sendable, Codable, Hashable {
    /// Disease ids of the best `k`, best first.
    public var topK: [String]
    /// Explanations (terms + adjustments sum to each score) of the diseases compared.
    public var explanations: [DiseaseExplanation]
    /// ACMG class per variant key.
    public var variantClasses: [String: ACMGClass]

    public init(topK: [String], explanations: [DiseaseExplanation], variantClasses: [String: ACMGClass] = [:]) {
        self.topK = topK; self.explanations = explanations; self.variantClasses = variantClasses
    }

    /// Both outcomes of an original and a counterfactual run: each explains the union of the two top-k lists.
    public static func pair(original: some ExplainableRanking, originalVariants: [InterpretedVariant],
                            counterfactual: some ExplainableRanking, counterfactualVariants: [InterpretedVariant],
                            top: Int = 10) -> (original: CounterfactualOutcome, counterfactual: CounterfactualOutcome) {
        let a = original.explainTop(top), b = counterfactual.explainTop(top)
        let topA = a.map(\.diseaseID), topB = b.map(\.diseaseID)
        let extraA = topB.filter { !topA.contains($0) }.compactMap { original.explain($0) }
        let extraB = topA.filter { !topB.contains($0) }.compactMap { counterfactual.explain($0) }
        return (CounterfactualOutcome(topK: topA.map(\.rawValue), explanations: a + extraA, variantClasses: classes(originalVariants)),
                CounterfactualOutcome(topK: topB.map(\.rawValue), explanations: b + extraB, variantClasses: classes(counterfactualVariants)))
    }

    static func classes(_ variants: [InterpretedVariant]) -> [String: ACMGClass] {
        var out: [String: ACMGClass] = [:]
        for v in variants { out[v.key] = v.classification.classification }
        return out
    }
}

/// What was perturbed (everything else equal).
public enum Perturbation: String, Sendable, Codable, Hashable {
    case sex
    case ancestry
    case age
    case name
}

/// One compared item (a disease of either run's top list, or a variant).
public struct CounterfactualDifference: Sendable, Codable, Hashable {
    /// `disease` or `variant_class`.
    public var kind: String
    /// Disease id, or variant key (patient data: in values only).
    public var item: String
    public var originalRank: Int?
    public var counterfactualRank: Int?
    public var originalScore: Double?
    public var counterfactualScore: Double?
    /// Named rules that explain the change (empty when unexplained).
    public var explainingRules: [String]
    /// Part of the score change that no named rule explains (log10).
    public var unexplainedDelta: Double
    public var explained: Bool
}

/// One perturbation's check.
public struct CounterfactualCheckResult: Sendable, Codable, Hashable {
    public var perturbation: Perturbation
    /// e.g. `MALE→FEMALE`.
    public var change: String
    public var topKOriginal: [String]
    public var topKCounterfactual: [String]
    public var topKChanged: Bool
    public var variantClassesChanged: Int
    public var differences: [CounterfactualDifference]
    public var unexplainedChanges: Int
    /// The rules that explained the changes seen.
    public var explainingRules: [String]
    public var passed: Bool
}

/// The counterfactual invariance report of one case (Codable; canonical JSON via `CanonicalJSON`).
public struct CounterfactualReport: Sendable, Codable, Hashable {
    public var checks: [CounterfactualCheckResult]
    /// Attributes that cannot change an output because no engine takes them as input (with the reason).
    public var invariantByConstruction: [String]
    public var unexplainedChanges: Int { checks.reduce(0) { $0 + $1.unexplainedChanges } }
    public var passed: Bool { checks.allSatisfy(\.passed) }

    public init(checks: [CounterfactualCheckResult], invariantByConstruction: [String] = []) {
        self.checks = checks; self.invariantByConstruction = invariantByConstruction
    }

    public var trace: [TraceEntry] {
        checks.map { c in
            TraceEntry(component: "fairness", event: "counterfactual", rule: c.passed ? "invariant_or_explained" : "unexplained_change",
                       message: "\(c.perturbation.rawValue) \(c.change): top-k \(c.topKChanged ? "changed" : "unchanged"), "
                           + "\(c.variantClassesChanged) variant classes changed, \(c.unexplainedChanges) unexplained"
                           + (c.explainingRules.isEmpty ? "" : "; explained by \(c.explainingRules.joined(separator: ", "))"),
                       values: ["passed": .bool(c.passed), "unexplained": .number(Double(c.unexplainedChanges)),
                                "rules": .array(c.explainingRules.map { .string($0) })])
        }
    }
}

/// Compares an original and a counterfactual run. A score change of a disease is explained only by score
/// adjustments whose rule is declared dependent on the perturbed attribute (`declaredRules(for:)`, e.g.
/// `female_x_linked_recessive`) and, for sex, by a changed genotype LR that rests on chrX/chrY copy number
/// (hemizygosity) or an X/Y-linked inheritance mode. Phenotype term contributions and any other adjustment must be
/// identical; variant classes must not change (classification takes neither sex nor ancestry). Anything else is
/// an unexplained change and fails the check.
public struct CounterfactualChecker: Sendable {
    /// Adjustment rules that may legitimately depend on sex.
    public var sexDependentRules: Set<String>
    /// Adjustment rules that may legitimately depend on the age at the last encounter (none in the current
    /// engines: the `onset` rule reads the features' onset, which a perturbation of the age leaves alone).
    public var ageDependentRules: Set<String>
    /// Score tolerance (log10).
    public var tolerance: Double

    public init(sexDependentRules: Set<String> = ["female_x_linked_recessive"], ageDependentRules: Set<String> = [],
                tolerance: Double = 1e-9) {
        self.sexDependentRules = sexDependentRules; self.ageDependentRules = ageDependentRules; self.tolerance = tolerance
    }

    /// Rules declared dependent on the perturbed attribute (ancestry and name: none).
    public func declaredRules(for perturbation: Perturbation) -> Set<String> {
        switch perturbation {
        case .sex: sexDependentRules
        case .age: ageDependentRules
        case .ancestry, .name: []
        }
    }

    public func compare(_ original: CounterfactualOutcome, _ counterfactual: CounterfactualOutcome,
                        perturbation: Perturbation, change: String) -> CounterfactualCheckResult {
        let a = Dictionary(original.explanations.map { ($0.diseaseID.rawValue, $0) }, uniquingKeysWith: { x, _ in x })
        let b = Dictionary(counterfactual.explanations.map { ($0.diseaseID.rawValue, $0) }, uniquingKeysWith: { x, _ in x })
        let topA = original.topK, topB = counterfactual.topK
        var differences: [CounterfactualDifference] = []
        var seen = Set<String>()
        // A rank change with an unchanged score is explained only when some disease's score changed (by a named
        // rule): a reordering with every score equal is itself an unexplained change.
        let anyScoreChanged = (topA + topB).contains { id in
            guard let x = a[id], let y = b[id] else { return true }
            return abs(y.log10CompositeLikelihoodRatio - x.log10CompositeLikelihoodRatio) > tolerance
        }
        for id in topA + topB where seen.insert(id).inserted {
            let x = a[id], y = b[id]
            let rankChanged = x?.rank != y?.rank
            guard let x, let y else {
                // Not explained in one run: its score change cannot be attributed.
                differences.append(CounterfactualDifference(kind: "disease", item: id, originalRank: x?.rank, counterfactualRank: y?.rank,
                                                            originalScore: x?.log10CompositeLikelihoodRatio,
                                                            counterfactualScore: y?.log10CompositeLikelihoodRatio,
                                                            explainingRules: [], unexplainedDelta: .nan, explained: false))
                continue
            }
            let delta = y.log10CompositeLikelihoodRatio - x.log10CompositeLikelihoodRatio
            let (rules, unexplained) = attribute(x, y, perturbation: perturbation)
            if abs(delta) <= tolerance && !rankChanged && unexplained <= tolerance { continue }
            // A rank change with an unchanged score is explained by the other diseases' (checked) changes.
            let pureRankShift = abs(delta) <= tolerance
            let ok = unexplained <= tolerance && (!pureRankShift || anyScoreChanged)
            differences.append(CounterfactualDifference(kind: "disease", item: id, originalRank: x.rank, counterfactualRank: y.rank,
                                                        originalScore: x.log10CompositeLikelihoodRatio,
                                                        counterfactualScore: y.log10CompositeLikelihoodRatio,
                                                        explainingRules: pureRankShift ? (anyScoreChanged ? ["rank_shift_from_other_diseases"] : []) : rules,
                                                        unexplainedDelta: unexplained, explained: ok))
        }
        var classChanges = 0
        for key in Set(original.variantClasses.keys).union(counterfactual.variantClasses.keys).sorted()
        where original.variantClasses[key] != counterfactual.variantClasses[key] {
            classChanges += 1
            differences.append(CounterfactualDifference(kind: "variant_class", item: key, originalRank: nil, counterfactualRank: nil,
                                                        originalScore: nil, counterfactualScore: nil, explainingRules: [],
                                                        unexplainedDelta: .nan, explained: false))
        }
        let unexplained = differences.filter { !$0.explained }.count
        let rules = Set(differences.filter(\.explained).flatMap(\.explainingRules)).sorted()
        return CounterfactualCheckResult(perturbation: perturbation, change: change, topKOriginal: topA, topKCounterfactual: topB,
                                         topKChanged: topA != topB, variantClassesChanged: classChanges, differences: differences,
                                         unexplainedChanges: unexplained, explainingRules: rules, passed: unexplained == 0)
    }

    /// The named rules behind a disease's score change and the absolute log10 change nothing explains.
    func attribute(_ x: DiseaseExplanation, _ y: DiseaseExplanation, perturbation: Perturbation) -> (rules: [String], unexplained: Double) {
        var unexplained = 0.0
        var rules: [String] = []
        // Phenotype terms: must be identical (no term is sex- or ancestry-dependent).
        let termsX = x.terms.reduce(0) { $0 + $1.log10LikelihoodRatio }, termsY = y.terms.reduce(0) { $0 + $1.log10LikelihoodRatio }
        unexplained += abs(termsY - termsX)
        var adjX: [String: Double] = [:], adjY: [String: Double] = [:]
        for adj in x.adjustments { adjX[adj.rule, default: 0] += adj.log10LikelihoodRatio }
        for adj in y.adjustments { adjY[adj.rule, default: 0] += adj.log10LikelihoodRatio }
        for rule in Set(adjX.keys).union(adjY.keys).sorted() {
            let d = (adjY[rule] ?? 0) - (adjX[rule] ?? 0)
            guard abs(d) > tolerance else { continue }
            if declaredRules(for: perturbation).contains(rule) {
                rules.append(rule)
            } else if perturbation == .sex && rule == "genotype", let named = sexDependentGenotypeRule(x.genotype, y.genotype) {
                rules.append(named)
            } else {
                unexplained += abs(d)
            }
        }
        // The composite must equal terms + adjustments (guards against a change hidden outside the explanation).
        let sumX = termsX + adjX.values.reduce(0, +), sumY = termsY + adjY.values.reduce(0, +)
        let hiddenX = x.log10CompositeLikelihoodRatio - sumX, hiddenY = y.log10CompositeLikelihoodRatio - sumY
        unexplained += abs(hiddenY - hiddenX)
        return (rules, unexplained)
    }

    /// A genotype LR change explained by sex: chrX/chrY copy number (hemizygosity) or an X/Y-linked mode.
    func sexDependentGenotypeRule(_ x: GenotypeContribution?, _ y: GenotypeContribution?) -> String? {
        guard let x, let y else { return nil }
        let modes = [x.inheritance, y.inheritance]
        let sexChromosomeVariant = (x.variants + y.variants).contains { Self.isSexChromosome($0.variant) }
        if modes.contains(where: { $0.hasPrefix("x_linked") || $0.hasPrefix("y_linked") }) && sexChromosomeVariant || x.finding == .hemizygous || y.finding == .hemizygous {
            return "genotype_x_linked_hemizygosity"
        }
        if modes.contains(where: { $0.hasPrefix("x_linked") || $0.hasPrefix("y_linked") }) { return "genotype_sex_linked_inheritance" }
        if sexChromosomeVariant { return "genotype_sex_chromosome_copies" }
        return nil
    }

    /// Variant keys start with the contig (`X-…`, `chrX:…`).
    static func isSexChromosome(_ key: String) -> Bool {
        var k = Substring(key)
        if k.lowercased().hasPrefix("chr") { k = k.dropFirst(3) }
        guard let first = k.first, first == "X" || first == "Y" else { return false }
        guard let next = k.dropFirst().first else { return true }
        return !(next.isLetter || next.isNumber)
    }
}
