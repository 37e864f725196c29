/// Direction of an ACMG/AMP evidence code.
public enum EvidenceDirection: String, Sendable, Codable, Hashable {
    case pathogenic
    case benign
}

/// Strength at which a criterion is applied (ClinGen SVI nomenclature, 2017).
public enum EvidenceStrength: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case supporting = "Supporting"
    case moderate = "Moderate"
    case strong = "Strong"
    case veryStrong = "VeryStrong"
    case standAlone = "StandAlone"

    var rank: Int {
        switch self {
        case .supporting: 1
        case .moderate: 2
        case .strong: 3
        case .veryStrong: 4
        case .standAlone: 5
        }
    }

    public static func < (lhs: EvidenceStrength, rhs: EvidenceStrength) -> Bool { lhs.rank < rhs.rank }

    /// Parses a strength suffix, ignoring case, spaces, hyphens and underscores (`Very Strong`, `very_strong`).
    public init?(suffix: some StringProtocol) {
        let key = suffix.lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" }
        switch key {
        case "supporting", "sup", "p": self = .supporting
        case "moderate", "mod", "m": self = .moderate
        case "strong", "str", "s": self = .strong
        case "verystrong", "vs", "vstr": self = .veryStrong
        case "standalone", "sa": self = .standAlone
        default: return nil
        }
    }
}

/// One ACMG/AMP criterion applied at a given strength, e.g. `PM2_Supporting` or `PVS1`.
public struct AppliedCriterion: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The base code without a strength suffix: `PVS1`, `PS3`, `BA1`.
    public var code: String
    public var strength: EvidenceStrength

    public init(code: String, strength: EvidenceStrength) {
        self.code = code
        self.strength = strength
    }

    /// Creates a criterion at its default (ACMG 2015) strength.
    public init?(code: String) {
        guard let strength = AppliedCriterion.defaultStrength(of: code) else { return nil }
        self.code = code
        self.strength = strength
    }

    public var direction: EvidenceDirection {
        // An ASCII first byte followed by an ASCII byte (or nothing) is the whole first Character: no String comparison.
        var bytes = code.utf8.makeIterator()
        if let first = bytes.next(), first < 0x80, (bytes.next() ?? 0) < 0x80 { return first == 0x50 ? .pathogenic : .benign }
        return code.hasPrefix("P") ? .pathogenic : .benign
    }

    /// The SVI label: the bare code at default strength, `CODE_Strength` otherwise.
    public var description: String {
        AppliedCriterion.defaultStrength(of: code) == strength ? code : "\(code)_\(strength.rawValue)"
    }

    /// Default strengths (Richards 2015): PVS = VeryStrong; PS = Strong; PM = Moderate; PP = Supporting;
    /// BA = StandAlone; BS = Strong; BP = Supporting. Returns nil for an unknown prefix or number.
    public static func defaultStrength(of code: String) -> EvidenceStrength? {
        let bytes = Array(code.utf8)
        func number(from index: Int) -> Int? {
            guard index < bytes.count else { return nil }
            var value = 0
            for byte in bytes[index...] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        if code.hasPrefix("PVS"), let n = number(from: 3), n == 1 { return .veryStrong }
        guard bytes.count >= 3, let n = number(from: 2) else { return nil }
        switch code.prefix(2) {
        case "PS": return (1...4).contains(n) ? .strong : nil
        case "PM": return (1...6).contains(n) ? .moderate : nil
        case "PP": return (1...5).contains(n) ? .supporting : nil
        case "BA": return n == 1 ? .standAlone : nil
        case "BS": return (1...4).contains(n) ? .strong : nil
        case "BP": return (1...7).contains(n) ? .supporting : nil
        default: return nil
        }
    }

    /// Parses one token such as `PM2_Supporting`, `PM3_Very Strong` or `bs1`.
    public static func parse(_ token: some StringProtocol) throws(ACMGError) -> AppliedCriterion {
        let trimmed = trimToken(token)
        guard !trimmed.isEmpty else { throw ACMGError.unknownCriterion(token: "") }
        let parts = trimmed.split(separator: "_", maxSplits: 1)
        let code = parts[0].uppercased()
        guard let base = defaultStrength(of: code) else { throw ACMGError.unknownCriterion(token: String(trimmed.prefix(24))) }
        guard parts.count == 2 else { return AppliedCriterion(code: code, strength: base) }
        guard let strength = EvidenceStrength(suffix: parts[1]) else {
            throw ACMGError.unknownStrength(token: String(trimmed.prefix(32)))
        }
        return AppliedCriterion(code: code, strength: strength)
    }

    /// Parses a `;`- or `,`-separated list; empty tokens are ignored. Duplicate codes keep the first.
    public static func parseList(_ text: some StringProtocol) throws(ACMGError) -> [AppliedCriterion] {
        var result: [AppliedCriterion] = []
        var seen = Set<String>()
        for token in text.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let t = trimToken(token)
            if t.isEmpty { continue }
            let criterion = try parse(t)
            if seen.insert(criterion.code).inserted { result.append(criterion) }
        }
        return result
    }
}

/// Trims spaces, tabs and carriage returns from both ends.
func trimToken(_ text: some StringProtocol) -> String {
    var s = Substring(text)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s.removeLast() }
    return String(s)
}
