import Foundation
@testable import MendelAudit
import MendelCrypto
import Testing

/// When the log cannot make an event durable, `append` throws and the log turns unhealthy.
/// (CI runs as root, for whom chmod does not block writes, so failures are made in ways root cannot
/// bypass: the file replaced or deleted, or its descriptor pointed at a full or read-only file.)
@Suite struct AuditFailClosedTests {
    private func expectFailsClosed(_ log: AuditLog, _ f: AuditFixture) async {
        await #expect(throws: AuditError.self) { try await log.append(f.event(100)) }
        #expect(await log.isHealthy == false)
        await #expect(throws: AuditError.unhealthy) { try await log.append(f.event(101)) }
        await #expect(throws: AuditError.unhealthy) { try await log.writeCheckpoint() }
    }

    @Test func logFileReplacedByADirectory() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        _ = try await log.append(f.event(1))
        try FileManager.default.moveItem(at: f.logURL, to: f.directory.appendingPathComponent("moved.log"))
        try FileManager.default.createDirectory(at: f.logURL, withIntermediateDirectories: false)
        await expectFailsClosed(log, f)
        await #expect(throws: AuditError.unhealthy) { try await log.close() }
    }

    @Test func logFileDeleted() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        _ = try await log.append(f.event(1))
        try FileManager.default.removeItem(at: f.logURL)
        await expectFailsClosed(log, f)
    }

    @Test func fullDiskFailsTheAppend() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        _ = try await log.append(f.event(1))
        let full = open("/dev/full", O_WRONLY)
        guard full >= 0 else {
            print("SKIP: /dev/full is not available")
            try await log.close()
            return
        }
        defer { close(full) }
        #expect(dup2(full, await log.logFileDescriptorForTesting) >= 0)
        do {
            _ = try await log.append(f.event(2))
            Issue.record("append to a full disk must throw")
        } catch {
            #expect(error.code == "audit.io")
        }
        #expect(await log.isHealthy == false)
        await #expect(throws: AuditError.unhealthy) { try await log.append(f.event(3)) }
        try? await log.close()

        // The real file never saw the failed event; reopening recovers and verifies.
        let reopened = try f.open()
        #expect(await reopened.lastSequence == 2)   // event 1 + the audit.recovery event
        try await reopened.close()
        let records = try AuditReader(directory: f.directory).records()
        #expect(records.map(\.event.action) == ["case.read", "audit.recovery"])
        #expect(records.last?.event.details["reason"] == "unclean-shutdown")
        #expect(f.verify().isValid)
    }

    @Test func unwritableDescriptorFailsTheAppend() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        _ = try await log.append(f.event(1))
        let readOnly = open(f.logURL.path, O_RDONLY)
        #expect(readOnly >= 0)
        defer { close(readOnly) }
        #expect(dup2(readOnly, await log.logFileDescriptorForTesting) >= 0)
        await expectFailsClosed(log, f)
    }

    @Test func readOnlyDirectoryIsRefusedAtOpen() throws {
        guard geteuid() != 0 else {
            print("SKIP: root ignores directory permissions; covered by the replaced/deleted/full-disk tests")
            return
        }
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try FileManager.default.createDirectory(at: f.directory, withIntermediateDirectories: true)
        #expect(chmod(f.directory.path, 0o555) == 0)
        #expect(throws: AuditError.self) { try f.open() }
    }
}

@Suite struct AuditRecoveryTests {
    @Test func tornLastLineIsQuarantinedAndChainStillVerifies() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try await f.makeLog(count: 6)
        let torn = Array("{\"action\":\"case.read\",\"actor\":{\"gid\":10".utf8)
        let handle = try FileHandle(forWritingTo: f.logURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(torn))
        try handle.close()
        #expect(f.verify().tornTailBytes == torn.count)

        let log = try f.open()
        #expect(await log.lastSequence == 7)
        _ = try await log.append(f.event(8))
        try await log.close()

        let quarantined = try FileManager.default.contentsOfDirectory(atPath: f.directory.path)
            .filter { $0.hasPrefix("quarantine-") && $0.hasSuffix(".log") }
        #expect(quarantined.count == 1)
        let saved = try Data(contentsOf: f.directory.appendingPathComponent(try #require(quarantined.first)))
        #expect(Array(saved) == torn)

        let records = try AuditReader(directory: f.directory).records()
        #expect(records.count == 8)
        let recovery = records[6]
        #expect(recovery.event.action == "audit.recovery")
        #expect(recovery.event.details["reason"] == "torn-write")
        #expect(recovery.event.details["quarantine0.bytes"] == String(torn.count))
        let report = f.verify()
        #expect(report.isValid, "\(report.problems)")
        #expect(report.tornTailBytes == 0)
    }

    @Test func tornCheckpointLineIsQuarantined() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try await f.makeLog(count: 3)
        let handle = try FileHandle(forWritingTo: f.checkpointURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"head\":\"ab".utf8))
        try handle.close()
        let log = try f.open()
        try await log.close()
        #expect(f.verify().isValid)
        let names = try FileManager.default.contentsOfDirectory(atPath: f.directory.path)
        #expect(names.contains { $0.hasPrefix("quarantine-checkpoints-") })
    }
}
