/// The stored result of analysing one case: what every report is rendered from. Engines produce their
/// own richer values; the daemon maps them into this engine-neutral document, so reports (and replay)
/// depend only on MendelCore.
public struct CaseAnalysis: Sendable, Hashable, Codable {
    public var caseID: String
    public var analysedAt: String
    /// Phenotype input with where each term came from.
    public var phenotypes: [PhenotypeFinding]
    /// Ranked diseases, best first (empty when no knowledge base is loaded; see `steps`).
    public var diagnoses: [RankedDisease]
    /// Ranked genes (best disease per gene).
    public var genes: [RankedGene]
    /// Classified variants, most pathogenic first.
    public var variants: [ClassifiedVariant]
    /// Which pipeline steps ran, and which were skipped and why — nothing is faked.
    public var steps: [AnalysisStep]
    public var trace: ExplanationTrace
    /// Per-decision fairness checks (counterfactual invariance, ancestry-aware frequency); nil in analyses
    /// stored before they existed.
    public var fairness: FairnessSummary?
    /// ACMG class → number of classified alleles (all of them, benign included); nil without a VCF.
    public var variantClassCounts: [String: Int]?
    /// Which classified variants `variants` lists and how many of each class it only counts; nil without a VCF
    /// (and in analyses stored before listing was bounded, which listed every non-benign variant).
    public var variantListing: VariantListingSummary?
    /// Every classified variant that `variants` does not list, in classification order, in brief (class and criteria
    /// met): any variant's class can be looked up without re-running; nil without a VCF (and in older analyses).
    public var unlistedVariants: [VariantClassRecord]?

    public init(caseID: String, analysedAt: String, phenotypes: [PhenotypeFinding] = [], diagnoses: [RankedDisease] = [],
                genes: [RankedGene] = [], variants: [ClassifiedVariant] = [], steps: [AnalysisStep] = [],
                trace: ExplanationTrace = ExplanationTrace(), fairness: FairnessSummary? = nil, variantClassCounts: [String: Int]? = nil,
                variantListing: VariantListingSummary? = nil) {
        self.fairness = fairness
        self.variantClassCounts = variantClassCounts
        self.variantListing = variantListing
        self.caseID = caseID
        self.analysedAt = analysedAt
        self.phenotypes = phenotypes
        self.diagnoses = diagnoses
        self.genes = genes
        self.variants = variants
        self.steps = steps
        self.trace = trace
    }
}

/// How an analysis chose the variants it lists in full (criteria, values, trace) out of all it classified.
public struct VariantListingSummary: Sendable, Hashable, Codable {
    /// The rule, in words, as the report states it.
    public var rule: String
    /// Number of variants listed in `CaseAnalysis.variants`.
    public var listed: Int
    /// ACMG class → classified variants of that class that are counted but not listed (benign side included).
    public var notListed: [String: Int]

    public init(rule: String, listed: Int, notListed: [String: Int]) {
        self.rule = rule; self.listed = listed; self.notListed = notListed
    }
}

/// A classified variant in brief: what an analysis keeps of the variants it does not list in full.
public struct VariantClassRecord: Sendable, Hashable, Codable {
    /// `chrom-pos-ref-alt`, as `ClassifiedVariant.variant`.
    public var variant: String
    public var gene: String?
    /// P, LP, VUS, LB or B.
    public var classification: String
    /// Criteria met, spelled as `CriterionResult.displayName` (e.g. `PM2_Supporting`, `BA1`).
    public var met: [String]

    public init(variant: String, gene: String?, classification: String, met: [String]) {
        self.variant = variant; self.gene = gene; self.classification = classification; self.met = met
    }
}

/// One phenotype of the case: observed or excluded, from structured input or a note span.
public struct PhenotypeFinding: Sendable, Hashable, Codable {
    public var term: String
    public var label: String?
    public var excluded: Bool
    /// `phenopacket` or `notes`.
    public var source: String
    /// For note-derived terms: character offsets of the span in the (stored, encrypted) note.
    public var spanStart: Int?
    public var spanEnd: Int?
    public var confidence: Double?

