import MendelCore

/// Renders a `FairnessReportDocument` as one self-contained HTML file (inline CSS and SVG, no scripts): per
/// attribute a table of every metric with its bootstrap 95% interval and comparison to the reference group, and a
/// forest plot per metric (point, interval, reference line; flagged groups in red).
public enum FairnessReportHTML {
    public static func render(_ document: FairnessReportDocument) -> String {
        let cohort = document.cohort
        let t = cohort.thresholds
        var body = "<header><h1>Mendel fairness report</h1><p>\(document.cases) cases (\(document.casesWithTruth) with a known diagnosis) · source \(esc(document.source)) · generated \(esc(document.generatedAt))</p></header>"
        body += "<section><h2>Thresholds</h2><p>Ratio to the reference group within [\(num(t.ratioLower)), \(num(t.ratioUpper))], absolute difference ≤ \(num(t.maximumDifference)); groups and intersections under \(t.minimumGroupSize) cases are shown but not compared. Outside the thresholds: <strong>flagged for review</strong> (\(esc(document.action))), never blocked. Bootstrap: \(cohort.bootstrapIterations) iterations, seed \(cohort.seed)."
        if let policy = document.policy { body += " Policy: <code>\(esc(policy))</code>." }
        body += "</p>"
        body += cohort.flags.isEmpty ? "<p class=\"ok\">No comparison is outside the thresholds.</p>"
            : "<p class=\"flag\">Flagged for review: " + cohort.flags.map(esc).joined(separator: "; ") + "</p>"
        body += "</section>"

        let cf = document.counterfactual
        var rows = cf.byPerturbation.sorted { $0.key < $1.key }.map { key, v in
            [esc(key), String(v.checks), String(v.failed), String(v.unexplainedChanges), String(v.topKChanged), String(v.variantClassesChanged)]
        }
        if rows.isEmpty { rows = [["-", "0", "0", "0", "0", "0"]] }
        body += "<section><h2>Counterfactual invariance</h2><p>\(cf.cases) cases checked, \(cf.failedCases) with an unexplained change (\(cf.unexplainedChanges) changes in all).</p>"
        body += table(["perturbation", "checks", "failed", "unexplained", "top-10 changed", "variant classes changed"], rows)
        if !cf.explainingRules.isEmpty {
            body += "<p class=\"note\">Changes explained by named rules: " + cf.explainingRules.sorted { $0.key < $1.key }
                .map { "\(esc($0.key)) (\($0.value) cases)" }.joined(separator: ", ") + "</p>"
        }
        body += "</section>"

        for attribute in FairnessReportDocument.attributes {
            let groups = cohort.groups.filter { $0.attribute == attribute }
            guard !groups.isEmpty else { continue }
            var html = ""
            var tableRows: [[String]] = []
            for g in groups {
                for metric in CohortMetric.allCases {
                    guard let e = g.metrics[metric] else { continue }
                    let c = g.comparisons[metric]
                    let status = g.isReference ? "reference" : g.belowMinimumSize ? "too small, not compared"
                        : c.map { $0.flagged ? "<strong class=\"flag\">flagged</strong>" : "ok" } ?? "-"
                    tableRows.append([esc(g.group), String(g.cases), metric.label, "\(num(e.value)) [\(num(e.lower)), \(num(e.upper))]",
                                      String(e.denominator), c?.ratio.map(num) ?? "-",
                                      c.map { "\(num($0.difference.value)) [\(num($0.difference.lower)), \(num($0.difference.upper))]" } ?? "-",
                                      status])
                }
            }
            html += table(["group", "cases", "metric", "value [95% CI]", "n", "ratio", "difference [95% CI]", "status"], tableRows)
            for metric in CohortMetric.allCases where groups.contains(where: { $0.metrics[metric] != nil }) {
                html += "<div class=\"block\"><h3>\(metric.label) by \(esc(attribute))</h3>" + forest(groups, metric: metric) + "</div>"
            }
            body += "<section><h2>By \(esc(attribute.replacingOccurrences(of: "_", with: " ")))</h2>\(html)</section>"
        }
        if let llm = document.llm { body += llmSection(llm) }
        if !cohort.warnings.isEmpty {
            body += "<section><h2>Warnings</h2><ul>" + cohort.warnings.map { "<li>\(esc($0))</li>" }.joined() + "</ul></section>"
        }
        if !document.notes.isEmpty {
            body += "<section><h2>Notes</h2><ul>" + document.notes.map { "<li>\(esc($0))</li>" }.joined() + "</ul></section>"
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Mendel fairness report</title><style>\(css)</style></head><body>\(body)</body></html>

        """
    }

    /// LLM differential flip rates per perturbation vs the same-seed noise rate, with a bar per rate.
    static func llmSection(_ llm: LLMCohortFlipRate) -> String {
        var html = "<p>Model <code>\(esc(llm.model))</code>, \(llm.cases) cases, top-\(llm.topK) sets of the grounded differential, seed \(llm.seed), "
            + "\(llm.callsPerCase) model calls per case, \(num(llm.seconds)) s. Noise (second run, same seed): <strong>\(num(llm.noiseRate))</strong>"
            + " (\(llm.noiseFlips) of \(llm.cases) cases). \(llm.emptyDifferentials) original runs gave an empty differential.</p>"
        let flagged = llm.flagged
        html += flagged.isEmpty
            ? "<p class=\"ok\">No perturbation flips the model's top-\(llm.topK) beyond noise + \(num(llm.margin)) where its input was unchanged.</p>"
            : "<p class=\"flag\">Flagged for review: " + flagged.map(esc).joined(separator: ", ") + " flip the top-\(llm.topK) beyond noise with unchanged input.</p>"
        let rows = llm.byPerturbation.values.sorted { $0.perturbation < $1.perturbation }
        html += table(["perturbation", "cases", "flip rate", "input changed (KB ranking)", "flips with input changed", "flips with input unchanged", "unexplained flip rate"],
                      rows.map { p in [esc(p.perturbation), String(p.cases), num(p.flipRate), String(p.inputChanged), String(p.flipsWithInputChanged),
                                       String(p.flipsWithInputUnchanged), num(p.unexplainedFlipRate)] })
        // Bars: noise and each perturbation's flip rate (0–1).
        let bars = [("noise", llm.noiseRate, false)] + rows.map { ($0.perturbation, $0.flipRate, flagged.contains($0.perturbation)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"LLM flip rates\" width=\"520\" height=\"\(bars.count * 22 + 10)\">"
        for (index, bar) in bars.enumerated() {
            let y = index * 22 + 5, length = Int((max(0, min(1, bar.1)) * 360).rounded())
            svg += "<text x=\"0\" y=\"\(y + 13)\" font-size=\"12\">\(esc(bar.0))</text>"
            svg += "<rect x=\"110\" y=\"\(y + 2)\" width=\"\(max(length, 1))\" height=\"14\" fill=\"\(bar.2 ? "#b03a2e" : "#4a6fa5")\"/>"
            svg += "<text x=\"\(116 + length)\" y=\"\(y + 13)\" font-size=\"11\">\(num(bar.1))</text>"
        }
        html += "<div class=\"block\">" + svg + "</svg></div>"
        return "<section><h2>LLM differential flip rate</h2>\(html)</section>"
    }

    /// Point estimates with 95% intervals on a 0–1 axis; the reference group's value as a dashed line.
    static func forest(_ groups: [GroupMetrics], metric: CohortMetric) -> String {
        let rows = groups.filter { $0.metrics[metric] != nil }
        let labelWidth = 170, width = 420, rowHeight = 22
        let height = rows.count * rowHeight + 30
        func x(_ v: Double) -> Int { labelWidth + Int((min(max(v.isFinite ? v : 0, 0), 1)) * Double(width)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(metric.label) by group with 95% intervals\" width=\"\(labelWidth + width + 80)\" height=\"\(height)\">"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<line x1=\"\(x(tick))\" y1=\"0\" x2=\"\(x(tick))\" y2=\"\(height - 20)\" stroke=\"#ddd\"/><text x=\"\(x(tick) - 8)\" y=\"\(height - 6)\" font-size=\"10\">\(num(tick))</text>"
        }
        if let reference = rows.first(where: \.isReference)?.metrics[metric] {
            svg += "<line x1=\"\(x(reference.value))\" y1=\"0\" x2=\"\(x(reference.value))\" y2=\"\(height - 20)\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>"
        }
        for (i, g) in rows.enumerated() {
            guard let e = g.metrics[metric] else { continue }
            let y = i * rowHeight + 12
            let flagged = g.comparisons[metric]?.flagged == true
            let color = flagged ? "#b03a2e" : (g.belowMinimumSize ? "#999" : "#1f5f9e")
            svg += "<text x=\"0\" y=\"\(y + 4)\" font-size=\"11\">\(esc(g.group)) (n=\(g.cases))\(g.isReference ? " ref" : "")</text>"
            svg += "<line x1=\"\(x(e.lower))\" y1=\"\(y)\" x2=\"\(x(e.upper))\" y2=\"\(y)\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            svg += "<circle cx=\"\(x(e.value))\" cy=\"\(y)\" r=\"4\" fill=\"\(color)\"><title>\(num(e.value)) [\(num(e.lower)), \(num(e.upper))]</title></circle>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 4)\" font-size=\"11\">\(num(e.value))</text>"
        }
        return svg + "</svg>"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var html = "<table><thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { html += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        return html + "</tbody></table>"
    }

    static func num(_ v: Double) -> String {
        guard v.isFinite else { return "n/a" }
        let r = (v * 1000).rounded() / 1000
        return String(r)
    }

    static func esc(_ text: String) -> String { HTMLEscaping.escape(text) }

    static let css = """
    body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}h1{margin-bottom:0}
    table{border-collapse:collapse;margin:.5em 0 1em;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}
    th{background:#f0f0f0}.flag{color:#b03a2e}.ok{color:#2b7a3d}.note{font-size:12px;color:#555}
    h2,h3{break-after:avoid}svg,.block{break-inside:avoid}@page{size:A4;margin:12mm}@media print{body{margin:0}}
    """
}

extension CohortMetric {
    /// Human label.
    public var label: String {
        switch self {
        case .top1: "top-1 diagnosis"
        case .top10: "top-10 diagnosis"
        case .vusRate: "VUS rate"
        case .pathogenicRate: "P/LP rate"
        }
    }
}
