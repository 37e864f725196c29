/// ClinVar pathogenic / likely pathogenic protein changes for PS1 (same amino acid change) and PM5 (other missense
/// at the same residue). Deliberately not used for PP5/BP6 (retired by ClinGen SVI).
public struct ClinVarIndex: Sendable, Codable, Hashable {
    public struct Entry: Sendable, Codable, Hashable {
        public var gene: String
        public var change: ProteinChange
        public var hgvsc: String
        public var pathogenic: Bool  // true = P or P/LP, false = LP only
        public var variationID: String
        public var reviewStars: Int
    }

    /// Keyed by `GENE:position`.
    public private(set) var byResidue: [String: [Entry]] = [:]
    public private(set) var count = 0
    public var release: String

    public init(release: String = "") { self.release = release }

    public mutating func add(_ entry: Entry) {
        let key = "\(entry.gene.uppercased()):\(entry.change.position)"
        if byResidue[key, default: []].contains(where: { $0.variationID == entry.variationID && !entry.variationID.isEmpty }) { return }
        byResidue[key, default: []].append(entry)
        count += 1
    }

    public func entries(gene: String, position: Int) -> [Entry] { byResidue["\(gene.uppercased()):\(position)"] ?? [] }

    /// Imports ClinVar `variant_summary.txt(.gz)`: rows with a P/LP significance, a protein change in `Name`,
    /// review status of at least one star, one assembly (default GRCh38) so each variation counts once.
    public static func importVariantSummary(path: String, assembly: String = "GRCh38", release: String = "") throws(VCFError) -> ClinVarIndex {
        let label = String(path.split(separator: "/").last ?? "variant_summary")
        let lines = LineReader(source: try ByteSource(path: path, label: label))
        var index = ClinVarIndex(release: release)
        guard let headerRange = try lines.next() else { throw .missingHeader(file: label, line: 0) }
        let header = String(decoding: lines.buffer[headerRange], as: UTF8.self)
            .split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmedChars(["#"]) }
        func col(_ name: String) throws(VCFError) -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw .malformedHeader(VCFIssue(file: label, line: 1, column: 0, reason: "variant_summary column '\(name)' missing"))
            }
            return i
        }
        let cName = try col("Name"), cGene = try col("GeneSymbol"), cSig = try col("ClinicalSignificance")
        let cReview = try col("ReviewStatus"), cAssembly = try col("Assembly")
        let cVariation = header.firstIndex(of: "VariationID")
        while let range = try lines.next() {
            let f = String(decoding: lines.buffer[range], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count > max(cName, cGene, cSig, cReview, cAssembly) else { continue }
            guard f[cAssembly] == assembly else { continue }
            let sig = f[cSig].lowercased()
            guard sig.hasPrefix("pathogenic") || sig.hasPrefix("likely pathogenic") else { continue }
            if sig.contains("conflicting") { continue }
            let stars = ClinVarIndex.stars(String(f[cReview]))
            guard stars >= 1 else { continue }
            let name = String(f[cName])
            guard let open = name.lastIndex(of: "("), name.hasSuffix(")"),
                  let change = ProteinChange(hgvsp: String(name[name.index(after: open)..<name.index(before: name.endIndex)])) else { continue }
            let hgvsc = name.split(separator: " ").first.map { HGVS.codingPart(String($0)) } ?? ""
            index.add(Entry(gene: String(f[cGene]).split(separator: ";").first.map(String.init) ?? "", change: change, hgvsc: hgvsc,
                            pathogenic: sig.hasPrefix("pathogenic"),
                            variationID: cVariation.map { String(f[$0]) } ?? "", reviewStars: stars))
        }
        return index
    }

    /// ClinVar review status → stars.
    public static func stars(_ status: String) -> Int {
        switch status {
        case "practice guideline": 4
        case "reviewed by expert panel": 3
        case "criteria provided, multiple submitters, no conflicts": 2
        case "criteria provided, single submitter", "criteria provided, conflicting classifications",
             "criteria provided, conflicting interpretations": 1
        default: 0
        }
    }
}