    public init(term: String, label: String?, excluded: Bool, source: String, spanStart: Int? = nil, spanEnd: Int? = nil, confidence: Double? = nil) {
        self.term = term; self.label = label; self.excluded = excluded; self.source = source
        self.spanStart = spanStart; self.spanEnd = spanEnd; self.confidence = confidence
    }
}

/// A candidate disease with its post-test probability and per-phenotype evidence (LIRICAL-style).
public struct RankedDisease: Sendable, Hashable, Codable {
    public var rank: Int
    public var diseaseID: String
    public var name: String
    public var genes: [String]
    /// Sum of log10 likelihood ratios (phenotype + genotype).
    public var score: Double
    public var postTestProbability: Double
    public var contributions: [EvidenceContribution]

    public init(rank: Int, diseaseID: String, name: String, genes: [String], score: Double, postTestProbability: Double,
                contributions: [EvidenceContribution]) {
        self.rank = rank; self.diseaseID = diseaseID; self.name = name; self.genes = genes
        self.score = score; self.postTestProbability = postTestProbability; self.contributions = contributions
    }
}

/// How much one piece of evidence moved a disease: a phenotype term (match type, frequency) or a genotype.
public struct EvidenceContribution: Sendable, Hashable, Codable {
    /// `phenotype`, `excluded-phenotype` or `genotype`.
    public var kind: String
    /// The query term or the gene.
    public var item: String
    public var label: String?
    /// The disease annotation it matched, and how (exact / ancestor / descendant / none).
    public var matchedTerm: String?
    public var matchType: String?
    public var frequency: Double?
    public var likelihoodRatio: Double
    public var log10LR: Double

    public init(kind: String, item: String, label: String?, matchedTerm: String?, matchType: String?, frequency: Double?,
                likelihoodRatio: Double, log10LR: Double) {
        self.kind = kind; self.item = item; self.label = label; self.matchedTerm = matchedTerm; self.matchType = matchType
        self.frequency = frequency; self.likelihoodRatio = likelihoodRatio; self.log10LR = log10LR
    }
}

public struct RankedGene: Sendable, Hashable, Codable {
    public var rank: Int
    public var symbol: String
    public var bestDisease: String
    public var score: Double
    public init(rank: Int, symbol: String, bestDisease: String, score: Double) {
        self.rank = rank; self.symbol = symbol; self.bestDisease = bestDisease; self.score = score
    }
}

/// A variant with its ACMG/AMP classification and the criteria that decided it.
public struct ClassifiedVariant: Sendable, Hashable, Codable {
    public var variant: String
    public var gene: String?
    public var hgvsc: String?
    public var hgvsp: String?
    public var consequence: String?
    public var genotype: String?
    public var classification: String
    public var points: Int?
    public var criteria: [CriterionResult]

    public init(variant: String, gene: String?, hgvsc: String?, hgvsp: String?, consequence: String?, genotype: String?,
                classification: String, points: Int?, criteria: [CriterionResult]) {
        self.variant = variant; self.gene = gene; self.hgvsc = hgvsc; self.hgvsp = hgvsp; self.consequence = consequence
        self.genotype = genotype; self.classification = classification; self.points = points; self.criteria = criteria
    }
}

/// One ACMG/AMP criterion: met / not met / not evaluable, with the value, threshold and source.
public struct CriterionResult: Sendable, Hashable, Codable {
    public var code: String
    public var status: String
    public var strength: String?
    public var value: String?
    public var threshold: String?
    public var source: String?

    public init(code: String, status: String, strength: String?, value: String?, threshold: String?, source: String?) {
        self.code = code; self.status = status; self.strength = strength; self.value = value; self.threshold = threshold; self.source = source
    }
}

/// A pipeline step and what happened to it.
public struct AnalysisStep: Sendable, Hashable, Codable {
    public var name: String
    /// `done`, `skipped` or `failed`.
    public var status: String
    public var detail: String
    public init(name: String, status: String, detail: String) { self.name = name; self.status = status; self.detail = detail }
}

