import Foundation
import GRDB
import MendelCrypto

/// A patient's unwrapped data key, used for the duration of one operation.
struct PatientKey {
    let patient: String
    let dek: SecretKey
    let dekVersion: Int
}

/// A document or result as stored: how it was encoded, its plaintext size, and the sealed bytes.
struct PackedPayload {
    var encoding: String
    var plainSize: Int
    var bytes: [UInt8]
}

extension Vault {
    /// Unwraps the DEK of `patient` inside a read or write; throws `unknownPatient` if the row is gone.
    func patientKey(_ patient: String, db: Database) throws -> PatientKey {
        guard let row = try Row.fetchOne(db, sql: "SELECT wrapped_dek, kek_version, dek_version FROM patients WHERE id = ?",
                                         arguments: [patient]) else {
            throw VaultError.unknownPatient
        }
        let kekVersion: Int = row["kek_version"]
        guard let keySet = keys.withLock({ $0.keySet(version: kekVersion) }) else {
            throw VaultError.corrupt("a data key is wrapped under an unknown master-key version")
        }
        let dek = try keySet.unwrap([UInt8](row["wrapped_dek"] as Data), patient: patient)
        return PatientKey(patient: patient, dek: dek, dekVersion: row["dek_version"])
    }

    static func seal(_ plaintext: [UInt8], key: PatientKey, table: String, column: String, rowID: String) throws(VaultError) -> [UInt8] {
        let aad = AssociatedData.bytes(table: table, column: column, rowID: rowID, patientID: key.patient, keyVersion: key.dekVersion)
        do { return try AESGCM.seal(plaintext, key: key.dek, aad: aad) } catch { throw VaultError(error) }
    }

    static func open(_ sealed: [UInt8], key: PatientKey, table: String, column: String, rowID: String) throws(VaultError) -> [UInt8] {
        let aad = AssociatedData.bytes(table: table, column: column, rowID: rowID, patientID: key.patient, keyVersion: key.dekVersion)
        do { return try AESGCM.open(sealed, key: key.dek, aad: aad) } catch { throw .decryptionFailed(table: table, column: column) }
    }

    static func sealString(_ value: String?, key: PatientKey, column: String) throws(VaultError) -> Data? {
        guard let value else { return nil }
        var plain = Array(value.utf8)
        defer { wipe(&plain) }
        return Data(try seal(plain, key: key, table: "patients", column: column, rowID: key.patient))
    }

    static func openString(_ sealed: Data?, key: PatientKey, column: String) throws(VaultError) -> String? {
        guard let sealed else { return nil }
        var plain = try open([UInt8](sealed), key: key, table: "patients", column: column, rowID: key.patient)
        defer { wipe(&plain) }
        guard let text = String(validating: plain, as: UTF8.self) else { throw .corrupt("patients.\(column) is not UTF-8") }
        return text
    }

    /// Compresses (LZ4 by default, deflate level 1 on request) unless compression is off, the input is tiny,
    /// already gzip/BGZF, or does not shrink. The encoding is the `encoding` column's algorithm tag.
    static func compress(_ bytes: [UInt8], _ compression: Compression = .lz4) throws(VaultError) -> (encoding: String, plainSize: Int, bytes: [UInt8]) {
        if compression != .none, bytes.count >= 64, !Deflate.isGzip(bytes) {
            var compressed = try compression == .lz4 ? LZ4Codec.compress(bytes) : Deflate.compress(bytes)
            if compressed.count < bytes.count { return (compression.rawValue, bytes.count, compressed) }
            wipe(&compressed)
        }
        return ("stored", bytes.count, bytes)
    }

    /// Seals an encoded payload. A compressed buffer is owned here and wiped after sealing; a `stored`
    /// buffer is the caller's own array (wiping it would only force a copy).
    static func sealPacked(_ packed: inout (encoding: String, plainSize: Int, bytes: [UInt8]), key: PatientKey,
                           table: String, rowID: String) throws(VaultError) -> PackedPayload {
        defer { if packed.encoding != "stored" { wipe(&packed.bytes) } }
        return PackedPayload(encoding: packed.encoding, plainSize: packed.plainSize,
                             bytes: try seal(packed.bytes, key: key, table: table, column: "payload", rowID: rowID))
    }

    static func openPacked(_ row: Row, key: PatientKey, table: String, rowID: String) throws(VaultError) -> [UInt8] {
        let sealed: Data = row["payload"]
        let encoding: String = row["encoding"]
        let plainSize: Int = row["plain_size"]
        var inner = try open([UInt8](sealed), key: key, table: table, column: "payload", rowID: rowID)
        switch encoding {
        case "stored":
            guard inner.count == plainSize else { throw .corrupt("\(table).payload has the wrong size") }
            return inner
        case "lz4":
            defer { wipe(&inner) }
            return try LZ4Codec.decompress(inner, expectedSize: plainSize)
        case "deflate":
            defer { wipe(&inner) }
            return try Deflate.decompress(inner, expectedSize: plainSize)
        default:
            throw .corrupt("\(table).encoding is unknown")
        }
    }
}
