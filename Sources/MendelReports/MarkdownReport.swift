import MendelCore

/// The Markdown report: the same sections as the HTML report, as plain tables.
struct MarkdownReport {
    let analysis: CaseAnalysis
    let context: ReportContext

    func render() -> String {
        var out = "# Mendel report — case \(context.caseID)\n\n"
        out += "Patient: \(context.patientLabel) · analysed \(analysis.analysedAt)\n\n"
        out += "## Pipeline\n\n| step | status | detail |\n|---|---|---|\n"
        for step in analysis.steps { out += "| \(cell(step.name)) | \(step.status) | \(cell(step.detail)) |\n" }
        out += "\n## Phenotypes\n\n| term | label | status | source |\n|---|---|---|---|\n"
        for finding in analysis.phenotypes {
            let source = finding.spanStart.map { "\(finding.source) [\($0)–\(finding.spanEnd ?? $0)]" } ?? finding.source
            out += "| \(finding.term) | \(cell(finding.label ?? "")) | \(finding.excluded ? "excluded" : "observed") | \(source) |\n"
        }
        out += "\n## Differential diagnosis\n\n"
        if analysis.diagnoses.isEmpty {
            out += "No ranking (see the pipeline steps above).\n"
        } else {
            out += "| rank | disease | name | genes | post-test probability | log10 LR |\n|---|---|---|---|---|---|\n"
            for disease in analysis.diagnoses.prefix(20) {
                out += "| \(disease.rank) | \(disease.diseaseID) | \(cell(disease.name)) | \(disease.genes.joined(separator: ", ")) | \(Format.percent(disease.postTestProbability)) | \(Format.decimal(disease.score)) |\n"
            }
            for disease in analysis.diagnoses.prefix(3) {
                out += "\n### Evidence for \(disease.diseaseID) \(cell(disease.name))\n\n| evidence | item | matched | match | frequency | LR | log10 LR |\n|---|---|---|---|---|---|---|\n"
                for item in disease.contributions {
                    out += "| \(item.kind) | \(item.item) \(cell(item.label ?? "")) | \(item.matchedTerm ?? "-") | \(item.matchType ?? "-") | \(item.frequency.map { Format.decimal($0, 3) } ?? "-") | \(Format.decimal(item.likelihoodRatio, 3)) | \(Format.decimal(item.log10LR, 3)) |\n"
                }
            }
        }
        out += "\n## Variants\n\n"
        if analysis.variants.isEmpty {
            out += analysis.variantListing == nil ? "No variants classified.\n" : "No variant listed.\n"
        } else {
            out += "| variant | gene | HGVS | genotype | class | criteria met |\n|---|---|---|---|---|---|\n"
            for variant in analysis.variants {
                let met = variant.criteria.filter { $0.status == "met" }.map(\.displayName)
                out += "| \(variant.variant) | \(variant.gene ?? "-") | \(cell([variant.hgvsc, variant.hgvsp].compactMap { $0 }.joined(separator: " "))) | \(variant.genotype ?? "-") | \(variant.classification) | \(met.joined(separator: ", ")) |\n"
            }
        }
        if let listing = analysis.variantListing, let counts = listing.countsText {
            out += "\nNot listed: \(counts). \(cell(listing.rule.prefix(1).uppercased() + listing.rule.dropFirst())).\n"
        }
        out += complianceSections()
        out += "\n## Provenance\n\n"
        out += "- software: \(analysis.trace.provenance.softwareVersion)\n"
        out += "- knowledge base: \(analysis.trace.provenance.knowledgeBaseVersion ?? "none")\n"
        out += "- policy hash: \(analysis.trace.provenance.policyHash ?? "-")\n"
        for (model, digest) in analysis.trace.provenance.modelDigests.sorted(by: { $0.key < $1.key }) { out += "- model \(model): \(digest)\n" }
        out += "- audit records: \(context.auditSequences.map(String.init).joined(separator: ", "))\n"
        if let decisionID = context.decisionID { out += "- decision: \(decisionID)\n" }
        if let outputHash = context.outputHash { out += "- output hash (SHA-256): \(outputHash)\n" }
        out += "- trace entries: \(analysis.trace.entries.count)\n"
        return out
    }

    func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
