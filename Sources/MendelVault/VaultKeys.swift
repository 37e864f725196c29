import Foundation
import MendelCrypto

/// Keys derived from one master key: the key-encryption key (wraps DEKs) and the blind-index key.
struct KeySet: Sendable {
    static let kekInfo = Array("mendel vault kek v1".utf8)
    static let blindIndexInfo = Array("mendel vault blind-index v1".utf8)
    static let keyCheckPlaintext = Array("mendel vault key check v1".utf8)

    let version: Int
    let kek: SecretKey
    let blindIndex: SecretKey

    /// KEK = HKDF(master, salt, "mendel vault kek v1"); blind-index key = HKDF(master, salt, "mendel vault blind-index v1").
    init(master: SecretKey, salt: [UInt8], version: Int) throws(VaultError) {
        do {
            kek = try HKDF.deriveKey(from: master, salt: salt, info: Self.kekInfo)
            blindIndex = try HKDF.deriveKey(from: master, salt: salt, info: Self.blindIndexInfo)
        } catch {
            throw VaultError(error)
        }
        self.version = version
    }

    private var keyCheckAAD: [UInt8] {
        AssociatedData.bytes(table: "meta", column: "key_check", rowID: "1", patientID: "", keyVersion: version)
    }

    /// AES-GCM of a constant under the KEK: proves a key is right without touching patient data.
    func makeKeyCheck() throws(VaultError) -> [UInt8] {
        do { return try AESGCM.seal(Self.keyCheckPlaintext, key: kek, aad: keyCheckAAD) } catch { throw VaultError(error) }
    }

    func verify(keyCheck: [UInt8]) -> Bool {
        guard let plain = try? AESGCM.open(keyCheck, key: kek, aad: keyCheckAAD) else { return false }
        return constantTimeEquals(plain, Self.keyCheckPlaintext)
    }

    /// HMAC of the normalised MRN (surrounding whitespace removed, ASCII letters upper-cased).
    func mrnIndex(_ mrn: String) -> [UInt8] {
        HMACSHA256.authenticate(Array("mrn\u{0}".utf8) + Self.normalizedMRN(mrn), key: blindIndex)
    }

    static func normalizedMRN(_ mrn: String) -> [UInt8] {
        let trimmed = mrn.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.utf8.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 }
    }

    private static func wrapAAD(patient: String, version: Int) -> [UInt8] {
        AssociatedData.bytes(table: "patients", column: "wrapped_dek", rowID: patient, patientID: patient, keyVersion: version)
    }

    /// Seals a DEK under this KEK, bound to the patient and KEK version.
    func wrap(_ dek: SecretKey, patient: String) throws(VaultError) -> [UInt8] {
        var plain = dek.withUnsafeBytes { Array($0) }
        defer { wipe(&plain) }
        do { return try AESGCM.seal(plain, key: kek, aad: Self.wrapAAD(patient: patient, version: version)) } catch { throw VaultError(error) }
    }

    func unwrap(_ wrapped: [UInt8], patient: String) throws(VaultError) -> SecretKey {
        do {
            var plain = try AESGCM.open(wrapped, key: kek, aad: Self.wrapAAD(patient: patient, version: version))
            defer { wipe(&plain) }
            guard plain.count == AESGCM.keyByteCount else { throw VaultError.corrupt("a wrapped data key has the wrong length") }
            return SecretKey(copying: plain)
        } catch let error as VaultError {
            throw error
        } catch {
            throw .decryptionFailed(table: "patients", column: "wrapped_dek")
        }
    }
}
