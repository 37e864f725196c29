import MendelCore
import MendelDiagnosis
import MendelKnowledge
import MendelVariants

/// One case run for the fairness checks: the original diagnosis, the sex-swapped counterfactual and the report.
public struct CaseFairnessRun: Sendable {
    /// Diagnosis as the patient was described (genotype-aware when a VCF was given).
    public var original: any ExplainableRanking & Sendable
    public var counterfactual: (any ExplainableRanking & Sendable)?
    /// Classified variants (empty without a VCF).
    public var variants: [InterpretedVariant]
    public var report: CounterfactualReport
    /// 1-based rank of a disease in the original ranking (evaluation only: the truth is never an input).
    public var rankOf: @Sendable (DiseaseID) -> Int?
}

/// Runs the diagnosis of one case and its sex-swapped counterfactual (MALE↔FEMALE; unknown/other sex → FEMALE,
/// the sex that a named rule treats differently), everything else equal, and checks the differences with
/// `CounterfactualChecker`. Ancestry is not an input of `PhenotypeQuery`, `GenotypeAwareRanker` or
/// `VariantAnalyzer`, so an ancestry-label change cannot alter either output; the report says so. Variant classes
/// do not take sex as input: both runs compare the classes of the one analysis.
public struct CaseFairnessRunner: Sendable {
    public let phenotypeRanker: PhenotypeRanker
    public let genotypeRanker: GenotypeAwareRanker?
    public let policy: ACMGPolicy
    public let checker: CounterfactualChecker
    public let top: Int

    public init(phenotypeRanker: PhenotypeRanker, genotypeRanker: GenotypeAwareRanker?, policy: ACMGPolicy = .default,
                checker: CounterfactualChecker = CounterfactualChecker(), top: Int = 10) {
        self.phenotypeRanker = phenotypeRanker; self.genotypeRanker = genotypeRanker; self.policy = policy
        self.checker = checker; self.top = top
    }

    /// The counterfactual sex.
    public static func swapped(_ sex: Sex?) -> Sex {
        switch sex {
        case .male: .female
        case .female: .male
        default: .female
        }
    }

    /// Runs one case. `vcf`: the case's VCF bytes (plain or gzip) and a label for messages; the proband is the sample
    /// named like `subject.id`, else the first sample (as `mendel-bench diagnosis`).
    public func run(_ phenopacket: Phenopacket, vcf: (bytes: [UInt8], label: String)?) throws(VCFError) -> CaseFairnessRun {
        let query = PhenotypeQuery(phenopacket: phenopacket)
        guard genotypeRanker != nil, let vcf else { return run(query: query, variants: nil) }
        let reader = try VCFReader(bytes: vcf.bytes, label: vcf.label, options: VCFReaderOptions(samples: nil, malformedLines: policy.malformedLines))
        let proband = phenopacket.subject?.id.flatMap { reader.header.samples.contains($0) ? $0 : nil }
        let knowledge = genotypeRanker?.variantKnowledge ?? VariantKnowledge()
        let analysis = try VariantAnalyzer(policy: policy, knowledge: knowledge, options: VariantAnalysisOptions(proband: proband))
            .analyze(reader: reader)
        return run(query: query, variants: analysis.variants)
    }

    /// The sex-swap counterfactual for a prepared query (e.g. with terms from clinical notes) and the case's
    /// classified variants (nil: phenotype-only ranking).
    public func run(query: PhenotypeQuery, variants: [InterpretedVariant]?) -> CaseFairnessRun {
        var flipped = query
        flipped.sex = Self.swapped(query.sex)
        let change = "\(query.sex?.rawValue ?? "none")→\(flipped.sex?.rawValue ?? "none")"
        if let genotypeRanker, let variants {
            let a = genotypeRanker.rank(query, variants: variants)
            let b = genotypeRanker.rank(flipped, variants: variants)
            let pair = CounterfactualOutcome.pair(original: a, originalVariants: variants,
                                                  counterfactual: b, counterfactualVariants: variants, top: top)
            let check = checker.compare(pair.original, pair.counterfactual, perturbation: .sex, change: change)
            return CaseFairnessRun(original: a, counterfactual: b, variants: variants,
                                   report: CounterfactualReport(checks: [check], invariantByConstruction: Self.byConstruction),
                                   rankOf: { a.rank(of: $0) })
        }
        let a = phenotypeRanker.rank(query)
        let b = phenotypeRanker.rank(flipped)
        let pair = CounterfactualOutcome.pair(original: a, originalVariants: [], counterfactual: b, counterfactualVariants: [], top: top)
        let check = checker.compare(pair.original, pair.counterfactual, perturbation: .sex, change: change)
        return CaseFairnessRun(original: a, counterfactual: b, variants: [],
                               report: CounterfactualReport(checks: [check], invariantByConstruction: Self.byConstruction),
                               rankOf: { a.rank(of: $0) })
    }

    static let byConstruction = [
        "ancestry: not an input of PhenotypeQuery, GenotypeAwareRanker or VariantAnalyzer (frequency criteria use the group maximum over all groups)",
        "variant classes: VariantAnalyzer takes neither sex nor ancestry; sex only changes chrX/chrY copy numbers in the genotype LR",
    ]
}
