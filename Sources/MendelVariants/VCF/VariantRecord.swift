/// One ALT allele of one VCF record (multi-allelic records are split), with its genotypes and annotations.
public struct VariantRecord: Sendable, Codable, Hashable {
    /// CHROM as written in the file.
    public var chrom: String
    /// Normalised name: no `chr` prefix, mitochondrion = `MT`.
    public var contig: String
    public var position: Int
    public var id: String?
    public var ref: String
    public var alt: String
    /// 1-based index of this ALT in the original record, and the number of ALTs it had.
    public var altIndex: Int
    public var altCount: Int
    public var qual: Double?
    /// FILTER values; empty when `PASS` or `.`.
    public var filters: [String]
    /// Genotypes of the selected samples, in selection order.
    public var genotypes: [Genotype]
    /// Transcript annotations for this ALT.
    public var annotations: [TranscriptAnnotation]
    /// Population frequencies from INFO (gnomAD-style AC_/AN_/AF_/nhomalt_/faf95_ keys) or the annotation.
    public var frequencies: FrequencyEvidence?
    /// Scores from INFO keys (REVEL, CADD_PHRED, SpliceAI, am_pathogenicity); transcript values take precedence.
    public var scores: PredictorScores
    /// ClinVar significance (INFO CLNSIG).
    public var clinicalSignificance: [String]
    /// Line number in the file.
    public var line: Int

    public var passed: Bool { filters.isEmpty }
    public var isSNV: Bool { ref.utf8.count == 1 && alt.utf8.count == 1 && alt != "*" }

    /// The annotation used for interpretation: MANE Select, else canonical, else the most severe consequence.
    public var primaryAnnotation: TranscriptAnnotation? {
        annotations.first(where: \.maneSelect) ?? annotations.first(where: \.canonical)
            ?? annotations.min { $0.severityRank < $1.severityRank }
    }

    /// Stable key `contig-pos-ref-alt`.
    public var key: String { "\(contig)-\(position)-\(ref)-\(alt)" }
}

/// Contig name normalisation (`chr1` ↔ `1`, `chrM`/`M`/`MT` → `MT`).
public enum ContigName {
    public static func normalise(_ name: String) -> String {
        var s = Substring(name)
        if s.count > 3, s.prefix(3).lowercased() == "chr" { s = s.dropFirst(3) }
        if s == "M" || s == "m" || s == "MT" || s == "mt" || s.lowercased() == "chrm" { return "MT" }
        return String(s)
    }
}
