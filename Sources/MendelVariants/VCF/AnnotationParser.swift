/// Field positions of VEP `CSQ` or SnpEff `ANN`, resolved once from the header.
struct AnnotationLayout: Sendable {
    enum Kind: Sendable { case vep, snpEff }
    let kind: Kind
    let fieldCount: Int
    var allele = -1, consequence = -1, impact = -1, symbol = -1, gene = -1, feature = -1, biotype = -1
    var exon = -1, intron = -1, hgvsc = -1, hgvsp = -1, proteinPosition = -1, aminoAcids = -1
    var canonical = -1, mane = -1, hgnc = -1, revel = -1, alphaMissense = -1, cadd = -1, clinSig = -1, lof = -1
    var alleleNum = -1, warnings = -1
    var spliceAI: [Int] = []
    /// (field index, group code) for gnomAD group AFs.
    var groupAF: [(Int, String)] = []
    var maxAF = -1, maxAFPops = -1

    init(vepFields fields: [String]) {
        kind = .vep
        fieldCount = fields.count
        for (i, raw) in fields.enumerated() {
            let name = raw
            switch name {
            case "Allele": allele = i
            case "Consequence": consequence = i
            case "IMPACT": impact = i
            case "SYMBOL": symbol = i
            case "Gene": gene = i
            case "Feature": feature = i
            case "BIOTYPE": biotype = i
            case "EXON": exon = i
            case "INTRON": intron = i
            case "HGVSc": hgvsc = i
            case "HGVSp": hgvsp = i
            case "Protein_position": proteinPosition = i
            case "Amino_acids": aminoAcids = i
            case "CANONICAL": canonical = i
            case "MANE_SELECT", "MANE": if mane < 0 { mane = i }
            case "HGNC_ID": hgnc = i
            case "REVEL", "REVEL_score": revel = i
            case "am_pathogenicity", "AlphaMissense", "AlphaMissense_score": alphaMissense = i
            case "CADD_PHRED", "CADD_phred": cadd = i
            case "CLIN_SIG", "ClinVar_CLNSIG": clinSig = i
            case "LoF": lof = i
            case "ALLELE_NUM": alleleNum = i
            case "MAX_AF": maxAF = i
            case "MAX_AF_POPS": maxAFPops = i
            case "SpliceAI_pred_DS_AG", "SpliceAI_pred_DS_AL", "SpliceAI_pred_DS_DG", "SpliceAI_pred_DS_DL": spliceAI.append(i)
            default:
                if let group = AnnotationLayout.gnomADGroup(name) { groupAF.append((i, group)) }
            }
        }
    }

    init(snpEffFields fields: [String]) {
        kind = .snpEff
        fieldCount = fields.count
        allele = 0; consequence = 1; impact = 2; symbol = 3; gene = 4; feature = 6; biotype = 7; exon = 8
        hgvsc = 9; hgvsp = 10; proteinPosition = 13; warnings = 15
    }

    /// `gnomAD_AFR_AF`, `gnomADe_AFR_AF`, `gnomADg_AFR_AF`, `gnomADe_AFR` → `afr`; other names → nil.
    static func gnomADGroup(_ name: String) -> String? {
        let lower = name.lowercased()
        let prefixes = ["gnomade_", "gnomadg_", "gnomad_"]
        guard let prefix = prefixes.first(where: { lower.hasPrefix($0) }) else { return nil }
        var rest = Substring(lower.dropFirst(prefix.count))
        if rest.hasSuffix("_af") { rest = rest.dropLast(3) }
        if rest.hasPrefix("af_") { rest = rest.dropFirst(3) }
        guard !rest.isEmpty, rest != "af", !rest.contains("_") else { return nil }
        return PopulationFrequency.normalisedGroup(String(rest))
    }
}

