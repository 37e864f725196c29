import Foundation
import GRDB
import MendelCrypto
import Synchronization

/// The encrypted case store: one SQLite file (WAL) holding patients, cases, documents and results.
///
/// Every PHI value is AES-256-GCM under the patient's random data key (DEK); DEKs are stored wrapped by a
/// key-encryption key derived from the master key. See `AssociatedData` for what each ciphertext is bound
/// to, and `erasePatient` / `rotateMasterKey` for crypto-shredding and rotation. Thread-safe; methods
/// block on SQLite (writes are serialised, reads run concurrently).
public final class Vault: Sendable {
    let pool: DatabasePool
    /// Current key set, plus the one it replaced (kept so reads that started before a rotation finish).
    let keys: Mutex<KeyRing>
    /// The file path of the database.
    public let path: String
    /// How new documents and results are encoded before encryption (reading handles both).
    public let compression: Compression

    /// Encoding of documents and results before encryption. The raw value is the `encoding` tag stored
    /// with each payload. Gzip/BGZF input and data that does not shrink are stored as is.
    public enum Compression: String, Sendable {
        /// LZ4 blocks (the default): about 3x smaller VCF text for ~3.5 ms/MB to write, ~0.5 ms/MB to read.
        case lz4
        /// zlib deflate, level 1 (about 4x smaller VCF text, but 25-29 ms/MB to write and ~10 ms/MB to read).
        case deflate
        /// Encrypt without compressing (fastest; larger files).
        case none
    }

    struct KeyRing: Sendable {
        var current: KeySet
        var previous: KeySet?
        var record: MasterKeyRecord

        func keySet(version: Int) -> KeySet? {
            if current.version == version { return current }
            if let previous, previous.version == version { return previous }
            return nil
        }
    }

    /// Opens (or creates) the vault at `path` with a master key, normally from `KeyFile.load`.
    public convenience init(path: String, masterKey: SecretKey, compression: Compression = .lz4) throws(VaultError) {
        try self.init(path: path, masterKeySource: .key(masterKey), compression: compression)
    }

    /// Opens (or creates) the vault at `path`.
    ///
    /// An existing vault is opened read-only first and the key is verified against the stored key check;
    /// a wrong key throws `VaultError.wrongMasterKey` before anything is written. `newVaultScrypt` is used
    /// only when a passphrase vault is created.
    public init(path: String, masterKeySource: MasterKeySource, newVaultScrypt: Scrypt.Parameters = .interactive,
                compression: Compression = .lz4) throws(VaultError) {
        self.path = path
        self.compression = compression
        let existing = try Self.inspect(path: path)
        var ring: KeyRing? = nil
        if let existing {
            let master = try existing.record.masterKey(from: masterKeySource)
            let keySet = try KeySet(master: master, salt: existing.kekSalt, version: existing.keyVersion)
            guard keySet.verify(keyCheck: existing.keyCheck) else { throw .wrongMasterKey }
            ring = KeyRing(current: keySet, previous: nil, record: existing.record)
        }

        if existing == nil { try createPrivateFile(path: path) }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration())
            // DatabasePool switches WAL connections to `synchronous = NORMAL` after `prepareDatabase` has run:
            // commits would then survive a process crash but not a power loss or kernel crash. FULL fsyncs
            // the WAL on every commit, so a stored case is as durable as its audit line.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Schema.migrator.migrate(pool)
        } catch {
            throw Self.map(error)
        }
        self.pool = pool

        if ring == nil {
            // A new vault: create the meta row (salt, scrypt parameters, key check) in one transaction.
            let record = try MasterKeyRecord.new(for: masterKeySource, scrypt: newVaultScrypt)
            let master = try record.masterKey(from: masterKeySource)
            let salt: [UInt8]
            do { salt = try SecureRandom.bytes(32) } catch { throw VaultError(error) }
            let keySet = try KeySet(master: master, salt: salt, version: 1)
            let check = try keySet.makeKeyCheck()
            try Self.run {
                try pool.write { db in
                    let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM meta") ?? 0
                    let patients = try Int.fetchOne(db, sql: "SELECT count(*) FROM patients") ?? 0
                    guard rows == 0, patients == 0 else { throw VaultError.corrupt("meta row missing from a non-empty vault") }
                    try db.execute(sql: """
                        INSERT INTO meta (id, format, master_key_kind, scrypt_n, scrypt_r, scrypt_p, scrypt_salt,
                                          kek_salt, key_check, key_version, created_at)
                        VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                        """, arguments: [Schema.format, record.kind,
                                         record.scrypt.map { Int64($0.n) }, record.scrypt.map { Int64($0.r) },
                                         record.scrypt.map { Int64($0.p) }, record.scryptSalt.map { Data($0) },
                                         Data(salt), Data(check), Self.now()])
                }
            }
            ring = KeyRing(current: keySet, previous: nil, record: record)
        }
        guard let ring else { throw .corrupt("no key ring") }
        keys = Mutex(ring)
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "MendelVault"
        configuration.prepareDatabase { db in
            // secure_delete: deleted content is overwritten with zeros (erasure leaves no ciphertext behind);
            // temp_store=MEMORY: sorts and temporary tables never go to temp files.
            try db.execute(sql: "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY")
        }
        return configuration
    }

    // MARK: Maintenance

    /// Runs `PRAGMA integrity_check`; true when SQLite answers `ok`.
    public func integrityCheck() throws(VaultError) -> Bool {
        try Self.run {
            try pool.read { db in
                let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                let foreignKeyProblems = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
                return rows == ["ok"] && foreignKeyProblems.isEmpty
            }
        }
    }

    /// Copies the WAL into the database file and truncates the WAL to zero bytes.
    public func checkpoint() throws(VaultError) {
        try Self.run {
            try pool.barrierWriteWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        }
    }

    /// Rebuilds the database file (reclaims space of erased patients), then truncates the WAL.
    public func vacuum() throws(VaultError) {
        try Self.run {
            try pool.barrierWriteWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                _ = try db.checkpoint(.truncate)
            }
        }
    }

    /// Checkpoints and truncates the WAL, then closes the connections. Later calls fail.
    /// (GRDB closes the writer before the readers, so SQLite's own checkpoint-on-close would not run.)
    public func close() throws(VaultError) {
        try checkpoint()
        try Self.run { try pool.close() }
    }

    // MARK: Helpers

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// Runs GRDB work, turning every error into a `VaultError` without values.
    static func run<T>(_ body: () throws -> T) throws(VaultError) -> T {
        do { return try body() } catch { throw map(error) }
    }

    static func map(_ error: any Error) -> VaultError {
        switch error {
        case let error as VaultError: return error
        case let error as CryptoError: return VaultError(error)
        case let error as DatabaseError:
            if error.resultCode == .SQLITE_NOTADB { return .notAVault }
            return .sqlite(code: error.resultCode.rawValue, message: error.message ?? "")
        default: return .sqlite(code: -1, message: "unexpected error \(type(of: error))")
        }
    }
}
