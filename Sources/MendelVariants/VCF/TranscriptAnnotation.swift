/// One transcript consequence from VEP `CSQ` or SnpEff `ANN`, with the scores that came with it.
///
/// The fields live in one shared, copy-on-write box: copying an annotation (into a decision, a classified variant, a
/// record's array) is one retain instead of one per field. They read and write like stored properties, and the value
/// compares, hashes and encodes exactly as if they were.
public struct TranscriptAnnotation: Sendable, Codable, Hashable {
    private var box: Box

    /// Sequence Ontology terms, e.g. `["missense_variant", "splice_region_variant"]`.
    public var consequences: [String] {
        get { box.consequences }
        set { uniqueBox().consequences = newValue }
    }
    /// `HIGH`, `MODERATE`, `LOW`, `MODIFIER`.
    public var impact: String? {
        get { box.impact }
        set { uniqueBox().impact = newValue }
    }
    public var geneSymbol: String? {
        get { box.geneSymbol }
        set { uniqueBox().geneSymbol = newValue }
    }
    public var geneID: String? {
        get { box.geneID }
        set { uniqueBox().geneID = newValue }
    }
    public var hgncID: String? {
        get { box.hgncID }
        set { uniqueBox().hgncID = newValue }
    }
    public var transcript: String? {
        get { box.transcript }
        set { uniqueBox().transcript = newValue }
    }
    public var biotype: String? {
        get { box.biotype }
        set { uniqueBox().biotype = newValue }
    }
    /// HGVS c. (percent-decoded, transcript prefix kept as given).
    public var hgvsc: String? {
        get { box.hgvsc }
        set { uniqueBox().hgvsc = newValue }
    }
    /// HGVS p. (percent-decoded).
    public var hgvsp: String? {
        get { box.hgvsp }
        set { uniqueBox().hgvsp = newValue }
    }
    /// Exon number and count (`EXON` = `11/27`, SnpEff rank).
    public var exon: Int? {
        get { box.exon }
        set { uniqueBox().exon = newValue }
    }
    public var exonCount: Int? {
        get { box.exonCount }
        set { uniqueBox().exonCount = newValue }
    }
    public var intron: Int? {
        get { box.intron }
        set { uniqueBox().intron = newValue }
    }
    public var intronCount: Int? {
        get { box.intronCount }
        set { uniqueBox().intronCount = newValue }
    }
    public var proteinPosition: Int? {
        get { box.proteinPosition }
        set { uniqueBox().proteinPosition = newValue }
    }
    public var aminoAcids: String? {
        get { box.aminoAcids }
        set { uniqueBox().aminoAcids = newValue }
    }
    public var canonical: Bool {
        get { box.canonical }
        set { uniqueBox().canonical = newValue }
    }
    public var maneSelect: Bool {
        get { box.maneSelect }
        set { uniqueBox().maneSelect = newValue }
    }
    /// LOFTEE `LoF` (HC/LC) where present.
    public var lof: String? {
        get { box.lof }
        set { uniqueBox().lof = newValue }
    }
    public var scores: PredictorScores {
        get { box.scores }
        set { uniqueBox().scores = newValue }
    }
    /// ClinVar significance terms (CLIN_SIG), e.g. `pathogenic`, `benign`.
    public var clinicalSignificance: [String] {
        get { box.clinicalSignificance }
        set { uniqueBox().clinicalSignificance = newValue }
    }
    /// Per-group allele frequencies from the annotation (e.g. gnomAD_AFR_AF), keyed by group code.
    public var groupFrequencies: [String: Double] {
        get { box.groupFrequencies }
        set { uniqueBox().groupFrequencies = newValue }
    }
    /// VEP `MAX_AF` (highest AF over the populations VEP reports) and `MAX_AF_POPS`: an already-computed maximum,
    /// used as a supplied group maximum when no per-group data qualifies.
    public var maxAF: Double? {
        get { box.maxAF }
        set { uniqueBox().maxAF = newValue }
    }
    public var maxAFPopulations: [String]? {
        get { box.maxAFPopulations }
        set { uniqueBox().maxAFPopulations = newValue }
    }
    /// SnpEff errors/warnings (e.g. WARNING_REF_DOES_NOT_MATCH_GENOME).
    public var warnings: [String] {
        get { box.warnings }
        set { uniqueBox().warnings = newValue }
    }