enum AnnotationParser {
    /// Parses one CSQ/ANN value into `info`: the annotations per ALT index (every entry, or with `primaryOnly` only the
    /// one `VariantRecord.primaryAnnotation` would pick from all of them) and, from every entry either way, the per-ALT
    /// parts the record takes from all transcripts (scores filled in entry order, CLIN_SIG terms, the first group AFs,
    /// the first MAX_AF). `vepAlleles[i]` is the VEP allele string of ALT i+1; `alts[i]` the VCF ALT. `scratch` is
    /// reused field-bound storage (any content).
    static func parse(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, layout: AnnotationLayout,
                      alts: [String], vepAlleles: [String], primaryOnly: Bool, scratch: inout [Int],
                      into info: inout RecordParser.InfoValues) {
        var entryStart = start
        if scratch.count < (layout.fieldCount + 1) * 2 { scratch = [Int](repeating: 0, count: (layout.fieldCount + 1) * 2) }
        if !primaryOnly && info.annotations.count == 1 && info.annotations[0].isEmpty {
            // One ALT: every entry is (at most) one annotation of it; one allocation instead of growing.
            var entries = 1
            var k = start
            while let comma = Bytes.find(Bytes.comma, p, k, end) { entries += 1; k = comma + 1 }
            info.annotations[0].reserveCapacity(entries)
        }
        scratch.withUnsafeMutableBufferPointer { fieldBounds in
        while entryStart <= end {
            // Split the entry on '|' up to the next ',' (one pass).
            var n = 0
            var s = entryStart
            var i = entryStart
            while true {
                i = Bytes.findEither(Bytes.pipe, Bytes.comma, p, i, end)   // 8 bytes per step
                let b: UInt8 = i < end ? p[i] : Bytes.comma
                if n < layout.fieldCount { fieldBounds[2 * n] = s; fieldBounds[2 * n + 1] = i }
                n += 1; s = i + 1
                if b == Bytes.comma { break }
                i += 1
            }
            let entryEnd = i
            if n >= 2 {
                let count = min(n, layout.fieldCount)
                func f(_ index: Int) -> (Int, Int)? {
                    guard index >= 0, index < count else { return nil }
                    let a = fieldBounds[2 * index], b = fieldBounds[2 * index + 1]
                    return a < b ? (a, b) : nil
                }
                func text(_ index: Int) -> String? { f(index).map { Bytes.string(p, $0.0, $0.1) } }
                /// HGVS text, percent-decoded from the bytes (no intermediate String when there is no `%`).
                func hgvs(_ index: Int) -> String? {
                    guard let (a, b) = f(index) else { return nil }
                    return Bytes.find(0x25, p, a, b) == nil ? Bytes.string(p, a, b) : Bytes.percentDecoded(Bytes.string(p, a, b))
                }
                func number(_ index: Int) -> Double? {
                    guard let (a, b) = f(index) else { return nil }
                    // Some plugins write `0.5&0.6` (several transcripts): take the maximum.
                    var best: Double?
                    var s = a
                    var k = a
                    while k <= b {
                        if k == b || p[k] == Bytes.amp || p[k] == Bytes.comma {
                            if let v = Bytes.double(p, s, k) { best = max(best ?? v, v) }
                            s = k + 1
                        }
                        k += 1
                    }
                    return best
                }
                func ratio(_ index: Int) -> (Int?, Int?) {
                    guard let (a, b) = f(index) else { return (nil, nil) }
                    var slash = a
                    while slash < b && p[slash] != Bytes.slash { slash += 1 }
                    let lhs = Bytes.int(p, a, slash)
                    // Exon ranges such as `2-3/10` keep the first number.
                    let first = lhs ?? {
                        var dash = a
                        while dash < slash && p[dash] != 0x2D { dash += 1 }
                        return Bytes.int(p, a, dash)
                    }()
                    return (first, slash < b ? Bytes.int(p, slash + 1, b) : nil)
                }
                func scores() -> PredictorScores {
                    var scores = PredictorScores(revel: number(layout.revel), alphaMissense: number(layout.alphaMissense),
                                                 spliceAI: nil, caddPhred: number(layout.cadd))
                    for index in layout.spliceAI {
                        if let v = number(index) { scores.spliceAI = max(scores.spliceAI ?? v, v) }
                    }
                    return scores
                }
                func clinicalSignificance() -> [String] {
                    guard let (a, b) = f(layout.clinSig) else { return [] }
                    return Bytes.string(p, a, b).split(whereSeparator: { $0 == "&" || $0 == "/" || $0 == "," }).map { $0.lowercased() }
                }
                func groupFrequencies() -> [String: Double] {
                    var groups: [String: Double] = [:]
                    for (index, group) in layout.groupAF {
                        if let v = number(index) { groups[group] = max(groups[group] ?? v, v) }
                    }
                    return groups
                }
                func maxAFPopulations() -> [String]? { text(layout.maxAFPops)?.split(separator: "&").map(String.init) }
                /// Severity rank of the entry's most severe consequence, from the bytes (as `severityRank`).
                func severityRank() -> Int {
                    var rank = Consequence.rank("")
                    guard let (a, b) = f(layout.consequence) else { return rank }
                    var s = a
                    var k = a
                    while k <= b {
                        if k == b || p[k] == Bytes.amp {
                            if s < k { rank = min(rank, Consequence.rank(p, s, k)) }
                            s = k + 1
                        }
                        k += 1
                    }
                    return rank
                }

                // Which ALT does this entry belong to?
                var altIndex = 0
                if let (a, b) = f(layout.alleleNum), let num = Bytes.int(p, a, b) {
                    altIndex = num
                } else if let (a, b) = f(layout.allele) {
                    let allele = Bytes.string(p, a, b)
                    if layout.kind == .vep {
                        if let k = vepAlleles.firstIndex(of: allele) ?? alts.firstIndex(of: allele) { altIndex = k + 1 }
                    } else if let k = alts.firstIndex(of: allele) {
                        altIndex = k + 1
                    }
                } else if alts.count == 1 {
                    altIndex = 1
                }
                if altIndex >= 1 && altIndex <= info.annotations.count {
                    let alt = altIndex - 1
                    var keep = true
                    var choice = RecordParser.PrimaryChoice(taken: true)
                    if primaryOnly {
                        choice.mane = f(layout.mane) != nil
                        choice.canonical = f(layout.canonical).map { Bytes.equals(p, $0.0, $0.1, "YES") } ?? false
                        keep = info.primary[alt].isBeaten(by: &choice, severityRank)
                    }
                    if keep {
                        var ann = TranscriptAnnotation()
                        if let (a, b) = f(layout.consequence) {
                            var terms: [String] = []
                            var s = a
                            var k = a
                            while k <= b {
                                if k == b || p[k] == Bytes.amp { if s < k { terms.append(Consequence.knownTerm(p, s, k) ?? Bytes.string(p, s, k)) }; s = k + 1 }
                                k += 1
                            }
                            ann.consequences = terms
                        }
                        ann.impact = text(layout.impact)
                        ann.geneSymbol = text(layout.symbol)
                        ann.geneID = text(layout.gene)
                        ann.hgncID = text(layout.hgnc)
                        ann.transcript = text(layout.feature)
                        ann.biotype = text(layout.biotype)
                        ann.hgvsc = hgvs(layout.hgvsc)
                        ann.hgvsp = hgvs(layout.hgvsp)
                        (ann.exon, ann.exonCount) = ratio(layout.exon)
                        (ann.intron, ann.intronCount) = ratio(layout.intron)
                        if layout.kind == .vep {
                            if let (a, b) = f(layout.proteinPosition) {
                                var dash = a
                                while dash < b && p[dash] != 0x2D && p[dash] != Bytes.slash { dash += 1 }
                                ann.proteinPosition = Bytes.int(p, a, dash)
                            }
                        } else {
                            ann.proteinPosition = ratio(layout.proteinPosition).0
                        }
                        ann.aminoAcids = text(layout.aminoAcids)
                        if let (a, b) = f(layout.canonical) { ann.canonical = Bytes.equals(p, a, b, "YES") }
                        ann.maneSelect = f(layout.mane) != nil
                        ann.lof = text(layout.lof)
                        ann.scores = scores()
                        ann.clinicalSignificance = clinicalSignificance()
                        ann.groupFrequencies = groupFrequencies()
                        if let w = text(layout.warnings) { ann.warnings = w.split(separator: "&").map(String.init) }
                        if let maxAF = number(layout.maxAF) {
                            ann.maxAF = maxAF
                            ann.maxAFPopulations = maxAFPopulations()
                        }
                        info.takeParts(of: ann, alt: alt)
                        if primaryOnly {
                            if !choice.mane && !choice.canonical { choice.rank = severityRank() }
                            info.primary[alt] = choice
                            if info.annotations[alt].isEmpty { info.annotations[alt].append(ann) } else { info.annotations[alt][0] = ann }
                        } else {
                            info.annotations[alt].append(ann)
                        }
                    } else {
                        // An entry that is not kept: only what the record takes from every transcript.
                        info.scores[alt] = info.scores[alt].filling(from: scores())
                        if layout.clinSig >= 0 { info.addClinicalSignificance(clinicalSignificance(), alt: alt) }
                        if info.annotationGroups[alt].isEmpty && !layout.groupAF.isEmpty {
                            info.annotationGroups[alt] = groupFrequencies()
                        }
                        if info.maxAF[alt] == nil, let maxAF = number(layout.maxAF) { info.maxAF[alt] = (maxAF, maxAFPopulations()) }
                    }
                }
            }
            entryStart = entryEnd + 1
        }
        }
    }

    /// VEP's allele string for each ALT: the shared first base is removed when REF and all ALTs start with it;
    /// an empty allele is `-`.
    static func vepAlleles(ref: String, alts: [String]) -> [String] {
        // SNVs (the common case): VEP writes the ALT as is.
        if ref.utf8.count == 1 && alts.allSatisfy({ $0.utf8.count == 1 }) { return alts }
        let refBytes = Array(ref.utf8)
        let altBytes = alts.map { Array($0.utf8) }
        let allSNVLength = refBytes.count == 1 && altBytes.allSatisfy { $0.count == 1 }
        let sharedFirst = !allSNVLength && !refBytes.isEmpty
            && altBytes.allSatisfy { !$0.isEmpty && $0[0] == refBytes[0] && $0[0] != 0x3C && $0[0] != 0x2A }
        return altBytes.map { bytes in
            guard sharedFirst else { return String(decoding: bytes, as: UTF8.self) }
            let rest = bytes.dropFirst()
            return rest.isEmpty ? "-" : String(decoding: rest, as: UTF8.self)
        }
    }
}
