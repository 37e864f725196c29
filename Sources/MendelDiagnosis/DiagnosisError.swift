import MendelCore

/// Errors of the diagnosis engine. Messages never contain patient data.
public enum DiagnosisError: MendelError, Equatable {
    /// The parameters exclude every disease (e.g. an unknown namespace).
    case noCandidateDiseases
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, reason: String)

    public var code: String {
        switch self {
        case .noCandidateDiseases: "diagnosis.no_candidates"
        case .invalidParameter: "diagnosis.invalid_parameter"
        }
    }

    public var description: String {
        switch self {
        case .noCandidateDiseases: "no disease of the knowledge base matches the selected namespaces"
        case .invalidParameter(let name, let reason): "diagnosis parameter '\(name)' \(reason)"
        }
    }
}