    public init(consequences: [String] = [], impact: String? = nil, geneSymbol: String? = nil, geneID: String? = nil,
                hgncID: String? = nil, transcript: String? = nil, biotype: String? = nil, hgvsc: String? = nil,
                hgvsp: String? = nil, exon: Int? = nil, exonCount: Int? = nil, intron: Int? = nil, intronCount: Int? = nil,
                proteinPosition: Int? = nil, aminoAcids: String? = nil, canonical: Bool = false, maneSelect: Bool = false,
                lof: String? = nil, scores: PredictorScores = PredictorScores(), clinicalSignificance: [String] = [],
                groupFrequencies: [String: Double] = [:], warnings: [String] = []) {
        box = Box()
        let b = box

        b.consequences = consequences
        b.impact = impact
        b.geneSymbol = geneSymbol
        b.geneID = geneID
        b.hgncID = hgncID
        b.transcript = transcript
        b.biotype = biotype
        b.hgvsc = hgvsc
        b.hgvsp = hgvsp
        b.exon = exon
        b.exonCount = exonCount
        b.intron = intron
        b.intronCount = intronCount
        b.proteinPosition = proteinPosition
        b.aminoAcids = aminoAcids
        b.canonical = canonical
        b.maneSelect = maneSelect
        b.lof = lof
        b.scores = scores
        b.clinicalSignificance = clinicalSignificance
        b.groupFrequencies = groupFrequencies
        b.warnings = warnings
    }

    /// Severity rank of the most severe consequence (lower = more severe; Ensembl order).
    public var severityRank: Int { Consequence.severityRank(of: consequences) }

    /// The fields (shared between copies until one of them changes).
    private final class Box: @unchecked Sendable {
        // @unchecked: mutated only through `uniqueBox()`, i.e. when this is the only reference.
        var consequences: [String] = []
        var impact: String? = nil
        var geneSymbol: String? = nil
        var geneID: String? = nil
        var hgncID: String? = nil
        var transcript: String? = nil
        var biotype: String? = nil
        var hgvsc: String? = nil
        var hgvsp: String? = nil
        var exon: Int? = nil
        var exonCount: Int? = nil
        var intron: Int? = nil
        var intronCount: Int? = nil
        var proteinPosition: Int? = nil
        var aminoAcids: String? = nil
        var canonical: Bool = false
        var maneSelect: Bool = false
        var lof: String? = nil
        var scores: PredictorScores = PredictorScores()
        var clinicalSignificance: [String] = []
        var groupFrequencies: [String: Double] = [:]
        var maxAF: Double? = nil
        var maxAFPopulations: [String]? = nil
        var warnings: [String] = []

        init() {}

        var copy: Box {
            let c = Box()
            c.consequences = consequences
            c.impact = impact
            c.geneSymbol = geneSymbol
            c.geneID = geneID
            c.hgncID = hgncID
            c.transcript = transcript
            c.biotype = biotype
            c.hgvsc = hgvsc
            c.hgvsp = hgvsp
            c.exon = exon
            c.exonCount = exonCount
            c.intron = intron
            c.intronCount = intronCount
            c.proteinPosition = proteinPosition
            c.aminoAcids = aminoAcids
            c.canonical = canonical
            c.maneSelect = maneSelect
            c.lof = lof
            c.scores = scores
            c.clinicalSignificance = clinicalSignificance
            c.groupFrequencies = groupFrequencies
            c.maxAF = maxAF
            c.maxAFPopulations = maxAFPopulations
            c.warnings = warnings
            return c
        }
    }

