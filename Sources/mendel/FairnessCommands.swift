import ArgumentParser
import Foundation
import MendelClient
import MendelCore

struct FairnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fairness", abstract: "Cohort fairness over the analysed cases.",
                                                    subcommands: [Report.self])

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Top-1/top-10 (where the diagnosis is known), VUS and P/LP rates by sex, ancestry and age band, with bootstrap CIs and Policies/fairness.yaml thresholds.",
            discussion: "Differences outside the thresholds are flagged for review, never blocked. Counts and rates only: no case ids.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "html or json.") var format = "html"
        @Option(help: "Bootstrap iterations.") var bootstrap = 1000
        @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?

        func validate() throws {
            guard ["html", "json"].contains(format) else { throw ValidationError("--format must be html or json") }
        }

        func run() throws {
            try runClient {
                let response = try perform(connection.client(timeoutSeconds: 0), "GET", "/v1/fairness/report?format=\(format)&bootstrap=\(bootstrap)")
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(response.body), attributes: [.posixPermissions: 0o640]) else {
                        throw ValidationError("cannot write \(output)")
                    }
                    if !connection.json { print("fairness report written to \(output) (\(response.body.count) bytes)") }
                } else {
                    FileHandle.standardOutput.write(Data(response.body))
                }
            }
        }
    }
}
