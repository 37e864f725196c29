import MendelCore
import MendelCrypto

/// Errors of MendelAudit. Messages name files, line numbers, fields and errno texts, never event values.
public enum AuditError: MendelError, Equatable {
    /// A system call on an audit file failed (open, write, fsync, rename, ...).
    case io(operation: String, path: String, reason: String)
    /// A write or fsync failed earlier (or the log file was deleted/replaced); the log accepts no more
    /// events until it is reopened. Callers must not perform the audited action.
    case unhealthy
    /// The log was closed.
    case closed
    /// Another process (or another `AuditLog` in this one) holds the log's lock.
    case locked(path: String)
    /// The log file at the path is no longer the file this log writes to (deleted, renamed, replaced).
    case logFileReplaced(path: String)
    /// An event broke a format rule (e.g. a target that is not a pseudonym).
    case invalidEvent(String)
    /// A file could not be parsed; `line` is 1-based.
    case malformed(file: String, line: Int, reason: String)
    /// The existing log failed verification when opened; the first problem is given.
    case verificationFailed(AuditProblem)
    /// A cryptographic operation failed.
    case crypto(CryptoError)

    public var code: String {
        switch self {
        case .io: "audit.io"
        case .unhealthy: "audit.unhealthy"
        case .closed: "audit.closed"
        case .locked: "audit.locked"
        case .logFileReplaced: "audit.log_replaced"
        case .invalidEvent: "audit.invalid_event"
        case .malformed: "audit.malformed"
        case .verificationFailed: "audit.verification_failed"
        case .crypto(let error): error.code
        }
    }

    public var description: String {
        switch self {
        case .io(let operation, let path, let reason): "audit \(operation) failed on \(path): \(reason)"
        case .unhealthy: "audit log is unhealthy after a failed write; reopen it before auditing more events"
        case .closed: "audit log is closed"
        case .locked(let path): "audit log \(path) is locked by another writer"
        case .logFileReplaced(let path): "audit log file \(path) was deleted or replaced while open"
        case .invalidEvent(let reason): "invalid audit event: \(reason)"
        case .malformed(let file, let line, let reason): "\(file) line \(line): \(reason)"
        case .verificationFailed(let problem): "audit log failed verification: \(problem)"
        case .crypto(let error): error.description
        }
    }
}
