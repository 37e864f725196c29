import MendelCore
import MendelCrypto

/// Errors of the encrypted case store. Messages name tables, columns and operations, never values or ids.
public enum VaultError: MendelError, Equatable {
    /// The master key (or passphrase) does not open this vault. Nothing was written.
    case wrongMasterKey
    /// The vault was created with the other kind of master key (key file vs passphrase).
    case masterKeyKindMismatch(expected: String)
    /// The file exists but is not a Mendel vault (other tables, no meta row).
    case notAVault
    case unknownPatient
    case unknownCase
    /// Another patient already has this MRN (detected through the blind index).
    case duplicateMRN
    /// A stored ciphertext did not authenticate: tampered, moved to another row/column, or its key is gone.
    case decryptionFailed(table: String, column: String)
    /// Stored data is inconsistent (bad key version, size mismatch, undecodable compression...).
    case corrupt(String)
    /// An argument is not acceptable (e.g. a result kind with characters outside `[a-z0-9_.-]`).
    case invalidArgument(String)
    /// A MendelCrypto primitive failed.
    case crypto(code: String, message: String)
    /// SQLite reported an error; the message is SQLite's, which names constraints but carries no values.
    case sqlite(code: Int32, message: String)
    /// The erasure committed, but the WAL could not be truncated yet (readers busy); retry `checkpoint()`.
    case checkpointIncomplete

    public var code: String {
        switch self {
        case .wrongMasterKey: "vault.wrong_key"
        case .masterKeyKindMismatch: "vault.key_kind_mismatch"
        case .notAVault: "vault.not_a_vault"
        case .unknownPatient: "vault.unknown_patient"
        case .unknownCase: "vault.unknown_case"
        case .duplicateMRN: "vault.duplicate_mrn"
        case .decryptionFailed: "vault.decryption_failed"
        case .corrupt: "vault.corrupt"
        case .invalidArgument: "vault.invalid_argument"
        case .crypto: "vault.crypto"
        case .sqlite: "vault.sqlite"
        case .checkpointIncomplete: "vault.checkpoint_incomplete"
        }
    }

    public var description: String {
        switch self {
        case .wrongMasterKey: "the master key does not open this vault (key check failed); nothing was written"
        case .masterKeyKindMismatch(let expected): "this vault is opened with a \(expected)"
        case .notAVault: "the file is an SQLite database but not a Mendel vault"
        case .unknownPatient: "no such patient (unknown or erased)"
        case .unknownCase: "no such case"
        case .duplicateMRN: "a patient with this MRN already exists"
        case .decryptionFailed(let table, let column): "cannot decrypt \(table).\(column): data was altered, moved or its key was erased"
        case .corrupt(let what): "vault data is corrupt: \(what)"
        case .invalidArgument(let what): "invalid argument: \(what)"
        case .crypto(_, let message): "crypto failure: \(message)"
        case .sqlite(let code, let message): "SQLite error \(code): \(message)"
        case .checkpointIncomplete: "erasure committed but the WAL checkpoint could not complete; run checkpoint again"
        }
    }

    init(_ error: CryptoError) { self = .crypto(code: error.code, message: error.description) }
}
