import MendelCore

/// Report sections for the fairness checks, the LLM narrative slot and the clinician sign-off.
extension HTMLReport {
    func fairnessSection() -> String {
        guard let fairness = analysis.fairness else {
            return section("Fairness checks", "<p>Not run: this analysis was stored before the per-decision fairness checks existed; analyse the case again.</p>")
        }
        var html = fairness.passed
            ? "<p class=\"pass\">Passed: no unexplained change under any counterfactual.</p>"
            : "<p class=\"fail\">Failed check — flagged for review before sign-off: an output changed under a counterfactual and no named rule explains it.</p>"
        html += table(["perturbed", "change", "result", "top-10 changed", "variant classes changed", "explained by", "unexplained"],
                      fairness.counterfactual.map { c in
            [escape(c.perturbation), escape(c.change),
             c.passed ? "<span class=\"pass\">passed</span>" : "<span class=\"fail\">FAILED</span>",
             c.topKChanged ? "yes" : "no", String(c.variantClassesChanged),
             escape(c.explainingRules.isEmpty ? "-" : c.explainingRules.joined(separator: ", ")),
             c.unexplainedItems.isEmpty ? "-" : "<span class=\"fail\">\(escape(c.unexplainedItems.joined(separator: ", ")))</span>"]
        })
        html += ancestryFrequencyPanel(fairness)
        if let flips = fairness.llmFlipRate, !flips.isEmpty {
            html += "<p>LLM differential flip rate vs same-seed noise: " + flips.sorted { $0.key < $1.key }
                .map { "\(escape($0.key)) \(Format.decimal($0.value, 3))" }.joined(separator: ", ") + "</p>"
        } else {
            html += "<p class=\"note\">LLM differential flip rate: not measured (no LLM differential in this analysis).</p>"
        }
        if !fairness.invariantByConstruction.isEmpty {
            html += "<p class=\"note\">" + fairness.invariantByConstruction.map(escape).joined(separator: "<br>") + "</p>"
        }
        return section("Fairness checks", html)
    }

    /// The ancestry-aware frequency panel: per variant the deciding group, the class under the group maximum (what is
    /// reported), under the pooled-only and the European-only frequency, the review flag with its reason, and every
    /// group's AC/AN/AF/filtering AF/homozygotes (deciding group marked).
    func ancestryFrequencyPanel(_ fairness: FairnessSummary) -> String {
        var html = "<h3>Ancestry-aware frequency</h3>"
        guard !fairness.ancestryFrequency.isEmpty else {
            return html + "<p class=\"note\">No variant needs review: where BA1/BS1/PM2 was decided, the pooled-only and European-only frequency give the same class (benign variants that pass are counted in the fairness step).</p>"
        }
        let flagged = fairness.ancestryFrequency.filter(\.flagged).count
        if flagged > 0 {
            html += "<p class=\"fail\">\(flagged) variant(s) flagged for review: the class depends on using the group maximum instead of a pooled or European-only frequency, or a small group's data cannot exclude BS1 (Manrai et al. 2016).</p>"
        }
        let details = FrequencyPanelDetail.index(analysis)
        let listed = fairness.ancestryFrequency.prefix(Self.frequencyPanelLimit)
        html += table(["variant", "gene", "frequency criteria", "deciding group", "class (group max, reported)", "pooled only", "European only",
                       "flag", "per-group frequency (* deciding)"], listed.map { f in
            let detail = details[f.variant]
            let flag = f.flagged ? "<span class=\"fail\">review</span>" + (detail?.review.map { ": " + escape($0) } ?? "") : "-"
            return [escape(f.variant), escape(f.gene ?? "-"), escape(f.decidedCriteria.isEmpty ? "none met" : f.decidedCriteria.joined(separator: ", ")),
                    escape(f.decidingGroup ?? "-"), escape(f.classGroupMaximum ?? "-"), escape(f.classPooledOnly ?? "n/a"),
                    escape(f.classEuropeanOnly ?? "n/a"), flag, escape(detail?.groupsText(deciding: f.decidingGroup) ?? "-")]
        })
        if fairness.ancestryFrequency.count > listed.count {
            html += "<p class=\"note\">\(fairness.ancestryFrequency.count - listed.count) more in the JSON report.</p>"
        }
        if let notListed = fairness.ancestryFrequencyNotListed, notListed > 0 {
            html += "<p class=\"note\">\(notListed) more variant(s) with a frequency-view finding are counted, not listed (totals in the fairness step).</p>"
        }
        return html + "<p class=\"note\">n/a: the frequency data have no pooled counts or no European group for that view.</p>"
    }

