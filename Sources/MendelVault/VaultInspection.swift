import Foundation
import GRDB
import MendelCrypto

extension Vault {
    /// What `meta` says about an existing vault.
    struct StoredMeta {
        var record: MasterKeyRecord
        var kekSalt: [UInt8]
        var keyCheck: [UInt8]
        var keyVersion: Int
    }

    /// Reads `meta` through a read-only connection, so a wrong key can be refused before anything is
    /// written (a `DatabasePool` writes to the WAL when it opens). Nil for a missing or empty file.
    static func inspect(path: String) throws(VaultError) -> StoredMeta? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "MendelVault.inspect"
        return try run {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db -> StoredMeta? in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
                guard tables.contains("meta") else {
                    if tables.isEmpty { return nil }
                    throw VaultError.notAVault
                }
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM meta WHERE id = 1") else {
                    // Created but interrupted before the meta row: only acceptable while empty.
                    if try (Int.fetchOne(db, sql: "SELECT count(*) FROM patients") ?? 0) == 0 { return nil }
                    throw VaultError.corrupt("meta row missing from a non-empty vault")
                }
                guard (row["format"] as String?) == Schema.format else { throw VaultError.notAVault }
                let kind: String = row["master_key_kind"]
                var scrypt: Scrypt.Parameters? = nil
                if let n = row["scrypt_n"] as Int64?, let r = row["scrypt_r"] as Int64?, let p = row["scrypt_p"] as Int64?,
                   n > 0, r > 0, p > 0 {
                    scrypt = Scrypt.Parameters(n: UInt64(n), r: UInt64(r), p: UInt64(p))
                }
                let salt = (row["scrypt_salt"] as Data?).map { [UInt8]($0) }
                return StoredMeta(
                    record: MasterKeyRecord(kind: kind, scrypt: scrypt, scryptSalt: salt),
                    kekSalt: [UInt8](row["kek_salt"] as Data),
                    keyCheck: [UInt8](row["key_check"] as Data),
                    keyVersion: row["key_version"])
            }
        }
    }
}
