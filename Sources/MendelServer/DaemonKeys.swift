import Foundation
import MendelCrypto
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's long-lived keys, each in its own file under the keys directory (mode 0700):
/// - `master.key`: wraps the vault's per-patient data keys (via HKDF → KEK);
/// - `audit-signing.key` / `audit-signing.pub`: Ed25519 key for audit checkpoints (the public half
///   is all an auditor needs to verify a copied log);
/// - `pseudonym.key`: HMAC key for the pseudonymous ids in audit lines (separate from the signing key,
///   and stable across master-key rotation so pseudonyms stay comparable).
public struct DaemonKeys: Sendable {
    public let masterKey: SecretKey
    public let auditSigningKey: Ed25519PrivateKey
    public let pseudonymKey: SecretKey

    public static let masterKeyFile = "master.key"
    /// Written during rotation; becomes `master.key` once the vault has been re-wrapped.
    public static let pendingMasterKeyFile = "master.key.next"
    public static let auditSigningKeyFile = "audit-signing.key"
    public static let auditPublicKeyFile = "audit-signing.pub"
    public static let pseudonymKeyFile = "pseudonym.key"

    /// Creates a fresh key set; refuses to overwrite any existing key file.
    public static func initialize(directory: String) throws -> DaemonKeys {
        try SocketPreparation.ensureDirectory(directory, mode: 0o700)
        let master = try KeyFile.create(path: directory + "/" + masterKeyFile)
        let signing = try Ed25519PrivateKey.generate()
        try KeyFile.write(signing.seed, to: directory + "/" + auditSigningKeyFile)
        try writePublicKey(signing.publicKey, to: directory + "/" + auditPublicKeyFile)
        let pseudonym = try KeyFile.create(path: directory + "/" + pseudonymKeyFile)
        return DaemonKeys(masterKey: master, auditSigningKey: signing, pseudonymKey: pseudonym)
    }

    /// Loads the key set, enforcing file modes and ownership (see `KeyFile.load`).
    public static func load(directory: String) throws -> DaemonKeys {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw StartupError.keys(reason: "no keys directory at \(directory); run `mendeld init` first")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw StartupError.keys(reason: "keys directory \(directory) is accessible by group/others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 700 it")
        }
        let master = try KeyFile.load(path: directory + "/" + masterKeyFile)
        let seed = try KeyFile.load(path: directory + "/" + auditSigningKeyFile)
        let signing = try Ed25519PrivateKey(seed: seed)
        let pseudonym = try KeyFile.load(path: directory + "/" + pseudonymKeyFile)
        return DaemonKeys(masterKey: master, auditSigningKey: signing, pseudonymKey: pseudonym)
    }

    /// True when a key set already exists in `directory`.
    public static func exist(in directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + masterKeyFile)
    }

    static func writePublicKey(_ key: Ed25519PublicKey, to path: String) throws {
        let hex = key.rawRepresentation.hexString + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw StartupError.keys(reason: "cannot write \(path)")
        }
    }

    /// Reads an `audit-signing.pub` file (hex) as written by `initialize`.
    public static func readPublicKey(path: String) throws -> Ed25519PublicKey {
        guard let data = FileManager.default.contents(atPath: path),
              let bytes = [UInt8](hex: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw StartupError.keys(reason: "cannot read an Ed25519 public key (hex) from \(path)")
        }
        return try Ed25519PublicKey(rawRepresentation: bytes)
    }
}
