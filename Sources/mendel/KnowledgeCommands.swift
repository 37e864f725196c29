import ArgumentParser
import Foundation
import MendelClient
import MendelCore

struct KnowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kb", abstract: "The knowledge base the daemon ranks against.",
                                                    subcommands: [Status.self, Import.self], defaultSubcommand: Status.self)

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the active knowledge-base version and release.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            try runClient {
                let response = try perform(connection.client(timeoutSeconds: 60), "GET", "/v1/kb")
                if connection.json { printJSON(response); return }
                let status = try decode(API.KnowledgeBaseStatus.self, response)
                print("knowledge base: \(status.state)")
                if let version = status.version { print("  version:     \(version)") }
                if let release = status.hpoRelease { print("  HPO release: \(release)") }
                if let diseases = status.diseases { print("  diseases:    \(diseases) (\(status.rankedDiseases ?? diseases) ranked)") }
                if let error = status.error { print("  error:       \(error)") }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an HPO release (admin): hp.obo, phenotype.hpoa, genes_to_phenotype.txt from a directory.",
            discussion: "The daemon validates the files, stores a read-only snapshot named by its content hash and makes it current; the version is recorded in every later decision. Get the files with scripts/fetch-kb, or from the HPO release page.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Directory with the HPO release files.") var hpoDir: String

        func run() throws {
            try runClient {
                var files: [String: String] = [:]
                for name in ["hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt", "phenotype_to_genes.txt"] {
                    let path = hpoDir + "/" + name
                    guard FileManager.default.fileExists(atPath: path) else { continue }
                    files[name] = Data(try readBytes(path, what: name)).base64EncodedString()
                }
                guard files["hp.obo"] != nil, files["phenotype.hpoa"] != nil else {
                    throw ValidationError("\(hpoDir) needs at least hp.obo and phenotype.hpoa")
                }
                let body = try JSONEncoder().encode(API.KnowledgeBaseImport(files: files))
                let response = try perform(connection.client(timeoutSeconds: 600), "POST", "/v1/kb/import", body: [UInt8](body))
                if connection.json { printJSON(response); return }
                let status = try decode(API.KnowledgeBaseStatus.self, response)
                print("imported knowledge base \(status.version ?? "?") (HPO release \(status.hpoRelease ?? "unknown")); it is now active")
            }
        }
    }
}
