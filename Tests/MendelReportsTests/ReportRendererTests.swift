import Foundation
import Testing
@testable import MendelCore
@testable import MendelReports

@Suite("Report rendering")
struct ReportRendererTests {
    static func sampleAnalysis() -> CaseAnalysis {
        var analysis = CaseAnalysis(caseID: "C-1", analysedAt: "2026-11-29T00:00:00Z")
        analysis.phenotypes = [PhenotypeFinding(term: "HP:0001166", label: "Arachnodactyly", excluded: false, source: "phenopacket"),
                               PhenotypeFinding(term: "HP:0001249", label: "Intellectual <disability>", excluded: true, source: "notes", spanStart: 3, spanEnd: 9)]
        analysis.diagnoses = [RankedDisease(rank: 1, diseaseID: "OMIM:154700", name: "Marfan syndrome", genes: ["FBN1"], score: 3.2,
                                            postTestProbability: 0.61,
                                            contributions: [EvidenceContribution(kind: "phenotype", item: "HP:0001166", label: "Arachnodactyly",
                                                                                 matchedTerm: "HP:0001166", matchType: "exact", frequency: 0.9,
                                                                                 likelihoodRatio: 40, log10LR: 1.602),
                                                            EvidenceContribution(kind: "excluded-phenotype", item: "HP:0001249", label: nil,
                                                                                 matchedTerm: nil, matchType: "none", frequency: nil,
                                                                                 likelihoodRatio: 0.5, log10LR: -0.301)])]
        analysis.variants = [ClassifiedVariant(variant: "chr15:48487325:C:T", gene: "FBN1", hgvsc: "c.3037G>A", hgvsp: "p.(Gly1013Arg)",
                                               consequence: "missense_variant", genotype: "0/1", classification: "LP", points: 7,
                                               criteria: [CriterionResult(code: "PM2", status: "met", strength: "Supporting", value: "0",
                                                                          threshold: "< 0.0001", source: "ClinGen SVI")])]
        analysis.steps = [AnalysisStep(name: "diagnosis", status: "done", detail: "ranked")]
        analysis.trace.provenance.knowledgeBaseVersion = "kb123"
        return analysis
    }

    @Test("HTML is self-contained, escaped, and has every section and the chart")
    func html() throws {
        let report = try ReportRenderer.render(Self.sampleAnalysis(), context: ReportContext(patientLabel: "patient P-1", caseID: "C-1"), format: .html)
        let text = String(decoding: report.body, as: UTF8.self)
        for section in ["Pipeline", "Phenotypes", "Differential diagnosis", "Variants", "Provenance"] {
            #expect(text.contains("<h2>\(section)</h2>"))
        }
        #expect(text.contains("<svg"))
        #expect(text.contains("Intellectual &lt;disability&gt;"))
        #expect(!text.contains("<script"))
        #expect(!text.contains("http://") || text.contains("http://www.w3.org/2000/svg"))
        #expect(!text.contains("https://"))
        #expect(text.contains("61.00%"))
    }

    @Test("Markdown and JSON carry the ranking and criteria; output is deterministic")
    func markdownAndJSON() throws {
        let context = ReportContext(patientLabel: "patient P-1", caseID: "C-1", auditSequences: [4, 7])
        let md = try ReportRenderer.render(Self.sampleAnalysis(), context: context, format: .md)
        let text = String(decoding: md.body, as: UTF8.self)
        #expect(text.contains("| 1 | OMIM:154700 | Marfan syndrome | FBN1 |"))
        #expect(text.contains("PM2 (Supporting)"))
        #expect(text.contains("audit records: 4, 7"))
        let json1 = try ReportRenderer.render(Self.sampleAnalysis(), context: context, format: .json)
        let json2 = try ReportRenderer.render(Self.sampleAnalysis(), context: context, format: .json)
        #expect(json1.body == json2.body)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(json1.body))
        #expect(decoded["analysis"]?["diagnoses"]?.arrayValue?.count == 1)
    }

    @Test("number formatting is fixed-point and handles infinities")
    func formatting() {
        #expect(Format.decimal(1.5, 2) == "1.50")
        #expect(Format.decimal(-0.301, 3) == "-0.301")
        #expect(Format.decimal(.infinity) == "∞")
        #expect(Format.percent(0.00001) == "<0.01%")
        #expect(Format.percent(1.0) == ">99.99%", "saturated probabilities are shown as a bound, never as 100%")
        let shares = Format.shares([2, 1, -.infinity])
        #expect(abs(shares[0] - 10.0 / 11.0) < 1e-12 && abs(shares[1] - 1.0 / 11.0) < 1e-12 && shares[2] == 0)
        #expect(HTMLReport.shortened("FBN1 heterozygous, autosomal_dominant: 15-48487325-C-T VUS", to: 30) == "FBN1 heterozygous,…")
    }
}
