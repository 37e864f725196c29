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
                let status = try decode(KnowledgeStatusView.self, response)
                print("knowledge base: \(status.state)")
                if let version = status.version { print("  version:     \(version)") }
                if let hpo = status.hpoVersion, hpo != status.version { print("  HPO snapshot: \(hpo)") }
                if let release = status.hpoRelease { print("  HPO release: \(release)") }
                if let diseases = status.diseases { print("  diseases:    \(diseases) (\(status.rankedDiseases ?? diseases) ranked)") }
                if let resources = status.variantResources {
                    print("  variant resources \(resources.version):")
                    for file in resources.files {
                        print("    \(file.kind): \(file.name), \(file.records) records, \(file.bytes) bytes, sha256 \(file.sha256.prefix(16))")
                    }
                }
                if let error = status.error { print("  error:       \(error)") }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import knowledge (admin): an HPO release directory, variant resources (frequencies, ClinVar, constraint), GO annotations.",
            discussion: """
            The daemon validates the files by a full parse, stores a read-only snapshot named by its content hash and makes it \
            current; the KB version (which changes with every import) is recorded in every later decision. Get the HPO files \
            with scripts/fetch-kb. Variant resources: --frequencies (gnomAD-style TSV or VCF, .gz allowed), --clinvar (ClinVar \
            variant_summary.txt[.gz]), --constraint (gnomAD constraint TSV with LOEUF). Gene cards: --go (GO Consortium GAF 2.2, \
            e.g. goa_human.gaf.gz) with optional --go-obo (go-basic.obo, for term names; without it cards show GO ids). \
            Formats: docs/knowledge-base.md, docs/llm-assist.md.
            """)
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Directory with the HPO release files.") var hpoDir: String?
        @Option(help: "Per-ancestry allele frequencies: TSV (chrom, pos, ref, alt, AC_/AN_/AF_/nhomalt_/faf95_<group>) or VCF.") var frequencies: String?
        @Option(help: "ClinVar variant_summary.txt or variant_summary.txt.gz.") var clinvar: String?
        @Option(help: "Gene constraint TSV (gene, lof.oe_ci.upper or oe_lof_upper).") var constraint: String?
        @Option(help: "GO annotations, GAF 2.2 (goa_human.gaf or goa_human.gaf.gz).") var go: String?
        @Option(help: "GO ontology (go-basic.obo) naming the GO terms of --go.") var goObo: String?

        func run() throws {
            try runClient {
                var files: [String: String] = [:]
                if let hpoDir {
                    for name in ["hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt", "phenotype_to_genes.txt"] {
                        let path = hpoDir + "/" + name
                        guard FileManager.default.fileExists(atPath: path) else { continue }
                        files[name] = Data(try readBytes(path, what: name)).base64EncodedString()
                    }
                    guard files["hp.obo"] != nil, files["phenotype.hpoa"] != nil else {
                        throw ValidationError("\(hpoDir) needs at least hp.obo and phenotype.hpoa")
                    }
                }
                for (path, base) in [(frequencies, "frequencies"), (clinvar, "variant_summary"), (constraint, "constraint")] {
                    guard let path else { continue }
                    files[Self.uploadName(base: base, path: path)] = Data(try readBytes(path, what: base)).base64EncodedString()
                }
                if let go {
                    let gz = go.lowercased().hasSuffix(".gz")
                    files[gz ? "go.gaf.gz" : "go.gaf"] = Data(try readBytes(go, what: "GO annotations")).base64EncodedString()
                }
                if let goObo { files["go-basic.obo"] = Data(try readBytes(goObo, what: "GO ontology")).base64EncodedString() }
                guard !files.isEmpty else {
                    throw ValidationError("give --hpo-dir and/or --frequencies, --clinvar, --constraint, --go, --go-obo")
                }
                let body = try JSONEncoder().encode(API.KnowledgeBaseImport(files: files))
                let response = try perform(connection.client(timeoutSeconds: 600), "POST", "/v1/kb/import", body: [UInt8](body))
                if connection.json { printJSON(response); return }
                let status = try decode(API.KnowledgeBaseStatus.self, response)
                print("imported knowledge base \(status.version ?? "?") (HPO release \(status.hpoRelease ?? "unknown")); it is now active")
            }
        }

        /// The name the daemon expects: the kind's base name plus the local file's format extension.
        static func uploadName(base: String, path: String) -> String {
            let lower = path.lowercased()
            let gz = lower.hasSuffix(".gz") || lower.hasSuffix(".bgz")
            let stem = gz ? String(lower.dropLast(lower.hasSuffix(".bgz") ? 4 : 3)) : lower
            let ext = base == "frequencies" && stem.hasSuffix(".vcf") ? "vcf" : (base == "variant_summary" ? "txt" : "tsv")
            return "\(base).\(ext)" + (gz ? ".gz" : "")
        }
    }
}

/// `GET /v1/kb` as the daemon answers it: the status fields plus the imported variant resources.
struct KnowledgeStatusView: Decodable {
    struct Resources: Decodable {
        struct File: Decodable { var name: String; var kind: String; var bytes: Int; var sha256: String; var records: Int }
        var version: String
        var files: [File]
    }
    var state: String
    var version: String?
    var hpoRelease: String?
    var diseases: Int?
    var rankedDiseases: Int?
    var error: String?
    var hpoVersion: String?
    var variantResources: Resources?
}
