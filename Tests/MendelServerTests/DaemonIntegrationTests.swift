import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// End-to-end tests: the real daemon process, the real socket, the real CLI.
@Suite("mendeld end to end", .serialized)
struct DaemonIntegrationTests {
    static let fixtures = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/demo").path

    /// Access policy for tests: root has every role; uid 4243 is lab staff only; uid 4242 is unknown.
    static let testAccessPolicy = """
    version: 1
    roles:
      lab: [daemon.status, case.submit, case.list, case.read, case.analyze, case.report]
      clinician: [daemon.status, case.list, case.read, case.report, case.signoff, identity.read]
      auditor: [daemon.status, audit.verify, audit.export, audit.read, policy.read]
      admin: [daemon.status, patient.erase, keys.rotate, policy.read, policy.reload, kb.import, model.list, audit.verify]
    principals:
      - uid: 0
        roles: [lab, clinician, admin, auditor]
      - uid: 4243
        roles: [lab]
    """

    func submitDemoCase(_ daemon: DaemonHarness, mrn: String = "MRN-TEST-1") throws -> (caseID: String, patientID: String) {
        let result = try daemon.mendel(["case", "submit", "--json", "--phenopacket", Self.fixtures + "/phenopacket.json",
                                        "--notes", Self.fixtures + "/notes.txt", "--vcf", Self.fixtures + "/case.vcf", "--mrn", mrn])
        #expect(result.status == 0, "submit failed: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let caseID = try #require(json?["caseID"] as? String)
        let patientID = try #require(json?["patientID"] as? String)
        return (caseID, patientID)
    }

    @Test("submit → list → show → analyze → report round trip, then the audit log verifies")
    func roundTrip() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let (caseID, patientID) = try submitDemoCase(daemon)
        #expect(caseID.hasPrefix("C-") && patientID.hasPrefix("P-"))

        let list = try daemon.mendel(["case", "list", "--json"])
        #expect(list.status == 0 && list.stdout.contains(caseID))
        #expect(!list.stdout.contains("MRN-TEST-1"), "a case list must not carry identity")

        let show = try daemon.mendel(["case", "show", caseID, "--json"])
        #expect(show.status == 0 && show.stdout.contains("HP:0001166"))

        let analyze = try daemon.mendel(["case", "analyze", caseID, "--json"])
        #expect(analyze.status == 0, "analyze failed: \(analyze.stdout) \(analyze.stderr)")
        #expect(analyze.stdout.contains("\"succeeded\""))

        for format in ["json", "md", "html"] {
            let output = daemon.root.path + "/report.\(format)"
            let report = try daemon.mendel(["case", "report", caseID, "--format", format, "-o", output])
            #expect(report.status == 0, "report \(format): \(report.stderr)")
            let text = try String(contentsOfFile: output, encoding: .utf8)
            #expect(text.contains(caseID))
            #expect(text.contains("Marfan"), "the demo case's top diagnoses should include Marfan syndrome (\(format))")
        }

        // A second submission with the same MRN finds the same patient through the blind index.
        let again = try submitDemoCase(daemon)
        #expect(again.patientID == patientID)

        let verify = try daemon.mendel(["audit", "verify"])
        #expect(verify.status == 0, "audit verify: \(verify.stdout) \(verify.stderr)")

        // Accounting of disclosures for this patient: every access to their record, no PHI.
        let export = try daemon.mendel(["audit", "export", "--patient", patientID, "--format", "csv"])
        #expect(export.status == 0, "\(export.stderr)")
        let rows = export.stdout.split(separator: "\n")
        #expect(rows.first?.hasPrefix("time,seq,actor_uid") == true)
        #expect(rows.contains { $0.contains("case.submit.completed") } && rows.contains { $0.contains("case.analysis.decision") })
        #expect(!export.stdout.contains("MRN-TEST-1") && !export.stdout.contains(patientID))
        let tail = try daemon.mendel(["audit", "tail", "-n", "3"])
        #expect(tail.status == 0 && tail.stdout.split(separator: "\n").count == 3)
        #expect(daemon.stop() == 0)

