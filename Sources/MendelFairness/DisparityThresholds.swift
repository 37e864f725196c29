/// When a difference between patient groups is flagged for review (defaults from `Policies/fairness.yaml`:
/// ratio within [0.8, 1.25], absolute difference ≤ 0.1, groups smaller than `minimumGroupSize` not compared).
public struct DisparityThresholds: Sendable, Hashable, Codable {
    public var ratioLower: Double
    public var ratioUpper: Double
    public var maximumDifference: Double
    public var minimumGroupSize: Int

    public init(ratioLower: Double = 0.8, ratioUpper: Double = 1.25, maximumDifference: Double = 0.1, minimumGroupSize: Int = 30) {
        self.ratioLower = ratioLower
        self.ratioUpper = ratioUpper
        self.maximumDifference = maximumDifference
        self.minimumGroupSize = minimumGroupSize
    }

    /// True when a metric's ratio or difference between two groups falls outside the thresholds.
    public func isDisparity(ratio: Double?, difference: Double) -> Bool {
        if abs(difference) > maximumDifference { return true }
        if let ratio, ratio.isFinite, ratio < ratioLower || ratio > ratioUpper { return true }
        return false
    }
}
