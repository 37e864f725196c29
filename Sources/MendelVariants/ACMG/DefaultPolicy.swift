extension ACMGPolicy {
    /// The shipped default; `Policies/interpretation.yaml` mirrors it key for key.
    public static let `default` = ACMGPolicy(
        version: "mendel-interpretation-1",
        primary: .acmg2015SVI,
        acmg2015: ACMG2015Options(),
        points: PointsOptions(),
        frequency: FrequencyPolicy(
            minAlleleNumber: 2000,
            bottleneckedGroups: ["asj", "fin", "ami", "mid", "remaining", "oth"],
            useBottleneckedForBenign: false,
            useAlleleFrequencyWhenFilteringMissing: true,
            defaults: FrequencyThresholds(
                ba1: SourcedThreshold(0.05, source: "ClinGen SVI BA1: AF > 5% in a continental group with AN ≥ 2,000 (Ghosh et al. 2018, Hum Mutat 39:1525)"),
                bs1: SourcedThreshold(0.005, source: "Mendel lab default for genes without a VCEP specification (0.5%; above carrier frequencies of most severe recessive alleles, which are listed as exceptions)"),
                pm2SupportingMax: SourcedThreshold(0.0001, source: "ClinGen SVI PM2 v1.0 (2020): absent or extremely rare; downgraded to Supporting. 0.01% lab default"),
                metric: .filteringAF)),
        genes: VCEPRules.genes,
        frequencyExceptions: VCEPRules.frequencyExceptions,
        predictors: [
            "revel": PredictorThresholds(
                pathogenic: [.supporting: 0.644, .moderate: 0.773, .strong: 0.932],
                benign: [.supporting: 0.290, .moderate: 0.183, .strong: 0.052, .veryStrong: 0.016],
                source: "Pejaver et al. 2022, Am J Hum Genet 109:2163, Table 2 (REVEL)"),
            "cadd": PredictorThresholds(
                pathogenic: [.supporting: 25.3, .moderate: 28.1],
                benign: [.supporting: 22.7, .moderate: 17.3],
                source: "Pejaver et al. 2022, Table 2 (CADD phred)"),
            "alphamissense": PredictorThresholds(
                pathogenic: [.supporting: 0.792, .moderate: 0.906, .strong: 0.990],
                benign: [.supporting: 0.169, .moderate: 0.099],
                source: "Bergquist et al. 2025, Genet Med 27:101402 (AlphaMissense calibration)"),
            "spliceai": PredictorThresholds(
                pathogenic: [.supporting: 0.2],
                benign: [.supporting: 0.1],
                source: "Walker et al. 2023, Am J Hum Genet 110:1046 (ClinGen SVI splicing: SpliceAI Δ ≥ 0.2 PP3, ≤ 0.1 BP4)"),
        ],
        malformedLines: .stop)
}
