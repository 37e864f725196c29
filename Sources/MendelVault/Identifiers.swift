import Foundation
import MendelCrypto

/// A random pseudonymous patient id, `P-` + 16 lowercase hex digits. Carries no identity.
public struct PatientID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    /// Accepts only the `P-` + 16 hex form.
    public init?(_ rawValue: String) {
        guard VaultID.isValid(rawValue, prefix: "P-") else { return nil }
        self.rawValue = rawValue
    }
    init(unchecked rawValue: String) { self.rawValue = rawValue }
    static func random() throws(VaultError) -> PatientID { PatientID(unchecked: try VaultID.random(prefix: "P-")) }
    public var description: String { rawValue }
}

/// A random case id, `C-` + 16 lowercase hex digits.
public struct CaseID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init?(_ rawValue: String) {
        guard VaultID.isValid(rawValue, prefix: "C-") else { return nil }
        self.rawValue = rawValue
    }
    init(unchecked rawValue: String) { self.rawValue = rawValue }
    static func random() throws(VaultError) -> CaseID { CaseID(unchecked: try VaultID.random(prefix: "C-")) }
    public var description: String { rawValue }
}

/// A random result id, `R-` + 16 lowercase hex digits.
public struct ResultID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init?(_ rawValue: String) {
        guard VaultID.isValid(rawValue, prefix: "R-") else { return nil }
        self.rawValue = rawValue
    }
    init(unchecked rawValue: String) { self.rawValue = rawValue }
    static func random() throws(VaultError) -> ResultID { ResultID(unchecked: try VaultID.random(prefix: "R-")) }
    public var description: String { rawValue }
}

enum VaultID {
    static func random(prefix: String) throws(VaultError) -> String {
        do {
            return prefix + (try SecureRandom.bytes(8)).hexString
        } catch {
            throw VaultError(error)
        }
    }

    static func isValid(_ text: String, prefix: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == 18, text.hasPrefix(prefix) else { return false }
        return utf8[2...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }
}

/// The documents a case holds; each is compressed, then encrypted.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable, Codable {
    case phenopacket
    case notes
    case vcf
}

/// A case's workflow state. Open set of lowercase names so the server can add states without a migration.
public struct CaseStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    /// Accepts 1–32 characters of `[a-z_]`.
    public init?(rawValue: String) {
        guard (1...32).contains(rawValue.utf8.count),
              rawValue.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "_") })
        else { return nil }
        self.rawValue = rawValue
    }
    private init(_ raw: String) { rawValue = raw }
    public static let submitted = CaseStatus("submitted")
    public static let analyzing = CaseStatus("analyzing")
    public static let analyzed = CaseStatus("analyzed")
    public static let failed = CaseStatus("failed")
    public static let reported = CaseStatus("reported")
    public static let signedOff = CaseStatus("signed_off")
    public var description: String { rawValue }
}

/// Non-PHI facts about a case, stored in plaintext so cases can be listed without keys.
public struct CaseMetadata: Hashable, Sendable, Codable {
    /// Number of phenotype terms in the phenopacket.
    public var phenotypeCount: Int
    /// Number of variant records in the VCF (0 without a VCF).
    public var variantCount: Int
    /// The uid that submitted the case (from kernel credentials), if known.
    public var submittedByUID: UInt32?

    public init(phenotypeCount: Int = 0, variantCount: Int = 0, submittedByUID: UInt32? = nil) {
        self.phenotypeCount = phenotypeCount
        self.variantCount = variantCount
        self.submittedByUID = submittedByUID
    }
}

/// What `listCases` returns: ids, times, status and counts; nothing that identifies a person.
public struct CaseSummary: Hashable, Sendable, Codable {
    public var id: CaseID
    public var patient: PatientID
    public var created: Date
    public var updated: Date
    public var status: CaseStatus
    public var metadata: CaseMetadata
    /// Which documents the case holds.
    public var documents: [DocumentKind]
    /// Number of stored results (all kinds, all versions).
    public var resultCount: Int
}

/// A stored result's header (no payload).
public struct ResultSummary: Hashable, Sendable, Codable {
    public var id: ResultID
    public var kind: String
    public var version: Int
    public var created: Date
}

/// A patient's decrypted identity fields. PHI: do not log.
public struct PatientIdentity: Hashable, Sendable {
    public var id: PatientID
    public var mrn: String?
    public var displayName: String?
    public var dateOfBirth: String?
}
