import MendelCore

/// The combining system a policy makes primary; both are always computed and shown.
public enum CombiningSystem: String, Sendable, Codable, Hashable {
    case acmg2015SVI = "acmg2015+svi"
    case points
}

/// Which frequency number a threshold is compared against.
public enum FrequencyMetric: String, Sendable, Codable, Hashable {
    /// gnomAD-style filtering AF (lower bound of the 95% Poisson CI of AC/AN), group maximum.
    case filteringAF = "filtering_af"
    /// Plain allele frequency AC/AN, group maximum (VCEPs whose specification quotes "MAF").
    case alleleFrequency = "allele_frequency"
}

/// A threshold with the document it comes from.
public struct SourcedThreshold: Sendable, Hashable, Codable {
    public var value: Double
    public var source: String
    public init(_ value: Double, source: String) { self.value = value; self.source = source }
}

/// Population-frequency thresholds for BA1 / BS1 / PM2_Supporting (a VCEP may set any subset).
public struct FrequencyThresholds: Sendable, Hashable, Codable {
    /// BA1 when group-max ≥ value (SVI: "> 0.05"; gene specs use ≥; ties are vanishingly rare).
    public var ba1: SourcedThreshold?
    /// BS1 when group-max ≥ value.
    public var bs1: SourcedThreshold?
    /// BS1_Supporting when group-max ≥ value (and BS1 not met).
    public var bs1Supporting: SourcedThreshold?
    /// PM2_Supporting when the maximum AF over all groups ≤ value (0 = absent).
    public var pm2SupportingMax: SourcedThreshold?
    public var metric: FrequencyMetric?

    public init(ba1: SourcedThreshold? = nil, bs1: SourcedThreshold? = nil, bs1Supporting: SourcedThreshold? = nil,
                pm2SupportingMax: SourcedThreshold? = nil, metric: FrequencyMetric? = nil) {
        self.ba1 = ba1; self.bs1 = bs1; self.bs1Supporting = bs1Supporting
        self.pm2SupportingMax = pm2SupportingMax; self.metric = metric
    }

    /// Fields of `override` replace the ones here.
    public func merged(with override: FrequencyThresholds?) -> FrequencyThresholds {
        guard let o = override else { return self }
        return FrequencyThresholds(ba1: o.ba1 ?? ba1, bs1: o.bs1 ?? bs1, bs1Supporting: o.bs1Supporting ?? bs1Supporting,
                                   pm2SupportingMax: o.pm2SupportingMax ?? pm2SupportingMax, metric: o.metric ?? metric)
    }
}

/// Rules a ClinGen VCEP specification sets for one gene.
public struct GeneRules: Sendable, Hashable, Codable {
    public var panel: String
    public var frequency: FrequencyThresholds?
    /// Combining system the panel uses, when it differs from the policy primary.
    public var system: CombiningSystem?
    /// The panel counts bottlenecked groups (e.g. Ashkenazi Jewish) for BA1/BS1 (SCID VCEP: ADA, JAK3).
    public var countBottleneckedGroups: Bool?
    public init(panel: String, frequency: FrequencyThresholds? = nil, system: CombiningSystem? = nil,
                countBottleneckedGroups: Bool? = nil) {
        self.panel = panel; self.frequency = frequency; self.system = system
        self.countBottleneckedGroups = countBottleneckedGroups
    }
}

/// A known common pathogenic allele for which the listed frequency criteria are not applied.
public struct FrequencyException: Sendable, Hashable, Codable {
    public var gene: String
    /// Coding HGVS without transcript, e.g. `c.109G>A`.
    public var hgvsc: String
    public var suppresses: [String]
    public var source: String
    public init(gene: String, hgvsc: String, suppresses: [String] = ["BA1", "BS1", "BS2"], source: String) {
        self.gene = gene; self.hgvsc = hgvsc; self.suppresses = suppresses; self.source = source
    }
}

/// Frequency evaluation settings shared by all genes.
public struct FrequencyPolicy: Sendable, Hashable, Codable {
    /// Minimum allele number for a group to count for BA1/BS1/BS2 (SVI BA1 recommendation, Ghosh 2018).
    public var minAlleleNumber: Int
    /// Founder / bottlenecked or non-continental groups excluded from the benign group maximum
    /// (gnomAD grpmax/FAF convention): Ashkenazi Jewish, Finnish, Amish, Middle Eastern, remaining/other.
    public var bottleneckedGroups: [String]
    /// Use a bottlenecked group's AF for benign criteria (default false: a founder pathogenic allele
    /// such as BRCA2 c.5946del is common in ASJ).
    public var useBottleneckedForBenign: Bool
    /// When only a plain AF is known (no AC/AN, no filtering AF), compare that AF (trace says so).
    public var useAlleleFrequencyWhenFilteringMissing: Bool
    public var defaults: FrequencyThresholds
    /// BS2 for recessive disease: at least this many homozygotes in non-bottlenecked groups.
    public var bs2MinHomozygotes: Int