    static let frequencyPanelLimit = 50

    func narrativeSection() -> String {
        if let narrative = context.narrativeHTML { return section("LLM narrative", narrative) }
        return section("LLM narrative", "<p class=\"note\">No LLM narrative was generated for this analysis (the assisted differential did not run).</p>")
    }

    func signoffSection() -> String {
        let status = escape(context.signoffStatus)
        var html = "<p><strong>\(context.signoff == nil ? "Not signed off" : status)</strong></p>"
        if context.signoff == nil {
            html += "<p class=\"note\">A clinician signs off with <code>mendel case signoff \(escape(context.caseID)) --accept</code> or <code>--override --reason TEXT</code>.</p>"
        } else if let signoff = context.signoff, signoff.decision == "override" {
            html += table(["override reason", "SHA-256 (in the audit log)"], [[escape(signoff.reason ?? "-"), "<code>\(escape(signoff.reasonSHA256 ?? "-"))</code>"]])
        }
        return section("Sign-off", html)
    }
}

extension MarkdownReport {
    func complianceSections() -> String {
        var out = "\n## Fairness checks\n\n"
        if let fairness = analysis.fairness {
            out += fairness.passed ? "Passed: no unexplained change under any counterfactual.\n\n"
                : "**Failed check — flagged for review before sign-off.**\n\n"
            out += "| perturbed | change | result | explained by | unexplained |\n|---|---|---|---|---|\n"
            for c in fairness.counterfactual {
                out += "| \(c.perturbation) | \(c.change) | \(c.passed ? "passed" : "FAILED") | \(c.explainingRules.joined(separator: ", ")) | \(c.unexplainedItems.joined(separator: ", ")) |\n"
            }
            if !fairness.ancestryFrequency.isEmpty {
                let details = FrequencyPanelDetail.index(analysis)
                out += "\n### Ancestry-aware frequency\n\n| variant | gene | frequency criteria | deciding group | class (group max) | pooled only | European only | flag | per-group frequency (* deciding) |\n|---|---|---|---|---|---|---|---|---|\n"
                for f in fairness.ancestryFrequency {
                    let detail = details[f.variant]
                    let flag = f.flagged ? "**review**" + (detail?.review.map { ": " + cell($0) } ?? "") : "-"
                    out += "| \(f.variant) | \(f.gene ?? "-") | \(f.decidedCriteria.isEmpty ? "none met" : f.decidedCriteria.joined(separator: ", ")) | \(f.decidingGroup ?? "-") | \(f.classGroupMaximum ?? "-") | \(f.classPooledOnly ?? "n/a") | \(f.classEuropeanOnly ?? "n/a") | \(flag) | \(cell(detail?.groupsText(deciding: f.decidingGroup) ?? "-")) |\n"
                }
                if let notListed = fairness.ancestryFrequencyNotListed, notListed > 0 {
                    out += "\n\(notListed) more variant(s) with a frequency-view finding are counted, not listed (totals in the fairness step).\n"
                }
            }
        } else {
            out += "Not run (analysis stored before the checks existed).\n"
        }
        out += "\n## LLM narrative\n\n" + (context.narrativeMarkdown ?? "No LLM narrative was generated for this analysis.") + "\n"
        out += "\n## Sign-off\n\n" + context.signoffStatus + "\n"
        if let signoff = context.signoff, signoff.decision == "override" {
            out += "\nOverride reason: \(signoff.reason ?? "-") (SHA-256 \(signoff.reasonSHA256 ?? "-"))\n"
        }
        return out
    }
}
