/// Tunable constants of the likelihood-ratio model (see docs/knowledge-base.md for the formulas).
/// The defaults were chosen on the DEV benchmark in general ways only; they are recorded in every result.
public struct DiagnosisParameters: Sendable, Hashable, Codable {
    /// How P(t|D) is propagated from an annotation to its ancestors.
    public enum Propagation: String, Sendable, Hashable, Codable {
        /// P(t|D) = max over annotations at or below t.
        case max
        /// P(t|D) = 1 − Π(1 − f) over annotations at or below t.
        case noisyOr = "noisy_or"
    }

    /// Frequency used when an annotation gives none.
    public var defaultFrequency: Double = 0.7
    /// Pseudo-count pulling `n/m` frequencies towards `ratioPriorFrequency`: (n + k·p₀)/(m + k).
    public var ratioPseudoCount: Double = 2
    /// Prior mean p₀ of `n/m` frequencies (nil: `defaultFrequency`). A feature seen in 1 of 1 reported patients is
    /// weak evidence of a high frequency.
    public var ratioPriorFrequency: Double?
    /// Lower bound of any positive annotation frequency.
    public var minimumFrequency: Double = 0.02
    public var propagation: Propagation = .max
    /// Background smoothing: bg(t) = (Σ_D P(t|D) + a) / (N + 1).
    public var backgroundPseudoCount: Double = 0.5
    /// Weight of a match where the query term is more specific than a direct annotation of the disease.
    public var specificMatchWeight: Double = 0.15
    /// Weight of a match through a shared ancestor that the disease only implies.
    public var commonAncestorWeight: Double = 0.05
    /// Shared ancestors that more than this fraction of candidate diseases imply are not used for matching.
    public var ancestorCoverageLimit: Double = 0.3
    /// Cap of the per-term log10 likelihood ratio (one rare exact match should not decide alone).
    public var maximumLog10LR: Double = 4
    /// Floor of the per-term likelihood ratio (a feature unrelated to the disease: noise/phenocopy).
    public var nonMatchFloor: Double = 0.25
    /// LR of an observed term that the disease is explicitly annotated NOT to have (or 0/m).
    public var negatedMatchLR: Double = 0.05
    /// Exponent (0…1) damping excluded-term likelihood ratios; 0 ignores excluded terms.
    public var excludedWeight: Double = 0.5
    /// P(t|D) is capped at this value for excluded terms, so one missing typical feature cannot veto.
    public var excludedFrequencyCap: Double = 0.95
    /// Only the part of P(t|D) above this threshold counts for excluded terms: P' = max(0, (P − τ)/(1 − τ)).
    /// Features that many patients lack anyway carry no evidence when absent.
    public var excludedFrequencyThreshold: Double = 0.9
    /// Weight λ (0 = off) of the pertinent-negative (ascertainment) factor of an excluded term t: a feature recorded as
    /// absent was looked for, and clinicians (and the papers behind case reports) look for the features of the diseases
    /// they suspect. A disease that implies t gets λ · max(0, log10(P(t|D) / bg(t))) on top of the absence LR, i.e. the
    /// observed-term LR of t tempered by λ. The absence LR itself (`excludedWeight`, `excludedFrequencyThreshold`) is unchanged.
    /// DEV (every split half up in both modes): 0.1. Larger values fit DEV better but lean on how case reports are curated
    /// (excluded features copied from a paper's feature table of the disease), so λ stays small.
    public var excludedAscertainmentWeight: Double = 0.1
    /// LR applied to diseases whose only modes of inheritance are X-linked recessive when the patient is
    /// female (manifesting heterozygotes exist but are rarer); 1 disables.
    public var femaleXLinkedRecessiveLR: Double = 0.2
    /// Exponent (0…1) of the onset likelihood ratio: the patient's onset class scored like an observed term
    /// against the disease's onset annotations (aspect C); diseases without onset annotations get LR 1.
    /// 0 disables.
    public var onsetWeight: Double = 1
    /// Drop observed terms that are ancestors of other observed terms (they add no information).
    public var dropRedundantAncestors: Bool = true
    /// Annotation aspects used for matching (P phenotype, C clinical course, H history).
    public var aspects: [String] = ["P", "C"]
    /// Weight (0 = off) applied to the frequencies of annotations borrowed from *related* diseases: other
    /// entries of the KB with exactly the same non-empty gene set in `relatedNamespaces` (typically the
    /// Orphanet entry of the same gene's disorder, curated independently of OMIM).
    public var relatedAnnotationWeight: Double = 0.4
    public var relatedNamespaces: [String] = ["ORPHA"]
    /// Borrow related annotations only when the gene set identifies the ranked disease uniquely (no other candidate
    /// has exactly the same gene set). In an allelic series (one gene, several diseases) a related entry with that gene
    /// set describes one of the diseases, and borrowing it into all of them blurs exactly the phenotype differences that
    /// separate them.
    public var relatedAnnotationUniqueGeneSet: Bool = false
    /// Annotation-mass normalisation (0 = off): a disease whose positive annotation frequencies sum to M (its expected
    /// number of features) has every frequency scaled by min(maxBoost, (reference / M)^exponent). A patient's
    /// *reported* features are a sample of the disease's features, so a disease annotated with very many features
    /// (large cohorts, many single-case reports) predicts each one less strongly (multinomial rather than
    /// independent-feature view; exponent 1 = fully multinomial). Diseases below the reference are not boosted
    /// (maxBoost 1). DEV (split-half checked): 0.7 for phenotype-only ranking; genotype-aware ranking uses 1.
    public var annotationMassExponent: Double = 0.7
    public var annotationMassReference: Double = 10
    public var annotationMassMaxBoost: Double = 1
    /// Gene-profile backoff strength k (0 = off), an empirical-Bayes shrinkage of sparsely annotated diseases toward
    /// their allelic series: a disease with annotation mass M (sum of its positive frequencies, own and related) gets, for
    /// every term it lacks, k/(M + k) · P_G(t), where P_G(t) is the mean mass-normalised frequency of t over the other
    /// diseases (ranked or related namespaces) with exactly the same gene set. A disease known from one short report is
    /// likely to share features of the gene's other diseases; a richly annotated one hardly borrows.
    public var sparseBackoffStrength: Double = 0
    /// Disease namespaces ranked (e.g. ["OMIM"]); empty means every disease in the KB.
    public var namespaces: [String] = []

