/// Constants of the genotype likelihood-ratio model (docs/knowledge-base.md §9). Every report records them.
/// Defaults are modelling choices (Tavtigian 2018 Bayesian ACMG framework, LIRICAL-style background rates),
/// checked on the DEV benchmark in general ways only.
public struct GenotypeParameters: Sendable, Hashable, Codable {
    /// Prior probability that a candidate variant is pathogenic (Tavtigian 2018: 0.1).
    public var priorProbability: Double = 0.1
    /// Odds of pathogenicity of one Very Strong criterion (Tavtigian 2018: 350); `p` points give 350^(p/8).
    public var oddsPathVeryStrong: Double = 350
    /// Lower bound of a VUS allele's pathogenicity by VEP IMPACT (Exomiser-style consequence defaults for rare
    /// variants): the ACMG posterior of a VUS often reflects missing data (no frequencies, predictors or gene
    /// constraint) rather than evidence. P/LP use their posterior, LB/B carry no weight.
    public var impactPathogenicity: [String: Double] = ["HIGH": 0.95, "MODERATE": 0.6, "LOW": 0.2, "MODIFIER": 0.05]
    /// Lower bound of a VUS allele's pathogenicity by its most damaging VEP/Sequence Ontology consequence (Exomiser's
    /// variant-effect defaults). Refines `impactPathogenicity`: e.g. `coding_sequence_variant` (a coding change whose
    /// protein effect is not given) has IMPACT MODIFIER but is a coding change like a missense variant.
    public var consequencePathogenicity: [String: Double] = [
        "frameshift_variant": 0.95, "stop_gained": 0.95, "start_lost": 0.95, "stop_lost": 0.9,
        "splice_donor_variant": 0.9, "splice_acceptor_variant": 0.9, "inframe_insertion": 0.85, "inframe_deletion": 0.85,
        "protein_altering_variant": 0.85, "splice_region_variant": 0.8, "missense_variant": 0.6, "coding_sequence_variant": 0.6,
        "synonymous_variant": 0.1,
    ]
    /// P(the causal genotype is found and qualifies | disease of this gene): small-variant sensitivity of a
    /// clinical exome/genome pipeline per gene (the rest: structural variants, repeats, deep-intronic, coverage).
    public var sensitivity: Double = 0.99
    /// Recessive modes: P(exactly one of the two causal alleles is found | disease) — the other one is a
    /// structural or deep-intronic variant the VCF does not carry.
    public var singleRecessiveAlleleProbability: Double = 0.1
    /// P(a person without the disease carries a qualifying (rare, damaging) heterozygous / biallelic genotype in a
    /// given gene); gnomAD-scale orders of magnitude (per-gene rates can replace them when a KB carries them).
    public var backgroundMonoallelic: Double = 0.005
    public var backgroundBiallelic: Double = 0.0005
    /// Background of a qualifying *de novo* allele (PS2/PM6 met) in a dominant mode.
    public var backgroundDeNovo: Double = 0.0005
    /// P(two heterozygous alleles of unknown phase are in trans).
    public var unphasedTransProbability: Double = 0.5
    /// LR of a disease whose genes carry no qualifying variant: P(none found | D) / P(none | not D) ≈ 1 − sensitivity.
    /// nil derives it from `sensitivity`.
    public var noQualifyingVariantLR: Double?
    /// LR of a disease without any associated gene (the VCF cannot show its cause). nil = `noQualifyingVariantLR`.
    public var unknownGeneLR: Double?
    /// Only FILTER = PASS / `.` records count.
    public var requirePassingFilter: Bool = true
    /// Genotype quality filters (only applied where the VCF has DP / GQ).
    public var minimumDepth: Int = 10
    public var minimumGenotypeQuality: Int = 20
    /// Floor of the phenotype LR of an unmatched observed term used in genotype-aware ranking (nil keeps the
    /// phenotype ranker's `nonMatchFloor`). Once the genotype narrows the candidates to the genes carrying
    /// variants, the incompleteness of the causal disease's annotations matters more than specificity against
    /// every disease of the KB, so unmatched terms are penalised less (0.3 vs 0.15).
    public var phenotypeNonMatchFloor: Double? = 0.3
    /// Annotation-mass exponent of the phenotype index used in genotype-aware ranking (nil keeps the phenotype
    /// ranker's `annotationMassExponent`). Among the diseases of the genes carrying variants, broadly annotated
    /// diseases otherwise win on breadth alone.
    public var phenotypeAnnotationMassExponent: Double? = 1
    /// `DiagnosisParameters.relatedAnnotationUniqueGeneSet` of the phenotype index used in genotype-aware ranking (nil keeps
    /// the phenotype ranker's). Once the genotype points at a gene, its allelic series must be told apart by phenotype.
    public var phenotypeRelatedAnnotationUniqueGeneSet: Bool? = true
    /// `DiagnosisParameters.excludedAscertainmentWeight` of the phenotype index used in genotype-aware ranking (nil keeps
    /// the phenotype ranker's): the pertinent-negative factor of excluded terms.
    public var phenotypeExcludedAscertainmentWeight: Double? = nil
    /// `DiagnosisParameters.sparseBackoffStrength` k of the phenotype index used in genotype-aware ranking (nil keeps the
    /// phenotype ranker's, which is off): gene-profile backoff of sparsely annotated diseases. Once the genotype points at
    /// a gene, a disease of it known from a few annotations should not be judged as if it had none of the features its
    /// allelic series shows. DEV (session 5): k 0.25–3 all gave top-10 +2 with top-1 unchanged in every split half; 1.
    public var phenotypeSparseBackoffStrength: Double? = 1
    /// Weight α of the summed per-term phenotype log10 LRs in the combined score α·Σ terms + adjustments + genotype
    /// (1 = naive Bayes). Observed features are correlated (one organ system, one curation), so their summed LR
    /// overstates the evidence; α < 1 damps it. Explanations show the damping as the adjustment `phenotype_dependence`
    /// = (α − 1)·Σ terms; the onset and sex adjustments are not damped. DEV (session 3, split-half checked with the
    /// allelic-series rule `phenotypeRelatedAnnotationUniqueGeneSet`): 0.72–0.76 beat 0.7 in both halves; 0.75.
    public var phenotypeWeight: Double = 0.75
    /// Previous/alias gene symbol → the KB's symbol (e.g. from an HGNC table); used when a VCF symbol is not in the KB.
    public var symbolAliases: [String: String] = [:]

