import Foundation
@testable import MendelAudit
import MendelCrypto
import Testing

/// Each kind of tampering is found, at the right (first bad) line. Logs have 20 lines, checkpoints at
/// seq 0, 5, 10, 15, 20.
@Suite struct AuditTamperTests {
    private func tampered(
        _ edit: (AuditFixture, inout [String]) throws -> Void
    ) async throws -> (AuditFixture, AuditVerificationReport) {
        let f = try AuditFixture()
        try await f.makeLog(count: 20)
        #expect(f.verify().isValid)
        var lines = try f.lines(f.logURL)
        try edit(f, &lines)
        try f.write(lines, to: f.logURL)
        return (f, f.verify())
    }

    @Test func cleanLogVerifiesAlsoWhenCopied() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try await f.makeLog(count: 20)
        let copy = f.root.appendingPathComponent("copy", isDirectory: true)
        try FileManager.default.copyItem(at: f.directory, to: copy)
        let report = AuditVerifier.verify(directory: copy, publicKey: f.signingKey.publicKey)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.lineCount == 20 && report.validCheckpointCount == 5 && report.lastSignedSequence == 20)
        // The wrong public key authenticates nothing.
        let wrong = AuditVerifier.verify(directory: copy, publicKey: try Ed25519PrivateKey.generate().publicKey)
        #expect(wrong.firstProblem?.kind == .checkpointSignatureInvalid || wrong.problems.contains { $0.kind == .missingCheckpoint })
        #expect(!wrong.isValid)
    }

    @Test func editedByteIsFoundAtItsLine() async throws {
        let (f, report) = try await tampered { _, lines in
            // Change one hex digit of a target pseudonym in line 7.
            var bytes = Array(lines[6].utf8)
            let at = try #require(lines[6].range(of: "\"pt_")).upperBound.utf16Offset(in: lines[6])
            bytes[at] = bytes[at] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            lines[6] = String(decoding: bytes, as: UTF8.self)
        }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.line == 7)
        #expect(report.firstProblem?.kind == .hashMismatch)
    }

    @Test func editedByteBreakingJSONOrCanonicalFormIsFound() async throws {
        let (f, report) = try await tampered { _, lines in
            lines[6] = lines[6].replacingOccurrences(of: "\"outcome\":\"allowed\"", with: "\"outcome\": \"allowed\"")
        }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.line == 7)
        #expect(report.firstProblem?.kind == .nonCanonicalLine)
        let (g, broken) = try await tampered { _, lines in lines[2].removeLast() }
        defer { g.cleanUp() }
        #expect(broken.firstProblem?.line == 3)
        #expect(broken.firstProblem?.kind == .malformedLine)
    }

    @Test func deletedLineIsFound() async throws {
        let (f, report) = try await tampered { _, lines in lines.remove(at: 6) }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.line == 7)
        #expect(report.firstProblem?.kind == .sequenceGap)
    }

    @Test func duplicatedLineIsFound() async throws {
        let (f, report) = try await tampered { _, lines in lines.insert(lines[6], at: 7) }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.line == 8)
        #expect(report.firstProblem?.kind == .sequenceRepeat)
    }

    @Test func reorderedLinesAreFound() async throws {
        let (f, report) = try await tampered { _, lines in lines.swapAt(6, 7) }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.line == 7)
        #expect(report.firstProblem?.kind == .sequenceGap)
    }

    @Test func insertedLinesAreFound() async throws {
        // A copy of line 3 with its seq changed to fit: its hash no longer matches.
        let (f, report) = try await tampered { _, lines in
            lines.insert(lines[2].replacingOccurrences(of: "\"seq\":3,", with: "\"seq\":8,"), at: 7)
        }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.line == 8)
        #expect(report.firstProblem?.kind == .hashMismatch)

        // A well-formed forged line (right seq, prev and hash; no key needed) after line 7: the original
        // line 8 then repeats seq 8.
        let (g, forged) = try await tampered { g, lines in
            let previous = try AuditRecord.parse(line: Array(lines[6].utf8)[...]).get()
            let (_, line) = AuditRecord.make(event: g.event(99, action: "case.delete"), seq: 8, time: previous.time,
                                             logID: previous.logID, prev: previous.hash)
            lines.insert(String(decoding: line, as: UTF8.self), at: 7)
        }
        defer { g.cleanUp() }
        #expect(forged.firstProblem?.line == 9)
        #expect(forged.firstProblem?.kind == .sequenceRepeat)
    }

    @Test func lineSplicedFromAnotherLogIsFound() async throws {
        let other = try AuditFixture()
        defer { other.cleanUp() }
        try await other.makeLog(count: 10)
        let foreign = try other.lines(other.logURL)[6]
        let (f, report) = try await tampered { _, lines in lines[6] = foreign }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.line == 7)
        #expect(report.firstProblem?.kind == .foreignLine)
    }

    @Test func truncatedTailIsFoundAgainstTheLastCheckpoint() async throws {
        let (f, report) = try await tampered { _, lines in lines.removeLast(3) }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.kind == .truncated)
        #expect(report.firstProblem?.line == 18)
        #expect(report.firstProblem?.seq == 18)
        // Truncating everything is caught too.
        let (g, empty) = try await tampered { _, lines in lines.removeAll() }
        defer { g.cleanUp() }
        #expect(empty.firstProblem?.kind == .truncated)
        #expect(empty.firstProblem?.line == 1)
    }

    @Test func forgedCheckpointIsFound() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try await f.makeLog(count: 20)
        var checkpoints = try f.lines(f.checkpointURL)
        let logID = try #require(f.verify().logID)
        // Signed with a key that is not the log's key.
        let impostor = try Ed25519PrivateKey.generate()
        let (_, line) = try AuditCheckpoint.make(index: 5, logID: logID, seq: 20, head: String(repeating: "0", count: 64),
                                                 prev: String(repeating: "0", count: 64), signingKey: impostor)
        checkpoints.append(String(decoding: line, as: UTF8.self))
        try f.write(checkpoints, to: f.checkpointURL)
        let report = f.verify()
        #expect(report.firstProblem?.file == "checkpoints.log")
        #expect(report.firstProblem?.line == 6)
        #expect(report.firstProblem?.kind == .checkpointSignatureInvalid)

        // Altering a signed field of a genuine checkpoint also breaks its signature.
        checkpoints.removeLast()
        checkpoints[2] = checkpoints[2].replacingOccurrences(of: "\"seq\":10,", with: "\"seq\":11,")
        try f.write(checkpoints, to: f.checkpointURL)
        let altered = f.verify()
        #expect(altered.firstProblem?.file == "checkpoints.log")
        #expect(altered.firstProblem?.line == 3)
        #expect(altered.firstProblem?.kind == .checkpointSignatureInvalid)
    }

    @Test func historyRechainedWithoutTheKeyIsFound() async throws {
        // Change line 7 and recompute every later hash and prev: the chain is consistent again, but the
        // signed checkpoint at seq 10 no longer matches.
        let (f, report) = try await tampered { f, lines in
            var prev: String?
            for i in 6..<lines.count {
                let record = try AuditRecord.parse(line: Array(lines[i].utf8)[...]).get()
                var event = record.event
                if i == 6 { event.outcome = .denied }
                let (rebuilt, line) = AuditRecord.make(event: event, seq: record.seq, time: record.time,
                                                       logID: record.logID, prev: prev ?? record.prev)
                prev = rebuilt.hash
                lines[i] = String(decoding: line, as: UTF8.self)
            }
        }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.kind == .checkpointMismatch)
        #expect(report.firstProblem?.line == 10)
        #expect(!report.problems.contains { [.hashMismatch, .chainBroken, .sequenceGap].contains($0.kind) })
    }

    @Test func openingATamperedLogIsRefused() async throws {
        let (f, report) = try await tampered { _, lines in lines.remove(at: 3) }
        defer { f.cleanUp() }
        #expect(!report.isValid)
        #expect(throws: AuditError.self) { try f.open() }
    }

    @Test func fullOpenVerificationRefusesAnEditedSignedPrefix() async throws {
        let (f, report) = try await tampered { _, lines in
            lines[6] = lines[6].replacingOccurrences(of: "\"outcome\":\"allowed\"", with: "\"outcome\":\"denied\"")
        }
        defer { f.cleanUp() }
        #expect(report.firstProblem?.kind == .hashMismatch)
        #expect(throws: AuditError.self) { try f.open(.init(verifyOnOpen: .full)) }
        // The default open checks only what follows the last checkpoint; the edit stays visible to the
        // verifier, and new checkpoints do not hide it (they sign the original chain).
        let log = try f.open()
        _ = try await log.append(f.event(21))
        try await log.close()
        #expect(f.verify().firstProblem?.line == 7)
    }
}

