/// Counts of applied criteria per direction and strength; a code counts at its applied strength.
public struct EvidenceTally: Sendable, Hashable, Codable {
    public var pathogenicVeryStrong = 0
    public var pathogenicStrong = 0
    public var pathogenicModerate = 0
    public var pathogenicSupporting = 0
    public var benignStandAlone = 0
    public var benignVeryStrong = 0
    public var benignStrong = 0
    public var benignModerate = 0
    public var benignSupporting = 0

    public init(_ criteria: [AppliedCriterion]) {
        for criterion in criteria {
            switch (criterion.direction, criterion.strength) {
            case (.pathogenic, .veryStrong), (.pathogenic, .standAlone): pathogenicVeryStrong += 1
            case (.pathogenic, .strong): pathogenicStrong += 1
            case (.pathogenic, .moderate): pathogenicModerate += 1
            case (.pathogenic, .supporting): pathogenicSupporting += 1
            case (.benign, .standAlone): benignStandAlone += 1
            case (.benign, .veryStrong): benignVeryStrong += 1
            case (.benign, .strong): benignStrong += 1
            case (.benign, .moderate): benignModerate += 1
            case (.benign, .supporting): benignSupporting += 1
            }
        }
    }

    public var pathogenicCount: Int { pathogenicVeryStrong + pathogenicStrong + pathogenicModerate + pathogenicSupporting }
    public var benignCount: Int { benignStandAlone + benignVeryStrong + benignStrong + benignModerate + benignSupporting }
}
