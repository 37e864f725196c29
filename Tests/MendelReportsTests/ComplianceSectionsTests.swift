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

@Suite("Report ancestry-aware frequency panel")
struct FrequencyPanelTests {
    @Test("the panel shows deciding group, group-max / pooled-only / European-only classes, the flag with its reason and per-group counts from the trace")
    func panelFromStoredTrace() throws {
        var analysis = ComplianceSectionsTests.analysis(fairnessPassed: true)
        analysis.fairness?.ancestryFrequency = [AncestryFrequencySummary(
            variant: "chr3:38600000:G:A", gene: "SCN5A", decidedCriteria: ["BA1"], decidingGroup: "afr", classGroupMaximum: "B",
            classPooledOnly: "LB", classEuropeanOnly: "VUS", flagged: true)]
        analysis.trace.append(TraceEntry(component: "fairness", event: "ancestry_frequency", rule: "class_depends_on_frequency_view",
                                         message: "SCN5A", values: [
            "variant": "chr3:38600000:G:A", "review": "class differs under pooled-only frequency (LB) <x>",
            "groups": .array([.object(["group": "afr", "ac": 3280, "an": 41000, "af": 0.08, "faf95": 0.0777, "hom": 12]),
                              .object(["group": "nfe", "ac": 2, "an": 113000, "af": 0.0000177])])]))
        let context = ReportContext(patientLabel: "p", caseID: "C-1")
        let html = String(decoding: try ReportRenderer.render(analysis, context: context, format: .html).body, as: UTF8.self)
        #expect(html.contains("<th>pooled only</th>") && html.contains("<th>European only</th>") && html.contains("<td>LB</td>") && html.contains("<td>VUS</td>"))
        #expect(html.contains("1 variant(s) flagged for review"))
        #expect(html.contains("<span class=\"fail\">review</span>: class differs under pooled-only frequency (LB) &lt;x&gt;"), "reason escaped")
        #expect(html.contains("afr* 3280/41000 AF 8.00% FAF 7.77% hom 12; nfe 2/113000 AF 0.001770%"))
        let md = String(decoding: try ReportRenderer.render(analysis, context: context, format: .md).body, as: UTF8.self)
        #expect(md.contains("| chr3:38600000:G:A | SCN5A | BA1 | afr | B | LB | VUS | **review**: class differs"))
        // An analysis without panel rows says so instead of an empty table.
        analysis.fairness?.ancestryFrequency = []
        let empty = String(decoding: try ReportRenderer.render(analysis, context: context, format: .html).body, as: UTF8.self)
        #expect(empty.contains("No variant needs review"))
    }

    @Test("the shared HTML escaper escapes the five special characters")
    func sharedEscaper() {
        #expect(HTMLEscaping.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
    }
}