    public init() {}

    public static let `default` = DiagnosisParameters()

    private enum CodingKeys: String, CodingKey {
        case defaultFrequency, ratioPseudoCount, minimumFrequency, propagation, backgroundPseudoCount
        case ratioPriorFrequency, annotationMassExponent, annotationMassReference, annotationMassMaxBoost
        case specificMatchWeight, commonAncestorWeight, ancestorCoverageLimit, maximumLog10LR, nonMatchFloor
        case negatedMatchLR, excludedWeight, excludedFrequencyCap, excludedFrequencyThreshold, excludedAscertainmentWeight
        case femaleXLinkedRecessiveLR, onsetWeight, dropRedundantAncestors, aspects, relatedAnnotationWeight
        case relatedNamespaces, namespaces, relatedAnnotationUniqueGeneSet, sparseBackoffStrength
    }

    /// Decodes a partial parameter file: missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var p = DiagnosisParameters()
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.defaultFrequency, &p.defaultFrequency); try read(.ratioPseudoCount, &p.ratioPseudoCount)
        p.ratioPriorFrequency = try c.decodeIfPresent(Double.self, forKey: .ratioPriorFrequency)
        try read(.annotationMassExponent, &p.annotationMassExponent); try read(.annotationMassReference, &p.annotationMassReference)
        try read(.annotationMassMaxBoost, &p.annotationMassMaxBoost)
        try read(.minimumFrequency, &p.minimumFrequency); try read(.propagation, &p.propagation)
        try read(.backgroundPseudoCount, &p.backgroundPseudoCount); try read(.specificMatchWeight, &p.specificMatchWeight)
        try read(.commonAncestorWeight, &p.commonAncestorWeight); try read(.ancestorCoverageLimit, &p.ancestorCoverageLimit)
        try read(.maximumLog10LR, &p.maximumLog10LR); try read(.nonMatchFloor, &p.nonMatchFloor)
        try read(.negatedMatchLR, &p.negatedMatchLR); try read(.excludedWeight, &p.excludedWeight)
        try read(.excludedFrequencyCap, &p.excludedFrequencyCap); try read(.excludedFrequencyThreshold, &p.excludedFrequencyThreshold)
        try read(.excludedAscertainmentWeight, &p.excludedAscertainmentWeight)
        try read(.femaleXLinkedRecessiveLR, &p.femaleXLinkedRecessiveLR); try read(.dropRedundantAncestors, &p.dropRedundantAncestors)
        try read(.onsetWeight, &p.onsetWeight)
        try read(.aspects, &p.aspects); try read(.relatedAnnotationWeight, &p.relatedAnnotationWeight)
        try read(.relatedNamespaces, &p.relatedNamespaces); try read(.namespaces, &p.namespaces)
        try read(.relatedAnnotationUniqueGeneSet, &p.relatedAnnotationUniqueGeneSet)
        try read(.sparseBackoffStrength, &p.sparseBackoffStrength)
        self = p
    }
}
