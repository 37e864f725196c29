import Foundation
import MendelCrypto

/// Verifies an audit log directory offline with only the checkpoint public key: every line's hash, the
/// hash chain, sequence numbers, the log id, and every checkpoint's signature and head.
///
/// Detects, and reports the first bad line for: an edited byte (`hashMismatch`/`nonCanonicalLine`), a
/// deleted (`sequenceGap`), duplicated or re-ordered (`sequenceRepeat`/`sequenceGap`) or inserted line
/// (`chainBroken`/`sequenceRepeat`), a line spliced from another log (`foreignLine`), a truncated tail
/// (`truncated`, against the last signed checkpoint), a forged checkpoint (`checkpointSignatureInvalid`),
/// and a history re-chained without the signing key (`checkpointMismatch`).
/// Limits: lines after the last checkpoint are protected by the chain only (they are counted in
/// `unsignedLineCount`), and removing the newest checkpoints together with the lines they cover cannot be
/// told from a log that was never longer; keep the latest checkpoint elsewhere to anchor it.
public enum AuditVerifier {
    public static func verify(directory: URL, publicKey: Ed25519PublicKey) -> AuditVerificationReport {
        scan(directory: directory.standardizedFileURL.path, publicKey: publicKey).report
    }

    /// What `AuditLog` needs to continue a verified log.
    struct State {
        var logID: String?
        var lastSeq: UInt64 = 0
        var head: String?
        var nextCheckpointIndex: UInt64 = 0
        var checkpointPrev: String = ""
        var lastCheckpointSeq: UInt64?
    }