    /// The box, copied first when another value shares it.
    private mutating func uniqueBox() -> Box {
        if !isKnownUniquelyReferenced(&box) { box = box.copy }
        return box
    }

    // Codable, Equatable and Hashable as if every field were stored, in declaration order.
    enum CodingKeys: String, CodingKey {
        case consequences, impact, geneSymbol, geneID, hgncID, transcript, biotype, hgvsc, hgvsp, exon, exonCount, intron, intronCount, proteinPosition, aminoAcids, canonical, maneSelect, lof, scores, clinicalSignificance, groupFrequencies, maxAF, maxAFPopulations, warnings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        let b = box
        b.consequences = try c.decode([String].self, forKey: .consequences)
        b.impact = try c.decodeIfPresent(String.self, forKey: .impact)
        b.geneSymbol = try c.decodeIfPresent(String.self, forKey: .geneSymbol)
        b.geneID = try c.decodeIfPresent(String.self, forKey: .geneID)
        b.hgncID = try c.decodeIfPresent(String.self, forKey: .hgncID)
        b.transcript = try c.decodeIfPresent(String.self, forKey: .transcript)
        b.biotype = try c.decodeIfPresent(String.self, forKey: .biotype)
        b.hgvsc = try c.decodeIfPresent(String.self, forKey: .hgvsc)
        b.hgvsp = try c.decodeIfPresent(String.self, forKey: .hgvsp)
        b.exon = try c.decodeIfPresent(Int.self, forKey: .exon)
        b.exonCount = try c.decodeIfPresent(Int.self, forKey: .exonCount)
        b.intron = try c.decodeIfPresent(Int.self, forKey: .intron)
        b.intronCount = try c.decodeIfPresent(Int.self, forKey: .intronCount)
        b.proteinPosition = try c.decodeIfPresent(Int.self, forKey: .proteinPosition)
        b.aminoAcids = try c.decodeIfPresent(String.self, forKey: .aminoAcids)
        b.canonical = try c.decode(Bool.self, forKey: .canonical)
        b.maneSelect = try c.decode(Bool.self, forKey: .maneSelect)
        b.lof = try c.decodeIfPresent(String.self, forKey: .lof)
        b.scores = try c.decode(PredictorScores.self, forKey: .scores)
        b.clinicalSignificance = try c.decode([String].self, forKey: .clinicalSignificance)
        b.groupFrequencies = try c.decode([String: Double].self, forKey: .groupFrequencies)
        b.maxAF = try c.decodeIfPresent(Double.self, forKey: .maxAF)
        b.maxAFPopulations = try c.decodeIfPresent([String].self, forKey: .maxAFPopulations)
        b.warnings = try c.decode([String].self, forKey: .warnings)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let b = box
        try c.encode(b.consequences, forKey: .consequences)
        try c.encodeIfPresent(b.impact, forKey: .impact)
        try c.encodeIfPresent(b.geneSymbol, forKey: .geneSymbol)
        try c.encodeIfPresent(b.geneID, forKey: .geneID)
        try c.encodeIfPresent(b.hgncID, forKey: .hgncID)
        try c.encodeIfPresent(b.transcript, forKey: .transcript)
        try c.encodeIfPresent(b.biotype, forKey: .biotype)
        try c.encodeIfPresent(b.hgvsc, forKey: .hgvsc)
        try c.encodeIfPresent(b.hgvsp, forKey: .hgvsp)
        try c.encodeIfPresent(b.exon, forKey: .exon)
        try c.encodeIfPresent(b.exonCount, forKey: .exonCount)
        try c.encodeIfPresent(b.intron, forKey: .intron)
        try c.encodeIfPresent(b.intronCount, forKey: .intronCount)
        try c.encodeIfPresent(b.proteinPosition, forKey: .proteinPosition)
        try c.encodeIfPresent(b.aminoAcids, forKey: .aminoAcids)
        try c.encode(b.canonical, forKey: .canonical)
        try c.encode(b.maneSelect, forKey: .maneSelect)
        try c.encodeIfPresent(b.lof, forKey: .lof)
        try c.encode(b.scores, forKey: .scores)
        try c.encode(b.clinicalSignificance, forKey: .clinicalSignificance)
        try c.encode(b.groupFrequencies, forKey: .groupFrequencies)
        try c.encodeIfPresent(b.maxAF, forKey: .maxAF)
        try c.encodeIfPresent(b.maxAFPopulations, forKey: .maxAFPopulations)
        try c.encode(b.warnings, forKey: .warnings)
    }

