import MendelCore

/// Errors of the phenotype module. Messages name positions and fields, never note text.
public enum PhenotypeError: MendelError, Equatable {
    /// Input bytes are not valid UTF-8; `byteOffset` is the first invalid byte.
    case invalidUTF8(byteOffset: Int)
    /// A lexicon was built from no usable entries.
    case emptyLexicon
    /// A line of a JSONL input could not be read (bench / batch use).
    case malformedInput(line: Int, reason: String)

    public var code: String {
        switch self {
        case .invalidUTF8: "phenotype.invalid_utf8"
        case .emptyLexicon: "phenotype.empty_lexicon"
        case .malformedInput: "phenotype.malformed_input"
        }
    }

    public var description: String {
        switch self {
        case .invalidUTF8(let offset): "note text is not valid UTF-8 (first invalid byte at offset \(offset))"
        case .emptyLexicon: "concept lexicon has no usable entries"
        case .malformedInput(let line, let reason): "malformed input at line \(line): \(reason)"
        }
    }
}
