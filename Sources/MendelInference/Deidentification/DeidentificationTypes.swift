/// Kinds of protected health information the `Deidentifier` removes (HIPAA Safe Harbor identifiers that
/// occur in clinical free text; see docs/deidentification.md for the mapping).
public enum PHICategory: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case name
    case date
    case identifier
    case phone
    case email
    case url
    case ipAddress = "ip_address"
    case address
    case zip
    case age

    public static func < (lhs: PHICategory, rhs: PHICategory) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// Which categories to remove; mirrors the `deidentification:` section of `Policies/privacy.yaml`.
public struct DeidentificationPolicy: Sendable, Hashable, Codable {
    /// Person names (patient, relatives, clinicians).
    public var names: Bool
    /// Dates more specific than a year (shifted, not removed).
    public var dates: Bool
    /// MRNs, accession, insurance, SSN-like and other record numbers.
    public var identifiers: Bool
    /// Phone and fax numbers, e-mail addresses, URLs, IP addresses.
    public var contacts: Bool
    /// Street addresses, cities named as a residence, ZIP codes.
    public var locations: Bool
    /// Ages of 90 and more become "90+".
    public var agesOver89: Bool

    public init(names: Bool = true, dates: Bool = true, identifiers: Bool = true, contacts: Bool = true,
                locations: Bool = true, agesOver89: Bool = true) {
        self.names = names
        self.dates = dates
        self.identifiers = identifiers
        self.contacts = contacts
        self.locations = locations
        self.agesOver89 = agesOver89
    }

    /// Everything on (the shipped default).
    public static let all = DeidentificationPolicy()

    func allows(_ category: PHICategory) -> Bool {
        switch category {
        case .name: names
        case .date: dates
        case .identifier: identifiers
        case .phone, .email, .url, .ipAddress: contacts
        case .address, .zip: locations
        case .age: agesOver89
        }
    }
}

/// What the caller knows about the patient. Held in memory only; never logged or traced.
public struct PatientIdentity: Sendable {
    /// Stable per-patient pseudonym (the vault's `P-…` id): keys the date shift, so every text of the same
    /// patient is shifted by the same number of days.
    public var pseudonym: String
    public var givenNames: [String]
    public var familyNames: [String]
    /// Known identifiers (MRN, accession numbers) removed verbatim wherever they occur.
    public var identifiers: [String]

    public init(pseudonym: String, givenNames: [String] = [], familyNames: [String] = [], identifiers: [String] = []) {
        self.pseudonym = pseudonym
        self.givenNames = givenNames
        self.familyNames = familyNames
        self.identifiers = identifiers
    }

    /// Splits a full name: "Anna Maria Keller" → given ["Anna", "Maria"], family ["Keller"];
    /// "Keller, Anna" → given ["Anna"], family ["Keller"].
    public init(pseudonym: String, fullName: String?, identifiers: [String] = []) {
        var given: [String] = []
        var family: [String] = []
        if let fullName {
            let parts = fullName.split(separator: ",", maxSplits: 1).map { String($0) }
            func words(_ s: String) -> [String] {
                s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
                    .filter { !$0.isEmpty }
            }
            if parts.count == 2 {
                family = words(parts[0])
                given = words(parts[1])
            } else {
                let all = words(fullName)
                if let last = all.last {
                    family = [last]
                    given = Array(all.dropLast())
                }
            }
        }
        self.init(pseudonym: pseudonym, givenNames: given, familyNames: family, identifiers: identifiers)
    }
}

/// One replacement. Offsets are Unicode-scalar offsets (the unit of MendelPhenotype spans). It carries no
/// original text, so it is safe to log, trace and audit.
public struct PHIReplacement: Sendable, Codable, Hashable {
    public var category: PHICategory
    /// Span of the removed text in the input.
    public var originalStart: Int
    public var originalEnd: Int
    /// Span of the replacement in the output text.
    public var start: Int
    public var end: Int
    /// The rule that found it (`record_name`, `title_name`, `date.iso`, `mrn_label`, …).
    public var rule: String

    public init(category: PHICategory, originalStart: Int, originalEnd: Int, start: Int, end: Int, rule: String) {
        self.category = category
        self.originalStart = originalStart
        self.originalEnd = originalEnd
        self.start = start
        self.end = end
        self.rule = rule
    }
}

/// The result of de-identifying one text.
public struct DeidentifiedText: Sendable {
    /// The redacted text: the only form of the input that may enter a prompt, a model request, a log or a trace.
    public var text: String
    /// Every replacement, sorted by position.
    public var replacements: [PHIReplacement]
    /// Replacements per category.
    public var counts: [PHICategory: Int]
}
