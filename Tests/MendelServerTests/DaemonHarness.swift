import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Starts the real `mendeld` binary on a temporary socket, vault, keys and audit directory, and runs the
/// real `mendel` CLI against it. Nothing is mocked: these are the processes a lab would run.
final class DaemonHarness: @unchecked Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Directory holding the built executables (next to the test bundle).
    static let binDirectory: URL = {
        if let override = ProcessInfo.processInfo.environment["MENDEL_BIN_DIR"] { return URL(fileURLWithPath: override) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    let root: URL
    var socketPath: String { root.path + "/run/mendeld.sock" }
    var auditDirectory: String { root.path + "/audit" }
    var keysDirectory: String { root.path + "/keys" }
    var policiesDirectory: String { root.path + "/policies" }
    var vaultPath: String { root.path + "/vault.db" }
    private(set) var process: Process?
    private let logPath: String

    /// A fresh temp directory with a copy of `Policies/` (optionally with `access.yaml` replaced) and fresh keys.
    init(accessPolicy: String? = nil) throws {
        // Short path: sun_path allows 107 bytes.
        root = URL(fileURLWithPath: "/tmp/mendel-it-" + String(UUID().uuidString.prefix(8)))
        logPath = root.path + "/mendeld.log"
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        chmod(root.path, 0o755)
        try FileManager.default.createDirectory(atPath: policiesDirectory, withIntermediateDirectories: true)
        let shipped = Self.repositoryRoot.appendingPathComponent("Policies")
        for file in try FileManager.default.contentsOfDirectory(atPath: shipped.path) where file.hasSuffix(".yaml") {
            try FileManager.default.copyItem(atPath: shipped.path + "/" + file, toPath: policiesDirectory + "/" + file)
        }
        if let accessPolicy {
            try? FileManager.default.removeItem(atPath: policiesDirectory + "/access.yaml")
            try accessPolicy.write(toFile: policiesDirectory + "/access.yaml", atomically: true, encoding: .utf8)
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: policiesDirectory) {
            chmod(policiesDirectory + "/" + file, 0o644)
        }
        let result = try Self.run("mendeld", ["init", "--keys", keysDirectory])
        guard result.status == 0 else { throw HarnessError.command("mendeld init", result.stderr) }
    }

    deinit {
        if let process, process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: root)
    }

    var daemonArguments: [String] {
        ["run", "--socket", socketPath, "--vault", vaultPath, "--keys", keysDirectory, "--audit-dir", auditDirectory,
         "--policies", policiesDirectory, "--kb", Self.repositoryRoot.path + "/Fixtures/kb"]
    }

    /// Starts the daemon and waits until it answers on its socket.
    func start(extraArguments: [String] = []) throws {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent("mendeld")
        process.arguments = daemonArguments + extraArguments
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if FileManager.default.fileExists(atPath: socketPath), (try? mendel(["daemon", "status"]).status) == 0 { return }
            guard process.isRunning else { throw HarnessError.command("mendeld", log) }
            usleep(50_000)
        }
        throw HarnessError.command("mendeld did not come up", log)
    }

    /// Sends SIGTERM and waits; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard let process else { return -1 }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Runs the real CLI against this daemon.
    func mendel(_ arguments: [String], asUID uid: UInt32? = nil, gid: UInt32? = nil) throws -> CommandResult {
        var all = arguments
        all.insert(contentsOf: ["--socket", socketPath], at: Self.optionInsertionIndex(arguments))
        if let uid {
            let setpriv = ["--reuid=\(uid)", "--regid=\(gid ?? uid)", "--clear-groups",
                           Self.binDirectory.appendingPathComponent("mendel").path] + all
            return try Self.execute(URL(fileURLWithPath: "/usr/bin/setpriv"), setpriv)
        }
        return try Self.run("mendel", all)
    }

    /// `--socket` goes after the subcommand path (e.g. `case submit --socket …`).
    private static func optionInsertionIndex(_ arguments: [String]) -> Int {
        arguments.firstIndex { $0.hasPrefix("-") } ?? arguments.count
    }

    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> CommandResult {
        try execute(binDirectory.appendingPathComponent(executable), arguments)
    }

    static func execute(_ url: URL, _ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Whether the binaries exist (they are built by `swift build --build-tests`, which scripts/test runs).
    static var binariesAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: binDirectory.appendingPathComponent("mendeld").path)
            && FileManager.default.isExecutableFile(atPath: binDirectory.appendingPathComponent("mendel").path)
    }

    static var isRoot: Bool { getuid() == 0 }
}

enum HarnessError: Error, CustomStringConvertible {
    case command(String, String)
    var description: String {
        switch self { case .command(let what, let output): "\(what) failed: \(output)" }
    }
}

/// A raw client on the daemon socket, for requests the CLI would never send.
struct RawSocketClient {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: bytes); raw[bytes.count] = 0 }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { Glibc.close(fd); throw HarnessError.command("connect", String(cString: strerror(errno))) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads until the daemon closes the connection (or the read times out).
    func readAll() -> String {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            result.append(contentsOf: buffer[..<n])
        }
        return String(decoding: result, as: UTF8.self)
    }

    func close() { Glibc.close(fd) }
}
