import ArgumentParser
import Foundation
import MendelClient
import MendelCore

struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "job", abstract: "Analysis jobs: status and cancellation.",
                                                    subcommands: [Status.self, Cancel.self])

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a job's state and progress.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Job id (J-…), as printed by `mendel case analyze --no-wait`.") var jobID: String

        func run() throws {
            try runClient {
                let response = try perform(connection.client(), "GET", "/v1/jobs/\(percentEncode(jobID))")
                if connection.json { printJSON(response); return }
                let job = try decode(API.Job.self, response)
                print("job \(job.jobID) for case \(job.caseID): \(job.state), \(Int(job.progress * 100))% (\(job.step))"
                      + (job.error.map { " — \($0)" } ?? ""))
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job (nothing is stored for it).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Job id (J-…).") var jobID: String

        func run() throws {
            try runClient {
                let response = try connection.client().send(method: "DELETE", path: "/v1/jobs/\(percentEncode(jobID))")
                if response.status == 409 {
                    let job = try decode(API.Job.self, response)
                    print("job \(job.jobID) had already ended (\(job.state))")
                    return
                }
                try checkStatus(response)
                if connection.json { printJSON(response) } else { print("job \(jobID) cancellation requested") }
            }
        }
    }
}
