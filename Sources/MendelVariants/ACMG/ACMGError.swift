import MendelCore

/// Errors of the ACMG/AMP engine. Messages name the token kind, never patient data.
public enum ACMGError: MendelError, Equatable {
    case unknownCriterion(token: String)
    case unknownStrength(token: String)
    case invalidPolicy(path: String, reason: String)

    public var code: String {
        switch self {
        case .unknownCriterion: "acmg.unknown_criterion"
        case .unknownStrength: "acmg.unknown_strength"
        case .invalidPolicy: "acmg.invalid_policy"
        }
    }

    public var description: String {
        switch self {
        case .unknownCriterion(let token): "unknown ACMG/AMP criterion code '\(token)'"
        case .unknownStrength(let token): "unknown strength suffix in '\(token)'"
        case .invalidPolicy(let path, let reason): "interpretation policy '\(path)': \(reason)"
        }
    }
}
