import Foundation
import Logging
import MendelDiagnosis
import MendelKnowledge
import MendelPhenotype
#if canImport(Glibc)
import Glibc
#endif

/// The loaded knowledge base and the engines built on it. Loaded once at start (in the background, so
/// the socket comes up at once); analyses that start before it is ready wait for it.
///
/// `mendel kb import` builds a versioned snapshot under `<state>/kb/<version>` and points
/// `<state>/kb/current` at it; an imported snapshot takes precedence over the configured directory at
/// the next start, so the daemon keeps the KB an administrator imported.
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

    /// Starts loading; returns immediately.
    func loadInBackground() {
        guard loadTask == nil else { return }
        let imported = FileManager.default.fileExists(atPath: currentLink.path) ? currentLink.path : nil
        guard let directory = imported ?? configuredDirectory else {
            state = .notConfigured
            return
        }
        let logger = self.logger
        loadTask = Task.detached(priority: .userInitiated) {
            let started = ContinuousClock.now
            do {
                let engines = try Self.load(URL(fileURLWithPath: directory))
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

    private static func load(_ directory: URL) throws -> KnowledgeEngines {
        let kb = try KnowledgeBase.load(directory: directory)
        let phenotypeRanker = try PhenotypeRanker(knowledgeBase: kb)
        return KnowledgeEngines(knowledgeBase: kb, phenotypeRanker: phenotypeRanker,
                                genotypeRanker: try GenotypeAwareRanker(phenotypeRanker: phenotypeRanker),
                                recognizer: try NotesStep.makeRecognizer(ontology: kb.ontology))
    }

    private func finish(_ newState: State) { state = newState }

    /// The KB version, once loaded.
    public var version: String? {
        if case .ready(let engines) = state { return engines.knowledgeBase.version }
        return nil
    }

    /// Waits for loading to finish and returns the result.
    public func ready() async -> State {
        if let loadTask { await loadTask.value }
        return state
    }

    /// Imports HPO files: validates them by a full parse, writes a read-only snapshot named by its
    /// content hash, loads it, makes it current (atomically) and returns its manifest. On any error the
    /// active knowledge base is unchanged.
    func importFiles(_ files: [String: [UInt8]]) async throws -> KnowledgeManifest {
        for name in files.keys where !Self.importableFiles.contains(name) {
            throw APIError.badRequest(code: "kb.unknown_file", "unexpected file '\(name)'; expected: \(Self.importableFiles.sorted().joined(separator: ", "))")
        }
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
        let (manifest, engines) = try await Task.detached(priority: .userInitiated) {
            let manifest = try KnowledgeSnapshot.build(sourceDirectory: upload, into: incoming)
            let destination = root.appendingPathComponent(manifest.version)
            if fileManager.fileExists(atPath: destination.path) {
                _ = try KnowledgeSnapshot.verify(destination)
            } else {
                try fileManager.moveItem(at: incoming, to: destination)
            }
            return (manifest, try Self.load(destination))
        }.value
        try makeCurrent(manifest.version)
        state = .ready(engines)
        logger.notice("knowledge base \(manifest.version.prefix(12)) imported and active")
        return manifest
    }

    /// Points `current` at a snapshot: a new symlink renamed over the old one.
    private func makeCurrent(_ version: String) throws {
        let temporary = snapshotRoot.appendingPathComponent(".current-\(UUID().uuidString.prefix(8))")
        guard symlink(version, temporary.path) == 0, rename(temporary.path, currentLink.path) == 0 else {
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
}
