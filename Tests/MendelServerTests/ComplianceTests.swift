import Foundation
import MendelAudit
import MendelCore
import MendelCrypto
import Testing
@testable import MendelServer
#if canImport(Glibc)
import Glibc
#endif

/// Compliance workflows end to end (real mendeld, real socket, real CLI): sign-off, decision replay, accounting of
/// disclosures, the auditor's view without PHI, reanalysis after a KB import, and the cohort fairness report.
@Suite("compliance workflows", .serialized)
struct ComplianceTests {
    static let fixtures = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/demo").path

    /// Root has every role; 4245 is a clinician, 4246 an auditor, 4243 lab staff.
    static let accessPolicy = """
    version: 1
    roles:
      lab: [daemon.status, case.submit, case.list, case.read, case.analyze, case.report, fairness.report]
      clinician: [daemon.status, case.list, case.read, case.report, case.signoff, identity.read, fairness.report]
      auditor: [daemon.status, audit.verify, audit.export, audit.read, policy.read, fairness.report]
      admin: [daemon.status, patient.erase, keys.rotate, policy.read, policy.reload, kb.import, model.list, audit.verify]
    principals:
      - uid: 0
        roles: [lab, clinician, admin, auditor]
      - uid: 4243
        roles: [lab]
      - uid: 4245
        roles: [clinician]
      - uid: 4246
        roles: [auditor]
    """

    static let mrn = "MRN-COMPLIANCE-77"
    static let name = "Ada Testpatient"

    /// Starts a daemon, submits and analyses the demo case; returns the case, patient and decision ids.
    func analysedCase(_ daemon: DaemonHarness) throws -> (caseID: String, patientID: String, decisionID: String) {
        try daemon.start(extraArguments: ["--socket-group", "4242"])
        let submit = try daemon.mendel(["case", "submit", "--json", "--phenopacket", Self.fixtures + "/phenopacket.json",
                                        "--notes", Self.fixtures + "/notes.txt", "--vcf", Self.fixtures + "/case.vcf",
                                        "--mrn", Self.mrn, "--name", Self.name])
        #expect(submit.status == 0, "\(submit.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(submit.stdout.utf8)) as? [String: Any]
        let caseID = try #require(json?["caseID"] as? String)
        let patientID = try #require(json?["patientID"] as? String)
        let analyze = try daemon.mendel(["case", "analyze", caseID, "--json"])
        #expect(analyze.status == 0 && analyze.stdout.contains("\"succeeded\""), "\(analyze.stdout) \(analyze.stderr)")
        let report = try daemon.mendel(["case", "report", caseID, "--format", "json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let decisionID = try #require(decoded?["decisionID"] as? String)
        return (caseID, patientID, decisionID)
    }

    func auditText(_ daemon: DaemonHarness) throws -> String {
        var text = ""
        for file in try FileManager.default.contentsOfDirectory(atPath: daemon.auditDirectory).sorted() {
            text += (try? String(contentsOfFile: daemon.auditDirectory + "/" + file, encoding: .utf8)) ?? ""
        }
        return text
    }

    @Test("sign-off: role-checked, audited with the reason's hash only, encrypted reason shown in the report")
    func signoff() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness(accessPolicy: Self.accessPolicy)
        let (caseID, _, decisionID) = try analysedCase(daemon)
        let reason = "segregation data from the parents contradicts the ranking"

        let before = try daemon.mendel(["case", "report", caseID, "--format", "md"])
        #expect(before.stdout.contains("not signed off"))

        if DaemonHarness.isRoot {
            let lab = try daemon.mendel(["case", "signoff", caseID, "--accept"], asUID: 4243, gid: 4242)
            #expect(lab.status != 0 && lab.stderr.contains("case.signoff"), "lab staff may not sign off: \(lab.stderr)")
        }
        let missingReason = try daemon.mendel(["case", "signoff", caseID, "--override"])
        #expect(missingReason.status != 0 && missingReason.stderr.contains("--reason"))

        let override = DaemonHarness.isRoot
            ? try daemon.mendel(["case", "signoff", caseID, "--override", "--reason", reason, "--json"], asUID: 4245, gid: 4242)
            : try daemon.mendel(["case", "signoff", caseID, "--override", "--reason", reason, "--json"])
        #expect(override.status == 0, "\(override.stderr)")
        #expect(override.stdout.contains(decisionID) && override.stdout.contains("\"override\"") && !override.stdout.contains(reason))

        let audit = try auditText(daemon)
        let hash = SHA256.hexHash(Array(reason.utf8))
        #expect(audit.contains("case.signoff.recorded") && audit.contains(hash) && audit.contains(decisionID))
        #expect(!audit.contains("segregation"), "the reason text must never reach the audit log")

        let html = daemon.root.path + "/signed.html"
        #expect(try daemon.mendel(["case", "report", caseID, "--format", "html", "-o", html]).status == 0)
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.contains("<h2>Sign-off</h2>") && text.contains("overridden by uid") && text.contains(reason) && text.contains(hash))
        #expect(text.contains("<h2>Fairness checks</h2>") && text.contains("<h2>LLM narrative</h2>") && text.contains(decisionID))

        // Re-analysis makes a new decision: the sign-off is shown as applying to the earlier one.
        #expect(try daemon.mendel(["case", "analyze", caseID]).status == 0)
        let after = try daemon.mendel(["case", "report", caseID, "--format", "md"])
        #expect(after.stdout.contains("applies to an earlier decision"))
        #expect(try daemon.mendel(["audit", "verify"]).status == 0)
    }