        // Offline verification on the copied log with only the public key.
        let offline = try DaemonHarness.run("mendel", ["audit", "verify", "--dir", daemon.auditDirectory,
                                                       "--public-key", daemon.keysDirectory + "/audit-signing.pub"])
        #expect(offline.status == 0, "offline verify: \(offline.stdout) \(offline.stderr)")
        // No PHI in the audit log: neither the MRN nor note text.
        let auditText = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        #expect(!auditText.contains("MRN-TEST-1") && !auditText.contains("lens subluxation") && !auditText.contains(caseID))
    }

    @Test("unknown uid and a role without the permission are denied and audited")
    func authorisation() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        guard DaemonHarness.isRoot else { print("SKIP: needs root to run the client as other uids (setpriv); CI runs as root"); return }
        let daemon = try DaemonHarness(accessPolicy: Self.testAccessPolicy)
        try daemon.start(extraArguments: ["--socket-group", "4242"])

        let unknown = try daemon.mendel(["whoami"], asUID: 4242, gid: 4242)
        #expect(unknown.status == 77, "unknown uid should be refused: \(unknown.stderr)")
        #expect(unknown.stderr.contains("uid 4242 has no role"))

        let lab = try daemon.mendel(["whoami", "--json"], asUID: 4243, gid: 4242)
        #expect(lab.status == 0 && lab.stdout.contains("\"lab\""))
        let rotate = try daemon.mendel(["keys", "rotate"], asUID: 4243, gid: 4242)
        #expect(rotate.status == 77 && rotate.stderr.contains("keys.rotate"))

        // Not in the socket group at all: the kernel refuses the connection.
        let outsider = try daemon.mendel(["whoami"], asUID: 4244, gid: 4244)
        #expect(outsider.status == 77 && outsider.stderr.contains("permission denied"))

        #expect(daemon.stop() == 0)
        let auditText = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        let denied = auditText.split(separator: "\n").filter { $0.contains("\"denied\"") }
        #expect(denied.contains { $0.contains("\"uid\":4242") })
        #expect(denied.contains { $0.contains("\"uid\":4243") && $0.contains("keys.rotate") })
    }

    @Test("bad requests get clear errors while a concurrent good client is served")
    func badRequests() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start(extraArguments: ["--request-deadline", "2"])

        // A slow client that drips bytes and never finishes: cut off at the deadline.
        let drip = try RawSocketClient(path: daemon.socketPath)
        drip.send("POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")

        func exchange(_ request: [UInt8], closeWrite: Bool = false) throws -> String {
            let client = try RawSocketClient(path: daemon.socketPath)
            defer { client.close() }
            client.send(request)
            if closeWrite { client.shutdownWrite() }
            return client.readAll()
        }
        func post(_ body: [UInt8], declaredLength: Int? = nil) -> [UInt8] {
            Array("POST /v1/cases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(declaredLength ?? body.count)\r\n\r\n".utf8) + body
        }

        let malformed = try exchange(post(Array("{\"phenopacketJSON\": ".utf8)))
        #expect(malformed.hasPrefix("HTTP/1.1 400") && malformed.contains("request.invalid_json"))

        let invalidUTF8 = try exchange(post([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))
        #expect(invalidUTF8.hasPrefix("HTTP/1.1 400") && invalidUTF8.contains("request.invalid_utf8"))

        let huge = try exchange(post([], declaredLength: 2 * 1024 * 1024 * 1024))
        #expect(huge.hasPrefix("HTTP/1.1 413") && huge.contains("request.body_too_large"))

        let truncated = try exchange(post(Array("{\"phenopacketJSON\":".utf8), declaredLength: 500), closeWrite: true)
        #expect(truncated.isEmpty || truncated.contains("request.malformed_http"), "truncated body: \(truncated)")

        let hugeHeader = try exchange(Array("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "a", count: 20_000))\r\n\r\n".utf8))
        #expect(hugeHeader.hasPrefix("HTTP/1.1 431") && hugeHeader.contains("request.header_too_large"))

        let notHTTP = try exchange(Array("\u{1}\u{2}garbage\r\n\r\n".utf8))
        #expect(notHTTP.hasPrefix("HTTP/1.1 400"))

        let badPhenopacket = try exchange(post(Array("{\"phenopacketJSON\": \"{\\\"id\\\": 5}\"}".utf8)))
        #expect(badPhenopacket.hasPrefix("HTTP/1.1 400") && badPhenopacket.contains("phenopacket."))

        // Meanwhile a good client is served.
        let status = try daemon.mendel(["daemon", "status", "--json"])
        #expect(status.status == 0 && status.stdout.contains("\"ok\""))
        let (caseID, _) = try submitDemoCase(daemon)
        #expect(caseID.hasPrefix("C-"))

        // The dripping client was cut off at the deadline.
        let dripAnswer = drip.readAll()
        drip.close()
        #expect(!dripAnswer.contains("201"))

        #expect(daemon.stop() == 0)
        let auditText = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        #expect(auditText.contains("request.body_too_large"))
        let offline = try DaemonHarness.run("mendel", ["audit", "verify", "--dir", daemon.auditDirectory,
                                                       "--public-key", daemon.keysDirectory + "/audit-signing.pub"])
        #expect(offline.status == 0, "\(offline.stdout)")
    }

    @Test("a second daemon on the same socket exits with 'already running'; SIGTERM during a job keeps vault and audit valid")
    func lifecycle() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()

        let second = try DaemonHarness.run("mendeld", daemon.daemonArguments)
        #expect(second.status == 2 && second.stderr.contains("already running"))

        let (caseID, _) = try submitDemoCase(daemon)
        let job = try daemon.mendel(["case", "analyze", caseID, "--no-wait", "--json"])
        #expect(job.status == 0)
        #expect(daemon.stop() == 0)

        // Restart on the same files: the case is there and decrypts, and the chain verifies.
        try daemon.start()
        let show = try daemon.mendel(["case", "show", caseID, "--json"])
        #expect(show.status == 0 && show.stdout.contains("HP:0001083"))
        let verify = try daemon.mendel(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "the socket is removed on a clean stop")
    }
}

