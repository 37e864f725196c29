import Foundation
import MendelCore
import MendelCrypto

/// The raw bytes of the files a knowledge base is built from. Digests are computed (and, for a snapshot,
/// checked against the manifest) by `digestEntries()`, which the loader runs in parallel with parsing.
struct KnowledgeSources: Sendable {
    var bytes: [KnowledgeSourceKind: [UInt8]]
    var names: [KnowledgeSourceKind: String]
    /// The manifest entries of a snapshot; nil for a plain directory.
    var recorded: [KnowledgeManifest.FileEntry]?

    func name(of kind: KnowledgeSourceKind) -> String { names[kind] ?? kind.fileNames[0] }

    /// Manifest entries with SHA-256 digests; for a snapshot, verifies sizes and digests first.
    func digestEntries() throws(KnowledgeError) -> [KnowledgeManifest.FileEntry] {
        if let recorded {
            for entry in recorded {
                let data = bytes[entry.kind] ?? []
                guard data.count == entry.bytes else { throw .snapshotInvalid(reason: "\(entry.name) has a different size than recorded") }
                guard SHA256.hexHash(data) == entry.sha256 else { throw .snapshotInvalid(reason: "\(entry.name) has a different SHA-256 than recorded") }
            }
            return recorded
        }
        return KnowledgeSourceKind.allCases.map { kind in
            let data = bytes[kind] ?? []
            return .init(name: name(of: kind), kind: kind, bytes: data.count, sha256: SHA256.hexHash(data))
        }
    }

    /// Reads the standard HPO files from a plain directory (a release download or `scripts/fetch-kb` output).
    static func read(plainDirectory directory: URL) throws(KnowledgeError) -> KnowledgeSources {
        var bytes: [KnowledgeSourceKind: [UInt8]] = [:]
        var names: [KnowledgeSourceKind: String] = [:]
        for kind in KnowledgeSourceKind.allCases {
            let present = kind.fileNames.first {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            }
            guard let name = present else {
                throw .missingFile(name: kind.fileNames[0], directory: directory.path)
            }
            bytes[kind] = try ByteScanning.readFile(directory.appendingPathComponent(name))
            names[kind] = name
        }
        return KnowledgeSources(bytes: bytes, names: names, recorded: nil)
    }

    /// Reads the files a snapshot manifest lists (digests are verified by `digestEntries()`).
    static func read(snapshot directory: URL, manifest: KnowledgeManifest) throws(KnowledgeError) -> KnowledgeSources {
        guard manifest.format == KnowledgeManifest.formatName else {
            throw .snapshotInvalid(reason: "unsupported format '\(manifest.format.prefix(40))'")
        }
        guard try KnowledgeManifest.contentHash(of: manifest.files) == manifest.version else {
            throw .snapshotInvalid(reason: "version does not match the file entries")
        }
        var bytes: [KnowledgeSourceKind: [UInt8]] = [:]
        var names: [KnowledgeSourceKind: String] = [:]
        for entry in manifest.files {
            guard !entry.name.contains("/"), !entry.name.hasPrefix(".") else {
                throw .snapshotInvalid(reason: "file name in manifest must be a plain name")
            }
            guard bytes[entry.kind] == nil else { throw .snapshotInvalid(reason: "manifest lists two \(entry.kind.rawValue) files") }
            bytes[entry.kind] = try ByteScanning.readFile(directory.appendingPathComponent(entry.name))
            names[entry.kind] = entry.name
        }
        for kind in KnowledgeSourceKind.allCases where bytes[kind] == nil {
            throw .snapshotInvalid(reason: "manifest lists no \(kind.rawValue) file")
        }
        return KnowledgeSources(bytes: bytes, names: names, recorded: manifest.files)
    }

    static func readManifest(_ url: URL) throws(KnowledgeError) -> KnowledgeManifest {
        let data = try ByteScanning.readFile(url)
        do {
            return try JSONDecoder().decode(KnowledgeManifest.self, from: Data(data))
        } catch {
            throw .snapshotInvalid(reason: "manifest.json is not a valid manifest")
        }
    }
}

/// The independent import steps (digests, ontology, annotations, genes), run on up to four threads.
struct ParsedSources: Sendable {
    var entries: [KnowledgeManifest.FileEntry]
    var oboFile: OBOFile
    var ontology: Ontology
    var annotations: HPOAFile
    var associations: [GeneDiseaseAssociation]

    static func parse(_ sources: KnowledgeSources) throws(KnowledgeError) -> ParsedSources {
        final class Slots: @unchecked Sendable {
            // Each slot is written by exactly one iteration of concurrentPerform and read after it returns.
            var entries: Result<[KnowledgeManifest.FileEntry], KnowledgeError>?
            var ontology: Result<(OBOFile, Ontology), KnowledgeError>?
            var annotations: Result<HPOAFile, KnowledgeError>?
            var associations: Result<[GeneDiseaseAssociation], KnowledgeError>?
        }
        let slots = Slots()
        DispatchQueue.concurrentPerform(iterations: 4) { job in
            switch job {
            case 0:
                slots.entries = Result { () throws(KnowledgeError) in try sources.digestEntries() }
            case 1:
                slots.ontology = Result { () throws(KnowledgeError) in
                    let name = sources.name(of: .hpoOntology)
                    let file = try OBOParser.parse(sources.bytes[.hpoOntology] ?? [], fileName: name)
                    return (file, try Ontology(file, fileName: name))
                }
            case 2:
                slots.annotations = Result { () throws(KnowledgeError) in
                    try HPOAParser.parse(sources.bytes[.hpoAnnotations] ?? [], fileName: sources.name(of: .hpoAnnotations))
                }
            default:
                slots.associations = Result { () throws(KnowledgeError) in
                    try GeneDiseaseParser.parse(sources.bytes[.geneDiseaseAssociations] ?? [],
                                                fileName: sources.name(of: .geneDiseaseAssociations))
                }
            }
        }
        func unwrap<T>(_ slot: Result<T, KnowledgeError>?) throws(KnowledgeError) -> T {
            guard let slot else { throw .inconsistent(reason: "an import step did not run") }
            return try slot.get()
        }
        let entries = try unwrap(slots.entries)
        let (oboFile, ontology) = try unwrap(slots.ontology)
        return ParsedSources(entries: entries, oboFile: oboFile, ontology: ontology,
                             annotations: try unwrap(slots.annotations), associations: try unwrap(slots.associations))
    }
}
