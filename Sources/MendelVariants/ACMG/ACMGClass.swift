/// The five ACMG/AMP classes.
public enum ACMGClass: String, Sendable, Codable, Hashable, CaseIterable {
    case pathogenic = "P"
    case likelyPathogenic = "LP"
    case uncertain = "VUS"
    case likelyBenign = "LB"
    case benign = "B"

    /// True for P and LP.
    public var isPathogenicSide: Bool { self == .pathogenic || self == .likelyPathogenic }
    /// True for B and LB.
    public var isBenignSide: Bool { self == .benign || self == .likelyBenign }
}