    public static func == (lhs: TranscriptAnnotation, rhs: TranscriptAnnotation) -> Bool {
        let a = lhs.box, b = rhs.box
        return a.consequences == b.consequences
            && a.impact == b.impact
            && a.geneSymbol == b.geneSymbol
            && a.geneID == b.geneID
            && a.hgncID == b.hgncID
            && a.transcript == b.transcript
            && a.biotype == b.biotype
            && a.hgvsc == b.hgvsc
            && a.hgvsp == b.hgvsp
            && a.exon == b.exon
            && a.exonCount == b.exonCount
            && a.intron == b.intron
            && a.intronCount == b.intronCount
            && a.proteinPosition == b.proteinPosition
            && a.aminoAcids == b.aminoAcids
            && a.canonical == b.canonical
            && a.maneSelect == b.maneSelect
            && a.lof == b.lof
            && a.scores == b.scores
            && a.clinicalSignificance == b.clinicalSignificance
            && a.groupFrequencies == b.groupFrequencies
            && a.maxAF == b.maxAF
            && a.maxAFPopulations == b.maxAFPopulations
            && a.warnings == b.warnings
    }

    public func hash(into hasher: inout Hasher) {
        let b = box
        hasher.combine(b.consequences)
        hasher.combine(b.impact)
        hasher.combine(b.geneSymbol)
        hasher.combine(b.geneID)
        hasher.combine(b.hgncID)
        hasher.combine(b.transcript)
        hasher.combine(b.biotype)
        hasher.combine(b.hgvsc)
        hasher.combine(b.hgvsp)
        hasher.combine(b.exon)
        hasher.combine(b.exonCount)
        hasher.combine(b.intron)
        hasher.combine(b.intronCount)
        hasher.combine(b.proteinPosition)
        hasher.combine(b.aminoAcids)
        hasher.combine(b.canonical)
        hasher.combine(b.maneSelect)
        hasher.combine(b.lof)
        hasher.combine(b.scores)
        hasher.combine(b.clinicalSignificance)
        hasher.combine(b.groupFrequencies)
        hasher.combine(b.maxAF)
        hasher.combine(b.maxAFPopulations)
        hasher.combine(b.warnings)
    }
}

/// In-silico scores.
public struct PredictorScores: Sendable, Codable, Hashable {
    public var revel: Double?
    public var alphaMissense: Double?
    /// Maximum SpliceAI delta score over AG/AL/DG/DL.
    public var spliceAI: Double?
    public var caddPhred: Double?

    public init(revel: Double? = nil, alphaMissense: Double? = nil, spliceAI: Double? = nil, caddPhred: Double? = nil) {
        self.revel = revel; self.alphaMissense = alphaMissense; self.spliceAI = spliceAI; self.caddPhred = caddPhred
    }

    /// Values from `other` fill the gaps here.
    public func filling(from other: PredictorScores) -> PredictorScores {
        PredictorScores(revel: revel ?? other.revel, alphaMissense: alphaMissense ?? other.alphaMissense,
                        spliceAI: spliceAI ?? other.spliceAI, caddPhred: caddPhred ?? other.caddPhred)
    }
}

