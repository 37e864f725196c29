/// One sample's genotype call for one record.
public struct Genotype: Sendable, Codable, Hashable {
    /// Allele indices (0 = REF, 1… = ALT of the original record); nil = missing (`.`).
    public var alleles: [Int?]
    public var phased: Bool
    /// Allele depths in original allele order (REF first), when present.
    public var alleleDepths: [Int?]?
    public var depth: Int?
    public var quality: Int?
    /// Phase set (`PS`), when present.
    public var phaseSet: Int?

    public init(alleles: [Int?], phased: Bool, alleleDepths: [Int?]? = nil, depth: Int? = nil, quality: Int? = nil, phaseSet: Int? = nil) {
        self.alleles = alleles; self.phased = phased; self.alleleDepths = alleleDepths
        self.depth = depth; self.quality = quality; self.phaseSet = phaseSet
    }

    public var isMissing: Bool { alleles.allSatisfy { $0 == nil } }
    public var isHaploid: Bool { alleles.count == 1 }

    /// Copies of the given ALT index (1-based) in this call.
    public func copies(ofAlt altIndex: Int) -> Int { alleles.reduce(0) { $0 + ($1 == altIndex ? 1 : 0) } }

    /// Zygosity for one ALT allele.
    public func zygosity(forAlt altIndex: Int) -> Zygosity {
        if isMissing { return .missing }
        let n = copies(ofAlt: altIndex)
        if isHaploid { return n == 1 ? .hemizygous : .reference }
        if n == 0 { return .reference }
        return n == alleles.count ? .homozygous : .heterozygous
    }

    /// The `GT` text (`0/1`, `1|0`, `./.`).
    public var gtText: String {
        alleles.map { $0.map(String.init) ?? "." }.joined(separator: phased ? "|" : "/")
    }
}

/// Zygosity of one ALT allele in one sample.
public enum Zygosity: String, Sendable, Codable, Hashable {
    case reference
    case heterozygous
    case homozygous
    case hemizygous
    case missing
}