/// A crash leaves lines after the last checkpoint unsigned; reopening checks them before signing.
@Suite struct AuditUncleanShutdownTests {
    /// Appends events and drops the log without `close()`, like a crash after the last fsync.
    private func crashAfterAppending(_ f: AuditFixture, count: Int) async throws {
        let log = try f.open(.init(checkpointEveryLines: 5, checkpointInterval: .seconds(3600)))
        for i in 1...count { _ = try await log.append(f.event(i)) }
    }

    private func reopen(_ f: AuditFixture) async throws -> AuditLog {
        for _ in 0..<100 {
            do { return try f.open() } catch AuditError.locked { try await Task.sleep(for: .milliseconds(10)) }
        }
        return try f.open()
    }

    /// Waits until no `AuditLog` holds the directory's lock (the dropped log's files are closed).
    private func waitForLockRelease(_ f: AuditFixture) async throws {
        for _ in 0..<100 {
            let fd = open(f.logURL.path, O_RDONLY)
            defer { close(fd) }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the dropped log never released its lock")
    }

    @Test func uncleanShutdownIsRecordedAndSigned() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try await crashAfterAppending(f, count: 7)
        let log = try await reopen(f)
        #expect(await log.lastSequence == 8)
        try await log.close()
        let records = try AuditReader(directory: f.directory).records()
        #expect(records.last?.event.action == "audit.recovery")
        #expect(records.last?.event.details["reason"] == "unclean-shutdown")
        #expect(records.last?.event.details["unsignedLines"] == "2")
        let report = f.verify()
        #expect(report.isValid, "\(report.problems)")
        #expect(report.unsignedLineCount == 0)
    }

    @Test func alteredUnsignedTailIsRefusedOnOpen() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try await crashAfterAppending(f, count: 7)
        try await waitForLockRelease(f)
        // Edit unsigned line 7 (the last checkpoint signed seq 5).
        var lines = try f.lines(f.logURL)
        #expect(lines.count == 7)
        lines[6] = lines[6].replacingOccurrences(of: "\"outcome\":\"allowed\"", with: "\"outcome\":\"denied\"")
        try f.write(lines, to: f.logURL)
        do {
            _ = try f.open()
            Issue.record("a log whose unsigned tail was edited must not be opened")
        } catch {
            #expect((error as? AuditError)?.code == "audit.verification_failed")
        }
    }
}
