import MendelCore
import MendelDiagnosis
import MendelKnowledge
import MendelVariants

/// One case run for the fairness checks: the original diagnosis, the counterfactual report and the variants.
public struct CaseFairnessRun: Sendable {
    /// Diagnosis as the patient was described (genotype-aware when a VCF was given).
    public var original: any ExplainableRanking & Sendable
    /// Classified variants (empty without a VCF).
    public var variants: [InterpretedVariant]
    /// One check per perturbation (sex, ancestry label, age, name).
    public var report: CounterfactualReport
    /// 1-based rank of a disease in the original ranking (evaluation only: the truth is never an input).
    public var rankOf: @Sendable (DiseaseID) -> Int?
}

/// Runs the diagnosis of one case and its counterfactuals — sex swapped (MALE↔FEMALE; unknown/other → FEMALE, the
/// sex a named rule treats differently), ancestry label changed, age moved to another band, name replaced — each
/// with everything else equal, through `CounterfactualSuite`. The rankers read sex and age from the query; ancestry
/// and name are inputs of no engine, so those checks confirm the invariance on the real pipeline.
public struct CaseFairnessRunner: Sendable {
    public let phenotypeRanker: PhenotypeRanker
    public let genotypeRanker: GenotypeAwareRanker?
    public let policy: ACMGPolicy
    public let checker: CounterfactualChecker
    public let top: Int
    public let perturbations: [Perturbation]

    public init(phenotypeRanker: PhenotypeRanker, genotypeRanker: GenotypeAwareRanker?, policy: ACMGPolicy = .default,
                checker: CounterfactualChecker = CounterfactualChecker(), top: Int = 10,
                perturbations: [Perturbation] = [.sex, .ancestry, .age, .name]) {
        self.phenotypeRanker = phenotypeRanker; self.genotypeRanker = genotypeRanker; self.policy = policy
        self.checker = checker; self.top = top; self.perturbations = perturbations
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
    /// named like `subject.id`, else the first sample (as `mendel-bench diagnosis`). The classification is re-run
    /// for every counterfactual.
    public func run(_ phenopacket: Phenopacket, vcf: (bytes: [UInt8], label: String)?, ancestry: String? = nil) throws(VCFError) -> CaseFairnessRun {
        let query = PhenotypeQuery(phenopacket: phenopacket)
        guard genotypeRanker != nil, let vcf else { return run(query: query, variants: nil, ancestry: ancestry) }
        let reader = try VCFReader(bytes: vcf.bytes, label: vcf.label, options: VCFReaderOptions(samples: nil, malformedLines: policy.malformedLines))
        let proband = phenopacket.subject?.id.flatMap { reader.header.samples.contains($0) ? $0 : nil }
        let knowledge = genotypeRanker?.variantKnowledge ?? VariantKnowledge()
        let analyzer = VariantAnalyzer(policy: policy, knowledge: knowledge, options: VariantAnalysisOptions(proband: proband))
        let variants = try analyzer.analyze(reader: reader).variants
        let bytes = vcf.bytes, label = vcf.label, malformed = policy.malformedLines
        let classify: @Sendable (CaseAttributes) -> [InterpretedVariant] = { _ in
            // The classifier takes none of the perturbed attributes: re-running it checks that on the real code.
            guard let reader = try? VCFReader(bytes: bytes, label: label, options: VCFReaderOptions(samples: nil, malformedLines: malformed)),
                  let result = try? analyzer.analyze(reader: reader) else { return [] }
            return result.variants
        }
        return run(query: query, variants: variants, ancestry: ancestry, classify: classify)
    }

    /// The counterfactual checks for a prepared query (e.g. with terms from clinical notes) and the case's classified
    /// variants (nil: phenotype-only ranking). `classify`: re-runs the classification per counterfactual (nil: the
    /// classes of `variants` are compared, i.e. the classifier is taken as attribute-free).
    public func run(query: PhenotypeQuery, variants: [InterpretedVariant]?, ancestry: String? = nil, name: String? = nil,
                    classify: (@Sendable (CaseAttributes) -> [InterpretedVariant])? = nil) -> CaseFairnessRun {
        let attributes = CaseAttributes(sex: query.sex, ageAtLastEncounter: query.ageAtLastEncounter, ancestry: ancestry, name: name)
        let pipeline = Self.pipeline(query: query, variants: variants, phenotypeRanker: phenotypeRanker,
                                     genotypeRanker: genotypeRanker, classify: classify)
        return run(pipeline, attributes: attributes, variants: variants ?? [])
    }

    /// Runs the suite over any pipeline (the seam for other rankers, or for a test's deliberately biased one).
    public func run(_ pipeline: CounterfactualPipeline, attributes: CaseAttributes, variants: [InterpretedVariant] = []) -> CaseFairnessRun {
        let suite = CounterfactualSuite(checker: checker, top: top, perturbations: perturbations)
        let (report, original, classified) = suite.run(pipeline, attributes: attributes)
        return CaseFairnessRun(original: original, variants: pipeline.classify == nil ? variants : classified, report: report,
                               rankOf: { original.explain($0)?.rank })
    }

    /// The real engines as a pipeline: sex and age from the attributes replace the query's; every other input fixed.
    public static func pipeline(query: PhenotypeQuery, variants: [InterpretedVariant]?, phenotypeRanker: PhenotypeRanker,
                                genotypeRanker: GenotypeAwareRanker?,
                                classify: (@Sendable (CaseAttributes) -> [InterpretedVariant])? = nil) -> CounterfactualPipeline {
        let genotypeAware = genotypeRanker != nil && variants != nil
        let rank: @Sendable (CaseAttributes, [InterpretedVariant]) -> any ExplainableRanking & Sendable = { attributes, classified in
            var q = query
            q.sex = attributes.sex
            q.ageAtLastEncounter = attributes.ageAtLastEncounter
            if genotypeAware, let genotypeRanker { return genotypeRanker.rank(q, variants: classified) }
            return phenotypeRanker.rank(q)
        }
        return CounterfactualPipeline(rank: rank, classify: variants == nil ? nil : (classify ?? { _ in variants ?? [] }))
    }

    static let byConstruction = [
        "ancestry label and name: not inputs of PhenotypeQuery, GenotypeAwareRanker or VariantAnalyzer (frequency criteria use the group maximum over all groups); the checks re-run the pipeline to confirm",
        "variant classes: VariantAnalyzer takes neither sex nor ancestry; sex only changes chrX/chrY copy numbers in the genotype LR",
    ]
}
