import Foundation
import MendelAudit
import MendelCrypto
import Testing

/// A temporary audit directory with a signing key and a pseudonymizer; removed on `cleanUp()`.
struct AuditFixture {
    let root: URL
    let directory: URL
    let signingKey: Ed25519PrivateKey
    let pseudonymizer: Pseudonymizer

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("mendel-audit-tests-\(UUID().uuidString)", isDirectory: true)
        directory = root.appendingPathComponent("AuditLogs", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        signingKey = try Ed25519PrivateKey.generate()
        pseudonymizer = Pseudonymizer(key: try SecretKey.random())
    }

    func cleanUp() {
        _ = chmod(directory.path, 0o755)
        try? FileManager.default.removeItem(at: root)
    }

    var logURL: URL { directory.appendingPathComponent("audit.log") }
    var checkpointURL: URL { directory.appendingPathComponent("checkpoints.log") }

    /// Time-based checkpoints are pushed out to an hour so slow runs (sanitizers, a loaded machine) do not add
    /// checkpoints at positions the tests do not expect.
    func open(_ configuration: AuditLog.Configuration = .init(checkpointInterval: .seconds(3600))) throws -> AuditLog {
        try AuditLog(directory: directory, signingKey: signingKey, configuration: configuration)
    }

    func event(_ i: Int, action: String = "case.read", outcome: AuditOutcome = .allowed) -> AuditEvent {
        AuditEvent(
            actor: AuditActor(uid: 1000 + UInt32(i % 3), gid: 100, pid: 4242, user: "tech\(i % 3)", role: "lab"),
            action: action,
            targets: [pseudonymizer.pseudonym(kind: "pt", id: "patient-\(i % 5)"),
                      pseudonymizer.pseudonym(kind: "case", id: "case-\(i)")],
            purpose: "treatment", outcome: outcome, code: outcome == .allowed ? nil : "policy.denied",
            requestID: "req-\(i)", policyHash: "sha256:abc123",
            details: ["step": String(i)])
    }

    /// Creates a closed log with `count` events (checkpoints every `every` lines and on close).
    func makeLog(count: Int, every: Int = 5) async throws {
        let log = try open(.init(checkpointEveryLines: every, checkpointInterval: .seconds(3600)))
        for i in 1...count { _ = try await log.append(event(i)) }
        try await log.close()
    }

    func verify() -> AuditVerificationReport {
        AuditVerifier.verify(directory: directory, publicKey: signingKey.publicKey)
    }

    /// The lines of a file, without newlines.
    func lines(_ url: URL) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    func write(_ lines: [String], to url: URL) throws {
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: url)
    }
}
