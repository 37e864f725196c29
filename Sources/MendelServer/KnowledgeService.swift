import Foundation
import Logging
import MendelCore
import MendelCrypto
import MendelDiagnosis
import MendelKnowledge
import MendelPhenotype
import MendelVariants
#if canImport(Glibc)
import Glibc
#endif

/// The loaded knowledge base and the engines built on it. Loaded once at start (in the background, so
/// the socket comes up at once); analyses that start before it is ready wait for it.
///
/// `mendel kb import` builds a versioned snapshot under `<state>/kb/<version>` and points
/// `<state>/kb/current` at it; an imported snapshot takes precedence over the configured directory at
/// the next start, so the daemon keeps the KB an administrator imported.
///
/// Variant-interpretation resources (per-ancestry allele frequencies, ClinVar `variant_summary`, gene constraint)
/// and the Gene Ontology resources of gene cards (GO annotations GAF, GO ontology OBO) are imported the same
/// way into `<state>/kb/variants/<version>` with `<state>/kb/variants-current`; when present, the KB version
/// is the hash of the HPO snapshot version and theirs, so every decision names both.
public actor KnowledgeService {
    public enum State: Sendable {
        case notConfigured
        case loading
        case ready(KnowledgeEngines)
        case failed(String)
    }

    /// The HPO file names an import accepts.
    public static let importableFiles: Set<String> = ["hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt", "phenotype_to_genes.txt"]

    private let configuredDirectory: String?
    private let snapshotRoot: URL
    private let logger: Logger
    private var state: State
    private var loadTask: Task<Void, Never>?

    init(directory: String?, snapshotRoot: URL, logger: Logger) {
        self.configuredDirectory = directory
        self.snapshotRoot = snapshotRoot
        self.logger = logger
        self.state = .loading
    }

    private var currentLink: URL { snapshotRoot.appendingPathComponent("current") }
    private var variantsCurrentLink: URL { snapshotRoot.appendingPathComponent("variants-current") }
    /// Imported variant resources (also kept when no HPO knowledge base is loaded).
    private var variantResources: VariantResources?

    /// Starts loading; returns immediately.
    func loadInBackground() {
        guard loadTask == nil else { return }
        let imported = FileManager.default.fileExists(atPath: currentLink.path) ? currentLink.path : nil
        let variantDirectory = FileManager.default.fileExists(atPath: variantsCurrentLink.path) ? variantsCurrentLink : nil
        guard let directory = imported ?? configuredDirectory else {
            state = .notConfigured
            if let variantDirectory { variantResources = try? VariantResources.load(variantDirectory) }
            return
        }
        let logger = self.logger
        loadTask = Task.detached(priority: .userInitiated) {
            let started = ContinuousClock.now
            var resources: VariantResources?
            if let variantDirectory {
                do {
                    resources = try VariantResources.load(variantDirectory)
                } catch {
                    logger.error("imported variant resources not loaded: \(String(describing: error))")
                }
            }
            await self.setVariantResources(resources)
            do {
                let engines = try Self.load(URL(fileURLWithPath: directory), variantResources: resources)
                let kb = engines.knowledgeBase
                logger.notice("knowledge base \(kb.version.prefix(12)) loaded in \(ContinuousClock.now - started) from \(imported == nil ? "the configured directory" : "the imported snapshot"): \(kb.diseases.count) diseases")
                await self.finish(.ready(engines))
            } catch {
                let message = (error as? any CustomStringConvertible)?.description ?? "\(type(of: error))"
                logger.error("knowledge base not loaded: \(message)")
                await self.finish(.failed(message))
            }
        }
    }

    private static func load(_ directory: URL, variantResources: VariantResources?) throws -> KnowledgeEngines {
        let kb = try KnowledgeBase.load(directory: directory)
        let phenotypeRanker = try PhenotypeRanker(knowledgeBase: kb)
        return KnowledgeEngines(knowledgeBase: kb, phenotypeRanker: phenotypeRanker,
                                genotypeRanker: try GenotypeAwareRanker(phenotypeRanker: phenotypeRanker),
                                recognizer: try NotesStep.makeRecognizer(ontology: kb.ontology))
            .with(variantResources)
    }

    private func finish(_ newState: State) { state = newState }
    private func setVariantResources(_ resources: VariantResources?) { variantResources = resources }

    /// The KB version, once loaded (HPO snapshot and, when imported, the variant resources).
    public var version: String? {
        if case .ready(let engines) = state { return engines.version }
        return nil
    }

    /// The imported variant resources, whether or not an HPO knowledge base is loaded.
    public var variantResourceManifest: VariantResourceManifest? { variantResources?.manifest }

    /// Waits for loading to finish and returns the result.
    public func ready() async -> State {
        if let loadTask { await loadTask.value }
        return state
    }

    /// Imports HPO files: validates them by a full parse, writes a read-only snapshot named by its
    /// content hash, loads it, makes it current (atomically) and returns its manifest. On any error the
    /// active knowledge base is unchanged.
    func importFiles(_ files: [String: [UInt8]]) async throws -> KnowledgeImportResult {
        var hpoFiles: [String: [UInt8]] = [:]
        var variantFiles: [(VariantResourceKind, String, [UInt8])] = []
        for (name, bytes) in files {
            if Self.importableFiles.contains(name) {
                hpoFiles[name] = bytes
            } else if let kind = VariantResourceKind(uploadName: name) {
                guard !variantFiles.contains(where: { $0.0 == kind }) else {
                    throw APIError.badRequest(code: "kb.duplicate_resource", "more than one \(kind.rawValue) file")
                }
                variantFiles.append((kind, name, bytes))
            } else {
                let expected = Self.importableFiles.sorted() + VariantResourceKind.uploadNames.sorted()
                throw APIError.badRequest(code: "kb.unknown_file", "unexpected file '\(name)'; expected: \(expected.joined(separator: ", "))")
            }
        }
        guard !hpoFiles.isEmpty || !variantFiles.isEmpty else {
            throw APIError.badRequest(code: "kb.no_files", "the import holds no files")
        }
        // Variant resources first: validated and stored, then the HPO snapshot (if any) loads with them.
        if !variantFiles.isEmpty { try await importVariantResources(variantFiles) }
        var hpo: KnowledgeManifest?
        if !hpoFiles.isEmpty { hpo = try await importHPO(hpoFiles) }
        let ready: KnowledgeEngines? = if case .ready(let engines) = state { engines } else { nil }
        return KnowledgeImportResult(version: ready?.version ?? hpo?.version ?? variantResources?.manifest.version ?? "",
                                     hpoRelease: ready?.knowledgeBase.manifest.hpoRelease ?? hpo?.hpoRelease,
                                     variantResources: variantResources?.manifest)
    }

    /// Validates the variant resources by a full import, stores them (with the current ones of the kinds not
    /// uploaded) as a read-only snapshot named by its content hash, makes it current and attaches it to the engines.
    private func importVariantResources(_ uploads: [(VariantResourceKind, String, [UInt8])]) async throws {
        let fileManager = FileManager.default
        let root = snapshotRoot.appendingPathComponent("variants")
        try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
        let staging = root.appendingPathComponent(".incoming-\(UUID().uuidString.prefix(8))")
        defer { try? fileManager.removeItem(at: staging) }
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        var sources: [(VariantResourceKind, String, [UInt8])] = uploads
        if let current = variantResources {
            for entry in current.manifest.files where !uploads.contains(where: { $0.0 == entry.kind }) {
                let bytes = try [UInt8](Data(contentsOf: current.directory.appendingPathComponent(entry.name)))
                sources.append((entry.kind, entry.name, bytes))
            }
        }
        for (_, name, bytes) in sources { try Data(bytes).write(to: staging.appendingPathComponent(name)) }
        let staged = sources
        let resources = try await Task.detached(priority: .userInitiated) { () throws -> VariantResources in
            let manifest = try VariantResources.manifest(for: staged, stagedIn: staging)
            try CanonicalJSON.encodePretty(manifest).write(to: staging.appendingPathComponent(VariantResourceManifest.fileName))
            let destination = root.appendingPathComponent(manifest.version)
            if !fileManager.fileExists(atPath: destination.path) {
                for name in try fileManager.contentsOfDirectory(atPath: staging.path) {
                    try fileManager.setAttributes([.posixPermissions: 0o444], ofItemAtPath: staging.appendingPathComponent(name).path)
                }
                try fileManager.moveItem(at: staging, to: destination)
            }
            return try VariantResources.load(destination)
        }.value
        try makeCurrent("variants/" + resources.manifest.version, link: variantsCurrentLink)
        variantResources = resources
        if case .ready(let engines) = state { state = .ready(engines.with(resources)) }
        logger.notice("variant resources \(resources.manifest.version.prefix(12)) imported: \(resources.manifest.files.map { "\($0.kind.rawValue) \($0.records)" }.joined(separator: ", "))")
    }

    private func importHPO(_ files: [String: [UInt8]]) async throws -> KnowledgeManifest {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: snapshotRoot, withIntermediateDirectories: true)
        let token = UUID().uuidString.prefix(8)
        let upload = snapshotRoot.appendingPathComponent(".upload-\(token)")
        let incoming = snapshotRoot.appendingPathComponent(".incoming-\(token)")
        defer {
            try? fileManager.removeItem(at: upload)
            try? fileManager.removeItem(at: incoming)
        }
        try fileManager.createDirectory(at: upload, withIntermediateDirectories: true)
        for (name, bytes) in files {
            try Data(bytes).write(to: upload.appendingPathComponent(name))
        }
        let root = snapshotRoot
        let resources = variantResources
        let (manifest, engines) = try await Task.detached(priority: .userInitiated) {
            let manifest = try KnowledgeSnapshot.build(sourceDirectory: upload, into: incoming)
            let destination = root.appendingPathComponent(manifest.version)
            if fileManager.fileExists(atPath: destination.path) {
                _ = try KnowledgeSnapshot.verify(destination)
            } else {
                try fileManager.moveItem(at: incoming, to: destination)
            }
            return (manifest, try Self.load(destination, variantResources: resources))
        }.value
        try makeCurrent(manifest.version, link: currentLink)
        state = .ready(engines)
        logger.notice("knowledge base \(manifest.version.prefix(12)) imported and active")
        return manifest
    }

    /// Points `link` at a snapshot: a new symlink renamed over the old one.
    private func makeCurrent(_ target: String, link: URL) throws {
        let temporary = snapshotRoot.appendingPathComponent(".current-\(UUID().uuidString.prefix(8))")
        guard symlink(target, temporary.path) == 0, rename(temporary.path, link.path) == 0 else {
            unlink(temporary.path)
            throw APIError.internalError(code: "kb.activate_failed", "the snapshot was built but could not be made current")
        }
    }
}

