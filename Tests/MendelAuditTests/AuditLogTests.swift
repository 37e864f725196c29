import Foundation
@testable import MendelAudit
import MendelCrypto
import Testing

@Suite struct AuditLogTests {
    @Test func appendedEventsVerifyAndReadBack() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        var receipts: [AuditReceipt] = []
        for i in 1...12 { receipts.append(try await log.append(f.event(i))) }
        #expect(receipts.map(\.seq) == Array(1...12))
        #expect(await log.lastSequence == 12)
        #expect(await log.isHealthy)
        try await log.close()

        let report = f.verify()
        #expect(report.isValid, "\(report.problems)")
        #expect(report.lineCount == 12 && report.lastSequence == 12 && report.lastSignedSequence == 12)
        #expect(report.unsignedLineCount == 0)
        #expect(report.logID == log.logID)

        let records = try AuditReader(directory: f.directory).records()
        #expect(records.map(\.hash) == receipts.map(\.hash))
        #expect(records[3].event == f.event(4))
        #expect(records.allSatisfy { $0.logID == log.logID })
        // One JSON object per line, canonical: no whitespace, sorted keys.
        let first = try f.lines(f.logURL)[0]
        #expect(records[0].canonicalLine == first)
        #expect(first.hasPrefix("{\"action\":\"case.read\",\"actor\":{\"gid\":100,"))
        #expect(!first.contains(" "))
        #expect(first.contains("\"prev\":\"\(AuditRecord.genesisHash(logID: log.logID))\""))
        #expect(try #require(records.first).time.count == "2026-01-01T00:00:00.000Z".count)
    }

    @Test func reopeningContinuesTheChain() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try await f.makeLog(count: 4)
        let log = try f.open()
        #expect(await log.lastSequence == 4)
        let receipt = try await log.append(f.event(5))
        #expect(receipt.seq == 5)
        try await log.close()
        let report = f.verify()
        #expect(report.isValid, "\(report.problems)")
        #expect(report.lastSequence == 5)
        // A clean close leaves nothing to recover: no audit.recovery event.
        #expect(try AuditReader(directory: f.directory).records().allSatisfy { $0.event.action != "audit.recovery" })
    }

    @Test func secondWriterIsLockedOut() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        #expect(throws: AuditError.locked(path: f.logURL.standardizedFileURL.path)) { try f.open() }
        try await log.close()
        let again = try f.open()
        try await again.close()
    }

    @Test func invalidEventsAreRejectedAndNothingIsWritten() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        var plaintextTarget = f.event(1)
        plaintextTarget.targets = ["MRN-000123"]
        var freeTextAction = f.event(2)
        freeTextAction.action = "read notes of John"
        var newlineDetail = f.event(3)
        newlineDetail.details = ["note": "line1\nline2"]
        var spacedPurpose = f.event(4)
        spacedPurpose.purpose = "follow up with Mrs Smith"
        var badRoles = f.event(5)
        badRoles.actor.role = "lab, admin"
        for bad in [plaintextTarget, freeTextAction, newlineDetail, spacedPurpose, badRoles] {
            await #expect(throws: AuditError.self) { try await log.append(bad) }
        }
        #expect(await log.lastSequence == 0)
        #expect(await log.isHealthy)
        try await log.close()
        #expect(try AuditReader(directory: f.directory).records().isEmpty)
    }

    @Test func decisionRecordsAndRoleListsAreAccepted() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        var event = f.event(1, action: "case.analysis.decision")
        event.actor.role = "lab,clinician"
        event.decision = DecisionRecord(
            decisionID: "D-0011223344556677", inputHash: String(repeating: "a", count: 64),
            outputHash: String(repeating: "b", count: 64), traceHash: String(repeating: "c", count: 64),
            knowledgeBaseVersion: "hpo-2025-05-06", modelDigests: ["BioLORD 2023 (M)": "sha256:01"],
            policyHash: "sha256:02", parameters: ["engine": "phenotype-lr", "topK": "10"])
        let receipt = try await log.append(event)
        try await log.close()
        let record = try #require(try AuditReader(directory: f.directory).records().first)
        #expect(record.event == event)
        #expect(record.hash == receipt.hash)
        #expect(f.verify().isValid)
    }

    @Test func checkpointsEveryNLinesAndOnClose() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open(.init(checkpointEveryLines: 10, checkpointInterval: .seconds(3600)))
        for i in 1...35 { _ = try await log.append(f.event(i)) }
        #expect(try AuditReader(directory: f.directory).checkpoints().map(\.seq) == [0, 10, 20, 30])
        try await log.close()
        let checkpoints = try AuditReader(directory: f.directory).checkpoints()
        #expect(checkpoints.map(\.seq) == [0, 10, 20, 30, 35])
        #expect(checkpoints.map(\.index) == [0, 1, 2, 3, 4])
        #expect(checkpoints.allSatisfy { $0.isSignatureValid(publicKey: f.signingKey.publicKey) })
        let other = try Ed25519PrivateKey.generate()
        #expect(checkpoints.allSatisfy { !$0.isSignatureValid(publicKey: other.publicKey) })
    }

    @Test func checkpointsAfterTimeInterval() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open(.init(checkpointEveryLines: 1000, checkpointInterval: .milliseconds(100)))
        _ = try await log.append(f.event(1))
        var signed: [UInt64] = []
        for _ in 0..<50 where !signed.contains(1) {
            try await Task.sleep(for: .milliseconds(50))
            signed = try AuditReader(directory: f.directory).checkpoints().map(\.seq)
        }
        #expect(signed.contains(1), "a checkpoint covering seq 1 is written without close")
        try await log.close()
    }

    @Test func explicitCheckpointAndClosedLogRejectsAppends() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        _ = try await log.append(f.event(1))
        try await log.writeCheckpoint()
        #expect(try AuditReader(directory: f.directory).checkpoints().last?.seq == 1)
        try await log.close()
        await #expect(throws: AuditError.closed) { try await log.append(f.event(2)) }
    }

    @Test func concurrentAppendsAreContiguousAndGroupCommitted() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open(.init(checkpointEveryLines: 100, checkpointInterval: .seconds(3600)))
        let writers = 8, perWriter = 50
        let seqs = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for w in 0..<writers {
                group.addTask {
                    var mine: [UInt64] = []
                    for i in 0..<perWriter { mine.append(try await log.append(f.event(w * perWriter + i)).seq) }
                    return mine
                }
            }
            var all: [UInt64] = []
            for try await part in group {
                #expect(part == part.sorted(), "each writer sees increasing seqs")
                all += part
            }
            return all
        }
        #expect(seqs.sorted() == Array(1...UInt64(writers * perWriter)))
        let stats = await log.statistics
        #expect(stats.lines == writers * perWriter)
        #expect(stats.writes < stats.lines, "concurrent appends share write+fsync calls")
        try await log.close()
        let report = f.verify()
        #expect(report.isValid, "\(report.problems)")
        #expect(report.lastSequence == UInt64(writers * perWriter))
    }

    @Test func withoutGroupCommitEachEventIsItsOwnWrite() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open(.init(groupCommit: false))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<4 { group.addTask { for i in 0..<10 { _ = try await log.append(f.event(w * 10 + i)) } } }
            try await group.waitForAll()
        }
        let stats = await log.statistics
        #expect(stats.lines == 40 && stats.writes == 40)
        try await log.close()
        #expect(f.verify().isValid)
    }

    @Test func logContainsPseudonymsNotIdentifiers() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        let mrn = "MRN-7734-XYZ"
        var event = f.event(1)
        event.targets = [f.pseudonymizer.pseudonym(kind: "pt", id: mrn)]
        _ = try await log.append(event)
        try await log.close()
        let bytes = try String(contentsOf: f.logURL, encoding: .utf8)
        #expect(!bytes.contains(mrn))
        #expect(bytes.contains(f.pseudonymizer.pseudonym(kind: "pt", id: mrn)))
    }
}

