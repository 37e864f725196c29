import ArgumentParser
import Foundation
import MendelClient
import MendelCore

struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "daemon", abstract: "Daemon status.",
                                                    subcommands: [Status.self], defaultSubcommand: Status.self)

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether the daemon is up, its audit health, policy hash and KB version.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try runClient {
                let client = connection.client(timeoutSeconds: 10)
                let response = try client.send(method: "GET", path: "/v1/health")
                // 503 with a body still carries a degraded health report.
                guard let health = try? JSONDecoder().decode(API.Health.self, from: Data(response.body)) else {
                    try checkStatus(response)
                    throw ClientError.malformedResponse("health")
                }
                if connection.json { printJSON(response) } else {
                    print("mendeld \(health.version) at \(connection.socketPath): \(health.status)")
                    print("  audit log:      \(health.audit)")
                    print("  policy hash:    \(health.policyHash.prefix(16))…")
                    print("  knowledge base: \(health.knowledgeBaseVersion.map { String($0.prefix(16)) + "…" } ?? "not loaded")")
                    print("  jobs:           \(health.jobsRunning) running, \(health.jobsQueued) queued")
                    print("  uptime:         \(Int(health.uptimeSeconds)) s")
                }
                if health.status != "ok" { throw ExitCode(75) }
            }
        }
    }
}

struct WhoAmI: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show who the daemon thinks you are and what you may do.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try runClient {
            let response = try perform(connection.client(timeoutSeconds: 10), "GET", "/v1/whoami")
            if connection.json { printJSON(response); return }
            let me = try decode(API.WhoAmI.self, response)
            print("uid \(me.uid)\(me.user.map { " (\($0))" } ?? "") gid \(me.gid) pid \(me.pid)")
            print("roles:       \(me.roles.joined(separator: ", "))")
            print("permissions: \(me.permissions.joined(separator: ", "))")
        }
    }
}

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Inspect and reload the daemon's policies.",
                                                    subcommands: [Check.self, Reload.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the active policy hash and per-file hashes.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            try runClient {
                let response = try perform(connection.client(timeoutSeconds: 10), "GET", "/v1/policy")
                printJSON(response)
            }
        }
    }

    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reload Policies/ (a bad file keeps the old policy and is reported).")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            try runClient {
                let response = try perform(connection.client(timeoutSeconds: 10), "POST", "/v1/policy/reload")
                printJSON(response)
            }
        }
    }
}

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Key management (admin).", subcommands: [Rotate.self])

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate a new master key and re-wrap every patient key in one transaction.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            try runClient {
                let response = try perform(connection.client(), "POST", "/v1/keys/rotate")
                if connection.json { printJSON(response) } else { print("master key rotated; every patient data key re-wrapped") }
            }
        }
    }
}

struct PatientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patient", abstract: "Patient records (admin).", subcommands: [Erase.self])

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Erase a patient by destroying their data key (crypto-shredding) and rows.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Patient id (P-…), as shown by `mendel case list`.") var patientID: String
        @Option(help: "Why the patient is erased (its hash is audited).") var reason: String

        func run() throws {
            try runClient {
                let body = try JSONEncoder().encode(API.EraseRequest(reason: reason))
                let response = try perform(connection.client(), "POST", "/v1/patients/\(percentEncode(patientID))/erase", body: [UInt8](body))
                if connection.json { printJSON(response) } else { print("patient \(patientID) erased") }
            }
        }
    }
}
