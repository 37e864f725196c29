import ArgumentParser
import Foundation
import MendelAudit
import MendelClient
import MendelCore
import MendelCrypto

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Verify, export and read the tamper-evident audit log.",
                                                    subcommands: [Verify.self, Export.self, Tail.self, Replay.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the audit chain and signed checkpoints.",
            discussion: "With --dir and --public-key it works offline on a copied log, without a daemon.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Audit directory to verify offline (a copy of AuditLogs/).") var dir: String?
        @Option(help: "Audit public key file (audit-signing.pub, hex) for offline verification.") var publicKey: String?

        func run() throws {
            if let dir {
                guard let publicKey else { throw ValidationError("offline verification needs --public-key (the daemon's audit-signing.pub)") }
                guard let text = try? String(contentsOfFile: publicKey, encoding: .utf8),
                      let bytes = [UInt8](hex: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                      let key = try? Ed25519PublicKey(rawRepresentation: bytes) else {
                    throw ValidationError("cannot read an Ed25519 public key (hex) from \(publicKey)")
                }
                let report = AuditVerifier.verify(directory: URL(fileURLWithPath: dir), publicKey: key).apiDocument
                if connection.json { printEncoded(report) } else { print(report.summary) }
                if !report.valid { throw ExitCode(1) }
                return
            }
            try runClient {
                let response = try connection.client().send(method: "GET", path: "/v1/audit/verify")
                guard response.status == 200 || response.status == 409 else { try checkStatus(response); return }
                let report = try decode(API.AuditVerification.self, response)
                if connection.json { printJSON(response) } else { print(report.summary) }
                if !report.valid { throw ExitCode(1) }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accounting of disclosures: audit events by date range and/or patient, as JSONL or CSV.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "First day (YYYY-MM-DD).") var from: String?
        @Option(help: "Last day (YYYY-MM-DD).") var to: String?
        @Option(help: "Patient id (P-…): only events about this patient.") var patient: String?
        @Option(help: "jsonl, csv, or disclosures (with --patient: who accessed the patient's data, when, what action; JSON).") var format = "jsonl"
        @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?

        func run() throws {
            try runClient {
                var query = ["format=\(format)"]
                if let from { query.append("from=\(percentEncode(from))") }
                if let to { query.append("to=\(percentEncode(to))") }
                if let patient { query.append("patient=\(percentEncode(patient))") }
                let response = try perform(connection.client(), "GET", "/v1/audit/export?" + query.joined(separator: "&"))
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(response.body)) else { throw ValidationError("cannot write \(output)") }
                } else {
                    FileHandle.standardOutput.write(Data(response.body))
                }
            }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute an audited decision from its stored inputs and compare output hashes.",
            discussion: "Refused, with the reason, when the knowledge base, a model digest, the policy or the software differs from the decision's. Exit 0: identical; 1: different or refused.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Decision id (D-…), as in `mendel audit tail`.") var decision: String

        func run() throws {
            try runClient {
                let response = try perform(connection.client(timeoutSeconds: 0), "POST", "/v1/audit/replay/\(percentEncode(decision))")
                let result = try decode(API.ReplayResult.self, response)
                if connection.json { printJSON(response) } else {
                    switch result.status {
                    case "identical":
                        print("decision \(result.decisionID) (audit seq \(result.auditSequence)): replayed, output hash identical (\(result.recordedOutputHash))")
                    case "different":
                        print("decision \(result.decisionID): output DIFFERS — recorded \(result.recordedOutputHash), replayed \(result.replayedOutputHash ?? "-")")
                    default:
                        print("decision \(result.decisionID): replay refused — \(result.reason ?? "unknown reason")")
                    }
                }
                if result.status != "identical" { throw ExitCode(1) }
            }
        }
    }

    struct Tail: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the last audit lines.")
        @OptionGroup var connection: ConnectionOptions
        @Option(name: [.customShort("n"), .long], help: "Number of lines.") var lines = 20

        func run() throws {
            try runClient {
                let response = try perform(connection.client(), "GET", "/v1/audit/tail?n=\(lines)")
                FileHandle.standardOutput.write(Data(response.body))
            }
        }
    }
}