    public init() {}

    public static let `default` = GenotypeParameters()

    /// The LR of a gene without any qualifying allele.
    public var effectiveNoVariantLR: Double { noQualifyingVariantLR ?? max(1 - sensitivity, 1e-6) }
    public var effectiveUnknownGeneLR: Double { unknownGeneLR ?? effectiveNoVariantLR }

    private enum CodingKeys: String, CodingKey {
        case priorProbability, oddsPathVeryStrong, impactPathogenicity, sensitivity, singleRecessiveAlleleProbability, backgroundMonoallelic
        case backgroundBiallelic, backgroundDeNovo, unphasedTransProbability, noQualifyingVariantLR, unknownGeneLR
        case requirePassingFilter, minimumDepth, minimumGenotypeQuality, symbolAliases, phenotypeNonMatchFloor
        case consequencePathogenicity, phenotypeAnnotationMassExponent, phenotypeWeight, phenotypeRelatedAnnotationUniqueGeneSet
        case phenotypeExcludedAscertainmentWeight, phenotypeSparseBackoffStrength
    }

    /// Decodes a partial parameter file: missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var p = GenotypeParameters()
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.priorProbability, &p.priorProbability); try read(.oddsPathVeryStrong, &p.oddsPathVeryStrong)
        try read(.impactPathogenicity, &p.impactPathogenicity); try read(.sensitivity, &p.sensitivity); try read(.singleRecessiveAlleleProbability, &p.singleRecessiveAlleleProbability)
        try read(.backgroundMonoallelic, &p.backgroundMonoallelic); try read(.backgroundBiallelic, &p.backgroundBiallelic)
        try read(.backgroundDeNovo, &p.backgroundDeNovo); try read(.unphasedTransProbability, &p.unphasedTransProbability)
        p.noQualifyingVariantLR = try c.decodeIfPresent(Double.self, forKey: .noQualifyingVariantLR)
        p.unknownGeneLR = try c.decodeIfPresent(Double.self, forKey: .unknownGeneLR)
        if c.contains(.phenotypeNonMatchFloor) { p.phenotypeNonMatchFloor = try c.decodeIfPresent(Double.self, forKey: .phenotypeNonMatchFloor) }
        if c.contains(.phenotypeAnnotationMassExponent) {
            p.phenotypeAnnotationMassExponent = try c.decodeIfPresent(Double.self, forKey: .phenotypeAnnotationMassExponent)
        }
        if c.contains(.phenotypeExcludedAscertainmentWeight) {
            p.phenotypeExcludedAscertainmentWeight = try c.decodeIfPresent(Double.self, forKey: .phenotypeExcludedAscertainmentWeight)
        }
        if c.contains(.phenotypeSparseBackoffStrength) {
            p.phenotypeSparseBackoffStrength = try c.decodeIfPresent(Double.self, forKey: .phenotypeSparseBackoffStrength)
        }
        if c.contains(.phenotypeRelatedAnnotationUniqueGeneSet) {
            p.phenotypeRelatedAnnotationUniqueGeneSet = try c.decodeIfPresent(Bool.self, forKey: .phenotypeRelatedAnnotationUniqueGeneSet)
        }
        try read(.consequencePathogenicity, &p.consequencePathogenicity); try read(.phenotypeWeight, &p.phenotypeWeight)
        try read(.requirePassingFilter, &p.requirePassingFilter); try read(.minimumDepth, &p.minimumDepth)
        try read(.minimumGenotypeQuality, &p.minimumGenotypeQuality); try read(.symbolAliases, &p.symbolAliases)
        self = p
    }

    /// Checks value ranges.
    func validate() throws(DiagnosisError) {
        func check(_ name: String, _ value: Double, _ range: ClosedRange<Double>) throws(DiagnosisError) {
            guard range.contains(value) else { throw .invalidParameter(name: name, reason: "must be in \(range)") }
        }
        try check("priorProbability", priorProbability, 0.000001...0.999999)
        try check("oddsPathVeryStrong", oddsPathVeryStrong, 1...1e9)
        try check("sensitivity", sensitivity, 0.000001...1)
        for (impact, value) in impactPathogenicity.sorted(by: { $0.key < $1.key }) { try check("impactPathogenicity.\(impact)", value, 0...1) }
        for (consequence, value) in consequencePathogenicity.sorted(by: { $0.key < $1.key }) {
            try check("consequencePathogenicity.\(consequence)", value, 0...1)
        }
        if let v = phenotypeAnnotationMassExponent { try check("phenotypeAnnotationMassExponent", v, 0...2) }
        if let v = phenotypeExcludedAscertainmentWeight { try check("phenotypeExcludedAscertainmentWeight", v, 0...1) }
        if let v = phenotypeSparseBackoffStrength { try check("phenotypeSparseBackoffStrength", v, 0...1000) }
        try check("phenotypeWeight", phenotypeWeight, 0.01...1)
        try check("singleRecessiveAlleleProbability", singleRecessiveAlleleProbability, 0...1)
        try check("backgroundMonoallelic", backgroundMonoallelic, 0.0000001...1)
        try check("backgroundBiallelic", backgroundBiallelic, 0.0000001...1)
        try check("backgroundDeNovo", backgroundDeNovo, 0.0000001...1)
        try check("unphasedTransProbability", unphasedTransProbability, 0...1)
        if let v = noQualifyingVariantLR { try check("noQualifyingVariantLR", v, 0.0000001...1) }
        if let v = phenotypeNonMatchFloor { try check("phenotypeNonMatchFloor", v, 0.0000001...1) }
        if let v = unknownGeneLR { try check("unknownGeneLR", v, 0.0000001...1000) }
    }
}
