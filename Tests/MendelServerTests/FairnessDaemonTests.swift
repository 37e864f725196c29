import Foundation
import MendelCore
import Testing
@testable import MendelServer

/// The ancestry-aware frequency panel end to end: real mendeld, real CLI, a self-made VCF whose per-group frequencies
/// make the pooled-only and European-only views change a class (Fixtures/fairness/README.md).
@Suite("ancestry-aware frequency through the daemon", .serialized)
struct FairnessDaemonTests {
    static let demo = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/demo").path
    static let vcf = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/fairness/ancestry-case.vcf").path
    static let benignAFR = "3-38600000-G-A"
    static let smallSample = "14-50190000-C-T"

    @Test("a benign variant common only in African ancestry is flagged in the HTML/MD/JSON report; replay stays identical")
    func panelFlagsManraiPattern() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness(accessPolicy: ComplianceTests.accessPolicy)
        try daemon.start(extraArguments: ["--socket-group", "4242"])
        let submit = try daemon.mendel(["case", "submit", "--json", "--phenopacket", Self.demo + "/phenopacket.json", "--vcf", Self.vcf,
                                        "--mrn", "MRN-FAIR-1", "--name", "Fair Testpatient"])
        #expect(submit.status == 0, "\(submit.stderr)")
        let caseID = try #require((try JSONSerialization.jsonObject(with: Data(submit.stdout.utf8)) as? [String: Any])?["caseID"] as? String)
        let analyze = try daemon.mendel(["case", "analyze", caseID, "--json"])
        #expect(analyze.status == 0 && analyze.stdout.contains("\"succeeded\""), "\(analyze.stdout) \(analyze.stderr)")

        // JSON: the stored analysis carries the panel rows and, in its trace, every group's frequencies.
        struct Report: Decodable { var decisionID: String?; var analysis: CaseAnalysis }
        let json = try daemon.mendel(["case", "report", caseID, "--format", "json"])
        let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
        let panel = try #require(report.analysis.fairness?.ancestryFrequency)
        let benign = try #require(panel.first { $0.variant == Self.benignAFR }, "panel: \(panel)")
        #expect(benign.flagged && benign.decidingGroup == "afr" && benign.classGroupMaximum == "B")
        #expect(benign.decidedCriteria.contains { $0.hasPrefix("BA1") })
        #expect(benign.classPooledOnly != nil && benign.classPooledOnly != "B", "pooled-only class: \(benign.classPooledOnly ?? "nil")")
        #expect(benign.classEuropeanOnly != nil && benign.classEuropeanOnly != "B" && benign.classEuropeanOnly != "LB")
        let small = try #require(panel.first { $0.variant == Self.smallSample })
        #expect(small.flagged && small.classGroupMaximum == "VUS" && small.decidedCriteria.isEmpty)
        let fbn1 = try #require(panel.first { $0.variant == "15-48487325-C-T" }, "a reportable variant with PM2 is listed")
        #expect(!fbn1.flagged && fbn1.decidingGroup == nil, "absent everywhere: same class in every view, no group decided it")
        let entry = try #require(report.analysis.trace.entries.first { $0.event == "ancestry_frequency" && $0.values["variant"]?.stringValue == Self.benignAFR })
        let afr = try #require(entry.values["groups"]?.arrayValue?.first { $0["group"]?.stringValue == "afr" })
        #expect(afr["ac"]?.doubleValue == 3280 && afr["an"]?.doubleValue == 41000 && (afr["faf95"]?.doubleValue ?? 0) > 0.05)

        // HTML and Markdown show the deciding group, the pooled/European-only classes and the flag with its reason.
        let html = try daemon.mendel(["case", "report", caseID, "--format", "html"]).stdout
        #expect(html.contains("Ancestry-aware frequency") && html.contains("European only") && html.contains(Self.benignAFR))
        #expect(html.contains("<span class=\"fail\">review</span>: class differs under"), "flag with reason")
        #expect(html.contains("afr* 3280/41000") && html.contains("BS1 not excluded"))
        let md = try daemon.mendel(["case", "report", caseID, "--format", "md"]).stdout
        #expect(md.contains("### Ancestry-aware frequency") && md.contains("| \(Self.benignAFR) | SCN5A |") && md.contains("**review**"))

        // Replay recomputes the analysis (with the panel) from the stored inputs: identical output hash.
        let decisionID = try #require(report.decisionID)
        let replay = try daemon.mendel(["audit", "replay", decisionID, "--json"])
        let result = try JSONDecoder().decode(API.ReplayResult.self, from: Data(replay.stdout.utf8))
        #expect(result.status == "identical" && result.replayedOutputHash == result.recordedOutputHash, "\(replay.stdout) \(replay.stderr)")
    }
}
