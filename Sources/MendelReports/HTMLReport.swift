import MendelCore

/// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external assets)
/// that prints well.
struct HTMLReport {
    let analysis: CaseAnalysis
    let context: ReportContext

    func render() -> String {
        var body = "<header><h1>Mendel report</h1><p>Case <code>\(escape(context.caseID))</code> · patient \(escape(context.patientLabel)) · analysed \(escape(analysis.analysedAt))</p></header>"
        body += section("Pipeline", table(["step", "status", "detail"], analysis.steps.map { [escape($0.name), escape($0.status), escape($0.detail)] }))
        body += section("Phenotypes", table(["term", "label", "status", "source"], analysis.phenotypes.map { finding in
            let source = finding.spanStart.map { "\(finding.source) [\($0)–\(finding.spanEnd ?? $0)]" } ?? finding.source
            return [escape(finding.term), escape(finding.label ?? ""), finding.excluded ? "excluded" : "observed", escape(source)]
        }))
        if analysis.diagnoses.isEmpty {
            body += section("Differential diagnosis", "<p>No ranking (see the pipeline steps).</p>")
        } else {
            let listed = Array(analysis.diagnoses.prefix(20))
            let shares = Format.shares(analysis.diagnoses.map(\.score))
            var html = table(["rank", "disease", "name", "genes", "share of differential", "post-test probability", "log10 LR"],
                             listed.enumerated().map { index, disease in
                [String(disease.rank), escape(disease.diseaseID), escape(disease.name), escape(disease.genes.joined(separator: ", ")),
                 Format.percent(shares[index]), Format.percent(disease.postTestProbability), Format.decimal(disease.score)]
            })
            html += "<p class=\"note\">Post-test probability: each disease on its own (LIRICAL-style, uniform pretest over all ranked diseases). Share of differential: the disease's likelihood ratio relative to the ranked diseases, assuming exactly one applies.</p>"
            for disease in analysis.diagnoses.prefix(3) {
                html += "<div class=\"block\"><h3>Evidence for \(escape(disease.diseaseID)) \(escape(disease.name))</h3>"
                html += contributionChart(disease.contributions)
                html += table(["evidence", "item", "matched", "match", "frequency", "LR", "log10 LR"], disease.contributions.map { item in
                    [escape(item.kind), escape(item.item + " " + (item.label ?? "")), escape(item.matchedTerm ?? "-"), escape(item.matchType ?? "-"),
                     item.frequency.map { Format.decimal($0, 3) } ?? "-", Format.decimal(item.likelihoodRatio, 3), Format.decimal(item.log10LR, 3)]
                }) + "</div>"
            }
            body += section("Differential diagnosis", html)
        }
        let notListed = analysis.variantListing.flatMap { listing in
            listing.countsText.map { "<p class=\"note\">Not listed: \(escape($0)). \(escape(listing.rule.prefix(1).uppercased() + listing.rule.dropFirst())).</p>" }
        } ?? ""
        if analysis.variants.isEmpty {
            body += section("Variants", (analysis.variantListing == nil ? "<p>No variants classified.</p>" : "<p>No variant listed.</p>") + notListed)
        } else {
            var html = table(["variant", "gene", "HGVS", "genotype", "class"], analysis.variants.map { variant in
                [escape(variant.variant), escape(variant.gene ?? "-"), escape([variant.hgvsc, variant.hgvsp].compactMap { $0 }.joined(separator: " ")),
                 escape(variant.genotype ?? "-"), "<strong>\(escape(variant.classification))</strong>"]
            })
            for variant in analysis.variants.prefix(10) where !variant.criteria.isEmpty {
                html += "<div class=\"block\"><h3>ACMG criteria for \(escape(variant.variant))</h3>"
                // Criteria that were met first, in bold; then the rest in their original order.
                let ordered = variant.criteria.filter { $0.status == "met" } + variant.criteria.filter { $0.status != "met" }
                html += table(["criterion", "status", "strength", "value", "threshold", "source"], ordered.map { c in
                    let met = c.status == "met"
                    let code = met ? "<strong>\(escape(c.code))</strong>" : escape(c.code)
                    return [code, escape(c.status.replacingOccurrences(of: "_", with: " ")), escape(c.strength ?? "-"), escape(c.value ?? "-"),
                            escape(c.threshold ?? "-"), escape(c.source ?? "-")]
                }) + "</div>"
            }
            body += section("Variants", html + notListed)
        }
        body += fairnessSection()
        body += narrativeSection()
        body += signoffSection()
        let provenance = analysis.trace.provenance
        var rows = [["software", escape(provenance.softwareVersion)],
                    ["knowledge base", escape(provenance.knowledgeBaseVersion ?? "none")],
                    ["policy hash", escape(provenance.policyHash ?? "-")]]
        rows += provenance.modelDigests.sorted { $0.key < $1.key }.map { ["model " + escape($0.key), escape($0.value)] }
        rows.append(["audit records", context.auditSequences.map(String.init).joined(separator: ", ")])
        if let decisionID = context.decisionID { rows.append(["decision", escape(decisionID)]) }
        if let outputHash = context.outputHash { rows.append(["output hash (SHA-256)", "<code>\(escape(outputHash))</code>"]) }
        rows.append(["trace entries", String(analysis.trace.entries.count)])
        body += section("Provenance", table(["item", "value"], rows))
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Mendel report \(escape(context.caseID))</title>
        <style>\(Self.css)</style></head><body>\(body)</body></html>

        """
    }

    /// A horizontal bar chart of per-evidence log10 LR contributions (positive right, negative left).
    private func contributionChart(_ items: [EvidenceContribution]) -> String {
        guard !items.isEmpty else { return "" }
        let rowHeight = 18, labelWidth = 260, chartWidth = 360
        let maxMagnitude = max(items.map { abs($0.log10LR) }.filter(\.isFinite).max() ?? 1, 0.5)
        let middle = labelWidth + chartWidth / 2
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"log10 likelihood ratio per evidence\" width=\"\(labelWidth + chartWidth + 60)\" height=\"\(items.count * rowHeight + 10)\">"
        svg += "<line x1=\"\(middle)\" y1=\"0\" x2=\"\(middle)\" y2=\"\(items.count * rowHeight + 10)\" stroke=\"#888\"/>"
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 5
            let value = item.log10LR.isFinite ? item.log10LR : (item.log10LR > 0 ? maxMagnitude : -maxMagnitude)
            let length = Int((abs(value) / maxMagnitude) * Double(chartWidth / 2 - 4))
            let x = value >= 0 ? middle : middle - length
            let color = value >= 0 ? "#2b7a3d" : "#b03a2e"
            let full = item.item + " " + (item.label ?? "")
            let label = Self.shortened(full, to: 42)
            svg += "<text x=\"0\" y=\"\(y + 12)\" font-size=\"11\"><title>\(escape(full))</title>\(escape(label))</text>"
            svg += "<rect x=\"\(x)\" y=\"\(y + 2)\" width=\"\(max(length, 1))\" height=\"\(rowHeight - 6)\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(labelWidth + chartWidth + 4)\" y=\"\(y + 12)\" font-size=\"11\">\(Format.decimal(item.log10LR, 2))</text>"
        }
        return svg + "</svg>"
    }

    /// Cuts a label at a word boundary (with an ellipsis) so chart labels stay inside their column.
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let boundary = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return String(boundary) + "…"
    }

    func section(_ title: String, _ content: String) -> String {
        "<section><h2>\(escape(title))</h2>\(content)</section>"
    }

    func table(_ header: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "<p>None.</p>" }
        var html = "<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { html += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        return html + "</tbody></table>"
    }

    private static let css = """
    body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}h1{margin-bottom:0}
    table{border-collapse:collapse;margin:.5em 0 1em;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
    th{background:#f0f0f0}section{margin-bottom:1.5em}code{font-size:12px}.note{font-size:12px;color:#555}
    .pass{color:#2b7a3d}.fail{color:#b03a2e;font-weight:bold}
    h2,h3{break-after:avoid}svg,.block{break-inside:avoid}
    @page{size:A4;margin:12mm}
    @media print{body{margin:0}}
    """
}

/// Escapes text for HTML element content and attribute values (the shared `MendelCore.HTMLEscaping`).
func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
