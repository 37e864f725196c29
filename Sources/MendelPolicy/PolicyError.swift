import MendelCore

/// Why the policy files could not be loaded. Messages name files, lines and keys, never patient data.
public enum PolicyError: MendelError, Equatable {
    /// A required policy file is absent.
    case missingFile(file: String)
    /// A file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// A file (or the directory) is group/world-writable or owned by another user.
    case insecurePermissions(file: String, mode: String, reason: String)
    /// A `.yaml` file in the directory that is not one of the known policy files.
    case unexpectedFile(file: String)
    /// The content is invalid: YAML syntax, unknown key, wrong type, unknown permission, duplicate...
    case invalid(file: String, line: Int, column: Int, message: String)

    public var code: String {
        switch self {
        case .missingFile: "policy.missing_file"
        case .unreadable: "policy.unreadable"
        case .insecurePermissions: "policy.insecure_permissions"
        case .unexpectedFile: "policy.unexpected_file"
        case .invalid: "policy.invalid"
        }
    }

    public var description: String {
        switch self {
        case .missingFile(let file):
            "required policy file \(file) is missing"
        case .unreadable(let file, let reason):
            "cannot read policy file \(file): \(reason)"
        case .insecurePermissions(let file, let mode, let reason):
            "refusing policy file \(file) (mode \(mode)): \(reason)"
        case .unexpectedFile(let file):
            "unexpected policy file \(file): known files are \(PolicyLoader.requiredFiles.joined(separator: ", "))"
        case .invalid(let file, let line, let column, let message):
            "\(file):\(line):\(column): \(message)"
        }
    }
}
