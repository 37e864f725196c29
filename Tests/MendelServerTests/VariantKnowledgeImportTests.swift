import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `mendel kb import --frequencies/--clinvar/--constraint` through the real daemon: the resources are validated,
/// stored in a versioned snapshot, change the KB version, are listed by `kb status`, and the variant step uses them.
@Suite("kb import of variant resources, end to end", .serialized)
struct VariantKnowledgeImportTests {
    static let variantFixtures = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/variants").path
    static let demo = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/demo").path

    /// Submits the demo phenopacket with the small ADGENEA VCF, analyses it and returns the JSON report text.
    func analyseCase(_ daemon: DaemonHarness, caseID: String, label: String) throws -> String {
        let analyze = try daemon.mendel(["case", "analyze", caseID, "--json"])
        #expect(analyze.status == 0, "analyze failed: \(analyze.stdout) \(analyze.stderr)")
        let output = daemon.root.path + "/report-\(label).json"
        let report = try daemon.mendel(["case", "report", caseID, "--format", "json", "-o", output])
        #expect(report.status == 0, "report: \(report.stderr)")
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("frequencies, ClinVar and constraint are imported, versioned, listed and used by the variant step")
    func importAndUse() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let before = try json(try daemon.mendel(["kb", "status", "--json"]).stdout)
        let hpoVersion = try #require(before["version"] as? String)
        #expect(before["variantResources"] == nil)

        let submit = try daemon.mendel(["case", "submit", "--json", "--phenopacket", Self.demo + "/phenopacket.json",
                                        "--vcf", Self.variantFixtures + "/kb_import_case.vcf", "--mrn", "MRN-KB-1"])
        #expect(submit.status == 0, "submit failed: \(submit.stderr)")
        let caseID = try #require(try json(submit.stdout)["caseID"] as? String)
        let without = try analyseCase(daemon, caseID: caseID, label: "before")
        #expect(without.contains("no ClinVar index loaded"))
        #expect(!without.contains("imported frequencies"))

        // A bad file is rejected with a precise message and changes nothing.
        let bad = daemon.root.path + "/bad-constraint.tsv"
        try "symbol\tloeuf\nADGENEA\t0.2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let rejected = try daemon.mendel(["kb", "import", "--constraint", bad])
        #expect(rejected.status != 0 && rejected.stderr.contains("constraint"))
        #expect(try json(try daemon.mendel(["kb", "status", "--json"]).stdout)["version"] as? String == hpoVersion)

        let imported = try daemon.mendel(["kb", "import", "--json",
                                          "--frequencies", Self.variantFixtures + "/frequencies.tsv",
                                          "--clinvar", Self.variantFixtures + "/clinvar_variant_summary.txt.gz",
                                          "--constraint", Self.variantFixtures + "/constraint.tsv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let version = try #require(try json(imported.stdout)["version"] as? String)
        #expect(version != hpoVersion && version.count == 64)

        let status = try json(try daemon.mendel(["kb", "status", "--json"]).stdout)
        #expect(status["version"] as? String == version)
        #expect(status["hpoVersion"] as? String == hpoVersion)
        let resources = try #require(status["variantResources"] as? [String: Any])
        let files = try #require(resources["files"] as? [[String: Any]])
        #expect(Set(files.compactMap { $0["kind"] as? String }) == ["frequencies", "clinvar", "constraint"])
        #expect(files.first { $0["kind"] as? String == "constraint" }?["records"] as? Int == 3)
        let text = try daemon.mendel(["kb", "status"])
        #expect(text.stdout.contains("variant resources") && text.stdout.contains("clinvar: variant_summary.txt.gz"))

        // The same case now uses the imported ClinVar (PM5), frequency table (PM2 from it) and LOEUF (PVS1).
        let with = try analyseCase(daemon, caseID: caseID, label: "after")
        #expect(with.contains("another missense change at this residue is P"))  // PM5
        #expect(with.contains("imported frequencies"))
        #expect(with.contains("LOEUF 0.21"))
        #expect(with.contains(version), "the analysis records the new KB version")

        // Importing only ClinVar again keeps the other resources and gives the same version (content-addressed).
        let again = try daemon.mendel(["kb", "import", "--json", "--clinvar", Self.variantFixtures + "/clinvar_variant_summary.txt.gz"])
        #expect(again.status == 0, "\(again.stderr)")
        let againVersion = try json(again.stdout)["version"] as? String
        #expect(againVersion == version)
        #expect(daemon.stop() == 0)

        // After a restart the imported resources are loaded again.
        try daemon.start()
        usleep(300_000)
        #expect(try json(try daemon.mendel(["kb", "status", "--json"]).stdout)["version"] as? String == version)
        #expect(daemon.stop() == 0)
        let audit = try String(contentsOfFile: daemon.auditDirectory + "/audit.log", encoding: .utf8)
        #expect(audit.contains("kb.import.completed") && audit.contains(version))
    }
}
