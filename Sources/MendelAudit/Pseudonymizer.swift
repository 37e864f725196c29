import MendelCrypto

/// Turns identifiers (patient ids, case ids, MRNs) into stable pseudonyms for the audit log:
/// `kind + "_" + first 24 hex digits of HMAC-SHA256(key, "mendel.pseudonym.v1" 0x00 kind 0x00 id)`.
/// The same id under the same key always gives the same pseudonym, so an auditor can follow one patient
/// through the log and an export can filter by it, but the id cannot be recovered without the key.
/// Use a dedicated key (e.g. HKDF of the master key with info "mendel.audit.pseudonym.v1"), never the
/// checkpoint signing key.
public struct Pseudonymizer: Sendable {
    /// Hex digits kept from the MAC (96 bits).
    public static let hexDigits = 24
    private let key: SecretKey

    public init(key: SecretKey) {
        self.key = key
    }

    /// The pseudonym of `id`. `kind` is a short lowercase tag such as `pt`, `case`, `doc` (1-16 letters or
    /// digits; other characters are dropped).
    public func pseudonym(kind: String, id: String) -> String {
        let cleanKind = String(kind.lowercased().unicodeScalars.filter {
            ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }.prefix(16).map(Character.init))
        let safeKind = cleanKind.isEmpty ? "id" : cleanKind
        var message = Array("mendel.pseudonym.v1".utf8)
        message.append(0)
        message.append(contentsOf: safeKind.utf8)
        message.append(0)
        message.append(contentsOf: id.utf8)
        let mac = HMACSHA256.authenticate(message, key: key)
        wipe(&message)
        return safeKind + "_" + String(mac.hexString.prefix(Self.hexDigits))
    }
}
