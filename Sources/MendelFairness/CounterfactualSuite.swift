import MendelCore
import MendelDiagnosis
import MendelVariants

/// The demographic and identity attributes of a case that the counterfactual checks perturb.
public struct CaseAttributes: Sendable, Hashable, Codable {
    public var sex: Sex?
    /// ISO 8601 duration (age at the last encounter).
    public var ageAtLastEncounter: String?
    /// Ancestry label as recorded for the case (e.g. a gnomAD group code `afr`, `nfe`), if any.
    public var ancestry: String?
    /// The patient's name (or any identity label); no engine should ever depend on it.
    public var name: String?

    public init(sex: Sex? = nil, ageAtLastEncounter: String? = nil, ancestry: String? = nil, name: String? = nil) {
        self.sex = sex; self.ageAtLastEncounter = ageAtLastEncounter; self.ancestry = ancestry; self.name = name
    }
}

/// The engines of one analysis as functions of the case attributes, everything else (phenotype terms, notes,
/// VCF, policy, knowledge base) captured and fixed. This is the public seam the checks run through: the daemon
/// and `mendel-bench` pass the real rankers and classifier; a test can pass a deliberately biased wrapper.
public struct CounterfactualPipeline: Sendable {
    /// Diagnosis for the given attributes and the variants classified for them (empty without a VCF).
    public var rank: @Sendable (CaseAttributes, [InterpretedVariant]) -> any ExplainableRanking & Sendable
    /// Variant classification for the given attributes; nil = no VCF (no classes compared).
    public var classify: (@Sendable (CaseAttributes) -> [InterpretedVariant])?

    public init(rank: @escaping @Sendable (CaseAttributes, [InterpretedVariant]) -> any ExplainableRanking & Sendable,
                classify: (@Sendable (CaseAttributes) -> [InterpretedVariant])? = nil) {
        self.rank = rank; self.classify = classify
    }
}

/// Runs the original pipeline and one counterfactual per perturbation (sex, ancestry label, age, name; each with
/// everything else equal) and checks every difference with `CounterfactualChecker`: a change must be explained by a
/// rule declared dependent on the perturbed attribute, anything else fails the check.
public struct CounterfactualSuite: Sendable {
    public var checker: CounterfactualChecker
    public var top: Int
    public var perturbations: [Perturbation]

    public init(checker: CounterfactualChecker = CounterfactualChecker(), top: Int = 10,
                perturbations: [Perturbation] = [.sex, .ancestry, .age, .name]) {
        self.checker = checker; self.top = top; self.perturbations = perturbations
    }

    /// The counterfactual attributes for one perturbation and a PHI-free description of the change (band and
    /// group labels, never an age, a name or an id).
    public static func perturbed(_ attributes: CaseAttributes, _ perturbation: Perturbation) -> (attributes: CaseAttributes, change: String) {
        var changed = attributes
        switch perturbation {
        case .sex:
            changed.sex = CaseFairnessRunner.swapped(attributes.sex)
            return (changed, "\(attributes.sex?.rawValue ?? "none")→\(changed.sex?.rawValue ?? "none")")
        case .ancestry:
            changed.ancestry = attributes.ancestry == "afr" ? "nfe" : "afr"
            return (changed, "\(attributes.ancestry ?? "unknown")→\(changed.ancestry ?? "unknown")")
        case .age:
            let band = AgeBand(iso8601: attributes.ageAtLastEncounter)
            changed.ageAtLastEncounter = (band == .adult || band == .older) ? "P8Y" : "P40Y"
            return (changed, "\(band.rawValue)→\(AgeBand(iso8601: changed.ageAtLastEncounter).rawValue)")
        case .name:
            changed.name = attributes.name == "Counterfactual Name" ? "Other Counterfactual Name" : "Counterfactual Name"
            return (changed, "name replaced")
        }
    }

    /// Runs the checks. Returns the report and the original ranking (the one the analysis reports).
    public func run(_ pipeline: CounterfactualPipeline, attributes: CaseAttributes)
        -> (report: CounterfactualReport, original: any ExplainableRanking & Sendable, variants: [InterpretedVariant]) {
        let originalVariants = pipeline.classify?(attributes) ?? []
        let original = pipeline.rank(attributes, originalVariants)
        var checks: [CounterfactualCheckResult] = []
        for perturbation in perturbations {
            let (counterAttributes, change) = Self.perturbed(attributes, perturbation)
            let counterVariants = pipeline.classify?(counterAttributes) ?? []
            let counterfactual = pipeline.rank(counterAttributes, counterVariants)
            let pair = CounterfactualOutcome.pair(original: original, originalVariants: originalVariants,
                                                  counterfactual: counterfactual, counterfactualVariants: counterVariants, top: top)
            checks.append(checker.compare(pair.original, pair.counterfactual, perturbation: perturbation, change: change))
        }
        return (CounterfactualReport(checks: checks, invariantByConstruction: CaseFairnessRunner.byConstruction), original, originalVariants)
    }
}
