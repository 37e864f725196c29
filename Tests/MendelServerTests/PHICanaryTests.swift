import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// End-to-end PHI canary: a case whose notes carry unique planted identifiers (name, MRN, phone, e-mail,
/// date, address) is submitted, analysed with the LLM assist step on (pointed at a loopback server that
/// records every request), and reported; no canary may appear in the daemon's log, any audit file, the
/// analysis/trace/report as the API returns them, the raw database files, or any model request.
/// The caller holds the lab and auditor roles but not `identity.read`: a role with `identity.read` (clinician)
/// is shown the identity fields (MRN, name, date of birth) by `case show` and in the report header by
/// design — those authorised fields are the only place the submitted identity may appear.
@Suite("PHI canaries", .serialized)
struct PHICanaryTests {
    static let fixtures = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/demo").path

    /// Unique strings planted in the notes and the identity fields. None is a word, a gene or a number
    /// that could occur by chance in Mendel's output.
    static let canaries: [String: String] = [
        "name": "Zebulon", "family name": "Quaxtrell", "mrn": "MRN-CNRY-580213", "phone": "(555) 013-7788",
        "phone digits": "013-7788", "email": "zq.canary@example.org", "date": "14/07/2016", "address": "4417 Vexmoor Lane",
        "street": "Vexmoor", "relative": "Philomena",
    ]

    /// Lab work and auditing, no identity: everything this caller can read must be free of the canaries.
    static var accessPolicy: String {
        """
        version: 1
        roles:
          lab: [daemon.status, case.submit, case.list, case.read, case.analyze, case.report, fairness.report]
          auditor: [daemon.status, audit.verify, audit.export, audit.read, policy.read]
        principals:
          - uid: \(getuid())
            roles: [lab, auditor]
        """
    }

    static let notes = """
    Genetics clinic note — Zebulon Quaxtrell (MRN-CNRY-580213), seen 14/07/2016 with his mother Philomena Quaxtrell.
    Address: 4417 Vexmoor Lane. Contact (555) 013-7788 or zq.canary@example.org.
    16-year-old boy referred for tall stature and long, slender fingers. Ophthalmology reports bilateral lens
    subluxation and myopia. Echocardiogram shows dilatation of the aortic root. Known FBN1 c.1585C>T (p.Arg529*).
    Karyotype 46,XY. No intellectual disability. Signed by Dr. Quaxtrell-Amberly, MD.
    """

    @Test("no planted PHI reaches logs, audit lines, API output, raw database files or model requests")
    func canaries() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness(accessPolicy: Self.accessPolicy)
        let recorder = try RequestRecorder()
        defer { recorder.stop() }
        try Self.enableAssist(in: daemon.policiesDirectory, endpoint: "http://127.0.0.1:\(recorder.port)/v1")
        try daemon.start()

        let notesPath = daemon.root.path + "/canary-notes.txt"
        try Self.notes.write(toFile: notesPath, atomically: true, encoding: .utf8)
        let submit = try daemon.mendel(["case", "submit", "--json", "--phenopacket", Self.fixtures + "/phenopacket.json",
                                        "--notes", notesPath, "--mrn", "MRN-CNRY-580213", "--name", "Zebulon Quaxtrell",
                                        "--date-of-birth", "2000-07-14"])
        #expect(submit.status == 0, "submit failed: \(submit.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(submit.stdout.utf8)) as? [String: Any]
        let caseID = try #require(json?["caseID"] as? String)