extension CriterionResult {
    /// `PM2_Supporting`, or `PS1 (Moderate)` when the strength is not already part of the code.
    public var displayName: String {
        guard let strength, !strength.isEmpty, !code.lowercased().hasSuffix(strength.lowercased()) else { return code }
        return "\(code) (\(strength))"
    }
}

/// The per-decision fairness checks of one analysis, as reports show them.
public struct FairnessSummary: Sendable, Hashable, Codable {
    /// True when every check passed (no unexplained change, no flagged frequency view).
    public var passed: Bool
    /// One counterfactual check per perturbed attribute (sex, ancestry, age, name).
    public var counterfactual: [CounterfactualSummary]
    /// Variants whose class depends on the frequency view (pooled / European only vs group maximum); at most a
    /// bounded number, listed variants first (see `ancestryFrequencyNotListed`).
    public var ancestryFrequency: [AncestryFrequencySummary]
    /// Further variants with a frequency-view finding that are counted but not listed; nil or 0 when all are listed.
    public var ancestryFrequencyNotListed: Int?
    /// Attributes no engine takes as input, with the reason.
    public var invariantByConstruction: [String]
    /// Flip rate of the LLM differential under counterfactuals vs its same-seed run-to-run noise, when measured
    /// (perturbation → flip rate, and `noise`); nil when no LLM differential ran.
    public var llmFlipRate: [String: Double]?

    public init(passed: Bool, counterfactual: [CounterfactualSummary], ancestryFrequency: [AncestryFrequencySummary] = [],
                invariantByConstruction: [String] = [], llmFlipRate: [String: Double]? = nil) {
        self.passed = passed; self.counterfactual = counterfactual; self.ancestryFrequency = ancestryFrequency
        self.invariantByConstruction = invariantByConstruction; self.llmFlipRate = llmFlipRate
    }
}

/// One counterfactual check: what was changed, whether the output changed, and which named rules explain it.
public struct CounterfactualSummary: Sendable, Hashable, Codable {
    /// `sex`, `ancestry`, `age` or `name`.
    public var perturbation: String
    /// e.g. `MALE→FEMALE`, `1-12y→18-60y` (labels only, never values that identify).
    public var change: String
    public var passed: Bool
    public var topKChanged: Bool
    public var variantClassesChanged: Int
    public var unexplainedChanges: Int
    public var explainingRules: [String]
    /// Items (disease ids, variant keys) whose change nothing explains.
    public var unexplainedItems: [String]

    public init(perturbation: String, change: String, passed: Bool, topKChanged: Bool, variantClassesChanged: Int,
                unexplainedChanges: Int, explainingRules: [String], unexplainedItems: [String]) {
        self.perturbation = perturbation; self.change = change; self.passed = passed; self.topKChanged = topKChanged
        self.variantClassesChanged = variantClassesChanged; self.unexplainedChanges = unexplainedChanges
        self.explainingRules = explainingRules; self.unexplainedItems = unexplainedItems
    }
}

/// The ancestry-aware frequency check of one variant.
public struct AncestryFrequencySummary: Sendable, Hashable, Codable {
    public var variant: String
    public var gene: String?
    /// Frequency criteria met (BA1/BS1/PM2) and the group that decided them.
    public var decidedCriteria: [String]
    public var decidingGroup: String?
    /// Class under the group maximum (what Mendel reports), pooled only, European only.
    public var classGroupMaximum: String?
    public var classPooledOnly: String?
    public var classEuropeanOnly: String?
    public var flagged: Bool

    public init(variant: String, gene: String?, decidedCriteria: [String], decidingGroup: String?, classGroupMaximum: String?,
                classPooledOnly: String?, classEuropeanOnly: String?, flagged: Bool) {
        self.variant = variant; self.gene = gene; self.decidedCriteria = decidedCriteria; self.decidingGroup = decidingGroup
        self.classGroupMaximum = classGroupMaximum; self.classPooledOnly = classPooledOnly; self.classEuropeanOnly = classEuropeanOnly
        self.flagged = flagged
    }
}
