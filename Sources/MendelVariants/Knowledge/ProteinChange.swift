/// A missense-style protein change parsed from HGVS p. (`p.Arg672Trp`, `p.(Arg672Trp)`, `ENSP…:p.R672W`).
public struct ProteinChange: Sendable, Codable, Hashable {
    public var reference: String
    public var position: Int
    public var alternate: String

    static let one: [Character: String] = [
        "A": "Ala", "R": "Arg", "N": "Asn", "D": "Asp", "C": "Cys", "Q": "Gln", "E": "Glu", "G": "Gly", "H": "His", "I": "Ile",
        "L": "Leu", "K": "Lys", "M": "Met", "F": "Phe", "P": "Pro", "S": "Ser", "T": "Thr", "W": "Trp", "Y": "Tyr", "V": "Val",
        "*": "Ter", "X": "Ter",
    ]

    /// Parses a substitution; returns nil for frameshifts, indels, synonymous (`=`) and unknown (`?`) changes.
    public init?(hgvsp: String) {
        var s = Substring(hgvsp)
        if let colon = s.lastIndex(of: ":") { s = s[s.index(after: colon)...] }
        guard s.hasPrefix("p.") else { return nil }
        s = s.dropFirst(2)
        if s.first == "(" && s.last == ")" { s = s.dropFirst().dropLast() }
        let letters = s.prefix { $0.isLetter || $0 == "*" }
        let rest = s.dropFirst(letters.count)
        let digits = rest.prefix { $0.isNumber }
        let tail = rest.dropFirst(digits.count)
        guard let pos = Int(digits), !letters.isEmpty, !tail.isEmpty else { return nil }
        func norm(_ aa: Substring) -> String? {
            if aa.count == 3 { return aa.prefix(1).uppercased() + aa.dropFirst().lowercased() }
            if aa.count == 1, let c = aa.first { return ProteinChange.one[Character(c.uppercased())] }
            return nil
        }
        guard tail.allSatisfy({ $0.isLetter || $0 == "*" }), let ref = norm(letters), let alt = norm(tail), ref != alt else { return nil }
        reference = ref; position = pos; alternate = alt
    }

    public var isMissense: Bool { alternate != "Ter" && reference != "Ter" }
}