/// Everything built from one knowledge base: loaded together, swapped together on import.
public struct KnowledgeEngines: Sendable {
    public let knowledgeBase: KnowledgeBase
    public let phenotypeRanker: PhenotypeRanker
    public let genotypeRanker: GenotypeAwareRanker
    public let recognizer: PhenotypeRecognizer
    /// Imported variant resources (frequencies, ClinVar, constraint), if any.
    public private(set) var variantResources: VariantResources?

    init(knowledgeBase: KnowledgeBase, phenotypeRanker: PhenotypeRanker, genotypeRanker: GenotypeAwareRanker,
         recognizer: PhenotypeRecognizer, variantResources: VariantResources? = nil) {
        self.knowledgeBase = knowledgeBase; self.phenotypeRanker = phenotypeRanker; self.genotypeRanker = genotypeRanker
        self.recognizer = recognizer; self.variantResources = variantResources
    }

    /// The same engines with other variant resources.
    func with(_ resources: VariantResources?) -> KnowledgeEngines {
        var copy = self
        copy.variantResources = resources
        return copy
    }

    /// The KB version: the HPO snapshot's, or — with imported variant resources — SHA-256 of both versions.
    public var version: String {
        guard let resources = variantResources else { return knowledgeBase.version }
        return SHA256.hexHash(Array("\(knowledgeBase.version)+\(resources.manifest.version)".utf8))
    }

