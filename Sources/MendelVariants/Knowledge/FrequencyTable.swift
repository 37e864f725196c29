/// Per-ancestry allele counts keyed by `contig-pos-ref-alt`, imported from a gnomAD-style TSV or VCF.
///
/// TSV format (tab-separated, one header line): `chrom pos ref alt` then any of `AC_<group>`, `AN_<group>`,
/// `AF_<group>`, `nhomalt_<group>`, `faf95_<group>` (group codes as gnomAD: afr, amr, asj, eas, fin, mid, nfe, sas,
/// ami, remaining). VCF format: the same keys in INFO (the gnomAD release VCFs).
public struct FrequencyTable: Sendable {
    public var dataset: String
    public private(set) var entries: [String: [PopulationFrequency]] = [:]

    public init(dataset: String) { self.dataset = dataset }

    public mutating func set(_ groups: [PopulationFrequency], contig: String, position: Int, ref: String, alt: String) {
        entries["\(ContigName.normalise(contig))-\(position)-\(ref)-\(alt)"] = groups
    }

    /// Evidence for a variant: its groups, or an empty covered record (absent) when the table has none.
    public func evidence(for record: VariantRecord) -> FrequencyEvidence {
        FrequencyEvidence(groups: entries[record.key] ?? [], dataset: dataset, covered: true)
    }

    public static func importTSV(path: String, dataset: String) throws(VCFError) -> FrequencyTable {
        let label = String(path.split(separator: "/").last ?? "frequencies")
        let lines = LineReader(source: try ByteSource(path: path, label: label))
        guard let headerRange = try lines.next() else { throw .missingHeader(file: label, line: 0) }
        let header = String(decoding: lines.buffer[headerRange], as: UTF8.self).split(separator: "\t").map(String.init)
        let lower = header.map { $0.lowercased().trimmedChars(["#"]) }
        guard let cChrom = lower.firstIndex(of: "chrom"), let cPos = lower.firstIndex(of: "pos"),
              let cRef = lower.firstIndex(of: "ref"), let cAlt = lower.firstIndex(of: "alt") else {
            throw .malformedHeader(VCFIssue(file: label, line: 1, column: 0, reason: "frequency TSV needs chrom, pos, ref, alt columns"))
        }
        enum Kind { case ac, an, af, hom, faf }
        var columns: [(Int, Kind, String)] = []
        for (i, name) in header.enumerated() {
            for (prefix, kind) in [("AC_", Kind.ac), ("AN_", .an), ("AF_", .af), ("nhomalt_", .hom), ("faf95_", .faf)] where name.hasPrefix(prefix) {
                columns.append((i, kind, PopulationFrequency.normalisedGroup(String(name.dropFirst(prefix.count)))))
            }
        }
        var table = FrequencyTable(dataset: dataset)
        while let range = try lines.next() {
            let f = String(decoding: lines.buffer[range], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == header.count, let pos = Int(f[cPos]) else {
                throw .malformedLine(VCFIssue(file: label, line: lines.lineNumber, column: 0, reason: "expected \(header.count) columns with an integer pos"))
            }
            var groups: [String: PopulationFrequency] = [:]
            for (i, kind, g) in columns {
                var entry = groups[g] ?? PopulationFrequency(group: g)
                switch kind {
                case .ac: entry.alleleCount = Int(f[i])
                case .an: entry.alleleNumber = Int(f[i])
                case .af: entry.givenAF = Double(f[i])
                case .hom: entry.homozygotes = Int(f[i])
                case .faf: entry.givenFilteringAF = Double(f[i])
                }
                groups[g] = entry
            }
            table.set(groups.values.sorted { $0.group < $1.group }, contig: String(f[cChrom]), position: pos, ref: String(f[cRef]), alt: String(f[cAlt]))
        }
        return table
    }

    public static func importVCF(path: String, dataset: String) throws(VCFError) -> FrequencyTable {
        let reader = try VCFReader(path: path, options: VCFReaderOptions(samples: [], parseAnnotations: false))
        var table = FrequencyTable(dataset: dataset)
        while let r = try reader.next() {
            table.set(r.frequencies?.groups ?? [], contig: r.contig, position: r.position, ref: r.ref, alt: r.alt)
        }
        return table
    }
}

/// Gene constraint (LOEUF) imported from a gnomAD constraint TSV.
///
/// Accepted columns: gene symbol `gene` (or `gene_symbol`), LOEUF `lof.oe_ci.upper` (v4) or `oe_lof_upper` (v2.1.1);
/// when `mane_select` or `canonical` columns exist, rows with `true` are preferred.
public struct ConstraintTable: Sendable, Codable, Hashable {
    public var loeuf: [String: Double] = [:]
    public init(loeuf: [String: Double] = [:]) { self.loeuf = loeuf }

    public static func importTSV(path: String) throws(VCFError) -> ConstraintTable {
        let label = String(path.split(separator: "/").last ?? "constraint")
        let lines = LineReader(source: try ByteSource(path: path, label: label))
        guard let headerRange = try lines.next() else { throw .missingHeader(file: label, line: 0) }
        let header = String(decoding: lines.buffer[headerRange], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard let cGene = header.firstIndex(of: "gene") ?? header.firstIndex(of: "gene_symbol"),
              let cLoeuf = header.firstIndex(of: "lof.oe_ci.upper") ?? header.firstIndex(of: "oe_lof_upper") else {
            throw .malformedHeader(VCFIssue(file: label, line: 1, column: 0, reason: "constraint TSV needs gene and lof.oe_ci.upper (or oe_lof_upper)"))
        }
        let cPreferred = header.firstIndex(of: "mane_select") ?? header.firstIndex(of: "canonical")
        var table = ConstraintTable()
        var preferredSeen = Set<String>()
        while let range = try lines.next() {
            let f = String(decoding: lines.buffer[range], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count > max(cGene, cLoeuf), let value = Double(f[cLoeuf]) else { continue }
            let gene = f[cGene].uppercased()
            let preferred = cPreferred.map { $0 < f.count && f[$0].lowercased() == "true" } ?? false
            if preferred {
                if preferredSeen.insert(gene).inserted { table.loeuf[gene] = value }
            } else if table.loeuf[gene] == nil {
                table.loeuf[gene] = value
            }
        }
        return table
    }
}
