import Foundation
@testable import MendelPolicy

/// A temporary copy of the shipped `Policies/` folder that a test can edit.
struct PolicyDirectory {
    let url: URL

    static let shipped: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies")

    init() throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("mendel-policy-\(UUID().uuidString)")
        url = base.appendingPathComponent("Policies")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        chmod(url.path, 0o755)
        for name in PolicyLoader.requiredFiles {
            let data = try Data(contentsOf: Self.shipped.appendingPathComponent(name))
            try write(name, String(decoding: data, as: UTF8.self))
        }
    }

    func write(_ name: String, _ text: String) throws {
        let path = url.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
    }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: url.appendingPathComponent(name)), as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

    /// Loads and returns the error, or nil when loading succeeded.
    func loadError() -> PolicyError? {
        do { _ = try PolicyLoader.load(directory: url); return nil } catch { return error }
    }
}
