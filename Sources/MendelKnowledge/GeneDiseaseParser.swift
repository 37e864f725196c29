import MendelCore

/// A gene as named by the HPO gene files.
public struct Gene: Sendable, Hashable, Codable {
    /// NCBI (Entrez) gene id.
    public var ncbiGeneID: UInt32
    /// HGNC-approved symbol as of the HPO release.
    public var symbol: String
    /// HGNC id (`HGNC:nnnn`) when a loaded source provides it (the HPO files do not); nil otherwise.
    public var hgncID: String?

    public init(ncbiGeneID: UInt32, symbol: String, hgncID: String? = nil) {
        self.ncbiGeneID = ncbiGeneID; self.symbol = symbol; self.hgncID = hgncID
    }
}

/// A gene–disease association read from `genes_to_phenotype.txt` or `phenotype_to_genes.txt`.
public struct GeneDiseaseAssociation: Sendable, Hashable {
    public var gene: Gene
    public var disease: DiseaseID
}

/// Parser for the HPO gene files. Columns are located by the header line (`ncbi_gene_id`, `gene_symbol`,
/// `disease_id`), so both `genes_to_phenotype.txt` and `phenotype_to_genes.txt` work.
/// Returns unique associations in first-seen order.
public enum GeneDiseaseParser {
    public static func parse(_ bytes: [UInt8], fileName: String = "genes_to_phenotype.txt") throws(KnowledgeError) -> [GeneDiseaseAssociation] {
        var result: [GeneDiseaseAssociation] = []
        try bytes.withUnsafeBufferPointer { (buffer) throws(KnowledgeError) in
            try parse(buffer, fileName: fileName, into: &result)
        }
        return result
    }

    private struct PairKey: Hashable { var gene: UInt32; var disease: String }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, fileName: String, into result: inout [GeneDiseaseAssociation]) throws(KnowledgeError) {
        var fields: [Range<Int>] = []
        var geneColumn = -1, symbolColumn = -1, diseaseColumn = -1, fieldCount = 0
        var seen = Set<PairKey>()
        var symbols: [UInt32: String] = [:]
        var lastGene: UInt32 = .max
        var lastDiseaseRange = 0..<0
        try ByteScanning.forEachLine(buffer) { (line, number) throws(KnowledgeError) in
            guard !line.isEmpty, buffer[line.startIndex] != UInt8(ascii: "#") else { return }
            ByteScanning.splitTabs(line, into: &fields)
            if geneColumn < 0 {
                for (position, field) in fields.enumerated() {
                    let name = ByteScanning.string(buffer, field)
                    if name == "ncbi_gene_id" { geneColumn = position }
                    if name == "gene_symbol" { symbolColumn = position }
                    if name == "disease_id" { diseaseColumn = position }
                }
                guard geneColumn >= 0, symbolColumn >= 0, diseaseColumn >= 0 else {
                    throw .malformed(SourceLocation(file: fileName, line: number),
                                     reason: "header must name the columns ncbi_gene_id, gene_symbol and disease_id")
                }
                fieldCount = fields.count
                return
            }
            guard fields.count == fieldCount else {
                throw .malformed(SourceLocation(file: fileName, line: number),
                                 reason: "expected \(fieldCount) tab-separated fields, found \(fields.count)")
            }
            guard let geneID = ByteScanning.unsignedInteger(buffer, fields[geneColumn]) else {
                throw .malformed(SourceLocation(file: fileName, line: number, column: geneColumn + 1, field: "ncbi_gene_id"),
                                 reason: "expected a numeric NCBI gene id")
            }
            if geneID == lastGene && ByteScanning.equalRanges(buffer, fields[diseaseColumn], lastDiseaseRange) { return }
            lastGene = geneID; lastDiseaseRange = fields[diseaseColumn]
            let diseaseText = ByteScanning.string(buffer, fields[diseaseColumn])
            guard seen.insert(PairKey(gene: geneID, disease: diseaseText)).inserted else { return }
            guard let disease = DiseaseID(diseaseText) else {
                throw .malformed(SourceLocation(file: fileName, line: number, column: diseaseColumn + 1, field: "disease_id"),
                                 reason: "expected a disease id PREFIX:LOCAL")
            }
            let symbol: String
            if let known = symbols[geneID] { symbol = known } else {
                symbol = ByteScanning.string(buffer, fields[symbolColumn])
                guard !symbol.isEmpty else {
                    throw .malformed(SourceLocation(file: fileName, line: number, column: symbolColumn + 1, field: "gene_symbol"),
                                     reason: "empty gene symbol")
                }
                symbols[geneID] = symbol
            }
            result.append(GeneDiseaseAssociation(gene: Gene(ncbiGeneID: geneID, symbol: symbol), disease: disease))
        }
    }
}
