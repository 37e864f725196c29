import Foundation

/// The parts of a GA4GH Phenopacket v2 that Mendel reads. Unknown fields are ignored on decode;
/// `interpretations` and `diseases` are deliberately not modelled: they are the answer, not input.
public struct Phenopacket: Sendable, Hashable, Codable {
    public var id: String
    public var subject: Subject?
    public var phenotypicFeatures: [PhenotypicFeature]?

    public init(id: String, subject: Subject? = nil, phenotypicFeatures: [PhenotypicFeature]? = nil) {
        self.id = id
        self.subject = subject
        self.phenotypicFeatures = phenotypicFeatures
    }

    public struct OntologyClass: Sendable, Hashable, Codable {
        public var id: String
        public var label: String?
        public init(id: String, label: String? = nil) { self.id = id; self.label = label }
    }

    public struct Age: Sendable, Hashable, Codable {
        public var iso8601duration: String
        public init(iso8601duration: String) { self.iso8601duration = iso8601duration }
    }

    /// A phenopacket `TimeElement`: only the age and ontology-class forms are read.
    public struct TimeElement: Sendable, Hashable, Codable {
        public var age: Age?
        public var ontologyClass: OntologyClass?
        public init(age: Age? = nil, ontologyClass: OntologyClass? = nil) { self.age = age; self.ontologyClass = ontologyClass }
    }

    public struct Subject: Sendable, Hashable, Codable {
        public var id: String?
        public var sex: Sex?
        public var timeAtLastEncounter: TimeElement?
        public var dateOfBirth: String?
        public init(id: String? = nil, sex: Sex? = nil, timeAtLastEncounter: TimeElement? = nil, dateOfBirth: String? = nil) {
            self.id = id; self.sex = sex; self.timeAtLastEncounter = timeAtLastEncounter; self.dateOfBirth = dateOfBirth
        }
    }

    public struct PhenotypicFeature: Sendable, Hashable, Codable {
        public var type: OntologyClass
        public var excluded: Bool?
        public var onset: TimeElement?
        public init(type: OntologyClass, excluded: Bool? = nil, onset: TimeElement? = nil) {
            self.type = type; self.excluded = excluded; self.onset = onset
        }
    }

    /// Observed (present) HPO terms, in input order, de-duplicated; ids that do not parse are returned separately.
    public var observedTerms: [HPOTermID] { terms(excluded: false) }
    /// Explicitly excluded HPO terms.
    public var excludedTerms: [HPOTermID] { terms(excluded: true) }
    /// Feature ids that are not syntactically valid HPO ids.
    public var invalidTermIDs: [String] {
        (phenotypicFeatures ?? []).map(\.type.id).filter { HPOTermID($0) == nil }
    }

    private func terms(excluded: Bool) -> [HPOTermID] {
        var seen = Set<HPOTermID>()
        var result: [HPOTermID] = []
        for feature in phenotypicFeatures ?? [] where (feature.excluded ?? false) == excluded {
            if let id = HPOTermID(feature.type.id), seen.insert(id).inserted { result.append(id) }
        }
        return result
    }

    /// Decodes a phenopacket, turning decoder failures into a `PhenopacketError` without echoing content.
    public static func decode(_ data: Data) throws(PhenopacketError) -> Phenopacket {
        do {
            return try JSONDecoder().decode(Phenopacket.self, from: data)
        } catch let error as DecodingError {
            throw PhenopacketError(decodingError: error)
        } catch {
            throw PhenopacketError.invalidJSON(reason: "unreadable JSON")
        }
    }
}

/// Why a phenopacket was rejected. Messages name the JSON path, never the values.
public enum PhenopacketError: MendelError, Equatable {
    case invalidJSON(reason: String)
    case missingField(path: String)
    case wrongType(path: String, expected: String)

    public var code: String {
        switch self {
        case .invalidJSON: "phenopacket.invalid_json"
        case .missingField: "phenopacket.missing_field"
        case .wrongType: "phenopacket.wrong_type"
        }
    }

    public var description: String {
        switch self {
        case .invalidJSON(let reason): "phenopacket is not valid JSON: \(reason)"
        case .missingField(let path): "phenopacket is missing the required field '\(path)'"
        case .wrongType(let path, let expected): "phenopacket field '\(path)' should be \(expected)"
        }
    }

    init(decodingError: DecodingError) {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch decodingError {
        case .keyNotFound(let key, let context): self = .missingField(path: path(context.codingPath, key))
        case .typeMismatch(let type, let context): self = .wrongType(path: path(context.codingPath), expected: "\(type)")
        case .valueNotFound(let type, let context): self = .wrongType(path: path(context.codingPath), expected: "\(type)")
        case .dataCorrupted(let context):
            self = context.codingPath.isEmpty ? .invalidJSON(reason: "syntax error") : .invalidJSON(reason: "bad value at \(path(context.codingPath))")
        @unknown default: self = .invalidJSON(reason: "unreadable JSON")
        }
    }
}