    /// GO annotations for gene cards: the imported ones (`mendel kb import --go`), else `fallback`.
    public func goAnnotations(fallback: @autoclosure () -> GOAnnotations?) -> GOAnnotations? {
        variantResources?.go ?? fallback()
    }

    /// What the variant step uses: the gene contexts of the KB (inheritance) with the imported LOEUF values,
    /// the imported ClinVar index (PS1/PM5) and per-ancestry frequency table.
    public var variantKnowledge: VariantKnowledge {
        variantResources?.knowledge(merging: genotypeRanker.variantKnowledge) ?? genotypeRanker.variantKnowledge
    }
}

/// What `mendel kb import` produced: the active version and what it holds.
struct KnowledgeImportResult: Sendable {
    var version: String
    var hpoRelease: String?
    var variantResources: VariantResourceManifest?
}

/// A variant-interpretation resource of the knowledge base.
public enum VariantResourceKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// Per-ancestry allele counts (gnomAD-style TSV or VCF).
    case frequencies
    /// ClinVar `variant_summary.txt(.gz)` (PS1/PM5 look-ups; never PP5/BP6).
    case clinvar
    /// Gene constraint TSV (LOEUF) for the LoF mechanism (PVS1).
    case constraint
    /// Gene Ontology annotations, GAF 2.2 (`goa_human.gaf[.gz]`), for gene cards.
    case goAnnotations = "go"
    /// The GO ontology (`go-basic.obo`): term names for the GO annotations.
    case goOntology = "go-obo"

    /// The file names an import accepts for this kind (the CLI picks one from the local file's extension).
    public var uploadNames: [String] {
        switch self {
        case .frequencies: ["frequencies.tsv", "frequencies.tsv.gz", "frequencies.vcf", "frequencies.vcf.gz"]
        case .clinvar: ["variant_summary.txt", "variant_summary.txt.gz"]
        case .constraint: ["constraint.tsv", "constraint.tsv.gz"]
        case .goAnnotations: ["go.gaf", "go.gaf.gz"]
        case .goOntology: ["go-basic.obo"]
        }
    }

    public static var uploadNames: [String] { allCases.flatMap(\.uploadNames) }

    public init?(uploadName: String) {
        guard let kind = Self.allCases.first(where: { $0.uploadNames.contains(uploadName) }) else { return nil }
        self = kind
    }
}

