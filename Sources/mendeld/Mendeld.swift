import ArgumentParser
import Foundation
import Logging
import MendelServer
import Yams

/// `mendeld`: the Mendel daemon. `mendeld init` creates keys; `mendeld run` (the default) serves.
@main
struct Mendeld: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mendeld",
        abstract: "Mendel daemon: encrypted case vault, audit log and analysis engines behind a Unix socket.",
        version: "0.1.0",
        subcommands: [Run.self, Init.self],
        defaultSubcommand: Run.self
    )
}

/// Where the daemon's files are: a config file, flags, or the defaults (dev: ./var, system: /run/mendel …).
struct DaemonLocationOptions: ParsableArguments {
    @Option(help: "YAML config file (keys as in docs/configuration.md).") var config: String?
    @Flag(help: "Use the system layout (/run/mendel, /var/lib/mendel, /etc/mendel/policies) instead of ./var.") var system = false
    @Option(help: "Unix socket path.") var socket: String?
    @Option(help: "Vault (SQLite) file.") var vault: String?
    @Option(help: "Keys directory (mode 0700).") var keys: String?
    @Option(help: "Audit log directory.") var auditDir: String?
    @Option(help: "Policies directory.") var policies: String?
    @Option(help: "Knowledge base (HPO snapshot or directory).") var kb: String?
    @Option(help: "Group (name or gid) allowed to connect: the socket and its directory are chgrp'd to it.") var socketGroup: String?

    func resolve() throws -> ServerConfiguration {
        var configuration = system ? ServerConfiguration.system
            : ServerConfiguration.development(root: FileManager.default.currentDirectoryPath)
        if let config {
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
                throw ValidationError("cannot read config file \(config)")
            }
            let file: ConfigFile
            do { file = try YAMLDecoder().decode(ConfigFile.self, from: text) } catch {
                throw ValidationError("config file \(config) is not valid: \(error)")
            }
            file.apply(to: &configuration)
        }
        if let socket { configuration.socketPath = socket }
        if let vault { configuration.vaultPath = vault }
        if let keys { configuration.keysDirectory = keys }
        if let auditDir { configuration.auditDirectory = auditDir }
        if let policies { configuration.policiesDirectory = policies }
        if let kb { configuration.knowledgeBaseDirectory = kb }
        if let socketGroup { configuration.socketGroup = socketGroup }
        return configuration
    }
}

/// The config file: every key optional; unknown keys are rejected so typos do not pass silently.
struct ConfigFile: Decodable {
    var socketPath: String?
    var vaultPath: String?
    var keysDirectory: String?
    var auditDirectory: String?
    var policiesDirectory: String?
    var knowledgeBaseDirectory: String?
    var socketGroup: String?
    var nameListsDirectory: String?
    var maxBodyBytes: Int?
    var maxHeaderBytes: Int?
    var requestDeadlineSeconds: Double?
    var idleTimeoutSeconds: Double?
    var maxConnectionsPerUID: Int?
    var jobConcurrency: Int?
    var auditCheckpointEveryLines: Int?
    var auditCheckpointIntervalSeconds: Double?

    func apply(to configuration: inout ServerConfiguration) {
        if let socketPath { configuration.socketPath = socketPath }
        if let vaultPath { configuration.vaultPath = vaultPath }
        if let keysDirectory { configuration.keysDirectory = keysDirectory }
        if let auditDirectory { configuration.auditDirectory = auditDirectory }
        if let policiesDirectory { configuration.policiesDirectory = policiesDirectory }
        if let knowledgeBaseDirectory { configuration.knowledgeBaseDirectory = knowledgeBaseDirectory }
        if let socketGroup { configuration.socketGroup = socketGroup }
        if let nameListsDirectory { configuration.nameListsDirectory = nameListsDirectory }
        if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
        if let maxHeaderBytes { configuration.maxHeaderBytes = maxHeaderBytes }
        if let requestDeadlineSeconds { configuration.requestDeadlineSeconds = requestDeadlineSeconds }
        if let idleTimeoutSeconds { configuration.idleTimeoutSeconds = idleTimeoutSeconds }
        if let maxConnectionsPerUID { configuration.maxConnectionsPerUID = maxConnectionsPerUID }
        if let jobConcurrency { configuration.jobConcurrency = jobConcurrency }
        if let auditCheckpointEveryLines { configuration.auditCheckpointEveryLines = auditCheckpointEveryLines }
        if let auditCheckpointIntervalSeconds { configuration.auditCheckpointIntervalSeconds = auditCheckpointIntervalSeconds }
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API on the Unix socket until SIGTERM.")
    @OptionGroup var location: DaemonLocationOptions
    @Option(help: "Request body limit in bytes.") var maxBodyBytes: Int?
    @Option(help: "Seconds a request may take to arrive.") var requestDeadline: Double?
    @Option(help: "Log level (trace, debug, info, notice, warning, error).") var logLevel = "notice"

    func run() async throws {
        CrashPolicy.install()
        var configuration = try location.resolve()
        if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
        if let requestDeadline { configuration.requestDeadlineSeconds = requestDeadline }
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            try await MendelDaemon(configuration: configuration).run()
        } catch let error as StartupError {
            FileHandle.standardError.write(Data("mendeld: \(error.description)\n".utf8))
            if case .alreadyRunning = error { throw ExitCode(2) }
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("mendeld: cannot start: \(String(describing: error))\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create the keys directory with a fresh master key, audit signing key and pseudonym key.")
    @OptionGroup var location: DaemonLocationOptions
    @Flag(help: "Do nothing (exit 0) if keys already exist.") var ifMissing = false

    func run() throws {
        let configuration = try location.resolve()
        if DaemonKeys.exist(in: configuration.keysDirectory) {
            if ifMissing { print("keys already exist in \(configuration.keysDirectory)"); return }
            throw ValidationError("keys already exist in \(configuration.keysDirectory); refusing to overwrite (use --if-missing)")
        }
        _ = try DaemonKeys.initialize(directory: configuration.keysDirectory)
        print("created keys in \(configuration.keysDirectory) (master.key, audit-signing.key/.pub, pseudonym.key; mode 0600)")
        print("back up master.key offline: without it the vault cannot be read")
    }
}
