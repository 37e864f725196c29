import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `mendel kb import --go FILE.gaf[.gz] --go-obo go-basic.obo` through the real daemon: validated, stored in
/// the versioned resource snapshot (the KB version changes), listed by `kb status`, kept over a restart, and
/// shown on gene cards (`mendel gene show`), grouped by aspect with evidence codes, NOT annotations excluded.
@Suite("kb import of GO annotations, end to end", .serialized)
struct GOImportTests {
    static let fixtures = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/go").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("GO annotations and ontology are imported, versioned and shown on gene cards")
    func importAndShow() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let before = try json(try daemon.mendel(["kb", "status", "--json"]).stdout)
        let hpoVersion = try #require(before["version"] as? String)
        let plain = try daemon.mendel(["gene", "show", "FBN1"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("GO:0001501"))

        // A malformed GAF is rejected with the file, line, column and column name, no value, and changes nothing.
        let bad = daemon.root.path + "/bad.gaf"
        let good = try String(contentsOfFile: Self.fixtures + "/goa_mini.gaf", encoding: .utf8)
        var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = try #require(lines.firstIndex { $0.contains("GO:0005509") })
        lines[target] = lines[target].replacingOccurrences(of: "\tIDA\t", with: "\tQQQ\t")
        try lines.joined(separator: "\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let rejected = try daemon.mendel(["kb", "import", "--go", bad])
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains("go.gaf:\(target + 1):7 (Evidence_Code)"), "\(rejected.stderr)")
        #expect(!rejected.stderr.contains("QQQ") && !rejected.stderr.contains("P35555"))
        #expect(try json(try daemon.mendel(["kb", "status", "--json"]).stdout)["version"] as? String == hpoVersion)

        let imported = try daemon.mendel(["kb", "import", "--json", "--go", Self.fixtures + "/goa_mini.gaf.gz",
                                          "--go-obo", Self.fixtures + "/go-mini.obo"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let version = try #require(try json(imported.stdout)["version"] as? String)
        #expect(version != hpoVersion && version.count == 64)

        let status = try json(try daemon.mendel(["kb", "status", "--json"]).stdout)
        #expect(status["version"] as? String == version && status["hpoVersion"] as? String == hpoVersion)
        let files = try #require((status["variantResources"] as? [String: Any])?["files"] as? [[String: Any]])
        #expect(files.first { $0["kind"] as? String == "go" }?["name"] as? String == "go.gaf.gz")
        #expect(files.first { $0["kind"] as? String == "go" }?["records"] as? Int == 19)       // 21 lines, 2 NOT
        #expect(files.first { $0["kind"] as? String == "go-obo" }?["records"] as? Int == 22)   // GO terms

        // The gene card lists the GO terms by aspect with evidence codes; NOT-qualified ones are not shown.
        let card = try daemon.mendel(["gene", "show", "FBN1"])
        #expect(card.status == 0, "\(card.stderr)")
        #expect(card.stdout.contains("biological process: GO:0001501 skeletal system development [IMP]; GO:0030198 extracellular matrix organization [TAS]"))
        #expect(card.stdout.contains("cellular component: GO:0031012 extracellular matrix [IDA, IEA]; GO:0001527 microfibril [IDA]"))
        #expect(!card.stdout.contains("GO:0003677") && !card.stdout.contains("GO:0001525"))
        let cardJSON = try json(try daemon.mendel(["gene", "show", "FBN1", "--json"]).stdout)
        let goTerms = try #require(cardJSON["goTerms"] as? [String])
        #expect(goTerms.map { $0.prefix(while: { $0 != ":" }) } == ["biological process", "molecular function", "cellular component"])
        let facts = try #require(cardJSON["facts"] as? [String])
        #expect(facts.contains { $0.contains("GO biological process of FBN1: GO:0001501 skeletal system development [IMP]") })

        // Re-importing only the GAF keeps the GO ontology (names) and, being the same content, the same version.
        let again = try daemon.mendel(["kb", "import", "--json", "--go", Self.fixtures + "/goa_mini.gaf.gz"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try json(again.stdout)["version"] as? String == version)

        // After a restart the imported GO annotations are loaded again.
        #expect(daemon.stop() == 0)
        try daemon.start()
        usleep(300_000)
        #expect(try json(try daemon.mendel(["kb", "status", "--json"]).stdout)["version"] as? String == version)
        #expect(try daemon.mendel(["gene", "show", "FBN1"]).stdout.contains("GO:0001501 skeletal system development [IMP]"))
        #expect(daemon.stop() == 0)
    }
}
