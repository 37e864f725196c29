import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Crash handling of the daemon (issue 9, item 4): a crashed `mendeld` exits at once, with its signal, and
/// its crash output carries no patient data — with the backtracer off (no `SWIFT_BACKTRACE`) and with the
/// policy the systemd unit sets.
extension SecuritySuiteTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `SWIFT_BACKTRACE` value of packaging/mendeld.service (so the test checks what is shipped).
    static func unitBacktracePolicy() throws -> String {
        let unit = try String(contentsOf: repositoryRoot.appendingPathComponent("packaging/mendeld.service"), encoding: .utf8)
        let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix("Environment=SWIFT_BACKTRACE=") },
                                "packaging/mendeld.service sets SWIFT_BACKTRACE")
        return String(line.dropFirst("Environment=SWIFT_BACKTRACE=".count))
    }

    @Test("a daemon that gets a fatal signal exits within seconds with that signal; its crash output has no PHI",
          arguments: [("", SIGSEGV), ("", SIGABRT), ("unit", SIGSEGV), ("unit", SIGABRT)])
    func crashExitsPromptly(policy: String, signal: Int32) throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: binaries not built"); return }
        let backtrace = policy == "unit" ? try Self.unitBacktracePolicy() : ""
        let daemon = try DaemonHarness()
        let log = daemon.root.path + "/crash-stderr.log"
        // "" = unset for the daemon (CrashPolicy treats an empty value like no value).
        let process = try Self.launch(daemon, environment: ["SWIFT_BACKTRACE": backtrace], log: log)
        try #require(process.isRunning)
        let tag = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12))
        let markers = ["MRNPHI\(tag)", "NOTEPHI\(tag)"]
        var phenopacket = try String(contentsOfFile: Self.fixtures + "/phenopacket.json", encoding: .utf8)
        if let range = phenopacket.range(of: "\"id\": \"") { phenopacket.insert(contentsOf: "PPID\(tag)", at: range.upperBound) }
        let body = try JSONSerialization.data(withJSONObject: [
            "phenopacketJSON": phenopacket, "notes": "Patient remark \(markers[1]).", "mrn": markers[0],
        ])
        let submitted = try Self.exchange(daemon, Self.post("/v1/cases", [UInt8](body)))
        #expect(submitted.hasPrefix("HTTP/1.1 201") || submitted.hasPrefix("HTTP/1.1 200"), "\(submitted.prefix(200))")

        let start = Date()
        kill(process.processIdentifier, signal)
        // Before the fix the runtime's handler returned after its backtrace and the daemon went on running.
        for _ in 0..<300 where process.isRunning { usleep(50_000) }
        let seconds = Date().timeIntervalSince(start)
        let exited = !process.isRunning
        if !exited { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(exited, "still running \(Int(seconds)) s after signal \(signal) (policy '\(backtrace)')")
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal,
                "ended with \(process.terminationReason) \(process.terminationStatus)")

        let output = try Data(contentsOf: URL(fileURLWithPath: log))
        let text = String(decoding: output, as: UTF8.self)
        for marker in markers + ["PPID\(tag)"] {
            #expect(output.range(of: Data(marker.utf8)) == nil, "\(marker.prefix(7))… in the crash output")
        }
        if backtrace.isEmpty {
            #expect(text.contains("mendeld: fatal signal \(signal)"), "\(text.suffix(300))")
            #expect(!text.contains("Backtrac"), "no backtrace without SWIFT_BACKTRACE")
        } else {
            // The unit's policy: the crashed thread's addresses and the images they fall in, not symbolicated.
            #expect(text.contains("Program crashed") && text.contains("Backtrace took"), "\(text.suffix(600))")
            #expect(!text.contains("Registers"), "no register dump")
        }
        print("crash handling: policy '\(backtrace.isEmpty ? "none" : "unit")', signal \(signal): exited after \(String(format: "%.2f", seconds)) s, \(output.count) bytes of stderr")
    }
}
