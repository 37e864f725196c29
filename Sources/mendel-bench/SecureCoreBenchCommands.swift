import ArgumentParser
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MendelAudit
import MendelCrypto

/// `mendel-bench aes-throughput`: AES-256-GCM seal (random nonce + AAD, the vault's path) on 16 KiB
/// blocks in one thread, in MB/s. Compare with `openssl speed -evp aes-256-gcm -bytes 16384 -seconds 3`.
struct AESThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aes-throughput", abstract: "AES-256-GCM seal/open throughput (MB/s, one thread).")

    @Option(help: "Block size in bytes.")
    var bytes: Int = 16 * 1024

    @Option(help: "Seconds per measurement.")
    var seconds: Double = 3

    func validate() throws {
        guard bytes > 0, seconds > 0 else { throw ValidationError("--bytes and --seconds must be positive") }
    }

    func run() throws {
        let key = try SecretKey.random()
        let plaintext = try SecureRandom.bytes(bytes)
        let aad = Array("patients/notes/1/v1".utf8)
        let sealed = try AESGCM.seal(plaintext, key: key, aad: aad)

        let seal = try measure { _ = try AESGCM.seal(plaintext, key: key, aad: aad) }
        let open = try measure { _ = try AESGCM.open(sealed, key: key, aad: aad) }
        print("aes-256-gcm block=\(bytes)B seconds=\(seconds) (MB = 10^6 bytes)")
        for (name, rate) in [("seal", seal), ("open", open)] {
            print(String(format: "%@: %.1f MB/s per CPU second, %.1f MB/s wall clock",
                         name, rate.perCPUSecond * Double(bytes) / 1e6, rate.perWallSecond * Double(bytes) / 1e6))
        }
        print("compare: openssl speed -evp aes-256-gcm -bytes \(bytes) -seconds 3   (user CPU time, 1000s of bytes/s)")
        print("         openssl speed -elapsed -evp aes-256-gcm -bytes \(bytes) -seconds 3   (wall clock)")
    }

    /// Calls per second of `body` over about `seconds`, per second of process CPU time (what
    /// `openssl speed` reports by default) and per second of wall-clock time.
    private func measure(_ body: () throws -> Void) throws -> (perCPUSecond: Double, perWallSecond: Double) {
        for _ in 0..<100 { try body() }   // warm up (and fill the key's context pool)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = Self.processCPUSeconds()
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var count = 0
        while clock.now < deadline {
            for _ in 0..<64 { try body() }
            count += 64
        }
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = Self.processCPUSeconds() - cpuStart
        return (Double(count) / cpu, Double(count) / wall)
    }

    private static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// `mendel-bench audit-append`: durable audit appends per second with `--writers` concurrent tasks, with
/// group commit (default) or one write+fsync per event (`--no-group-commit`), in a temporary directory.
struct AuditAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-append", abstract: "Audit log appends/s (write+fsync before return), group commit vs per event.")

    @Option(help: "Concurrent writer tasks.")
    var writers: Int = 8

    @Option(help: "Total events.")
    var events: Int = 20_000

    @Flag(name: .customLong("no-group-commit"), help: "Write and fsync every event separately.")
    var noGroupCommit = false

    @Option(name: .customLong("commit-yields"), help: "Yields after each fsync to gather the next batch (0 disables).")
    var commitYields: Int = 4

    @Option(help: "Directory for the log (default: a new temporary directory, removed afterwards).")
    var dir: String?

    func validate() throws {
        guard writers > 0, events >= writers else { throw ValidationError("need --writers > 0 and --events >= --writers") }
    }

    func run() throws {
        let base = dir.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("mendel-audit-bench-\(UUID().uuidString)")
        let directory = base.appendingPathComponent("AuditLogs")
        defer { if dir == nil { try? FileManager.default.removeItem(at: base) } }
        let (writers, events, groupCommit, yields) = (self.writers, self.events, !noGroupCommit, commitYields)
        let result = try Self.blocking { () async throws -> String in
            let key = try Ed25519PrivateKey.generate()
            let pseudonymizer = Pseudonymizer(key: try SecretKey.random())
            let log = try AuditLog(directory: directory, signingKey: key,
                                   configuration: .init(groupCommit: groupCommit, commitYields: yields))
            let perWriter = events / writers
            let clock = ContinuousClock()
            let start = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    group.addTask {
                        for i in 0..<perWriter {
                            let n = w * perWriter + i
                            let event = AuditEvent(
                                actor: AuditActor(uid: 1000 + UInt32(w), gid: 100, pid: 4000 + Int32(w), user: "tech\(w)", role: "lab"),
                                action: "case.read", targets: [pseudonymizer.pseudonym(kind: "pt", id: "patient-\(n % 977)")],
                                purpose: "treatment", outcome: .allowed, requestID: "req-\(n)", policyHash: "sha256:0123abcd",
                                details: ["format": "html"])
                            _ = try await log.append(event)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = clock.now - start
            let stats = await log.statistics
            try await log.close()
            let verifyStart = clock.now
            let report = AuditVerifier.verify(directory: directory, publicKey: key.publicKey)
            let verifyElapsed = clock.now - verifyStart
            let seconds = Self.seconds(elapsed)
            return String(format: """
                audit-append writers=%d events=%d group-commit=%@ commit-yields=%d
                %.0f events/s (%.3f s), %d write+fsync calls, %.1f events per fsync, %d checkpoints
                verify: %@ %d lines in %.3f s (%.0f lines/s)
                """, writers, stats.lines, groupCommit ? "on" : "off", yields, Double(stats.lines) / seconds, seconds,
                stats.writes, Double(stats.lines) / Double(max(stats.writes, 1)), stats.checkpoints,
                report.isValid ? "valid" : "INVALID", report.lineCount, Self.seconds(verifyElapsed),
                Double(report.lineCount) / Self.seconds(verifyElapsed))
        }
        print(result)
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Runs async work from this synchronous command and waits for it (the main thread is not part of
    /// the cooperative pool, so blocking it is safe).
    private static func blocking(_ body: @escaping @Sendable () async throws -> String) throws -> String {
        let box = AuditBenchResultBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let result = box.result else { throw ValidationError("benchmark did not finish") }
        return try result.get()
    }
}

/// Hands the benchmark's result from its task to the waiting main thread (written before the semaphore is
/// signalled, read after it is awaited).
private final class AuditBenchResultBox: @unchecked Sendable {
    var result: Result<String, any Error>?
}