    @Test("replay: identical output hash with the same KB, policy and models; refused after a policy change or a KB import")
    func replay() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness(accessPolicy: Self.accessPolicy)
        let (caseID, _, decisionID) = try analysedCase(daemon)

        let replay = DaemonHarness.isRoot ? try daemon.mendel(["audit", "replay", decisionID, "--json"], asUID: 4246, gid: 4242)
                                          : try daemon.mendel(["audit", "replay", decisionID, "--json"])
        #expect(replay.status == 0, "replay: \(replay.stdout) \(replay.stderr)")
        let result = try JSONDecoder().decode(API.ReplayResult.self, from: Data(replay.stdout.utf8))
        #expect(result.status == "identical" && result.replayedOutputHash == result.recordedOutputHash)
        for phi in [Self.mrn, Self.name, caseID, "HP:0001166", "FBN1"] { #expect(!replay.stdout.contains(phi), "replay output leaks \(phi)") }
        #expect(try daemon.mendel(["audit", "replay", "D-0000000000000000"]).status != 0)

        // A policy change: the decision's policy hash no longer matches the active one.
        let fairness = daemon.policiesDirectory + "/fairness.yaml"
        var policy = try String(contentsOfFile: fairness, encoding: .utf8)
        policy = policy.replacingOccurrences(of: "max_difference: 0.1", with: "max_difference: 0.15")
        try policy.write(toFile: fairness, atomically: true, encoding: .utf8)
        chmod(fairness, 0o644)
        #expect(try daemon.mendel(["policy", "reload"]).status == 0)
        let refused = try daemon.mendel(["audit", "replay", decisionID])
        #expect(refused.status == 1 && refused.stdout.contains("refused") && refused.stdout.contains("policy differs"), "\(refused.stdout) \(refused.stderr)")

        // Back to the original policy: identical again; then a KB import makes it refuse with the KB reason.
        policy = policy.replacingOccurrences(of: "max_difference: 0.15", with: "max_difference: 0.1")
        try policy.write(toFile: fairness, atomically: true, encoding: .utf8)
        chmod(fairness, 0o644)
        #expect(try daemon.mendel(["policy", "reload"]).status == 0)
        #expect(try daemon.mendel(["audit", "replay", decisionID]).stdout.contains("identical"))
        try importModifiedKB(daemon)
        let kbRefused = try daemon.mendel(["audit", "replay", decisionID])
        #expect(kbRefused.status == 1 && kbRefused.stdout.contains("knowledge base differs"), "\(kbRefused.stdout)")
    }

    /// Marfan syndrome's entries in the fixture KB: the OMIM disease (linked to FBN1) and the Orphanet one (no gene link
    /// in the fixture); which of the two ranks first depends on the ranking parameters.
    static let marfanIDs = ["OMIM:154700", "ORPHA:558"]

