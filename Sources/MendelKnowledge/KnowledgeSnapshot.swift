import Foundation
import MendelCore

/// Builds versioned, read-only snapshots of the knowledge files.
public enum KnowledgeSnapshot {
    /// Imports the HPO files of `sourceDirectory` (validating them by a full parse), then writes a new
    /// snapshot directory `destination` with copies of the files and `manifest.json`. Files are made
    /// read-only (0444). Fails if `destination` exists. Returns the manifest (its `version` is the KB version).
    @discardableResult
    public static func build(sourceDirectory: URL, into destination: URL) throws(KnowledgeError) -> KnowledgeManifest {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: destination.path) else {
            throw .io(path: destination.path, reason: "destination already exists; snapshots are never overwritten")
        }
        let sources = try KnowledgeSources.read(plainDirectory: sourceDirectory)
        let knowledgeBase = try KnowledgeBase(sources: sources)
        let manifest = knowledgeBase.manifest
        let staging = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try? fileManager.removeItem(at: staging)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            for entry in manifest.files {
                let target = staging.appendingPathComponent(entry.name)
                try Data(sources.bytes[entry.kind] ?? []).write(to: target)
                try fileManager.setAttributes([.posixPermissions: 0o444], ofItemAtPath: target.path)
            }
            let manifestURL = staging.appendingPathComponent(KnowledgeManifest.fileName)
            try CanonicalJSON.encodePretty(manifest).write(to: manifestURL)
            try fileManager.setAttributes([.posixPermissions: 0o444], ofItemAtPath: manifestURL.path)
            try fileManager.moveItem(at: staging, to: destination)
        } catch {
            try? fileManager.removeItem(at: staging)
            throw .io(path: destination.path, reason: "cannot write snapshot")
        }
        return manifest
    }

    /// Reads and verifies a snapshot's manifest and files without building indexes.
    public static func verify(_ directory: URL) throws(KnowledgeError) -> KnowledgeManifest {
        let manifest = try KnowledgeSources.readManifest(directory.appendingPathComponent(KnowledgeManifest.fileName))
        _ = try KnowledgeSources.read(snapshot: directory, manifest: manifest)
        return manifest
    }
}
