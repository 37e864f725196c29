import Yams

/// Thresholds for fairness checks (`Policies/fairness.yaml`).
public struct FairnessPolicy: Sendable, Hashable {
    /// What happens when a check fails. `flag` marks the decision for human review in the report and audit log.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case flag
    }

    /// A group metric ratio outside `[lower, upper]` fails (default [0.8, 1.25], the four-fifths rule).
    public var ratioLower: Double
    public var ratioUpper: Double
    /// An absolute difference in a group metric above this fails (default 0.1).
    public var maxDifference: Double
    /// Groups smaller than this are reported but not tested (too few to judge).
    public var minGroupSize: Int
    public var action: Action

    public init(ratioLower: Double = 0.8, ratioUpper: Double = 1.25, maxDifference: Double = 0.1, minGroupSize: Int = 30, action: Action = .flag) {
        self.ratioLower = ratioLower
        self.ratioUpper = ratioUpper
        self.maxDifference = maxDifference
        self.minGroupSize = minGroupSize
        self.action = action
    }

    static func parse(_ root: Node, reader: YAMLReader) throws(PolicyError) -> FairnessPolicy {
        var policy = FairnessPolicy()
        for pair in try reader.mapping(root, what: "fairness.yaml", allowed: ["version", "ratio_bounds", "max_difference", "min_group_size", "action"]) {
            switch pair.key {
            case "version": try reader.checkVersion(pair.value)
            case "ratio_bounds":
                let items = try reader.sequence(pair.value, what: "ratio_bounds")
                guard items.count == 2 else { throw reader.fail(pair.value, "ratio_bounds must be a list of two numbers [lower, upper]") }
                let lower = try reader.double(items[0], what: "the lower ratio bound")
                let upper = try reader.double(items[1], what: "the upper ratio bound")
                guard lower > 0, lower <= 1, upper >= 1 else {
                    throw reader.fail(pair.value, "ratio_bounds need 0 < lower <= 1 <= upper")
                }
                policy.ratioLower = lower
                policy.ratioUpper = upper
            case "max_difference":
                let value = try reader.double(pair.value, what: "max_difference")
                guard value >= 0, value <= 1 else { throw reader.fail(pair.value, "max_difference must be between 0 and 1") }
                policy.maxDifference = value
            case "min_group_size":
                let value = try reader.int(pair.value, what: "min_group_size")
                guard value >= 1 else { throw reader.fail(pair.value, "min_group_size must be at least 1") }
                policy.minGroupSize = value
            default:
                let name = try reader.string(pair.value, what: "action")
                guard let action = Action(rawValue: name) else {
                    throw reader.fail(pair.value, "unknown action '\(name)' (known: \(Action.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                policy.action = action
            }
        }
        return policy
    }
}
