/// Mode of inheritance of the disease a gene is interpreted for.
public enum InheritanceMode: String, Sendable, Codable, Hashable {
    case autosomalDominant = "AD"
    case autosomalRecessive = "AR"
    case xLinkedDominant = "XLD"
    case xLinkedRecessive = "XLR"
    case xLinked = "XL"
    case mitochondrial = "MT"

    public var isRecessive: Bool { self == .autosomalRecessive || self == .xLinkedRecessive }
}

/// Whether loss of function is an established disease mechanism for the gene.
public enum LoFMechanism: String, Sendable, Codable, Hashable {
    case established
    case notEstablished = "not_established"
    case unknown
}

/// What the engine knows about a gene (filled from MendelKnowledge by the caller; own value type so the engine
/// compiles without it).
public struct GeneContext: Sendable, Codable, Hashable {
    public var symbol: String
    public var inheritance: InheritanceMode?
    /// gnomAD LOEUF (upper bound of the o/e LoF CI).
    public var loeuf: Double?
    /// Set explicitly (e.g. ClinGen haploinsufficiency score 3); otherwise derived from LOEUF.
    public var lofMechanism: LoFMechanism?

    public init(symbol: String, inheritance: InheritanceMode? = nil, loeuf: Double? = nil, lofMechanism: LoFMechanism? = nil) {
        self.symbol = symbol; self.inheritance = inheritance; self.loeuf = loeuf; self.lofMechanism = lofMechanism
    }

    /// LoF mechanism: explicit, else LOEUF < 0.6 established (gnomAD v4 constraint guidance), LOEUF ≥ 0.6 not
    /// established for dominant disease; recessive disease: LoF is the usual mechanism when no value says otherwise.
    public func mechanism(loeufThreshold: Double = 0.6) -> (LoFMechanism, String) {
        if let lofMechanism { return (lofMechanism, "gene knowledge") }
        if let loeuf {
            if loeuf < loeufThreshold { return (.established, "LOEUF \(format(loeuf)) < \(format(loeufThreshold))") }
            if inheritance?.isRecessive == true { return (.established, "recessive disease (LOEUF not informative)") }
            return (.notEstablished, "LOEUF \(format(loeuf)) ≥ \(format(loeufThreshold))")
        }
        if inheritance?.isRecessive == true { return (.established, "recessive disease: biallelic loss of function") }
        return (.unknown, "no constraint or mechanism data")
    }
}
