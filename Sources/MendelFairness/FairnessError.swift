import MendelCore

/// Errors of the fairness checks. Messages name fields, never patient values.
public enum FairnessError: MendelError, Equatable {
    /// A cohort metric was asked for with no records.
    case emptyCohort
    /// An input field was invalid (`field` names it).
    case invalidInput(field: String, reason: String)

    public var code: String {
        switch self {
        case .emptyCohort: "fairness.empty_cohort"
        case .invalidInput: "fairness.invalid_input"
        }
    }

    public var description: String {
        switch self {
        case .emptyCohort: "no records to compute cohort metrics from"
        case .invalidInput(let field, let reason): "invalid \(field): \(reason)"
        }
    }
}
