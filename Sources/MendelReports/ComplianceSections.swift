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
        if !fairness.ancestryFrequency.isEmpty {
            html += "<h3>Ancestry-aware frequency</h3>"
            html += table(["variant", "gene", "frequency criteria", "decided by group", "class"], fairness.ancestryFrequency.map { f in
                [escape(f.variant), escape(f.gene ?? "-"), escape(f.decidedCriteria.joined(separator: ", ")), escape(f.decidingGroup ?? "-"),
                 escape(f.classGroupMaximum ?? "-") + (f.flagged ? " <span class=\"fail\">(differs under pooled/European-only frequency)</span>" : "")]
            })
        }
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
