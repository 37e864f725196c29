import ArgumentParser
import Foundation
import MendelClient
import MendelCore
#if canImport(Glibc)
import Glibc
#endif

struct ReanalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reanalyze",
        abstract: "Re-run stored cases against the loaded knowledge base (a daemon job) and list those whose top diagnosis or a variant class changed.",
        discussion: "With --changed (the default) only cases analysed with another knowledge-base version are re-run, e.g. after `mendel kb import`. Every re-run is a new audited decision.")
    @OptionGroup var connection: ConnectionOptions
    @Flag(inversion: .prefixedNo, help: "Only cases analysed with another knowledge-base version.") var changed = true

    func run() throws {
        try runClient {
            let client = connection.client(timeoutSeconds: 0)
            let started = try perform(client, "POST", "/v1/reanalyses?changed=\(changed)")
            let ids = try decode([String: String].self, started)
            guard let id = ids["reanalysisID"], let jobID = ids["jobID"] else { throw ClientError.malformedResponse("no reanalysis id") }
            var job: API.Job
            repeat {
                usleep(300_000)
                job = try decode(API.Job.self, try perform(client, "GET", "/v1/jobs/\(percentEncode(jobID))"))
                if !connection.json && isatty(STDERR_FILENO) == 1 {
                    FileHandle.standardError.write(Data("\r\(Int(job.progress * 100))% \(job.step)".padding(60).utf8))
                }
            } while job.state == "queued" || job.state == "running"
            if !connection.json && isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
            guard job.state == "succeeded" else {
                FileHandle.standardError.write(Data("mendel: reanalysis job \(jobID) \(job.state)\(job.error.map { ": \($0)" } ?? "")\n".utf8))
                throw ExitCode(1)
            }
            let response = try perform(client, "GET", "/v1/reanalyses/\(percentEncode(id))")
            if connection.json { printJSON(response); return }
            let report = try decode(API.ReanalysisReport.self, response)
            print("reanalysis \(id) against KB \(report.knowledgeBaseVersion ?? "-"): \(report.casesChecked) cases re-run, \(report.casesSkipped) already current, \(report.casesFailed) failed; \(report.changed.count) changed")
            for change in report.changed {
                print("\(change.caseID): top \(change.topBefore ?? "-") → \(change.topAfter ?? "-")\(change.topChanged ? " (changed)" : ""), \(change.variantChanges.count) variant class change(s); decision \(change.decisionID ?? "-")")
                for line in change.why { print("  - \(line)") }
            }
        }
    }
}
