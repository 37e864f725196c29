import ArgumentParser
import Foundation
import MendelClient
import MendelCore
#if canImport(Glibc)
import Glibc
#endif

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Submit, list, analyse and report cases.",
        subcommands: [Submit.self, List.self, Show.self, Analyze.self, Report.self, Explain.self, Signoff.self])

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a case: a GA4GH Phenopacket v2 JSON, optionally a VCF and clinical notes.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Phenopacket v2 JSON file.") var phenopacket: String
        @Option(help: "VCF file (plain, gzip or bgzip).") var vcf: String?
        @Option(help: "Clinical notes, UTF-8 text file.") var notes: String?
        @Option(help: "Medical record number (stored encrypted; looked up by blind index).") var mrn: String?
        @Option(help: "Patient name (stored encrypted).") var name: String?
        @Option(help: "Date of birth (stored encrypted).") var dateOfBirth: String?
        @Option(help: "Purpose of processing, recorded in the audit log.") var purpose = "diagnostic"

        func run() throws {
            try runClient {
                let phenopacketText = try readText(phenopacket, what: "phenopacket")
                let notesText = try notes.map { try readText($0, what: "notes") }
                let vcfBytes = try vcf.map { try readBytes($0, what: "VCF") }
                let request = API.SubmitCaseRequest(phenopacketJSON: phenopacketText, notes: notesText,
                                                    vcfBase64: vcfBytes.map { Data($0).base64EncodedString() },
                                                    mrn: mrn, patientName: name, dateOfBirth: dateOfBirth, purpose: purpose)
                let body = try JSONEncoder().encode(request)
                let response = try perform(connection.client(), "POST", "/v1/cases", body: [UInt8](body))
                if connection.json { printJSON(response); return }
                let result = try decode(API.SubmitCaseResponse.self, response)
                print("case \(result.caseID) stored for patient \(result.patientID): \(result.observedTerms) observed / \(result.excludedTerms) excluded terms"
                      + (result.hasVCF ? ", VCF" : "") + (result.hasNotes ? ", notes" : ""))
                print("next: mendel case analyze \(result.caseID)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cases (pseudonymous ids, no patient data).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "At most this many cases.") var limit = 100
        @Option(help: "Skip this many cases.") var offset = 0

        func run() throws {
            try runClient {
                let response = try perform(connection.client(), "GET", "/v1/cases?limit=\(limit)&offset=\(offset)")
                if connection.json { printJSON(response); return }
                let list = try decode(API.CaseList.self, response)
                if list.cases.isEmpty { print("no cases"); return }
                print("CASE                 PATIENT              CREATED                   STATUS     VCF NOTES")
                for item in list.cases {
                    print("\(item.caseID.padding(20)) \(item.patientID.padding(20)) \(item.createdAt.padding(25)) \(item.status.padding(10)) \(item.hasVCF ? "yes" : "no ") \(item.hasNotes ? "yes" : "no")")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a case's phenotype and stored results.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id (C-…).") var caseID: String

        func run() throws {
            try runClient {
                let response = try perform(connection.client(), "GET", "/v1/cases/\(percentEncode(caseID))")
                if connection.json { printJSON(response); return }
                let detail = try decode(API.CaseDetail.self, response)
                print("case \(detail.summary.caseID) (patient \(detail.summary.patientID)), \(detail.summary.status), created \(detail.summary.createdAt)")
                if let identity = detail.identity {
                    print("identity: MRN \(identity.mrn ?? "-"), name \(identity.name ?? "-"), born \(identity.dateOfBirth ?? "-")")
                }
                print("sex: \(detail.sex ?? "unknown")")
                print("observed (\(detail.observedTerms.count)):")
                for term in detail.observedTerms { print("  \(term.id)  \(term.label ?? "")") }
                print("excluded (\(detail.excludedTerms.count)):")
                for term in detail.excludedTerms { print("  \(term.id)  \(term.label ?? "")") }
                print("results: \(detail.results.isEmpty ? "none (run `mendel case analyze \(detail.summary.caseID)`)" : detail.results.joined(separator: ", "))")
            }
        }
    }

    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Analyse a case as a daemon job and wait for it (progress on a terminal).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id (C-…).") var caseID: String
        @Flag(help: "Queue the job and return at once.") var noWait = false

        func run() throws {
            try runClient {
                let client = connection.client(timeoutSeconds: 0)
                if noWait {
                    let response = try perform(client, "POST", "/v1/cases/\(percentEncode(caseID))/analyze")
                    if connection.json { printJSON(response) } else {
                        let job = try decode(API.Job.self, response)
                        print("job \(job.jobID) queued; check it with `mendel case show \(caseID)`")
                    }
                    return
                }
                let showBar = !connection.json && isatty(STDERR_FILENO) == 1
                var last: API.Job?
                let response = try client.stream(method: "POST", path: "/v1/cases/\(percentEncode(caseID))/analyze?wait=true") { line in
                    guard let job = try? JSONDecoder().decode(API.Job.self, from: Data(line.utf8)) else { return }
                    last = job
                    if connection.json { print(line) }
                    else if showBar {
                        let width = 30
                        let filled = Int(job.progress * Double(width))
                        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                        FileHandle.standardError.write(Data("\r[\(bar)] \(Int(job.progress * 100))% \(job.step)".padding(78).utf8))
                    }
                }
                if showBar { FileHandle.standardError.write(Data("\n".utf8)) }
                try checkStatus(response)
                guard let job = last else { throw ClientError.malformedResponse("no job events") }
                if !connection.json {
                    print("job \(job.jobID): \(job.state)" + (job.error.map { " — \($0)" } ?? ""))
                    if job.state == "succeeded" { print("next: mendel case report \(caseID) --format html -o report.html") }
                }
                if job.state != "succeeded" { throw ExitCode(1) }
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the explainable report of an analysed case.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id (C-…).") var caseID: String
        @Option(help: "html, md or json.") var format = "html"
        @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?

        func validate() throws {
            guard ["html", "md", "json"].contains(format) else { throw ValidationError("--format must be html, md or json") }
        }

        func run() throws {
            try runClient {
                let response = try perform(connection.client(), "GET", "/v1/cases/\(percentEncode(caseID))/report?format=\(format)")
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(response.body), attributes: [.posixPermissions: 0o600]) else {
                        throw ValidationError("cannot write \(output)")
                    }
                    if !connection.json { print("report written to \(output) (\(response.body.count) bytes)") }
                } else {
                    FileHandle.standardOutput.write(Data(response.body))
                }
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Why (not) a disease: its rank and per-phenotype likelihood ratios.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id (C-…).") var caseID: String
        @Option(help: "Disease id, e.g. OMIM:154700.") var disease: String

        func run() throws {
            try runClient {
                let response = try perform(connection.client(), "GET", "/v1/cases/\(percentEncode(caseID))/explain?disease=\(percentEncode(disease))")
                printJSON(response)
            }
        }
    }
}

extension CaseCommand {
    struct Signoff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign off a case's current decision: accept it, or override it with a reason (clinicians).",
            discussion: "The sign-off is an audited event; an override reason is stored encrypted and only its SHA-256 goes into the audit log.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id (C-…).") var caseID: String
        @Flag(help: "Accept the decision.") var accept = false
        @Flag(name: .customLong("override"), help: "Override the decision (needs --reason).") var overrideDecision = false
        @Option(help: "Why the decision is overridden.") var reason: String?

        func validate() throws {
            guard accept != overrideDecision else { throw ValidationError("give exactly one of --accept or --override") }
            if overrideDecision, (reason?.trimmingCharacters(in: .whitespacesAndNewlines).count ?? 0) < 3 {
                throw ValidationError("--override needs --reason TEXT (at least 3 characters)")
            }
        }

        func run() throws {
            try runClient {
                let body = try JSONEncoder().encode(API.SignoffRequest(decision: accept ? "accept" : "override", reason: reason))
                let response = try perform(connection.client(), "POST", "/v1/cases/\(percentEncode(caseID))/signoff", body: [UInt8](body))
                if connection.json { printJSON(response); return }
                let signoff = try decode(API.Signoff.self, response)
                print("case \(signoff.caseID): decision \(signoff.decisionID) \(signoff.decision == "accept" ? "accepted" : "overridden") by uid \(signoff.uid)"
                      + (signoff.auditSequence.map { " (audit seq \($0))" } ?? ""))
            }
        }
    }
}

func readBytes(_ path: String, what: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read the \(what) file \(path)")
    }
    return [UInt8](data)
}

func readText(_ path: String, what: String) throws -> String {
    let bytes = try readBytes(path, what: what)
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw ValidationError("the \(what) file \(path) is not valid UTF-8")
    }
    return text
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
