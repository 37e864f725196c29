import Foundation
import MendelCrypto

/// `mendel-model.json` in a model folder: id, kind and the SHA-256 of every file that belongs to it.
public struct ModelManifest: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case encoder, decoder }
    public var id: String
    public var kind: Kind
    /// Relative path → lowercase hex SHA-256.
    public var files: [String: String]

    public init(id: String, kind: Kind, files: [String: String]) {
        self.id = id; self.kind = kind; self.files = files
    }

    public static let fileName = "mendel-model.json"

    /// Digest identifying the model: SHA-256 over the sorted `path\tsha256\n` lines of its files.
    public var digest: String {
        let lines = files.keys.sorted().map { "\($0)\t\(files[$0] ?? "")\n" }.joined()
        return SHA256.hexHash(Array(lines.utf8))
    }
}

/// What a decision records about the model that produced it.
public struct ModelIdentity: Codable, Sendable, Hashable {
    public var id: String
    public var kind: ModelManifest.Kind
    /// `ModelManifest.digest` of the verified files.
    public var digest: String
}

/// Models under one directory, each in a folder with a `mendel-model.json` manifest. Loading verifies
/// every listed file against its SHA-256 and refuses a model whose files do not match.
public struct ModelRegistry: Sendable {
    public let directory: URL
    /// Manifests by model id.
    public let manifests: [String: (folder: URL, manifest: ModelManifest)]

    /// Scans the immediate subfolders of `directory` for manifests.
    public init(directory: URL) throws(InferenceError) {
        self.directory = directory
        guard let entries = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) else {
            throw .io(path: directory.path, reason: "cannot list the model directory")
        }
        var manifests: [String: (URL, ModelManifest)] = [:]
        for folder in entries.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let url = folder.appendingPathComponent(ModelManifest.fileName)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let manifest = try Self.readManifest(url)
            guard manifests[manifest.id] == nil else {
                throw .integrity(model: manifest.id, reason: "registered twice (\(folder.lastPathComponent))")
            }
            manifests[manifest.id] = (folder, manifest)
        }
        self.manifests = manifests
    }

    static func readManifest(_ url: URL) throws(InferenceError) -> ModelManifest {
        guard let data = try? Data(contentsOf: url) else { throw .io(path: url.path, reason: "cannot read") }
        guard let manifest = try? JSONDecoder().decode(ModelManifest.self, from: data) else {
            throw .integrity(model: url.deletingLastPathComponent().lastPathComponent, reason: "\(ModelManifest.fileName) is malformed")
        }
        for (path, sha) in manifest.files {
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), sha.count == 64,
                  sha.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw .integrity(model: manifest.id, reason: "manifest entry for \(path) is invalid")
            }
        }
        return manifest
    }

    /// Registered models, sorted by id.
    public var models: [ModelManifest] { manifests.values.map(\.manifest).sorted { $0.id < $1.id } }

    /// Recomputes the SHA-256 of every file of `id`; throws `.integrity` naming the first mismatch.
    @discardableResult
    public func verify(_ id: String) throws(InferenceError) -> ModelIdentity {
        guard let (folder, manifest) = manifests[id] else { throw .unknownModel(id: id) }
        for path in manifest.files.keys.sorted() {
            let url = folder.appendingPathComponent(path)
            let actual = try Self.sha256(of: url)
            guard actual == manifest.files[path] else {
                throw .integrity(model: id, reason: "file \(path) does not match its SHA-256 in the manifest")
            }
        }
        return ModelIdentity(id: id, kind: manifest.kind, digest: manifest.digest)
    }

    /// Verifies and loads an encoder model.
    public func loadEncoder(_ id: String) throws(InferenceError) -> SentenceEncoder {
        guard let (folder, manifest) = manifests[id] else { throw .unknownModel(id: id) }
        guard manifest.kind == .encoder else { throw .invalidArgument(reason: "model \(id) is not an encoder") }
        let identity = try verify(id)
        return try SentenceEncoder(directory: folder, identity: identity)
    }

    /// Verifies and loads a decoder model (the manifest's single `.gguf` file).
    public func loadDecoder(_ id: String) throws(InferenceError) -> TextGenerator {
        guard let (folder, manifest) = manifests[id] else { throw .unknownModel(id: id) }
        guard manifest.kind == .decoder else { throw .invalidArgument(reason: "model \(id) is not a decoder") }
        let ggufs = manifest.files.keys.filter { $0.hasSuffix(".gguf") }
        guard ggufs.count == 1, let file = ggufs.first else {
            throw .integrity(model: id, reason: "a decoder manifest must list exactly one .gguf file")
        }
        let identity = try verify(id)
        return try TextGenerator(path: folder.appendingPathComponent(file).path, identity: identity)
    }

    /// Writes a manifest for the given files of `folder` (used by tools and tests).
    public static func writeManifest(id: String, kind: ModelManifest.Kind, folder: URL, files: [String]) throws(InferenceError) -> ModelManifest {
        var digests: [String: String] = [:]
        for f in files { digests[f] = try sha256(of: folder.appendingPathComponent(f)) }
        let manifest = ModelManifest(id: id, kind: kind, files: digests)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(manifest),
              (try? data.write(to: folder.appendingPathComponent(ModelManifest.fileName), options: .atomic)) != nil else {
            throw .io(path: folder.path, reason: "cannot write \(ModelManifest.fileName)")
        }
        return manifest
    }

    /// Streams a file through SHA-256 (memory-mapped, 4 MiB at a time).
    static func sha256(of url: URL) throws(InferenceError) -> String {
        let file = try MappedFile(path: url.path)
        let hasher = SHA256Hasher()
        let bytes = file.bytes
        var offset = 0
        while offset < bytes.count {
            let n = min(1 << 22, bytes.count - offset)
            hasher.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
            offset += n
        }
        return hasher.finalize().hexString
    }
}
