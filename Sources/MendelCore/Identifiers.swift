/// An HPO term identifier such as `HP:0001250`, stored as its 7-digit number.
public struct HPOTermID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The numeric part (`1250` for `HP:0001250`).
    public let number: UInt32

    public init(number: UInt32) { self.number = number }

    /// Parses `HP:0001250` (also accepts `HP_0001250`). Returns nil for anything else.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[0] == UInt8(ascii: "H"), utf8[1] == UInt8(ascii: "P"),
              utf8[2] == UInt8(ascii: ":") || utf8[2] == UInt8(ascii: "_") else { return nil }
        var value: UInt32 = 0
        for byte in utf8[3...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
        }
        self.number = value
    }

    public var description: String {
        let digits = String(number)
        return "HP:" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    public static func < (lhs: HPOTermID, rhs: HPOTermID) -> Bool { lhs.number < rhs.number }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = HPOTermID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an HPO term id: \(text.prefix(32))")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A disease identifier with its namespace, e.g. `OMIM:154700` or `ORPHA:558`.
public struct DiseaseID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts `PREFIX:LOCAL` where the prefix is letters and the local part is non-empty.
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        guard let colon = string.firstIndex(of: ":"), colon != string.startIndex,
              string.index(after: colon) != string.endIndex,
              string[..<colon].allSatisfy({ $0.isLetter }) else { return nil }
        self.rawValue = string
    }

    /// The namespace before the colon (`OMIM`, `ORPHA`, `DECIPHER`, `MONDO`).
    public var namespace: Substring { rawValue[..<(rawValue.firstIndex(of: ":") ?? rawValue.endIndex)] }

    public var description: String { rawValue }
    public static func < (lhs: DiseaseID, rhs: DiseaseID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = DiseaseID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a disease id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Phenotypic sex as used by GA4GH Phenopackets.
public enum Sex: String, Sendable, Codable, CaseIterable {
    case male = "MALE"
    case female = "FEMALE"
    case otherSex = "OTHER_SEX"
    case unknown = "UNKNOWN_SEX"

    /// Decodes any unrecognised value as `.unknown` rather than failing.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = Sex(rawValue: text) ?? .unknown
    }
}
