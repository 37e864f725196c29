import MendelCore

/// A problem with one VCF line. Names the file label, line, column and reason — never field values.
public struct VCFIssue: Error, Sendable, Codable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// 1-based VCF column (1 = CHROM … 8 = INFO, 9 = FORMAT, 10+ = samples); 0 = whole line.
    public var column: Int
    public var reason: String

    public init(file: String, line: Int, column: Int, reason: String) {
        self.file = file; self.line = line; self.column = column; self.reason = reason
    }

    public var columnName: String {
        let names = ["line", "CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"]
        return column < names.count ? names[column] : "sample \(column - 9)"
    }

    public var description: String { "\(file):\(line): column \(column) (\(columnName)): \(reason)" }
}

/// Errors of the VCF reader.
public enum VCFError: MendelError, Equatable {
    case cannotOpen(file: String)
    case decompression(file: String, reason: String)
    case missingHeader(file: String, line: Int)
    case malformedHeader(VCFIssue)
    case malformedLine(VCFIssue)
    case unknownSample(file: String)
    case malformedPedigree(file: String, line: Int, reason: String)

    public var code: String {
        switch self {
        case .cannotOpen: "vcf.cannot_open"
        case .decompression: "vcf.decompression"
        case .missingHeader: "vcf.missing_header"
        case .malformedHeader: "vcf.malformed_header"
        case .malformedLine: "vcf.malformed_line"
        case .unknownSample: "vcf.unknown_sample"
        case .malformedPedigree: "vcf.malformed_pedigree"
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let file): "\(file): cannot open"
        case .decompression(let file, let reason): "\(file): gzip stream error: \(reason)"
        case .missingHeader(let file, let line): "\(file):\(line): missing #CHROM header line before the first record"
        case .malformedHeader(let issue): "malformed header: \(issue)"
        case .malformedLine(let issue): "malformed line: \(issue)"
        case .unknownSample(let file): "\(file): a selected sample is not in the header"
        case .malformedPedigree(let file, let line, let reason): "\(file):\(line): PED: \(reason)"
        }
    }
}
