import Foundation
@testable import MendelAudit
import MendelCrypto
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The end-to-end security suite of the hardening issue (item 4) that the other daemon tests do not
/// already cover: each test runs the real `mendeld` and `mendel` and states the expected outcome.
@Suite("mendeld security suite", .serialized)
struct SecuritySuiteTests {
    static let fixtures = DaemonIntegrationTests.fixtures

    // MARK: - Helpers

    /// `stat` mode bits of a path (permission bits only), or nil.
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// One request on a fresh raw connection; returns everything the daemon sent before closing.
    static func exchange(_ daemon: DaemonHarness, _ request: [UInt8], closeWrite: Bool = false) throws -> String {
        let client = try RawSocketClient(path: daemon.socketPath)
        defer { client.close() }
        client.send(request)
        if closeWrite { client.shutdownWrite() }
        return client.readAll()
    }

    static func post(_ path: String, _ body: [UInt8], declaredLength: String? = nil) -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(declaredLength ?? String(body.count))\r\n\r\n".utf8) + body
    }

    /// Starts `mendeld run` like `DaemonHarness.start` but through `launcher` (e.g. `setpriv …`), with extra
    /// environment and a working directory; waits until it answers or exits.
    static func launch(_ daemon: DaemonHarness, launcher: [String] = [], environment: [String: String] = [:],
                       directory: String? = nil, log: String) throws -> Process {
        let process = Process()
        let binary = DaemonHarness.binDirectory.appendingPathComponent("mendeld").path
        if let first = launcher.first {
            process.executableURL = URL(fileURLWithPath: first)
            process.arguments = Array(launcher.dropFirst()) + [binary] + daemon.daemonArguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = daemon.daemonArguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<300 {
            if !process.isRunning { return process }
            // 0: served; 77: answered but denied (a policy without the caller) — either way it is up.
            if FileManager.default.fileExists(atPath: daemon.socketPath),
               let status = try? daemon.mendel(["daemon", "status"]).status, status == 0 || status == 77 {
                return process
            }
            usleep(50_000)
        }
        return process
    }

    static func stop(_ process: Process) {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
    }

    /// Every regular file under `directory`, recursively.
    static func files(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = directory + "/" + relative
            var info = stat()
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { result.append(path) }
        }
        return result
    }

    // MARK: - Permissions

    @Test("socket 0660 in a directory closed to others; keys 0700/0600; vault, WAL and audit files not readable by others")
    func filePermissions() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        _ = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-PERM-1")

        #expect(Self.mode(daemon.socketPath) == 0o660, "socket mode \(String(Self.mode(daemon.socketPath) ?? 0, radix: 8))")
        let socketDirectory = (daemon.socketPath as NSString).deletingLastPathComponent
        #expect((Self.mode(socketDirectory) ?? 0o777) & 0o007 == 0, "socket directory is open to others")
        #expect(Self.mode(daemon.keysDirectory) == 0o700)
        for file in try FileManager.default.contentsOfDirectory(atPath: daemon.keysDirectory) where file.hasSuffix(".key") {
            #expect(Self.mode(daemon.keysDirectory + "/" + file) == 0o600, "\(file) mode")
        }
        for path in [daemon.vaultPath, daemon.vaultPath + "-wal", daemon.vaultPath + "-shm"] where FileManager.default.fileExists(atPath: path) {
            #expect((Self.mode(path) ?? 0o777) & 0o077 == 0, "\(path) is accessible by group/others: \(String(Self.mode(path) ?? 0, radix: 8))")
        }
        #expect((Self.mode(daemon.auditDirectory) ?? 0o777) & 0o007 == 0, "audit directory is open to others")
        for path in Self.files(under: daemon.auditDirectory) {
            #expect((Self.mode(path) ?? 0o777) & 0o027 == 0, "\(path): group-writable or world-accessible")
        }
        #expect(daemon.stop() == 0)
    }

    // MARK: - Identity

    @Test("root without an entry in access.yaml is denied like anyone else, and audited")
    func rootWithoutPolicyEntry() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        guard DaemonHarness.isRoot else { print("SKIP: needs to run as root (as CI does)"); return }
        let policy = """
        version: 1
        roles:
          lab: [daemon.status, case.submit, case.list, case.read, case.analyze, case.report]
        principals:
          - uid: 4243
            roles: [lab]
        """
        let daemon = try DaemonHarness(accessPolicy: policy)
        // (DaemonHarness.start waits for a successful `daemon status`, which root cannot get here.)
        let process = try Self.launch(daemon, log: daemon.root.path + "/daemon.log")
        try #require(process.isRunning)
        let whoami = try daemon.mendel(["whoami"])
        #expect(whoami.status == 77 && whoami.stderr.contains("uid 0 has no role"), "\(whoami.stderr)")
        let list = try daemon.mendel(["case", "list"])
        #expect(list.status == 77)
        let submit = try daemon.mendel(["case", "submit", "--phenopacket", Self.fixtures + "/phenopacket.json", "--mrn", "MRN-ROOT-1"])
        #expect(submit.status == 77)
        let rotate = try daemon.mendel(["keys", "rotate"])
        #expect(rotate.status == 77)
        Self.stop(process)
        #expect(process.terminationStatus == 0)
        let audit = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        let denied = audit.split(separator: "\n").filter { $0.contains("\"denied\"") && $0.contains("\"uid\":0") }
        #expect(denied.count >= 4, "every refused root request is audited (\(denied.count))")
        let vault = try Data(contentsOf: URL(fileURLWithPath: daemon.vaultPath))
        #expect(vault.range(of: Data("MRN-ROOT-1".utf8)) == nil)
    }

    // MARK: - Hostile requests

    @Test("a 4 GiB (and larger) declared body, an over-long chunked upload and deeply nested JSON are refused; the daemon keeps serving")
    func hostileBodies() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start(extraArguments: ["--max-body-bytes", "1048576"])

        let fourGiB = try Self.exchange(daemon, Self.post("/v1/cases", [], declaredLength: "4294967296"))
        #expect(fourGiB.hasPrefix("HTTP/1.1 413") && fourGiB.contains("request.body_too_large"), "\(fourGiB.prefix(200))")
        let largest = try Self.exchange(daemon, Self.post("/v1/cases", [], declaredLength: "9223372036854775807"))
        #expect(largest.hasPrefix("HTTP/1.1 413"), "\(largest.prefix(200))")
        let overflowing = try Self.exchange(daemon, Self.post("/v1/cases", [], declaredLength: "18446744073709551616"))
        #expect(overflowing.hasPrefix("HTTP/1.1 400") || overflowing.hasPrefix("HTTP/1.1 413"), "\(overflowing.prefix(200))")
        let negative = try Self.exchange(daemon, Self.post("/v1/cases", [], declaredLength: "-1"))
        #expect(negative.hasPrefix("HTTP/1.1 400"), "\(negative.prefix(200))")

        // Chunked: no Content-Length to check up front; cut off while streaming once over the limit.
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024)
        var chunked = Array("POST /v1/cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n".utf8)
        for _ in 0..<20 { chunked += Array("10000\r\n".utf8) + chunk + Array("\r\n".utf8) }
        chunked += Array("0\r\n\r\n".utf8)
        let tooLong = try Self.exchange(daemon, chunked)
        #expect(tooLong.hasPrefix("HTTP/1.1 413") && tooLong.contains("request.body_too_large"), "\(tooLong.prefix(200))")

        // Deep nesting: 100,000 levels as the request body, inside the phenopacket text, and in an erase body.
        let depth = 100_000
        let nested = [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        let deepBody = try Self.exchange(daemon, Self.post("/v1/cases", nested))
        #expect(deepBody.hasPrefix("HTTP/1.1 400") && deepBody.contains("request.invalid_json"), "\(deepBody.prefix(200))")
        let deepObject = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        let deepPhenopacket = try JSONSerialization.data(withJSONObject: ["phenopacketJSON": "{\"id\":\"p\",\"subject\":" + deepObject + "}"])
        let inPhenopacket = try Self.exchange(daemon, Self.post("/v1/cases", [UInt8](deepPhenopacket)))
        #expect(inPhenopacket.hasPrefix("HTTP/1.1 400"), "\(inPhenopacket.prefix(200))")
        let deepErase = try Self.exchange(daemon, Self.post("/v1/patients/P-0000000000000000/erase", nested))
        #expect(deepErase.hasPrefix("HTTP/1.1 400"), "\(deepErase.prefix(200))")

        // Still alive and serving, and every refusal is in a valid audit log.
        let status = try daemon.mendel(["daemon", "status", "--json"])
        #expect(status.status == 0 && status.stdout.contains("\"ok\""))
        let (caseID, _) = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-HOSTILE-1")
        #expect(caseID.hasPrefix("C-"))
        #expect(daemon.stop() == 0)
        let audit = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        #expect(audit.components(separatedBy: "request.body_too_large").count - 1 >= 3)
        let verify = try DaemonHarness.run("mendel", ["audit", "verify", "--dir", daemon.auditDirectory,
                                                      "--public-key", daemon.keysDirectory + "/audit-signing.pub"])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    // MARK: - Policies and keys

    @Test("SIGHUP with a world-writable access.yaml keeps the old policy (root keeps its roles); a safe file is then applied")
    func worldWritablePolicyAtSIGHUP() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        guard DaemonHarness.isRoot else { print("SKIP: needs to run as root (as CI does)"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let pid = try #require(daemon.process).processIdentifier
        #expect(try daemon.mendel(["whoami"]).status == 0)
        let access = daemon.policiesDirectory + "/access.yaml"
        // A valid policy that would take every role away from root, but world-writable.
        let withoutRoot = "version: 1\nroles:\n  lab: [daemon.status]\nprincipals:\n  - uid: 4243\n    roles: [lab]\n"
        try withoutRoot.write(toFile: access, atomically: true, encoding: .utf8)
        chmod(access, 0o666)
        kill(pid, SIGHUP)
        usleep(500_000)
        #expect(try daemon.mendel(["whoami"]).status == 0, "a world-writable policy must not be applied")
        chmod(access, 0o664)
        kill(pid, SIGHUP)
        usleep(500_000)
        #expect(try daemon.mendel(["whoami"]).status == 0, "a group-writable policy must not be applied either")
        chmod(access, 0o644)
        kill(pid, SIGHUP)
        usleep(500_000)
        #expect(try daemon.mendel(["whoami"]).status == 77, "the same content with a safe mode is applied")
        #expect(daemon.stop() == 0)
        let audit = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        let reloads = audit.split(separator: "\n").filter { $0.contains("policy.reload.sighup") }
        #expect(reloads.filter { $0.contains("\"error\"") || $0.contains("\"failed\"") || $0.contains("\"denied\"") }.count >= 2,
                "both refused reloads are audited")
    }

    @Test("a master key file with mode 0644 (or a symlink to it) stops the daemon from starting, with a clear message")
    func masterKeyMode() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        #expect(daemon.stop() == 0)
        let key = daemon.keysDirectory + "/master.key"
        chmod(key, 0o644)
        let refused = try DaemonHarness.run("mendeld", daemon.daemonArguments)
        #expect(refused.status != 0 && refused.stderr.contains("0600"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        chmod(key, 0o600)
        try FileManager.default.moveItem(atPath: key, toPath: daemon.root.path + "/elsewhere.key")
        try FileManager.default.createSymbolicLink(atPath: key, withDestinationPath: daemon.root.path + "/elsewhere.key")
        let symlinked = try DaemonHarness.run("mendeld", daemon.daemonArguments)
        #expect(symlinked.status != 0, "a symlinked key file is refused: \(symlinked.stderr)")
        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.moveItem(atPath: daemon.root.path + "/elsewhere.key", toPath: key)
        try daemon.start()
        #expect(daemon.stop() == 0)
    }

    // MARK: - Models

    @Test("a model file modified after registration is reported as failing verification by the daemon")
    func modelModifiedAfterRegistration() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        let models = daemon.root.path + "/models"
        let folder = models + "/tiny"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let weights = [UInt8]((0..<4096).map { UInt8($0 % 251) })
        try Data(weights).write(to: URL(fileURLWithPath: folder + "/weights.bin"))
        let manifest = "{\"id\": \"tiny-encoder\", \"kind\": \"encoder\", \"files\": {\"weights.bin\": \"\(SHA256.hexHash(weights))\"}}"
        try manifest.write(toFile: folder + "/mendel-model.json", atomically: true, encoding: .utf8)
        let modelsPolicy = daemon.policiesDirectory + "/models.yaml"
        let original = try String(contentsOfFile: modelsPolicy, encoding: .utf8)
        try original.replacingOccurrences(of: "model_directory: data/models", with: "model_directory: \(models)")
            .write(toFile: modelsPolicy, atomically: true, encoding: .utf8)
        chmod(modelsPolicy, 0o644)
        try daemon.start()

        let before = try daemon.mendel(["model", "list", "--json"])
        #expect(before.status == 0 && before.stdout.contains("tiny-encoder"), "\(before.stdout) \(before.stderr)")
        #expect(before.stdout.contains("\"verified\":true") || before.stdout.contains("\"verified\": true"), "\(before.stdout)")

        var modified = weights
        modified[2048] ^= 0x01
        try Data(modified).write(to: URL(fileURLWithPath: folder + "/weights.bin"))
        let after = try daemon.mendel(["model", "list", "--json"])
        #expect(after.stdout.contains("\"verified\":false") || after.stdout.contains("\"verified\": false"), "\(after.stdout)")
        #expect(after.stdout.contains("does not match"), "\(after.stdout)")
        #expect(daemon.stop() == 0)
    }

    // MARK: - Audit log

    @Test("an audit history re-chained without the signing key fails offline verification and the daemon refuses to open it")
    func auditRechainedWithoutKey() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        for index in 0..<3 { _ = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-CHAIN-\(index)") }
        #expect(try daemon.mendel(["audit", "verify"]).status == 0) // writes a signed checkpoint
        _ = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-CHAIN-3")
        #expect(daemon.stop() == 0)

        // Change the outcome of an early line and recompute every later hash: a consistent chain, unsigned.
        let path = daemon.auditDirectory + "/audit.log"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(lines.count > 6)
        var prev: String?
        for i in 2..<lines.count {
            let record = try AuditRecord.parse(line: Array(lines[i].utf8)[...]).get()
            var event = record.event
            if i == 2 { event.outcome = event.outcome == .denied ? .allowed : .denied }
            let (rebuilt, line) = AuditRecord.make(event: event, seq: record.seq, time: record.time, logID: record.logID, prev: prev ?? record.prev)
            prev = rebuilt.hash
            lines[i] = String(decoding: line, as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)

        let offline = try DaemonHarness.run("mendel", ["audit", "verify", "--dir", daemon.auditDirectory,
                                                       "--public-key", daemon.keysDirectory + "/audit-signing.pub"])
        #expect(offline.status != 0, "a re-chained history must not verify: \(offline.stdout)")
        #expect((offline.stdout + offline.stderr).lowercased().contains("checkpoint"), "\(offline.stdout) \(offline.stderr)")
        let start = try DaemonHarness.run("mendeld", daemon.daemonArguments)
        #expect(start.status != 0, "the daemon must not append to a tampered history: \(start.stderr)")
    }

    @Test("fail closed: an audit directory the daemon cannot write (read-only, no DAC override) stops it from starting")
    func auditDirectoryReadOnly() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        guard DaemonHarness.isRoot else { print("SKIP: needs root to drop CAP_DAC_OVERRIDE with setpriv (as CI runs)"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        _ = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-RO-1")
        #expect(daemon.stop() == 0)
        let listing = Set(try FileManager.default.contentsOfDirectory(atPath: daemon.auditDirectory))
        let logSize = try FileManager.default.attributesOfItem(atPath: daemon.auditDirectory + "/audit.log")[.size] as? Int

        // Root ignores file modes; without CAP_DAC_OVERRIDE/FOWNER the owner bits apply to it too.
        let launcher = ["/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--inh-caps", "-all", "--"]
        chmod(daemon.auditDirectory + "/audit.log", 0o440)
        chmod(daemon.auditDirectory, 0o550)
        defer { chmod(daemon.auditDirectory, 0o750) }
        let process = try Self.launch(daemon, launcher: launcher, log: daemon.root.path + "/readonly.log")
        defer { Self.stop(process) }
        process.waitUntilExit()
        let log = (try? String(contentsOfFile: daemon.root.path + "/readonly.log", encoding: .utf8)) ?? ""
        #expect(process.terminationStatus != 0, "the daemon must not run without a writable audit log: \(log)")
        #expect(log.lowercased().contains("audit"), "the refusal names the audit log: \(log)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: daemon.auditDirectory)) == listing)
        #expect(try FileManager.default.attributesOfItem(atPath: daemon.auditDirectory + "/audit.log")[.size] as? Int == logSize)

        // Positive control: the same launcher with a writable directory serves.
        chmod(daemon.auditDirectory, 0o750)
        chmod(daemon.auditDirectory + "/audit.log", 0o640)
        let served = try Self.launch(daemon, launcher: launcher, log: daemon.root.path + "/writable.log")
        defer { Self.stop(served) }
        let listed = try daemon.mendel(["case", "list"]).status
        #expect(served.isRunning && listed == 0,
                "control: \((try? String(contentsOfFile: daemon.root.path + "/writable.log", encoding: .utf8)) ?? "")")
        Self.stop(served)
        #expect(served.terminationStatus == 0)
    }

    // MARK: - Core dumps and PHI at rest

    @Test("a crash of the daemon writes no core file (while a dumpable control process in the same place does)")
    func noCoreDump() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        let crashDirectory = daemon.root.path + "/cwd"
        try FileManager.default.createDirectory(atPath: crashDirectory, withIntermediateDirectories: true)
        let pattern = (try? String(contentsOfFile: "/proc/sys/kernel/core_pattern", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""

        // Control: a shell with an unlimited core size killed by SIGQUIT in the same directory.
        let control = Process()
        control.executableURL = URL(fileURLWithPath: "/bin/sh")
        control.arguments = ["-c", "ulimit -c unlimited 2>/dev/null; kill -QUIT $$"]
        control.currentDirectoryURL = URL(fileURLWithPath: crashDirectory)
        try control.run()
        control.waitUntilExit()
        let controlDumped = !(try FileManager.default.contentsOfDirectory(atPath: crashDirectory)).isEmpty
        for file in try FileManager.default.contentsOfDirectory(atPath: crashDirectory) {
            try FileManager.default.removeItem(atPath: crashDirectory + "/" + file)
        }

        let process = try Self.launch(daemon, environment: ["SWIFT_BACKTRACE": "enable=no"], directory: crashDirectory,
                                      log: daemon.root.path + "/crash.log")
        #expect(process.isRunning)
        _ = try DaemonIntegrationTests().submitDemoCase(daemon, mrn: "MRN-CORE-1")
        kill(process.processIdentifier, SIGQUIT)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGQUIT)
        let left = try FileManager.default.contentsOfDirectory(atPath: crashDirectory)
        #expect(left.isEmpty, "the daemon left \(left) in its working directory (core_pattern '\(pattern)')")
        if controlDumped {
            print("core dump check: control process dumped core with core_pattern '\(pattern)'; the daemon did not")
        } else {
            print("core dump check: NOTE the control process wrote no core either (core_pattern '\(pattern)'); only the daemon's rlimit/dumpable settings are checked by DaemonProcessTests")
        }
    }

    @Test("planted PHI markers appear in no file the daemon writes: vault, WAL, temp files, logs, audit lines, crash output")
    func noPlantedPHI() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let daemon = try DaemonHarness()
        let tmp = daemon.root.path + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let tag = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12))
        let markers = ["MRNPHI\(tag)", "NAMEPHI\(tag)", "NOTEPHI\(tag)", "PPIDPHI\(tag)"]
        // With the crash output policy of the systemd unit (a backtrace is printed, then the daemon exits).
        let process = try Self.launch(daemon, environment: ["TMPDIR": tmp, "SQLITE_TMPDIR": tmp,
                                                            "SWIFT_BACKTRACE": try Self.unitBacktracePolicy()],
                                      directory: tmp, log: daemon.root.path + "/daemon-stderr.log")
        try #require(process.isRunning)

        // Submit through the API with every identifying field carrying a marker; analyse; report; export.
        var phenopacket = try String(contentsOfFile: Self.fixtures + "/phenopacket.json", encoding: .utf8)
        if let range = phenopacket.range(of: "\"id\": \"") { phenopacket.insert(contentsOf: markers[3], at: range.upperBound) }
        let notes = try String(contentsOfFile: Self.fixtures + "/notes.txt", encoding: .utf8) + "\nPatient remark \(markers[2]).\n"
        let vcf = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/case.vcf")).base64EncodedString()
        let body = try JSONSerialization.data(withJSONObject: [
            "phenopacketJSON": phenopacket, "notes": notes, "vcfBase64": vcf, "mrn": markers[0], "patientName": markers[1],
            "dateOfBirth": "1990-01-01",
        ])
        let submitted = try Self.exchange(daemon, Self.post("/v1/cases", [UInt8](body)))
        #expect(submitted.hasPrefix("HTTP/1.1 201") || submitted.hasPrefix("HTTP/1.1 200"), "\(submitted.prefix(300))")
        let caseID = try #require(submitted.range(of: "\"caseID\":\"").map { String(submitted[$0.upperBound...].prefix { $0 != "\"" }) })
        let analyze = try daemon.mendel(["case", "analyze", caseID, "--json"])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        for format in ["json", "md", "html"] {
            let report = try daemon.mendel(["case", "report", caseID, "--format", format, "-o", tmp + "/../report-out.\(format)"])
            #expect(report.status == 0)
        }
        #expect(try daemon.mendel(["case", "show", caseID, "--json"]).stdout.contains(markers[0]), "positive control: identity decrypts")
        _ = try daemon.mendel(["audit", "export", "--format", "csv"])
        _ = try daemon.mendel(["audit", "tail", "-n", "50"])
        // A malformed resubmission whose body carries a marker: the error and its audit line must not echo it.
        _ = try Self.exchange(daemon, Self.post("/v1/cases", Array("{\"phenopacketJSON\": 5, \"mrn\": \"\(markers[0])\"}".utf8)))

        // Crash output: the daemon's crash handler output goes to stderr. The daemon must exit with the signal
        // (before CrashPolicy it printed its backtrace and went on running; see SecuritySuiteCrashTests).
        kill(process.processIdentifier, SIGSEGV)
        for _ in 0..<300 where process.isRunning { usleep(50_000) }
        let exitedAfterCrash = !process.isRunning
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(exitedAfterCrash && process.terminationStatus == SIGSEGV, "the daemon did not exit within 15 s of SIGSEGV")

        var scanned: [String] = []
        let reportFiles = Set(["json", "md", "html"].map { daemon.root.path + "/report-out.\($0)" })
        for path in Self.files(under: daemon.root.path) where !reportFiles.contains(path) {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            scanned.append((path as NSString).lastPathComponent)
            for marker in markers {
                #expect(data.range(of: Data(marker.utf8)) == nil, "\(marker.prefix(6))… found in \(path)")
            }
        }
        #expect(scanned.contains("vault.db") && scanned.contains("audit.log") && scanned.contains("daemon-stderr.log"), "\(scanned)")
        // Positive control: the report written for the clinician does carry the identity (so markers were planted).
        let html = (try? String(contentsOfFile: daemon.root.path + "/report-out.html", encoding: .utf8)) ?? ""
        #expect(html.contains(markers[0]) || html.contains(markers[1]), "the clinician's report shows the identity")
    }
}
