import MendelCrypto

extension Vault {
    /// Where the master key comes from.
    public enum MasterKeySource: Sendable {
        /// 32 random bytes, normally from `KeyFile.load` (mode 0600, owned by the daemon's user).
        case key(SecretKey)
        /// A passphrase stretched with scrypt; parameters and salt are stored in the vault's meta row.
        /// The caller should wipe its own copy of the bytes after opening.
        case passphrase([UInt8])

        var kind: String {
            switch self {
            case .key: "key"
            case .passphrase: "passphrase"
            }
        }
    }
}

/// How the master key of a vault is obtained, as stored in `meta`.
struct MasterKeyRecord: Sendable {
    var kind: String
    var scrypt: Scrypt.Parameters?
    var scryptSalt: [UInt8]?

    /// Resolves the master key bytes for `source` (scrypt for passphrases).
    func masterKey(from source: Vault.MasterKeySource) throws(VaultError) -> SecretKey {
        guard source.kind == kind else {
            throw .masterKeyKindMismatch(expected: kind == "key" ? "key file" : "passphrase")
        }
        switch source {
        case .key(let key):
            guard key.byteCount == AESGCM.keyByteCount else {
                throw .invalidArgument("the master key must be \(AESGCM.keyByteCount) bytes")
            }
            return key
        case .passphrase(let passphrase):
            guard let scrypt, let scryptSalt else { throw .corrupt("scrypt parameters missing from meta") }
            do {
                return try Scrypt.deriveKey(passphrase: passphrase, salt: scryptSalt, parameters: scrypt)
            } catch {
                throw VaultError(error)
            }
        }
    }

    /// A fresh record for a new vault (or a rotation) from `source`.
    static func new(for source: Vault.MasterKeySource, scrypt: Scrypt.Parameters) throws(VaultError) -> MasterKeyRecord {
        switch source {
        case .key: return MasterKeyRecord(kind: "key", scrypt: nil, scryptSalt: nil)
        case .passphrase:
            do {
                return MasterKeyRecord(kind: "passphrase", scrypt: scrypt, scryptSalt: try SecureRandom.bytes(16))
            } catch {
                throw VaultError(error)
            }
        }
    }
}
