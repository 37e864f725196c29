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
    public var primaryAnnotation: TranscriptAnnotation? { primaryAnnotationIndex.map { annotations[$0] } }

    /// Index of `primaryAnnotation` in `annotations` (the first of the most severe: as `min(by:)`). By index, reading
    /// stored fields only: iterating by value would copy every annotation.
    var primaryAnnotationIndex: Int? {
        guard !annotations.isEmpty else { return nil }
        for i in annotations.indices where annotations[i].maneSelect { return i }
        for i in annotations.indices where annotations[i].canonical { return i }
        var best = 0, bestRank = Consequence.severityRank(of: annotations[0].consequences)
        for i in annotations.indices.dropFirst() {
            let rank = Consequence.severityRank(of: annotations[i].consequences)
            if rank < bestRank { best = i; bestRank = rank }
        }
        return best
    }

    /// Stable key `contig-pos-ref-alt`.
    public var key: String { VariantRecord.key(contig: contig, position: position, ref: ref, alt: alt) }

    /// `contig-pos-ref-alt`: the text of the interpolation, written into one buffer (no appends).
    static func key(contig: String, position: Int, ref: String, alt: String) -> String {
        guard position >= 0 else { return "\(contig)-\(position)-\(ref)-\(alt)" }
        var digits = 1, rest = position
        while rest >= 10 { rest /= 10; digits += 1 }
        let count = contig.utf8.count + ref.utf8.count + alt.utf8.count + digits + 3
        return String(unsafeUninitializedCapacity: count) { buffer in
            var k = 0
            for b in contig.utf8 { buffer[k] = b; k += 1 }
            buffer[k] = 0x2D; k += digits + 1
            var n = position, d = k - 1
            repeat { buffer[d] = UInt8(truncatingIfNeeded: 0x30 + n % 10); n /= 10; d -= 1 } while n > 0
            buffer[k] = 0x2D; k += 1
            for b in ref.utf8 { buffer[k] = b; k += 1 }
            buffer[k] = 0x2D; k += 1
            for b in alt.utf8 { buffer[k] = b; k += 1 }
            return k
        }
    }
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
