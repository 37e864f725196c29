import Foundation
import GRDB
import MendelCrypto

extension Vault {
    /// Creates a patient with a fresh random DEK. Identity fields are optional and stored encrypted;
    /// the MRN is findable only through its blind index. Throws `duplicateMRN` if the MRN is taken.
    public func createPatient(mrn: String?, displayName: String?, dateOfBirth: String?) throws(VaultError) -> PatientID {
        let id = try PatientID.random()
        let dek: SecretKey
        do { dek = try SecretKey.random(byteCount: AESGCM.keyByteCount) } catch { throw VaultError(error) }
        let key = PatientKey(patient: id.rawValue, dek: dek, dekVersion: 1)
        let sealedMRN = try Self.sealString(mrn, key: key, column: "mrn")
        let sealedName = try Self.sealString(displayName, key: key, column: "display_name")
        let sealedBirth = try Self.sealString(dateOfBirth, key: key, column: "date_of_birth")
        try Self.run {
            try pool.write { db in
                // Read the key set inside the write: rotation also runs on the writer, so they cannot interleave.
                let current = keys.withLock { $0.current }
                let index = mrn.map { Data(current.mrnIndex($0)) }
                if let index, try Bool.fetchOne(db, sql: "SELECT 1 FROM patients WHERE mrn_index = ?", arguments: [index]) == true {
                    throw VaultError.duplicateMRN
                }
                let wrapped = try current.wrap(dek, patient: id.rawValue)
                try db.execute(sql: """
                    INSERT INTO patients (id, mrn_index, mrn, display_name, date_of_birth, wrapped_dek, kek_version, dek_version, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id.rawValue, index, sealedMRN, sealedName, sealedBirth, Data(wrapped),
                                     current.version, key.dekVersion, Self.now()])
            }
        }
        return id
    }

    /// Finds a patient by MRN through the HMAC blind index (never by plaintext).
    public func findPatient(mrn: String) throws(VaultError) -> PatientID? {
        let ring = keys.withLock { $0 }
        var indexes = [Data(ring.current.mrnIndex(mrn))]
        if let previous = ring.previous { indexes.append(Data(previous.mrnIndex(mrn))) }
        let found: String? = try Self.run {
            try pool.read { db in
                try String.fetchOne(db, sql: "SELECT id FROM patients WHERE mrn_index IN (?, ?) LIMIT 1",
                                    arguments: [indexes[0], indexes.count > 1 ? indexes[1] : indexes[0]])
            }
        }
        return found.map(PatientID.init(unchecked:))
    }

    /// The decrypted identity fields of a patient. PHI: callers need the `identity.read` permission.
    public func patientIdentity(_ patient: PatientID) throws(VaultError) -> PatientIdentity {
        try Self.run {
            try pool.read { db in
                let key = try patientKey(patient.rawValue, db: db)
                guard let row = try Row.fetchOne(db, sql: "SELECT mrn, display_name, date_of_birth FROM patients WHERE id = ?",
                                                 arguments: [patient.rawValue]) else { throw VaultError.unknownPatient }
                return PatientIdentity(
                    id: patient,
                    mrn: try Self.openString(row["mrn"], key: key, column: "mrn"),
                    displayName: try Self.openString(row["display_name"], key: key, column: "display_name"),
                    dateOfBirth: try Self.openString(row["date_of_birth"], key: key, column: "date_of_birth"))
            }
        }
    }

    /// Whether a patient row exists.
    public func patientExists(_ patient: PatientID) throws(VaultError) -> Bool {
        try Self.run {
            try pool.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM patients WHERE id = ?", arguments: [patient.rawValue]) ?? false }
        }
    }

    /// Erasure by crypto-shredding: deletes the wrapped DEK and every row of the patient (cases, documents,
    /// results) in one transaction, then truncates the WAL. With `secure_delete` the freed bytes are zeroed,
    /// so neither the DEK nor any ciphertext of the patient remains in the `.db` or `-wal` file, and any
    /// copy of a ciphertext made earlier can no longer be decrypted.
    ///
    /// Throws `unknownPatient` for an unknown or already erased patient (a repeated erase changes nothing).
    /// Throws `checkpointIncomplete` if the rows are gone but the WAL could not be truncated yet.
    public func erasePatient(_ patient: PatientID) throws(VaultError) {
        var erased = false
        let result: Result<Void, VaultError> = Self.runResult {
            try pool.barrierWriteWithoutTransaction { db in
                try db.inTransaction {
                    try db.execute(sql: "DELETE FROM patients WHERE id = ?", arguments: [patient.rawValue])
                    guard db.changesCount == 1 else { throw VaultError.unknownPatient }
                    return .commit
                }
                erased = true
                _ = try db.checkpoint(.truncate)
            }
        }
        if case .failure(let error) = result {
            throw erased ? .checkpointIncomplete : error
        }
    }

    static func runResult(_ body: () throws -> Void) -> Result<Void, VaultError> {
        do { try body(); return .success(()) } catch { return .failure(map(error)) }
    }
}