@Suite("mendeld operations", .serialized)
struct DaemonOperationsTests {
    @Test("fail closed: with the audit log unusable nothing is stored and health says degraded, until a restart with the log back")
    func auditFailClosed() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let (firstCase, _) = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-FC-1")
        let log = daemon.auditDirectory + "/audit.log"
        #expect(rename(log, log + ".moved") == 0)

        let submit = try daemon.mendel(["case", "submit", "--phenopacket", DaemonIntegrationTests.fixtures + "/phenopacket.json"])
        #expect(submit.status == 75, "submission must fail closed: \(submit.stderr)")
        #expect(submit.stderr.contains("audit.unavailable"))
        let status = try daemon.mendel(["daemon", "status", "--json"])
        #expect(status.status == 75 && status.stdout.contains("\"degraded\""), "\(status.stdout) \(status.stderr)")

        // The failure is sticky (the chain cannot be trusted to continue): it stays fail-closed until restarted.
        #expect(rename(log + ".moved", log) == 0)
        #expect(try daemon.mendel(["case", "list"]).status == 75)
        daemon.stop()
        try daemon.start()
        let list = try daemon.mendel(["case", "list", "--json"])
        #expect(list.status == 0, "the daemon serves again after a restart with the log back: \(list.stderr)")
        let listed = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["cases"] as? [[String: Any]]
        #expect(listed?.count == 1 && listed?.first?["caseID"] as? String == firstCase, "the refused submission stored nothing")
        #expect(daemon.stop() == 0)
        let verify = try DaemonHarness.run("mendel", ["audit", "verify", "--dir", daemon.auditDirectory,
                                                      "--public-key", daemon.keysDirectory + "/audit-signing.pub"])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test("SIGHUP reloads policies atomically: a broken or world-writable file keeps the old policy, and both are audited")
    func policyReload() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let before = try daemon.mendel(["policy", "check"]).stdout
        let access = daemon.policiesDirectory + "/access.yaml"
        let original = try String(contentsOfFile: access, encoding: .utf8)

        try (original + "\n  - uid: [broken\n").write(toFile: access, atomically: true, encoding: .utf8)
        chmod(access, 0o644)
        kill(try #require(daemon.process).processIdentifier, SIGHUP)
        usleep(300_000)
        #expect(try daemon.mendel(["policy", "check"]).stdout == before, "a broken file must keep the old policy")
        #expect(try daemon.mendel(["whoami"]).status == 0)

        try original.write(toFile: access, atomically: true, encoding: .utf8)
        chmod(access, 0o666)
        let reload = try daemon.mendel(["policy", "reload"])
        #expect(reload.status != 0 && reload.stderr.contains("writable"), "world-writable policy refused: \(reload.stderr)")
        chmod(access, 0o644)
        let good = try daemon.mendel(["policy", "reload"])
        #expect(good.status == 0)

        #expect(daemon.stop() == 0)
        let auditText = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        #expect(auditText.contains("policy.reload.sighup") && auditText.contains("\"error\""))
    }

