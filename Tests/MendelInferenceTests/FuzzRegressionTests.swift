import Foundation
import Testing
@testable import MendelInference

/// Inputs that crashed a fuzz target (fuzz/crashes/…) must now give a precise error.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a GGUF tensor whose size overflows Int is refused, not a trap (fuzz-gguf crash-00e0877f)")
    func ggufSizeOverflow() throws {
        let crash = Self.root.appendingPathComponent("fuzz/crashes/fuzz-gguf/crash-00e0877fae659b37518bc8557c3e2758138b6a74")
        let bytes = try Data(contentsOf: crash)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-overflow-\(UUID().uuidString).gguf")
        try bytes.write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            _ = try GGUFFile(path: copy.path)
            Issue.record("the crafted file should be refused")
        } catch {
            #expect(error.code == "inference.gguf" || error.description.contains("overflow"), "\(error)")
        }
    }
}
