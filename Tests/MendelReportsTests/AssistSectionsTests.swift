import MendelCore
@testable import MendelReports
import Testing

/// The assisted-interpretation section: grounded sentences with their evidence marks, withheld claims
/// by reason only, escaped HTML, gene cards.
@Suite struct AssistSectionsTests {
    static let section = AssistReportSection(
        status: "done", detail: "1 grounded differential entries", model: "smollm2 (embedded, sha256 abc)",
        evidence: ["E1 HP:0001166 Arachnodactyly — observed"],
        narrative: [
            .init(text: "Arachnodactyly <b>fits</b> Marfan syndrome.", evidence: ["E1"], grounded: true, issues: []),
            .init(text: "", evidence: ["E9"], grounded: false, issues: ["unknown_evidence_id E9"]),
        ],
        differential: [.init(modelRank: 1, diseaseID: "OMIM:154700", name: "Marfan syndrome", kbRank: 2, fusedRank: nil, evidence: ["E1"], rationale: "E1 fits.")],
        withheld: [.init(section: "differential", index: 2, claimed: "OMIM:999999", issues: ["unknown_disease OMIM:999999"])],
        geneCards: [.init(symbol: "FBN1", diseases: ["OMIM:154700 Marfan syndrome (Autosomal dominant inheritance)"],
                          characteristicPhenotypes: ["HP:0001166 Arachnodactyly"], explainedPhenotypes: ["HP:0001166 Arachnodactyly"],
                          unexplainedPhenotypes: [], loeuf: 0.31, goTerms: ["GO:0001527 microfibril (C)"], facts: ["F1 FBN1 is associated with OMIM:154700."],
                          summary: [.init(text: "FBN1 causes Marfan syndrome.", evidence: ["F1"], grounded: true, issues: []),
                                    .init(text: "", evidence: [], grounded: false, issues: ["no_evidence"])],
                          summaryNote: nil)])

    @Test func htmlMarksGroundingAndEscapes() {
        let html = AssistSections.html(Self.section)
        #expect(html.contains("Arachnodactyly &lt;b&gt;fits&lt;/b&gt; Marfan syndrome. <span class=\"note\">[grounded: E1]</span>"))
        #expect(html.contains("1 sentence(s) withheld as ungrounded: unknown_evidence_id E9"))
        #expect(html.contains("differential #2 (OMIM:999999): unknown_disease OMIM:999999"))
        #expect(html.contains("Gene card: FBN1") && html.contains("0.31") && html.contains("GO:0001527 microfibril (C)"))
        #expect(html.contains("1 summary sentence(s) withheld as ungrounded."))
        #expect(!html.contains("<b>"))
    }

    @Test func markdownCarriesTheSameContent() {
        let md = AssistSections.markdown(Self.section)
        #expect(md.contains("- Arachnodactyly <b>fits</b> Marfan syndrome. [grounded: E1]"))
        #expect(md.contains("| 1 | OMIM:154700 Marfan syndrome | 2 | - | E1 | E1 fits. |"))
        #expect(md.contains("### Gene card: FBN1") && md.contains("constraint (LOEUF): 0.31"))
        #expect(md.contains("FBN1 causes Marfan syndrome. [F1]"))
    }

    @Test func goTermsAreShownByAspect() {
        var section = Self.section
        section.geneCards[0].goTerms = ["biological process: GO:0001501 skeletal system development [IMP]",
                                        "cellular component: GO:0031012 extracellular matrix [IDA, IEA]; GO:0001527 microfibril [IDA]"]
        let html = AssistSections.html(section)
        #expect(html.contains("<tr><th>GO biological process (evidence codes)</th><td>GO:0001501 skeletal system development [IMP]</td></tr>"))
        #expect(html.contains("<tr><th>GO cellular component (evidence codes)</th><td>GO:0031012 extracellular matrix [IDA, IEA]; GO:0001527 microfibril [IDA]</td></tr>"))
        let md = AssistSections.markdown(section)
        #expect(md.contains("- GO biological process (evidence codes): GO:0001501 skeletal system development [IMP]\n"))
        #expect(md.contains("- GO cellular component (evidence codes): GO:0031012 extracellular matrix [IDA, IEA]; GO:0001527 microfibril [IDA]\n"))
    }

    @Test func reportsShowTheSectionInTheNarrativeSlot() throws {
        var context = ReportContext(patientLabel: "patient P-1", caseID: "C-1")
        context.narrativeHTML = AssistSections.html(Self.section)
        context.narrativeMarkdown = AssistSections.markdown(Self.section)
        let analysis = CaseAnalysis(caseID: "C-1", analysedAt: "2026-01-01T00:00:00Z")
        let html = String(decoding: try ReportRenderer.render(analysis, context: context, format: .html).body, as: UTF8.self)
        let md = String(decoding: try ReportRenderer.render(analysis, context: context, format: .md).body, as: UTF8.self)
        #expect(html.contains("[grounded: E1]") && md.contains("[grounded: E1]"))
    }
}
