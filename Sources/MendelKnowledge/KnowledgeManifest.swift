import Foundation
import MendelCore
import MendelCrypto

/// The role of a file in the knowledge base. New resources (ClinVar, per-ancestry allele frequencies,
/// gene constraint, GO annotations) get a new kind; a snapshot lists each file with its kind, so
/// loaders can pick up the resources they know and older snapshots stay valid.
public enum KnowledgeSourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `hp.obo`
    case hpoOntology = "hpo_ontology"
    /// `phenotype.hpoa`
    case hpoAnnotations = "hpo_annotations"
    /// `genes_to_phenotype.txt` or `phenotype_to_genes.txt`
    case geneDiseaseAssociations = "gene_disease_associations"

    /// Accepted file names, in order of preference.
    public var fileNames: [String] {
        switch self {
        case .hpoOntology: ["hp.obo"]
        case .hpoAnnotations: ["phenotype.hpoa"]
        case .geneDiseaseAssociations: ["genes_to_phenotype.txt", "phenotype_to_genes.txt"]
        }
    }
}

/// `manifest.json` of a snapshot: the files with sizes and SHA-256 digests. The KB version is the
/// SHA-256 of the canonical JSON of `files`, so equal content gives an equal version wherever it lives.
public struct KnowledgeManifest: Sendable, Hashable, Codable {
    public static let formatName = "mendel-kb-snapshot/1"
    public static let fileName = "manifest.json"

    public struct FileEntry: Sendable, Hashable, Codable {
        public var name: String
        public var kind: KnowledgeSourceKind
        public var bytes: Int
        public var sha256: String
        public init(name: String, kind: KnowledgeSourceKind, bytes: Int, sha256: String) {
            self.name = name; self.kind = kind; self.bytes = bytes; self.sha256 = sha256
        }
    }

    public var format: String
    /// Files sorted by kind then name.
    public var files: [FileEntry]
    /// HPO ontology `data-version`, e.g. `hp/releases/2025-01-16`.
    public var hpoRelease: String?
    /// `#version` of `phenotype.hpoa`.
    public var annotationRelease: String?
    /// Content hash (lower-case hex SHA-256) identifying this knowledge base.
    public var version: String

    public init(files: [FileEntry], hpoRelease: String?, annotationRelease: String?) throws(KnowledgeError) {
        self.format = Self.formatName
        self.files = files.sorted { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }
        self.hpoRelease = hpoRelease
        self.annotationRelease = annotationRelease
        self.version = try Self.contentHash(of: self.files)
    }

    /// SHA-256 over the canonical JSON encoding of the file entries.
    public static func contentHash(of files: [FileEntry]) throws(KnowledgeError) -> String {
        do {
            return SHA256.hexHash([UInt8](try CanonicalJSON.encode(files)))
        } catch {
            throw .snapshotInvalid(reason: "manifest entries cannot be encoded")
        }
    }

    public func entry(for kind: KnowledgeSourceKind) -> FileEntry? { files.first { $0.kind == kind } }
}