@Suite struct PseudonymizerTests {
    @Test func stableKeyedAndKindSeparated() throws {
        let key = try SecretKey.random()
        let p = Pseudonymizer(key: key)
        let a = p.pseudonym(kind: "pt", id: "MRN-1")
        #expect(a == Pseudonymizer(key: key).pseudonym(kind: "pt", id: "MRN-1"))
        #expect(a.hasPrefix("pt_") && a.count == 3 + 24)
        #expect(a.dropFirst(3).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(a != p.pseudonym(kind: "pt", id: "MRN-2"))
        #expect(a.dropFirst(3) != p.pseudonym(kind: "case", id: "MRN-1").dropFirst(5))
        #expect(a != Pseudonymizer(key: try SecretKey.random()).pseudonym(kind: "pt", id: "MRN-1"))
        #expect(EventValidation.isPseudonym(a))
        #expect(!EventValidation.isPseudonym("MRN-1"))
        #expect(!EventValidation.isPseudonym("pt_XYZ"))
    }

    @Test func knownValueUnderFixedKey() {
        // HMAC-SHA256(key = 32 x 0x01, "mendel.pseudonym.v1\0pt\0abc"), first 24 hex digits.
        let p = Pseudonymizer(key: SecretKey(copying: [UInt8](repeating: 1, count: 32)))
        var message = Array("mendel.pseudonym.v1".utf8) + [0] + Array("pt".utf8) + [0] + Array("abc".utf8)
        let expected = "pt_" + String(HMACSHA256.authenticate(message, key: SecretKey(copying: [UInt8](repeating: 1, count: 32))).hexString.prefix(24))
        wipe(&message)
        #expect(p.pseudonym(kind: "pt", id: "abc") == expected)
    }
}