/// `variant-manifest.json` of a variant-resource snapshot; `version` is SHA-256 of the canonical JSON of `files`.
public struct VariantResourceManifest: Sendable, Codable, Hashable {
    public static let formatName = "mendel-variant-resources/1"
    public static let fileName = "variant-manifest.json"

    public struct Entry: Sendable, Codable, Hashable {
        public var name: String
        public var kind: VariantResourceKind
        public var bytes: Int
        public var sha256: String
        /// Variants (frequencies), P/LP protein changes (ClinVar) or genes (constraint) imported.
        public var records: Int
    }

    public var format: String
    public var files: [Entry]
    public var version: String
}

/// Loaded variant resources of one snapshot.
public struct VariantResources: Sendable {
    public let manifest: VariantResourceManifest
    public let directory: URL
    public let frequencies: FrequencyTable?
    public let clinvar: ClinVarIndex?
    public let constraint: ConstraintTable?
    /// GO annotations (named from the GO ontology when one was imported too).
    public let go: GOAnnotations?

    /// Imports every file (a full parse validates it) and describes them.
    static func manifest(for sources: [(VariantResourceKind, String, [UInt8])], stagedIn directory: URL) throws -> VariantResourceManifest {
        var entries: [VariantResourceManifest.Entry] = []
        for (kind, name, bytes) in sources {
            let path = directory.appendingPathComponent(name).path
            let sha = SHA256.hexHash(bytes)
            let records = try Self.importResource(kind, path: path, sha256: sha).records
            entries.append(.init(name: name, kind: kind, bytes: bytes.count, sha256: sha, records: records))
        }
        entries.sort { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }
        let version = SHA256.hexHash([UInt8](try CanonicalJSON.encode(entries)))
        return VariantResourceManifest(format: VariantResourceManifest.formatName, files: entries, version: version)
    }

    /// Loads a snapshot, checking every file against its manifest digest.
    static func load(_ directory: URL) throws -> VariantResources {
        let manifestData = try Data(contentsOf: directory.appendingPathComponent(VariantResourceManifest.fileName))
        let manifest = try JSONDecoder().decode(VariantResourceManifest.self, from: manifestData)
        guard manifest.format == VariantResourceManifest.formatName else {
            throw APIError.internalError(code: "kb.variant_snapshot_invalid", "unknown variant-resource snapshot format")
        }
        var frequencies: FrequencyTable?, clinvar: ClinVarIndex?, constraint: ConstraintTable?
        var gaf: GAFFile?, ontology: GOOntology?
        for entry in manifest.files {
            let url = directory.appendingPathComponent(entry.name)
            guard SHA256.hexHash([UInt8](try Data(contentsOf: url))) == entry.sha256 else {
                throw APIError.internalError(code: "kb.variant_snapshot_invalid", "variant resource '\(entry.name)' does not match its manifest")
            }
            let loaded = try importResource(entry.kind, path: url.path, sha256: entry.sha256)
            frequencies = loaded.frequencies ?? frequencies
            clinvar = loaded.clinvar ?? clinvar
            constraint = loaded.constraint ?? constraint
            gaf = loaded.gaf ?? gaf
            ontology = loaded.goOntology ?? ontology
        }
        return VariantResources(manifest: manifest, directory: directory.resolvingSymlinksInPath(),
                                frequencies: frequencies, clinvar: clinvar, constraint: constraint,
                                go: gaf.map { GOAnnotations(gaf: $0, ontology: ontology) })
    }

