import MendelCore

/// Where in an input file a problem was found: file name, 1-based line, optional 1-based column/field.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// 1-based byte column or tab-separated field number (see `field`).
    public var column: Int?
    /// Name of the field or tag, e.g. `frequency` or `is_a`.
    public var field: String?

    public init(file: String, line: Int, column: Int? = nil, field: String? = nil) {
        self.file = file; self.line = line; self.column = column; self.field = field
    }

    public var description: String {
        var text = "\(file):\(line)"
        if let column { text += ":\(column)" }
        if let field { text += " (\(field))" }
        return text
    }
}

/// Errors of the knowledge base: import, snapshot and load. Messages name files, lines and fields only.
public enum KnowledgeError: MendelError, Equatable {
    /// A required file is absent from the directory.
    case missingFile(name: String, directory: String)
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// A line of an input file does not follow its format.
    case malformed(SourceLocation, reason: String)
    /// A snapshot's manifest is missing, unreadable or does not match the files.
    case snapshotInvalid(reason: String)
    /// A cross-file inconsistency, e.g. an annotation to an HPO term the ontology does not know.
    case inconsistent(reason: String)

    public var code: String {
        switch self {
        case .missingFile: "knowledge.missing_file"
        case .io: "knowledge.io"
        case .malformed: "knowledge.malformed_line"
        case .snapshotInvalid: "knowledge.snapshot_invalid"
        case .inconsistent: "knowledge.inconsistent"
        }
    }

    public var description: String {
        switch self {
        case .missingFile(let name, let directory): "required knowledge file '\(name)' not found in \(directory)"
        case .io(let path, let reason): "cannot access \(path): \(reason)"
        case .malformed(let location, let reason): "\(location): \(reason)"
        case .snapshotInvalid(let reason): "invalid knowledge snapshot: \(reason)"
        case .inconsistent(let reason): "inconsistent knowledge files: \(reason)"
        }
    }
}