    /// Scans the directory. With `trustSignedPrefix`, lines up to the last validly signed checkpoint are
    /// only counted, except the checkpointed line itself, which must hash to the signed head; the lines
    /// after it are fully checked. That is what `AuditLog` needs on open (never sign over an altered
    /// unsigned tail) in time proportional to the tail; `verify` always checks everything.
    static func scan(
        directory: String, publicKey: Ed25519PublicKey, trustSignedPrefix: Bool = false
    ) -> (report: AuditVerificationReport, state: State) {
        var problems: [AuditProblem] = []
        let logFile = AuditFiles.logName, checkpointFile = AuditFiles.checkpointName
        func problem(_ file: String, _ line: Int, _ seq: UInt64?, _ kind: AuditProblem.Kind, _ message: String) {
            problems.append(AuditProblem(file: file, line: line, seq: seq, kind: kind, message: message))
        }
        var state = State()

        // 1. Checkpoints: parse, check signatures, then their own chain.
        var checkpoints: [(checkpoint: AuditCheckpoint, line: Int)] = []
        var checkpointsBySeq: [UInt64: [(checkpoint: AuditCheckpoint, line: Int)]] = [:]
        var checkpointFileExists = false
        do {
            if let reader = try LineReader(path: directory + "/" + checkpointFile) {
                checkpointFileExists = true
                var lineNumber = 0
                var expectedIndex: UInt64 = 0
                var expectedPrev: String?
                var lastSeq: UInt64 = 0
                while let line = try reader.nextLine() {
                    lineNumber += 1
                    let checkpoint: AuditCheckpoint
                    switch AuditCheckpoint.parse(line: line) {
                    case .failure(.malformed(let why)):
                        problem(checkpointFile, lineNumber, nil, .checkpointMalformed, why); continue
                    case .failure(.nonCanonical):
                        problem(checkpointFile, lineNumber, nil, .checkpointMalformed, "not in canonical form"); continue
                    case .success(let c): checkpoint = c
                    }
                    guard checkpoint.isSignatureValid(publicKey: publicKey) else {
                        problem(checkpointFile, lineNumber, checkpoint.seq, .checkpointSignatureInvalid,
                                "signature does not verify under the given public key")
                        continue
                    }
                    if state.logID == nil {
                        state.logID = checkpoint.logID
                        expectedPrev = AuditRecord.genesisHash(logID: checkpoint.logID)
                    }
                    guard checkpoint.logID == state.logID else {
                        problem(checkpointFile, lineNumber, checkpoint.seq, .checkpointForeign,
                                "checkpoint belongs to another log")
                        continue
                    }
                    if checkpoint.index != expectedIndex || checkpoint.prev != expectedPrev || checkpoint.seq < lastSeq {
                        problem(checkpointFile, lineNumber, checkpoint.seq, .checkpointOutOfOrder,
                                "expected checkpoint #\(expectedIndex) after the previous one; checkpoints were removed or re-ordered")
                    }
                    expectedIndex = checkpoint.index + 1
                    expectedPrev = SHA256.hexHash(Array(line))
                    lastSeq = max(lastSeq, checkpoint.seq)
                    checkpoints.append((checkpoint, lineNumber))
                    checkpointsBySeq[checkpoint.seq, default: []].append((checkpoint, lineNumber))
                    state.nextCheckpointIndex = expectedIndex
                    state.checkpointPrev = expectedPrev ?? ""
                    state.lastCheckpointSeq = checkpoint.seq
                }
            }
        } catch {
            problem(checkpointFile, 0, nil, .checkpointMalformed, error.description)
        }
        if checkpoints.isEmpty {
            problem(checkpointFile, 0, nil, .missingCheckpoint,
                    checkpointFileExists ? "no checkpoint with a valid signature" : "checkpoints.log is missing")
        }
        let lastSigned = checkpoints.map(\.checkpoint.seq).max()

        // 2. The audit log chain, up to its first problem.
        var lineCount = 0
        var tornTail = 0
        var chainIntact = true
        var prevHash = state.logID.map { AuditRecord.genesisHash(logID: $0) }
        var expectedSeq: UInt64 = 1
        if let genesis = prevHash {
            for entry in checkpointsBySeq[0] ?? [] where entry.checkpoint.head != genesis {
                problem(checkpointFile, entry.line, 0, .checkpointMismatch, "genesis checkpoint head differs from the log id")
            }
        }
        var logExists = false
        let anchor = trustSignedPrefix ? checkpoints.max { $0.checkpoint.seq < $1.checkpoint.seq }?.checkpoint : nil
        do {
            if let reader = try LineReader(path: directory + "/" + logFile) {
                logExists = true
                while let line = try reader.nextLine() {
                    lineCount += 1
                    guard chainIntact else { continue }
                    if let anchor, UInt64(lineCount) < anchor.seq { continue }
                    let atAnchor = anchor.map { UInt64(lineCount) == $0.seq && $0.seq > 0 } ?? false
                    if atAnchor { expectedSeq = UInt64(lineCount) }
                    let seqHint = expectedSeq
                    let record: AuditRecord
                    switch AuditRecord.parse(line: line) {
                    case .failure(.malformed(let why)):
                        problem(logFile, lineCount, seqHint, .malformedLine, why); chainIntact = false; continue
                    case .failure(.nonCanonical):
                        problem(logFile, lineCount, seqHint, .nonCanonicalLine, "line is not in canonical form (bytes changed)")
                        chainIntact = false; continue
                    case .success(let r): record = r
                    }
                    if record.version != AuditRecord.formatVersion {
                        problem(logFile, lineCount, record.seq, .unsupportedVersion, "format version \(record.version)")
                        chainIntact = false; continue
                    }
                    if record.computedHash != record.hash {
                        problem(logFile, lineCount, record.seq, .hashMismatch, "content does not match the line's hash (edited)")
                        chainIntact = false; continue
                    }
                    if prevHash == nil {
                        state.logID = record.logID
                        prevHash = AuditRecord.genesisHash(logID: record.logID)
                    }
                    if record.logID != state.logID {
                        problem(logFile, lineCount, record.seq, .foreignLine, "line belongs to another log")
                        chainIntact = false; continue
                    }
                    if record.seq != expectedSeq {
                        if record.seq > expectedSeq {
                            problem(logFile, lineCount, record.seq, .sequenceGap,
                                    "expected seq \(expectedSeq): lines are missing or out of order")
                        } else {
                            problem(logFile, lineCount, record.seq, .sequenceRepeat,
                                    "expected seq \(expectedSeq): seq repeats or goes back (duplicated, re-ordered or inserted line)")
                        }
                        chainIntact = false; continue
                    }
                    if !atAnchor && record.prev != prevHash {
                        problem(logFile, lineCount, record.seq, .chainBroken,
                                "prev is not the hash of the line before (a line was inserted, removed or replaced)")
                        chainIntact = false; continue
                    }
                    for entry in checkpointsBySeq[record.seq] ?? [] where entry.checkpoint.head != record.hash {
                        problem(logFile, lineCount, record.seq, .checkpointMismatch,
                                "hash differs from signed checkpoint #\(entry.checkpoint.index) (checkpoints.log line \(entry.line)): history was re-written")
                        chainIntact = false
                    }
                    guard chainIntact else { continue }
                    prevHash = record.hash
                    state.lastSeq = record.seq
                    expectedSeq = record.seq + 1
                }
                tornTail = reader.trailingBytes.count
            }
        } catch {
            problem(logFile, lineCount + 1, nil, .malformedLine, error.description)
            chainIntact = false
        }
        state.head = prevHash
        if !logExists && !checkpointFileExists {
            problem(logFile, 0, nil, .missingLog, "no audit.log or checkpoints.log in the directory")
        }
        if chainIntact, let lastSigned, state.lastSeq < lastSigned {
            problem(logFile, lineCount + 1, state.lastSeq + 1, .truncated,
                    "log ends at seq \(state.lastSeq) but a checkpoint signed seq \(lastSigned): the tail was removed")
        }
        let report = AuditVerificationReport(
            logID: state.logID, lineCount: lineCount, lastSequence: state.lastSeq, headHash: state.head,
            validCheckpointCount: checkpoints.count, lastSignedSequence: lastSigned,
            unsignedLineCount: chainIntact ? Int(state.lastSeq - min(state.lastSeq, lastSigned ?? 0)) : 0,
            tornTailBytes: tornTail, problems: problems)
        return (report, state)
    }
}
