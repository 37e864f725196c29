/// One problem found by `AuditVerifier`, located by file and 1-based line number.
public struct AuditProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Not valid JSON or a required field is missing or mistyped.
        case malformedLine
        /// Valid JSON but not in canonical form (whitespace, key order, escaping changed).
        case nonCanonicalLine
        /// Unknown format version.
        case unsupportedVersion
        /// The line's content does not hash to its `hash` (an edited byte).
        case hashMismatch
        /// The line carries another log's id (spliced from another log).
        case foreignLine
        /// `seq` is higher than expected: lines deleted, or lines out of order.
        case sequenceGap
        /// `seq` repeats or goes back: a duplicated, re-ordered or inserted line.
        case sequenceRepeat
        /// `prev` is not the previous line's hash: a line inserted, removed or replaced before this one.
        case chainBroken
        /// The log ends before the last signed checkpoint: its tail was truncated.
        case truncated
        /// A signed checkpoint's head differs from the line's hash: history was re-written (re-chained).
        case checkpointMismatch
        /// A checkpoint line cannot be parsed.
        case checkpointMalformed
        /// A checkpoint's signature does not verify under the given public key (forged or altered).
        case checkpointSignatureInvalid
        /// A validly signed checkpoint belongs to another log.
        case checkpointForeign
        /// Checkpoints are missing, repeated or out of order in `checkpoints.log`.
        case checkpointOutOfOrder
        /// No validly signed checkpoint exists, so nothing authenticates the log.
        case missingCheckpoint
        /// The directory holds no audit log.
        case missingLog
    }

    /// `audit.log` or `checkpoints.log`.
    public let file: String
    /// 1-based line number in `file` (for a truncated log: one past the last line).
    public let line: Int
    public let seq: UInt64?
    public let kind: Kind
    /// What is wrong; never contains event values.
    public let message: String

    public var description: String {
        "\(file):\(line)\(seq.map { " (seq \($0))" } ?? ""): \(kind.rawValue): \(message)"
    }
}

/// Result of `AuditVerifier.verify`.
public struct AuditVerificationReport: Sendable, Codable {
    public let logID: String?
    /// Complete lines read from `audit.log`.
    public let lineCount: Int
    /// Highest sequence number verified in order (0 if none).
    public let lastSequence: UInt64
    /// `hash` of the last verified line (the genesis hash for an empty log).
    public let headHash: String?
    /// Checkpoints with a valid signature.
    public let validCheckpointCount: Int
    /// Sequence number covered by the last valid checkpoint.
    public let lastSignedSequence: UInt64?
    /// Lines after the last checkpoint: chained but not yet signed (written since, or before a crash).
    public let unsignedLineCount: Int
    /// Bytes after the last newline of `audit.log` (an interrupted write; quarantined on next open).
    public let tornTailBytes: Int
    /// All problems found. The `audit.log` chain is checked up to its first problem only.
    public let problems: [AuditProblem]

    /// True if no problem was found.
    public var isValid: Bool { problems.isEmpty }

    /// The first bad line: the earliest problem in `audit.log`, else the earliest in `checkpoints.log`.
    public var firstProblem: AuditProblem? { Self.first(of: problems) }

    static func first(of problems: [AuditProblem]) -> AuditProblem? {
        problems.min { a, b in
            let fa = a.file == AuditFiles.logName ? 0 : 1, fb = b.file == AuditFiles.logName ? 0 : 1
            return fa != fb ? fa < fb : a.line < b.line
        }
    }
}