    @Test("kb import through the daemon builds a snapshot, makes it current and records its version")
    func knowledgeImport() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start(extraArguments: ["--kb", "/nonexistent-kb"])
        let before = try daemon.mendel(["kb", "status", "--json"])
        #expect(before.stdout.contains("\"failed\""))
        let imported = try daemon.mendel(["kb", "import", "--json", "--hpo-dir", DaemonHarness.repositoryRoot.path + "/Fixtures/kb"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let version = try #require((try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])?["version"] as? String)
        let after = try daemon.mendel(["kb", "status", "--json"])
        #expect(after.stdout.contains(version) && after.stdout.contains("\"ready\""))
        #expect(daemon.stop() == 0)

        // The imported snapshot is what the daemon loads next time, even with a bad --kb.
        try daemon.start(extraArguments: ["--kb", "/nonexistent-kb"])
        usleep(500_000)
        #expect(try daemon.mendel(["kb", "status", "--json"]).stdout.contains(version))
        #expect(daemon.stop() == 0)
        let auditText = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        #expect(auditText.contains("kb.import.completed") && auditText.contains(version))
    }
}

@Suite("mendeld key management and erasure", .serialized)
struct DaemonKeyManagementTests {
    @Test("key rotation re-wraps every patient key: after a restart with the new key file every case still decrypts")
    func rotation() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let (caseID, _) = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-ROT-1")
        let oldKey = try Data(contentsOf: URL(fileURLWithPath: daemon.keysDirectory + "/master.key"))
        let rotate = try daemon.mendel(["keys", "rotate"])
        #expect(rotate.status == 0, "\(rotate.stderr)")
        let newKey = try Data(contentsOf: URL(fileURLWithPath: daemon.keysDirectory + "/master.key"))
        #expect(newKey != oldKey && newKey.count == 32)
        #expect(!FileManager.default.fileExists(atPath: daemon.keysDirectory + "/master.key.next"))
        #expect(daemon.stop() == 0)

        try daemon.start()
        let show = try daemon.mendel(["case", "show", caseID, "--json"])
        #expect(show.status == 0 && show.stdout.contains("MRN-ROT-1"), "identity decrypts under the new key: \(show.stderr)")
        #expect(daemon.stop() == 0)

        // The old key no longer opens the vault: the daemon refuses to start, clearly.
        try oldKey.write(to: URL(fileURLWithPath: daemon.keysDirectory + "/master.key"))
        let refused = try DaemonHarness.run("mendeld", daemon.daemonArguments)
        #expect(refused.status == 1 && refused.stderr.contains("master key does not open this vault"), "\(refused.stderr)")
    }

    @Test("erasing a patient destroys their key and rows; a second erase is an error; the reason is not in the audit log")
    func erasure() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let (caseID, patientID) = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-ERASE-1")
        let (otherCase, _) = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-KEEP-1")

        let erase = try daemon.mendel(["patient", "erase", patientID, "--reason", "patient request ERASE-REASON-MARKER"])
        #expect(erase.status == 0, "\(erase.stderr)")
        #expect(try daemon.mendel(["case", "show", caseID]).status == 66)
        #expect(try daemon.mendel(["case", "show", otherCase]).status == 0, "other patients are untouched")
        let again = try daemon.mendel(["patient", "erase", patientID, "--reason", "again"])
        #expect(again.status == 66 && again.stderr.contains("vault.unknown_patient"))
        let noReason = try daemon.mendel(["patient", "erase", patientID, "--reason", ""])
        #expect(noReason.status == 65)
        #expect(daemon.stop() == 0)

        let auditText = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        #expect(auditText.contains("patient.erase.completed"))
        #expect(!auditText.contains("ERASE-REASON-MARKER") && !auditText.contains(patientID))
        let vaultBytes = try Data(contentsOf: URL(fileURLWithPath: daemon.vaultPath))
        #expect(vaultBytes.range(of: Data("MRN-ERASE-1".utf8)) == nil)
    }
}