    /// Imports the fixture KB without Marfan syndrome (annotations and gene links of both entries; a new KB version).
    func importModifiedKB(_ daemon: DaemonHarness) throws {
        let source = DaemonHarness.repositoryRoot.appendingPathComponent("Fixtures/kb").path
        let target = daemon.root.path + "/kb-new"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source + "/hp.obo", toPath: target + "/hp.obo")
        for (file, isMarfan) in [("phenotype.hpoa", { (line: Substring) in Self.marfanIDs.contains { line.hasPrefix($0 + "\t") } }),
                                 ("genes_to_phenotype.txt", { (line: Substring) in Self.marfanIDs.contains { line.hasSuffix("\t" + $0) } })] {
            let text = try String(contentsOfFile: source + "/" + file, encoding: .utf8)
            let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !isMarfan($0) }
            try kept.joined(separator: "\n").write(toFile: target + "/" + file, atomically: true, encoding: .utf8)
        }
        let imported = try daemon.mendel(["kb", "import", "--hpo-dir", target])
        #expect(imported.status == 0, "kb import: \(imported.stderr)")
    }

    @Test("reanalysis after a KB import lists the case whose top diagnosis changed, with before/after and why")
    func reanalysis() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness(accessPolicy: Self.accessPolicy)
        let (caseID, _, _) = try analysedCase(daemon)
        let nothing = try daemon.mendel(["reanalyze", "--json"])
        #expect(nothing.status == 0, "\(nothing.stderr)")
        let first = try JSONDecoder().decode(API.ReanalysisReport.self, from: Data(nothing.stdout.utf8))
        #expect(first.casesSkipped == 1 && first.casesChecked == 0 && first.changed.isEmpty, "the KB did not change: nothing to re-run")

        try importModifiedKB(daemon)
        let result = try daemon.mendel(["reanalyze", "--changed", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(API.ReanalysisReport.self, from: Data(result.stdout.utf8))
        #expect(report.casesChecked == 1 && report.casesFailed == 0)
        let change = try #require(report.changed.first { $0.caseID == caseID })
        let before = try #require(change.topBefore)
        #expect(change.topChanged && Self.marfanIDs.contains(before) && !Self.marfanIDs.contains(change.topAfter ?? ""), "\(change)")
        #expect(change.knowledgeBaseBefore != change.knowledgeBaseAfter)
        #expect(change.why.contains { $0.hasPrefix("knowledge base ") } && change.why.contains { $0.contains("\(before) (previous top): rank 1 →") })
        #expect(change.decisionID?.hasPrefix("D-") == true)
        let text = try daemon.mendel(["reanalyze", "--changed"])
        #expect(text.status == 0 && text.stdout.contains("0 cases re-run, 1 already current"), "re-run cases now use the current KB: \(text.stdout)")
        #expect(try daemon.mendel(["audit", "verify"]).status == 0)
    }

    @Test("accounting of disclosures; the auditor sees decision records and hashes, never PHI")
    func auditorWithoutPHI() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        guard DaemonHarness.isRoot else { print("SKIP: needs root to run the client as the auditor uid (setpriv); CI runs as root"); return }
        let daemon = try DaemonHarness(accessPolicy: Self.accessPolicy)
        let (caseID, patientID, decisionID) = try analysedCase(daemon)
        #expect(try daemon.mendel(["case", "report", caseID, "--format", "html"], asUID: 4245, gid: 4242).status == 0)
        #expect(try daemon.mendel(["case", "show", caseID], asUID: 4245, gid: 4242).status == 0)

        // The auditor cannot read cases, reports or identities.
        for command in [["case", "show", caseID], ["case", "report", caseID, "--format", "json"], ["case", "list"],
                        ["case", "explain", caseID, "--disease", "OMIM:154700"]] {
            let denied = try daemon.mendel(command, asUID: 4246, gid: 4242)
            #expect(denied.status != 0 && !denied.stdout.contains(Self.mrn) && !denied.stdout.contains("HP:0001166"), "\(command)")
        }
        // What the auditor can see: decision records, hashes, accounting — and no PHI in any of it.
        let phi = [Self.mrn, Self.name, patientID, caseID, "HP:0001166", "FBN1", "Marfan", "chr15"]
        let disclosures = try daemon.mendel(["audit", "export", "--patient", patientID, "--format", "disclosures"], asUID: 4246, gid: 4242)
        #expect(disclosures.status == 0, "\(disclosures.stderr)")
        let accounting = try #require(try JSONSerialization.jsonObject(with: Data(disclosures.stdout.utf8)) as? [String: Any])
        let entries = try #require(accounting["disclosures"] as? [[String: Any]])
        let actions = Set(entries.compactMap { $0["action"] as? String })
        #expect(actions.isSuperset(of: ["case.submit.completed", "case.analyze", "case.analysis.decision", "case.report", "case.read"]), "\(actions)")
        #expect(entries.contains { ($0["uid"] as? Int) == 4245 && ($0["action"] as? String) == "case.report" }, "the clinician's report read is accounted for")
        #expect(entries.contains { ($0["decisionID"] as? String) == decisionID })
        #expect((accounting["accessors"] as? [String: Any])?["4245"] != nil)
        let outputs = [disclosures.stdout,
                       try daemon.mendel(["audit", "export", "--patient", patientID, "--format", "csv"], asUID: 4246, gid: 4242).stdout,
                       try daemon.mendel(["audit", "export"], asUID: 4246, gid: 4242).stdout,
                       try daemon.mendel(["audit", "tail", "-n", "200"], asUID: 4246, gid: 4242).stdout,
                       try daemon.mendel(["audit", "replay", decisionID, "--json"], asUID: 4246, gid: 4242).stdout,
                       try daemon.mendel(["fairness", "report", "--format", "json"], asUID: 4246, gid: 4242).stdout]
        #expect(outputs.allSatisfy { !$0.isEmpty })
        for output in outputs {
            for value in phi { #expect(!output.contains(value), "auditor output leaks \(value)") }
        }
        #expect(outputs[3].contains(decisionID) && outputs[4].contains("\"identical\""))
    }

    @Test("cohort fairness report through the daemon: policy thresholds, HTML with plots, JSON")
    func fairnessReport() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness(accessPolicy: Self.accessPolicy)
        _ = try analysedCase(daemon)
        let json = try daemon.mendel(["fairness", "report", "--format", "json", "--bootstrap", "100"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(json.stdout.utf8))
        #expect(document["cases"] == .number(1) && document["source"] == .string("daemon"))
        #expect(document["cohort"]?["thresholds"]?["ratioLower"] == .number(0.8) && document["cohort"]?["thresholds"]?["maximumDifference"] == .number(0.1))
        #expect(document["counterfactual"]?["byPerturbation"]?["ancestry"]?["checks"] == .number(1))
        #expect(document["counterfactual"]?["failedCases"] == .number(0))
        let html = daemon.root.path + "/fairness.html"
        #expect(try daemon.mendel(["fairness", "report", "-o", html]).status == 0)
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.contains("<svg") && text.contains("By sex") && text.contains("VUS rate") && text.contains("flagged for review"))
        if DaemonHarness.isRoot {
            let denied = try daemon.mendel(["fairness", "report"], asUID: 4244, gid: 4242)
            #expect(denied.status != 0)
        }
    }
}

