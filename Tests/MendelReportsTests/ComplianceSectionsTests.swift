import Foundation
import Testing
@testable import MendelCore
@testable import MendelReports

@Suite("Report compliance sections")
struct ComplianceSectionsTests {
    static func analysis(fairnessPassed: Bool) -> CaseAnalysis {
        var analysis = ReportRendererTests.sampleAnalysis()
        analysis.trace.provenance.policyHash = "policyhash123"
        analysis.fairness = FairnessSummary(
            passed: fairnessPassed,
            counterfactual: [CounterfactualSummary(perturbation: "sex", change: "MALE→FEMALE", passed: fairnessPassed, topKChanged: true,
                                                   variantClassesChanged: 0, unexplainedChanges: fairnessPassed ? 0 : 1,
                                                   explainingRules: ["female_x_linked_recessive"], unexplainedItems: fairnessPassed ? [] : ["OMIM:999999"]),
                             CounterfactualSummary(perturbation: "ancestry", change: "unknown→afr", passed: true, topKChanged: false,
                                                   variantClassesChanged: 0, unexplainedChanges: 0, explainingRules: [], unexplainedItems: [])],
            ancestryFrequency: [AncestryFrequencySummary(variant: "chr15:48487325:C:T", gene: "FBN1", decidedCriteria: ["PM2_Supporting"],
                                                         decidingGroup: "afr", classGroupMaximum: "LP", classPooledOnly: nil, classEuropeanOnly: nil, flagged: false)],
            invariantByConstruction: ["ancestry label: not an input"])
        return analysis
    }

    static let signoff = API.Signoff(caseID: "C-1", decisionID: "D-abc", decision: "override", signedAt: "2026-11-29T10:00:00Z", uid: 1001,
                                     user: "dr", role: "clinician", reason: "segregation <data> contradicts", reasonSHA256: "feedbeef", auditSequence: 42)

    @Test("HTML has every required section: summary, phenotypes, differential with chart, variants with criteria, fairness, LLM slot, provenance, sign-off")
    func requiredSections() throws {
        let context = ReportContext(patientLabel: "patient P-1", caseID: "C-1", auditSequences: [17, 42], decisionID: "D-abc", outputHash: "0123abcd",
                                    signoff: Self.signoff)
        let html = String(decoding: try ReportRenderer.render(Self.analysis(fairnessPassed: true), context: context, format: .html).body, as: UTF8.self)
        for section in ["Pipeline", "Phenotypes", "Differential diagnosis", "Variants", "Fairness checks", "LLM narrative", "Sign-off", "Provenance"] {
            #expect(html.contains("<h2>\(section)</h2>"), "missing section \(section)")
        }
        #expect(html.contains("<svg") && html.contains("ACMG criteria for"))
        #expect(html.contains("female_x_linked_recessive") && html.contains("Ancestry-aware frequency") && html.contains(">afr<"))
        #expect(html.contains("policyhash123") && html.contains("17, 42") && html.contains("D-abc") && html.contains("0123abcd"))
        #expect(html.contains("overridden by uid 1001") && html.contains("segregation &lt;data&gt; contradicts") && html.contains("feedbeef"))
        #expect(html.contains("No LLM narrative"))
        let filled = ReportContext(patientLabel: "p", caseID: "C-1", narrativeHTML: "<p>grounded narrative [1]</p>")
        let withNarrative = String(decoding: try ReportRenderer.render(Self.analysis(fairnessPassed: true), context: filled, format: .html).body, as: UTF8.self)
        #expect(withNarrative.contains("grounded narrative [1]") && withNarrative.contains("Not signed off"))
    }

    @Test("a failed fairness check is shown as failed with the unexplained item; a sign-off of an older decision says so")
    func failedCheckAndStaleSignoff() throws {
        let context = ReportContext(patientLabel: "p", caseID: "C-1", decisionID: "D-new", signoff: Self.signoff)
        let html = String(decoding: try ReportRenderer.render(Self.analysis(fairnessPassed: false), context: context, format: .html).body, as: UTF8.self)
        #expect(html.contains("Failed check") && html.contains("OMIM:999999") && html.contains("FAILED"))
        #expect(html.contains("applies to an earlier decision"))
        let md = String(decoding: try ReportRenderer.render(Self.analysis(fairnessPassed: false), context: context, format: .md).body, as: UTF8.self)
        #expect(md.contains("## Fairness checks") && md.contains("## Sign-off") && md.contains("## LLM narrative") && md.contains("FAILED"))
        let json = try ReportRenderer.render(Self.analysis(fairnessPassed: false), context: context, format: .json)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(json.body))
        #expect(decoded["signoff"]?["record"]?["reasonSHA256"] == .string("feedbeef"))
        #expect(!String(decoding: json.body, as: UTF8.self).contains("segregation"), "the JSON report carries the reason's hash only")
        #expect(decoded["analysis"]?["fairness"]?["passed"] == .bool(false))
    }
}