@Suite("mendeld crash consistency", .serialized)
struct DaemonCrashTests {
    @Test("SIGKILL during key rotation: after a restart every patient key opens under exactly one key file")
    func killDuringRotation() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        var cases: [String] = []
        for index in 0..<120 {
            let result = try daemon.mendel(["case", "submit", "--json", "--phenopacket", DaemonIntegrationTests.fixtures + "/phenopacket.json",
                                            "--mrn", "MRN-CRASH-\(index)"])
            guard let data = result.stdout.data(using: .utf8),
                  let id = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["caseID"] as? String else {
                Issue.record("submission \(index) failed: \(result.stderr)"); return
            }
            cases.append(id)
        }
        for delay in [0, 2_000, 8_000, 30_000] {
            let rotation = Process()
            rotation.executableURL = DaemonHarness.binDirectory.appendingPathComponent("mendel")
            rotation.arguments = ["keys", "rotate", "--socket", daemon.socketPath]
            rotation.standardOutput = FileHandle.nullDevice
            rotation.standardError = FileHandle.nullDevice
            try rotation.run()
            usleep(useconds_t(delay))
            let pid = try #require(daemon.process).processIdentifier
            kill(pid, SIGKILL)
            daemon.stop()
            rotation.waitUntilExit()

            try daemon.start()
            for caseID in [cases.first!, cases[cases.count / 2], cases.last!] {
                let show = try daemon.mendel(["case", "show", caseID, "--json"])
                #expect(show.status == 0 && show.stdout.contains("MRN-CRASH-"), "after a kill \(delay) µs into rotation: \(show.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: daemon.keysDirectory + "/master.key.next"))
        }
        let verify = try daemon.mendel(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(daemon.stop() == 0)
    }
}

@Suite("mendeld limits", .serialized)
struct DaemonLimitTests {
    @Test("a config file sets the per-uid connection cap: the connection over the cap gets 429, the others are served")
    func connectionCap() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        let config = daemon.root.path + "/mendeld.yaml"
        try "maxConnectionsPerUID: 2\nidleTimeoutSeconds: 30\n".write(toFile: config, atomically: true, encoding: .utf8)
        try daemon.start(extraArguments: ["--config", config])
        let first = try RawSocketClient(path: daemon.socketPath)
        let second = try RawSocketClient(path: daemon.socketPath)
        usleep(200_000)
        let third = try RawSocketClient(path: daemon.socketPath)
        third.send("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        let answer = third.readAll()
        #expect(answer.hasPrefix("HTTP/1.1 429") && answer.contains("request.too_many_connections"), "\(answer)")
        third.close()
        first.send("GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(first.readAll().hasPrefix("HTTP/1.1 200"))
        first.close()
        second.close()
        usleep(200_000)
        #expect(try daemon.mendel(["daemon", "status"]).status == 0, "slots are released when connections close")
        #expect(daemon.stop() == 0)
    }

    @Test("a keep-alive connection that has been used is closed after the idle timeout (it does not hold a slot forever)")
    func idleAfterUse() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        let config = daemon.root.path + "/mendeld.yaml"
        try "idleTimeoutSeconds: 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        try daemon.start(extraArguments: ["--config", config])
        let client = try RawSocketClient(path: daemon.socketPath)
        client.send("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        let started = ContinuousClock.now
        let answer = client.readAll() // returns when the daemon closes the idle connection
        client.close()
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(ContinuousClock.now - started < .seconds(15), "the used connection was closed by the idle timer")
        #expect(daemon.stop() == 0)
    }
}

@Suite("mendeld process hardening", .serialized)
struct DaemonProcessTests {
    @Test("sd_notify READY=1 is sent once the daemon serves, and core dumps are disabled")
    func readinessAndCoreDumps() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        let notifyPath = daemon.root.path + "/notify.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(notifyPath.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: bytes); raw[bytes.count] = 0 }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        setenv("NOTIFY_SOCKET", notifyPath, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        try daemon.start()
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        let message = count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
        #expect(message.hasPrefix("READY=1"), "got \(message)")

        let pid = try #require(daemon.process).processIdentifier
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let coreLine = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? ""
        #expect(coreLine.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2).allSatisfy { $0 == "0" },
                "core dumps must be off: \(coreLine)")
        #expect(daemon.stop() == 0)
    }
}

@Suite("mendeld jobs", .serialized)
struct DaemonJobTests {
    @Test("a job survives its client disconnecting, and its status can be read afterwards")
    func survivesDisconnect() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let (caseID, _) = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-JOB-1")
        let client = try RawSocketClient(path: daemon.socketPath)
        client.send("POST /v1/cases/\(caseID)/analyze?wait=true HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        client.close() // gone before the job finishes
        var succeeded = false
        for _ in 0..<100 {
            let show = try daemon.mendel(["case", "show", caseID, "--json"])
            if show.stdout.contains("\"analysis\"") { succeeded = true; break }
            usleep(100_000)
        }
        #expect(succeeded, "the job finished and stored its result after the client left")

        let queued = try daemon.mendel(["case", "analyze", caseID, "--no-wait", "--json"])
        let jobID = try #require((try JSONSerialization.jsonObject(with: Data(queued.stdout.utf8)) as? [String: Any])?["jobID"] as? String)
        let status = try daemon.mendel(["job", "status", jobID, "--json"])
        #expect(status.status == 0 && status.stdout.contains(jobID))
        let unknown = try daemon.mendel(["job", "status", "J-doesnotexist"])
        #expect(unknown.status == 66)
        #expect(daemon.stop() == 0)
    }
}