        var outputs: [(String, String)] = [("case submit", submit.stdout + submit.stderr)]
        let analyze = try daemon.mendel(["case", "analyze", caseID, "--json"])
        #expect(analyze.status == 0, "analyze failed: \(analyze.stdout) \(analyze.stderr)")
        outputs.append(("case analyze", analyze.stdout + analyze.stderr))
        for format in ["json", "md", "html"] {
            let path = daemon.root.path + "/canary-report.\(format)"
            let report = try daemon.mendel(["case", "report", caseID, "--format", format, "-o", path])
            #expect(report.status == 0, "report \(format): \(report.stderr)")
            outputs.append(("report \(format)", (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" + report.stderr))
        }
        let reportJSON = outputs.first { $0.0 == "report json" }?.1 ?? ""
        // Positive control: the notes were read (phenotypes with a note source) — otherwise the test proves nothing.
        #expect(reportJSON.contains("\"notes\""), "the analysis should carry findings from the notes")

        let explain = try daemon.mendel(["case", "explain", caseID, "--disease", "OMIM:154700", "--json"])
        outputs.append(("case explain", explain.stdout + explain.stderr))
        for command in [["case", "list", "--json"], ["audit", "tail", "-n", "200"], ["audit", "export", "--format", "csv"]] {
            let result = try daemon.mendel(command)
            outputs.append((command.joined(separator: " "), result.stdout + result.stderr))
        }
        // Without identity.read, `case show` carries no identity object at all.
        let show = try daemon.mendel(["case", "show", caseID, "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        let detail = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        #expect(detail?["identity"] == nil || detail?["identity"] is NSNull, "identity shown to a role without identity.read")
        outputs.append(("case show", show.stdout + show.stderr))

        #expect(daemon.stop() == 0)
        outputs.append(("daemon log (stderr)", daemon.log))
        for file in (try? FileManager.default.contentsOfDirectory(atPath: daemon.auditDirectory)) ?? [] {
            let bytes = FileManager.default.contents(atPath: daemon.auditDirectory + "/" + file) ?? Data()
            outputs.append(("audit file \(file)", String(decoding: bytes, as: UTF8.self)))
        }
        for suffix in ["", "-wal", "-shm"] {
            if let bytes = FileManager.default.contents(atPath: daemon.vaultPath + suffix) {
                outputs.append(("vault.db\(suffix) raw bytes", String(decoding: bytes, as: UTF8.self)))
                // UTF-16 or other encodings are not used by the vault; plain bytes are what an attacker reads.
            }
        }
        let requests = recorder.requests()
        for (index, request) in requests.enumerated() { outputs.append(("model request \(index + 1)", request)) }
        if requests.isEmpty {
            // The assist step decides per case whether it calls the model (e.g. when it has candidates to
            // ground against); the analysis says why it did not.
            print("NOTE: the assist step made no model request in this run; the recorder checked 0 requests")
        }

        // MENDEL_CANARY_DUMP=DIR writes everything checked to DIR (to inspect a failure).
        if let dump = ProcessInfo.processInfo.environment["MENDEL_CANARY_DUMP"] {
            try? FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
            for (index, (label, text)) in outputs.enumerated() {
                try? (label + "\n" + text).write(toFile: dump + "/\(index).txt", atomically: true, encoding: .utf8)
            }
        }
        print("PHI canaries: checked \(outputs.count) outputs, \(requests.count) model requests")
        for (label, text) in outputs {
            for (kind, canary) in Self.canaries {
                #expect(!text.contains(canary), "PHI canary (\(kind)) found in \(label)")
            }
        }
    }

    /// Turns the copied `models.yaml` assist step on, pointed at `endpoint` (loopback), and copies the
    /// prompt templates next to it.
    static func enableAssist(in policies: String, endpoint: String) throws {
        let path = policies + "/models.yaml"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        var inAssist = false
        var out: [String] = []
        for line in lines {
            if line.hasPrefix("allowed_endpoints:") { out.append(line); out.append("  - \(endpoint)"); continue }
            if line.hasPrefix("assist:") { inAssist = true; out.append(line); continue }
            if inAssist, !line.hasPrefix(" "), !line.isEmpty, !line.hasPrefix("#") { inAssist = false }
            if inAssist {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("enabled:") { out.append("  enabled: true"); continue }
                if trimmed.hasPrefix("backend:") {
                    out.append("  backend: endpoint")
                    out.append("  endpoint: \(endpoint)")
                    out.append("  stream: false")
                    continue
                }
                if trimmed.hasPrefix("endpoint:") || trimmed.hasPrefix("stream:") { continue }
                if trimmed.hasPrefix("timeout_seconds:") { out.append("  timeout_seconds: 10"); continue }
                if trimmed.hasPrefix("max_retries:") { out.append("  max_retries: 0"); continue }
            }
            out.append(line)
        }
        lines = out
        try? FileManager.default.removeItem(atPath: path)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        let prompts = DaemonHarness.repositoryRoot.appendingPathComponent("Policies/prompts").path
        if FileManager.default.fileExists(atPath: prompts) {
            try FileManager.default.copyItem(atPath: prompts, toPath: policies + "/prompts")
            chmod(policies + "/prompts", 0o755)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: policies + "/prompts")) ?? [] {
                chmod(policies + "/prompts/" + file, 0o644)
            }
        }
    }
}

/// A loopback HTTP server that records every request (headers and body) and answers each with a minimal
/// OpenAI-style chat completion, so a model client sends all the requests it would send to a real server.
final class RequestRecorder: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var recorded: [String] = []
    private var running = true
    private var thread: Thread?

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError.command("socket", String(cString: strerror(errno))) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            Glibc.close(fd)
            throw HarnessError.command("bind/listen", String(cString: strerror(errno)))
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [unowned self] in self.serve() }
        self.thread = thread
        thread.start()
    }

    func requests() -> [String] { lock.lock(); defer { lock.unlock() }; return recorded }

    func stop() {
        lock.lock()
        running = false
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    private func serve() {
        while isRunning {
            let client = accept(listener, nil, nil)
            if client < 0 { if isRunning { continue } else { return } }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let request = readRequest(client)
            lock.lock()
            recorded.append(request)
            lock.unlock()
            let content = #"{\"differential\":[],\"narrative\":[]}"#
            let body = #"{"id":"rec-1","object":"chat.completion","created":0,"model":"recorder","choices":[{"index":0,"message":{"role":"assistant","content":""# + content + #""},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"#
            let response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
            let bytes = Array(response.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                offset += n
            }
            Glibc.close(client)
        }
    }

    /// Reads headers, then `Content-Length` bytes or a chunked body up to its last chunk.
    private func readRequest(_ fd: Int32) -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            data.append(contentsOf: buffer[..<n])
            if headerEnd == nil, let range = findHeaderEnd(data) { headerEnd = range }
            if let end = headerEnd {
                let head = String(decoding: data[..<end], as: UTF8.self).lowercased()
                if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                   let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) {
                    if data.count >= end + length { break }
                } else if head.contains("transfer-encoding: chunked") {
                    if String(decoding: data[end...], as: UTF8.self).contains("\r\n0\r\n\r\n") || data[end...].starts(with: Array("0\r\n\r\n".utf8)) { break }
                } else {
                    break
                }
            }
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func findHeaderEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for i in 0...(data.count - 4) where data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}
