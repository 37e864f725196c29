import MendelCore

/// Errors of the LLM-assisted steps. Messages name files and fields, never case data or model text.
public enum AssistError: MendelError, Equatable {
    /// A prompt template file is missing or unreadable.
    case templateUnavailable(name: String, reason: String)
    /// A prompt template is malformed (sections, placeholders).
    case templateInvalid(name: String, reason: String)

    public var code: String {
        switch self {
        case .templateUnavailable: "assist.template_unavailable"
        case .templateInvalid: "assist.template_invalid"
        }
    }

    public var description: String {
        switch self {
        case .templateUnavailable(let name, let reason): "\(code): \(name): \(reason)"
        case .templateInvalid(let name, let reason): "\(code): \(name): \(reason)"
        }
    }
}
