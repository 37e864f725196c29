/// One transcript consequence from VEP `CSQ` or SnpEff `ANN`, with the scores that came with it.
public struct TranscriptAnnotation: Sendable, Codable, Hashable {
    /// Sequence Ontology terms, e.g. `["missense_variant", "splice_region_variant"]`.
    public var consequences: [String]
    /// `HIGH`, `MODERATE`, `LOW`, `MODIFIER`.
    public var impact: String?
    public var geneSymbol: String?
    public var geneID: String?
    public var hgncID: String?
    public var transcript: String?
    public var biotype: String?
    /// HGVS c. (percent-decoded, transcript prefix kept as given).
    public var hgvsc: String?
    /// HGVS p. (percent-decoded).
    public var hgvsp: String?
    /// Exon number and count (`EXON` = `11/27`, SnpEff rank).
    public var exon: Int?
    public var exonCount: Int?
    public var intron: Int?
    public var intronCount: Int?
    public var proteinPosition: Int?
    public var aminoAcids: String?
    public var canonical: Bool
    public var maneSelect: Bool
    /// LOFTEE `LoF` (HC/LC) where present.
    public var lof: String?
    public var scores: PredictorScores
    /// ClinVar significance terms (CLIN_SIG), e.g. `pathogenic`, `benign`.
    public var clinicalSignificance: [String]
    /// Per-group allele frequencies from the annotation (e.g. gnomAD_AFR_AF), keyed by group code.
    public var groupFrequencies: [String: Double]
    /// VEP `MAX_AF` (highest AF over the populations VEP reports) and `MAX_AF_POPS`: an already-computed maximum,
    /// used as a supplied group maximum when no per-group data qualifies.
    public var maxAF: Double? = nil
    public var maxAFPopulations: [String]? = nil
    /// SnpEff errors/warnings (e.g. WARNING_REF_DOES_NOT_MATCH_GENOME).
    public var warnings: [String]

    public init(consequences: [String] = [], impact: String? = nil, geneSymbol: String? = nil, geneID: String? = nil,
                hgncID: String? = nil, transcript: String? = nil, biotype: String? = nil, hgvsc: String? = nil,
                hgvsp: String? = nil, exon: Int? = nil, exonCount: Int? = nil, intron: Int? = nil, intronCount: Int? = nil,
                proteinPosition: Int? = nil, aminoAcids: String? = nil, canonical: Bool = false, maneSelect: Bool = false,
                lof: String? = nil, scores: PredictorScores = PredictorScores(), clinicalSignificance: [String] = [],
                groupFrequencies: [String: Double] = [:], warnings: [String] = []) {
        self.consequences = consequences; self.impact = impact; self.geneSymbol = geneSymbol; self.geneID = geneID
        self.hgncID = hgncID; self.transcript = transcript; self.biotype = biotype; self.hgvsc = hgvsc; self.hgvsp = hgvsp
        self.exon = exon; self.exonCount = exonCount; self.intron = intron; self.intronCount = intronCount
        self.proteinPosition = proteinPosition; self.aminoAcids = aminoAcids; self.canonical = canonical
        self.maneSelect = maneSelect; self.lof = lof; self.scores = scores; self.clinicalSignificance = clinicalSignificance
        self.groupFrequencies = groupFrequencies; self.warnings = warnings
    }

    /// Severity rank of the most severe consequence (lower = more severe; Ensembl order).
    public var severityRank: Int { consequences.map(Consequence.rank).min() ?? Consequence.rank("") }
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
