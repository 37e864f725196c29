import Foundation
import GRDB
import MendelCrypto

extension Vault {
    /// Re-wraps every DEK under a key derived from `newKey`, recomputes the MRN blind indexes and writes a
    /// new key check, all in ONE transaction: after a crash at any point, the database holds either the
    /// old state or the new one, so every DEK is readable under exactly one master key.
    public func rotateMasterKey(to newKey: SecretKey) throws(VaultError) {
        try rotateMasterKey(to: .key(newKey), scrypt: .interactive, afterEachRewrap: nil)
    }

    /// Rotation to a key or a passphrase (the vault's master-key kind follows the new source).
    public func rotateMasterKey(to source: MasterKeySource, scrypt: Scrypt.Parameters = .interactive) throws(VaultError) {
        try rotateMasterKey(to: source, scrypt: scrypt, afterEachRewrap: nil)
    }

    /// `afterEachRewrap` is a test hook run inside the transaction after each patient row is updated;
    /// throwing from it rolls the whole rotation back.
    func rotateMasterKey(to source: MasterKeySource, scrypt: Scrypt.Parameters, afterEachRewrap: (() throws -> Void)?) throws(VaultError) {
        let record = try MasterKeyRecord.new(for: source, scrypt: scrypt)
        let master = try record.masterKey(from: source)
        let salt: [UInt8]
        do { salt = try SecureRandom.bytes(32) } catch { throw VaultError(error) }

        try Self.run {
            try pool.writeWithoutTransaction { db in
                let old = keys.withLock { $0.current }
                let next = try KeySet(master: master, salt: salt, version: old.version + 1)
                let check = try next.makeKeyCheck()
                try db.inTransaction(.immediate) {
                    let rows = try Row.fetchAll(db, sql: "SELECT id, wrapped_dek, kek_version, dek_version, mrn FROM patients")
                    for row in rows {
                        let patient: String = row["id"]
                        guard (row["kek_version"] as Int) == old.version else {
                            throw VaultError.corrupt("a data key is wrapped under an unexpected master-key version")
                        }
                        let dek = try old.unwrap([UInt8](row["wrapped_dek"] as Data), patient: patient)
                        let key = PatientKey(patient: patient, dek: dek, dekVersion: row["dek_version"])
                        let index = try Self.openString(row["mrn"], key: key, column: "mrn").map { Data(next.mrnIndex($0)) }
                        try db.execute(sql: "UPDATE patients SET wrapped_dek = ?, kek_version = ?, mrn_index = ? WHERE id = ?",
                                       arguments: [Data(try next.wrap(dek, patient: patient)), next.version, index, patient])
                        try afterEachRewrap?()
                    }
                    try db.execute(sql: """
                        UPDATE meta SET master_key_kind = ?, scrypt_n = ?, scrypt_r = ?, scrypt_p = ?, scrypt_salt = ?,
                                        kek_salt = ?, key_check = ?, key_version = ?, rotated_at = ?
                        WHERE id = 1
                        """, arguments: [record.kind, record.scrypt.map { Int64($0.n) }, record.scrypt.map { Int64($0.r) },
                                         record.scrypt.map { Int64($0.p) }, record.scryptSalt.map { Data($0) },
                                         Data(salt), Data(check), next.version, Self.now()])
                    guard db.changesCount == 1 else { throw VaultError.corrupt("meta row missing") }
                    return .commit
                }
                // Still on the writer queue: no write can see the new rows with the old keys.
                keys.withLock { ring in
                    ring.previous = ring.current
                    ring.current = next
                    ring.record = record
                }
            }
        }
    }

    /// The master-key version currently in use (starts at 1, +1 per rotation).
    public var keyVersion: Int { keys.withLock { $0.current.version } }
}