@Suite("replay refusal rules")
struct ReplayRefusalTests {
    let decision = DecisionRecord(decisionID: "D-1", inputHash: "i", outputHash: "o", traceHash: "t", knowledgeBaseVersion: "kb1",
                                  modelDigests: ["phenotype-encoder": "aaa"], policyHash: "p1", parameters: ["software": "1.0"])

    @Test("same KB, models, policy and software: replayable")
    func same() {
        #expect(DecisionReplayer.refusal(decision: decision, currentKB: "kb1", currentPolicyHash: "p1",
                                         currentModels: ["phenotype-encoder": "aaa"], currentSoftware: "1.0") == nil)
    }

    @Test("a changed model digest, KB, policy or software is refused with the reason")
    func refused() throws {
        let model = try #require(DecisionReplayer.refusal(decision: decision, currentKB: "kb1", currentPolicyHash: "p1",
                                                          currentModels: ["phenotype-encoder": "bbb"], currentSoftware: "1.0"))
        #expect(model.contains("model digest differs for phenotype-encoder"))
        let missing = try #require(DecisionReplayer.refusal(decision: decision, currentKB: "kb1", currentPolicyHash: "p1", currentModels: [:], currentSoftware: "1.0"))
        #expect(missing.contains("no such model"))
        #expect(DecisionReplayer.refusal(decision: decision, currentKB: "kb2", currentPolicyHash: "p1", currentModels: ["phenotype-encoder": "aaa"],
                                         currentSoftware: "1.0")?.contains("knowledge base differs") == true)
        #expect(DecisionReplayer.refusal(decision: decision, currentKB: "kb1", currentPolicyHash: "p2", currentModels: ["phenotype-encoder": "aaa"],
                                         currentSoftware: "1.0")?.contains("policy differs") == true)
        #expect(DecisionReplayer.refusal(decision: decision, currentKB: "kb1", currentPolicyHash: "p1", currentModels: ["phenotype-encoder": "aaa"],
                                         currentSoftware: "2.0")?.contains("software version differs") == true)
    }
}