    public init(minAlleleNumber: Int, bottleneckedGroups: [String], useBottleneckedForBenign: Bool,
                useAlleleFrequencyWhenFilteringMissing: Bool, defaults: FrequencyThresholds, bs2MinHomozygotes: Int = 2) {
        self.bs2MinHomozygotes = bs2MinHomozygotes
        self.minAlleleNumber = minAlleleNumber; self.bottleneckedGroups = bottleneckedGroups
        self.useBottleneckedForBenign = useBottleneckedForBenign
        self.useAlleleFrequencyWhenFilteringMissing = useAlleleFrequencyWhenFilteringMissing
        self.defaults = defaults
    }
}

/// In-silico predictor thresholds (PP3/BP4), each with its calibration source.
public struct PredictorThresholds: Sendable, Hashable, Codable {
    /// Pathogenic: minimum score for Supporting / Moderate / Strong (nil = not available at that strength).
    public var pathogenic: [EvidenceStrength: Double]
    /// Benign: maximum score for Supporting / Moderate / Strong / VeryStrong.
    public var benign: [EvidenceStrength: Double]
    public var source: String
    public init(pathogenic: [EvidenceStrength: Double], benign: [EvidenceStrength: Double], source: String) {
        self.pathogenic = pathogenic; self.benign = benign; self.source = source
    }
}

/// The interpretation policy: combining system, thresholds with sources, per-gene VCEP rules, exceptions.
/// `ACMGPolicy.default` is what `Policies/interpretation.yaml` mirrors.
public struct ACMGPolicy: Sendable, Hashable, Codable {
    public var version: String
    public var primary: CombiningSystem
    public var acmg2015: ACMG2015Options
    public var points: PointsOptions
    public var frequency: FrequencyPolicy
    public var genes: [String: GeneRules]
    public var frequencyExceptions: [FrequencyException]
    /// Keyed by predictor: `revel`, `alphamissense`, `cadd`, `spliceai`.
    public var predictors: [String: PredictorThresholds]
    /// What to do with a malformed VCF line: stop the analysis or skip it and count it in the trace.
    public var malformedLines: MalformedLinePolicy

    public init(version: String, primary: CombiningSystem, acmg2015: ACMG2015Options, points: PointsOptions,
                frequency: FrequencyPolicy, genes: [String: GeneRules], frequencyExceptions: [FrequencyException],
                predictors: [String: PredictorThresholds], malformedLines: MalformedLinePolicy) {
        self.version = version; self.primary = primary; self.acmg2015 = acmg2015; self.points = points
        self.frequency = frequency; self.genes = genes; self.frequencyExceptions = frequencyExceptions
        self.predictors = predictors; self.malformedLines = malformedLines
    }

    /// Frequency thresholds for a gene: the VCEP values over the defaults.
    public func frequencyThresholds(gene: String?) -> FrequencyThresholds {
        frequency.defaults.merged(with: geneRules(gene)?.frequency)
    }

    /// The combining system for a gene (VCEP override or the primary).
    public func system(gene: String?) -> CombiningSystem {
        geneRules(gene)?.system ?? primary
    }

    /// VCEP rules for a gene symbol (case-insensitive; upper-cases only when the symbol has lower-case letters).
    public func geneRules(_ gene: String?) -> GeneRules? {
        guard let gene, !genes.isEmpty else { return nil }
        if let rules = genes[gene] { return rules }
        guard gene.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        return genes[gene.uppercased()]
    }

    /// The exception entry for a variant, if it is a listed common pathogenic allele.
    public func frequencyException(gene: String?, hgvsc: String?) -> FrequencyException? {
        guard let gene, let hgvsc else { return nil }
        guard frequencyExceptions.contains(where: { $0.gene.utf8.count == gene.utf8.count && $0.gene.uppercased() == gene.uppercased() }) else { return nil }
        let upper = gene.uppercased(), coding = HGVS.codingPart(hgvsc)
        return frequencyExceptions.first { $0.gene.uppercased() == upper && HGVS.codingPart($0.hgvsc) == coding }
    }
}

/// Malformed VCF line handling.
public enum MalformedLinePolicy: String, Sendable, Codable, Hashable {
    case stop
    case skipAndCount = "skip_and_count"
}

/// Small HGVS helpers.
public enum HGVS {
    /// `NM_000352.6:c.109G>A` → `c.109G>A`; `c.35delG` → `c.35del` (deleted bases are dropped for matching).
    public static func codingPart(_ text: String) -> String {
        var bytes = Array(text.utf8)
        if let colon = bytes.lastIndex(of: 0x3A) { bytes.removeSubrange(0...colon) }
        bytes.removeAll { $0 == 0x20 }
        // Drop the deleted bases after `del` (c.35delG → c.35del).
        var i = 0
        while i + 3 <= bytes.count {
            if bytes[i] == 0x64, bytes[i + 1] == 0x65, bytes[i + 2] == 0x6C {  // "del"
                let tail = bytes[(i + 3)...]
                if tail.allSatisfy({ b in "ACGTacgt".utf8.contains(b) }) { bytes.removeSubrange((i + 3)...) }
                break
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