/// Sequence Ontology consequence terms in Ensembl severity order.
public enum Consequence {
    static let order: [String] = [
        "transcript_ablation", "splice_acceptor_variant", "splice_donor_variant", "stop_gained", "frameshift_variant",
        "stop_lost", "start_lost", "transcript_amplification", "feature_elongation", "feature_truncation",
        "inframe_insertion", "inframe_deletion", "missense_variant", "protein_altering_variant",
        "splice_donor_5th_base_variant", "splice_region_variant", "splice_donor_region_variant",
        "splice_polypyrimidine_tract_variant", "incomplete_terminal_codon_variant", "start_retained_variant",
        "stop_retained_variant", "synonymous_variant", "coding_sequence_variant", "mature_miRNA_variant",
        "5_prime_UTR_variant", "3_prime_UTR_variant", "non_coding_transcript_exon_variant", "intron_variant",
        "NMD_transcript_variant", "non_coding_transcript_variant", "coding_transcript_variant", "upstream_gene_variant",
        "downstream_gene_variant", "TFBS_ablation", "TFBS_amplification", "TF_binding_site_variant",
        "regulatory_region_ablation", "regulatory_region_amplification", "regulatory_region_variant", "intergenic_variant",
    ]
    static let ranks: [String: Int] = {
        var r: [String: Int] = [:]
        for (i, term) in order.enumerated() { r[term] = i }
        // SnpEff synonyms.
        r["initiator_codon_variant"] = r["start_retained_variant"]
        r["exon_loss_variant"] = r["transcript_ablation"]
        r["disruptive_inframe_insertion"] = r["inframe_insertion"]
        r["disruptive_inframe_deletion"] = r["inframe_deletion"]
        r["conservative_inframe_insertion"] = r["inframe_insertion"]
        r["conservative_inframe_deletion"] = r["inframe_deletion"]
        r["5_prime_UTR_premature_start_codon_gain_variant"] = r["5_prime_UTR_variant"]
        return r
    }()

    public static func rank(_ term: String) -> Int { ranks[term] ?? order.count }

    /// The rank of the most severe of `terms` (`rank("")` when there are none).
    static func severityRank(of terms: [String]) -> Int {
        var best = rank("")
        for i in terms.indices { best = min(best, rank(terms[i])) }
        return best
    }

    /// Known terms longer than 15 bytes (shorter ones are inline small strings anyway), by UTF-8 length.
    private static let longTermsByLength: [[(bytes: [UInt8], term: String)]] = {
        var table = [[(bytes: [UInt8], term: String)]](repeating: [], count: 64)
        for term in ranks.keys.sorted() {
            let bytes = Array(term.utf8)
            if bytes.count > 15 && bytes.count < table.count { table[bytes.count].append((bytes, term)) }
        }
        return table
    }()

    /// The known term spelled by `p[s..<e]`, sharing the literal's storage, so parsing a CSQ/ANN consequence
    /// allocates no String; nil for short or unknown terms (the parser then makes a String).
    static func knownTerm(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String? {
        let n = e - s
        guard n > 15, n < longTermsByLength.count, let base = p.baseAddress else { return nil }
        for candidate in longTermsByLength[n] {
            let same = candidate.bytes.withUnsafeBufferPointer { q in
                guard let a = q.baseAddress else { return false }
                return memcmp(a, base + s, n) == 0
            }
            if same { return candidate.term }
        }
        return nil
    }

    /// `rank(_:)` of the term spelled by `p[s..<e]` (a String is made only for short terms, which need no allocation).
    static func rank(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        if let term = knownTerm(p, s, e) { return rank(term) }
        return e - s > 15 ? order.count : rank(Bytes.string(p, s, e))
    }

    /// Predicted loss of function (null variant) terms for PVS1.
    public static let lossOfFunction: Set<String> = [
        "transcript_ablation", "exon_loss_variant", "splice_acceptor_variant", "splice_donor_variant", "stop_gained",
        "frameshift_variant", "start_lost",
    ]
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
