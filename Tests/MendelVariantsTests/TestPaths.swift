import Foundation

/// Paths used by the tests: the repo root (through dev-package symlinks) and the shared benchmark folder beside it.
enum TestPaths {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func fixture(_ name: String) -> String { root.appendingPathComponent("Fixtures/variants/\(name)").path }
    static let acmgBenchmark = root.deletingLastPathComponent().appendingPathComponent("shared/benchmarks/acmg")
    static func benchmark(_ relative: String) -> String? {
        let path = acmgBenchmark.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            print("SKIP: \(relative) not found under ../shared/benchmarks/acmg (the shared folder sits beside the repo root)")
            return nil
        }
        return path
    }

    /// Reads a TSV with a header into dictionaries.
    static func tsv(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        return lines.map { row in
            var d: [String: String] = [:]
            for (i, h) in header.enumerated() { d[h] = i < row.count ? row[i] : "" }
            return d
        }
    }
}