    private struct Loaded {
        var frequencies: FrequencyTable?, clinvar: ClinVarIndex?, constraint: ConstraintTable?
        var gaf: GAFFile?, goOntology: GOOntology?
        /// Variants, P/LP changes, genes, annotation lines kept (GAF: NOT-qualified excluded) or GO terms.
        var records: Int {
            frequencies?.entries.count ?? clinvar?.count ?? constraint?.loeuf.count
                ?? gaf.map { $0.annotationLines - $0.negatedLines } ?? goOntology?.terms.count ?? 0
        }
    }

    private static func importResource(_ kind: VariantResourceKind, path: String, sha256: String) throws -> Loaded {
        let tag = String(sha256.prefix(12))
        do {
            switch kind {
            case .frequencies:
                let dataset = "imported frequencies \(tag)"
                let table = path.contains(".vcf") ? try FrequencyTable.importVCF(path: path, dataset: dataset)
                    : try FrequencyTable.importTSV(path: path, dataset: dataset)
                return Loaded(frequencies: table)
            case .clinvar:
                return Loaded(clinvar: try ClinVarIndex.importVariantSummary(path: path, release: "variant_summary \(tag)"))
            case .constraint:
                return Loaded(constraint: try ConstraintTable.importTSV(path: path))
            case .goAnnotations:
                let name = URL(fileURLWithPath: path).lastPathComponent
                let bytes = try GzipFile.contents(path: path)
                return Loaded(gaf: try GAFParser.parse(bytes, fileName: name.hasSuffix(".gz") ? String(name.dropLast(3)) : name))
            case .goOntology:
                return Loaded(goOntology: try GOOntology.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), fileName: "go-basic.obo"))
            }
        } catch {
            throw APIError.badRequest(code: "kb.invalid_\(kind.rawValue.replacingOccurrences(of: "-", with: "_"))", "\(kind.rawValue) file rejected: \(error)")
        }
    }

    /// `base` with the imported LOEUF values, ClinVar index and frequency table.
    func knowledge(merging base: VariantKnowledge) -> VariantKnowledge {
        var genes = base.genes
        if let constraint {
            for (gene, loeuf) in constraint.loeuf {
                let key = genes[gene] != nil ? gene : (base.context(for: gene)?.symbol ?? gene)
                var context = genes[key] ?? GeneContext(symbol: gene)
                context.loeuf = loeuf
                genes[key] = context
            }
        }
        return VariantKnowledge(genes: genes, clinvar: clinvar ?? base.clinvar, frequencies: frequencies ?? base.frequencies)
    }
}

/// `GET /v1/kb`: the `API.KnowledgeBaseStatus` fields plus the HPO snapshot version and the imported variant resources.
struct KnowledgeStatusResponse: Codable, Sendable {
    var state: String
    var version: String?
    var hpoRelease: String?
    var diseases: Int?
    var rankedDiseases: Int?
    var error: String?
    /// The HPO snapshot's own version (equal to `version` when no variant resources are imported).
    var hpoVersion: String?
    var variantResources: VariantResourceManifest?
}

extension KnowledgeService {
    /// The status the `GET /v1/kb` route answers.
    func status() async -> KnowledgeStatusResponse {
        let resources = variantResources?.manifest
        switch await ready() {
        case .ready(let engines):
            let kb = engines.knowledgeBase
            return KnowledgeStatusResponse(state: "ready", version: engines.version, hpoRelease: kb.manifest.hpoRelease,
                                           diseases: kb.diseases.count, rankedDiseases: engines.phenotypeRanker.candidateCount,
                                           hpoVersion: kb.version, variantResources: resources)
        case .notConfigured:
            return KnowledgeStatusResponse(state: "not-configured", variantResources: resources)
        case .loading:
            return KnowledgeStatusResponse(state: "loading", variantResources: resources)
        case .failed(let reason):
            return KnowledgeStatusResponse(state: "failed", error: reason, variantResources: resources)
        }
    }
}
