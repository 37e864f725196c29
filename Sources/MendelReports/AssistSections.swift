import Foundation
import MendelCore

/// What the LLM-assisted step adds to a report: a narrative whose sentences carry evidence ids
/// (ungrounded ones withheld), the model's grounded differential, the claims that were dropped, and
/// gene cards. Engine-neutral so reports depend only on MendelCore; the daemon fills it.
public struct AssistReportSection: Sendable, Hashable, Codable {
    public struct Sentence: Sendable, Hashable, Codable {
        public var text: String
        public var evidence: [String]
        public var grounded: Bool
        /// Issue codes (`unknown_disease OMIM:999999`, …) for withheld sentences.
        public var issues: [String]
        public init(text: String, evidence: [String], grounded: Bool, issues: [String]) {
            self.text = text; self.evidence = evidence; self.grounded = grounded; self.issues = issues
        }
    }

    public struct Diagnosis: Sendable, Hashable, Codable {
        public var modelRank: Int
        public var diseaseID: String
        public var name: String
        public var kbRank: Int
        public var fusedRank: Int?
        public var evidence: [String]
        public var rationale: String
        public init(modelRank: Int, diseaseID: String, name: String, kbRank: Int, fusedRank: Int?, evidence: [String], rationale: String) {
            self.modelRank = modelRank; self.diseaseID = diseaseID; self.name = name; self.kbRank = kbRank; self.fusedRank = fusedRank
            self.evidence = evidence; self.rationale = rationale
        }
    }

    public struct Withheld: Sendable, Hashable, Codable {
        public var section: String
        public var index: Int
        public var claimed: String?
        public var issues: [String]
        public init(section: String, index: Int, claimed: String?, issues: [String]) {
            self.section = section; self.index = index; self.claimed = claimed; self.issues = issues
        }
    }

    public struct GeneCardView: Sendable, Hashable, Codable {
        public var symbol: String
        /// "OMIM:… name (inheritance)".
        public var diseases: [String]
        /// "HP:… label", most informative first.
        public var characteristicPhenotypes: [String]
        public var explainedPhenotypes: [String]
        public var unexplainedPhenotypes: [String]
        public var loeuf: Double?
        /// One entry per GO aspect: "biological process: GO:… name [IDA, IEA]; GO:… …" (NOT annotations excluded).
        public var goTerms: [String]
        /// "F1 …" facts the summary may cite.
        public var facts: [String]
        public var summary: [Sentence]
        public var summaryNote: String?
        public init(symbol: String, diseases: [String], characteristicPhenotypes: [String], explainedPhenotypes: [String],
                    unexplainedPhenotypes: [String], loeuf: Double?, goTerms: [String], facts: [String], summary: [Sentence], summaryNote: String?) {
            self.symbol = symbol; self.diseases = diseases; self.characteristicPhenotypes = characteristicPhenotypes
            self.explainedPhenotypes = explainedPhenotypes; self.unexplainedPhenotypes = unexplainedPhenotypes; self.loeuf = loeuf
            self.goTerms = goTerms; self.facts = facts; self.summary = summary; self.summaryNote = summaryNote
        }
    }

    /// `done`, `skipped` or `failed`, with the reason.
    public var status: String
    public var detail: String
    /// e.g. "smollm2-135m-instruct-q4_1 (embedded, sha256 …)".
    public var model: String?
    /// "E1 HP:… label — observed" lines the narrative cites.
    public var evidence: [String]
    public var narrative: [Sentence]
    public var differential: [Diagnosis]
    public var withheld: [Withheld]
    public var fusion: String?
    public var geneCards: [GeneCardView]
    /// Template file → SHA-256.
    public var templates: [String: String]
    /// Audit sequence of the LLM decision record.
    public var auditSequence: UInt64?

    public init(status: String, detail: String, model: String? = nil, evidence: [String] = [], narrative: [Sentence] = [],
                differential: [Diagnosis] = [], withheld: [Withheld] = [], fusion: String? = nil, geneCards: [GeneCardView] = [],
                templates: [String: String] = [:], auditSequence: UInt64? = nil) {
        self.status = status; self.detail = detail; self.model = model; self.evidence = evidence; self.narrative = narrative
        self.differential = differential; self.withheld = withheld; self.fusion = fusion; self.geneCards = geneCards
        self.templates = templates; self.auditSequence = auditSequence
    }
}

/// Renders the assisted sections (HTML and Markdown) for the report's LLM narrative slot
/// (`ReportContext.narrativeHTML` / `narrativeMarkdown`). Only grounded sentences are shown as text, each
/// followed by its evidence ids; withheld claims are listed by reason, never by their text.
public enum AssistSections {
    static let disclaimer = "Model-written text, checked against the knowledge base and the case evidence. The knowledge-base ranking above is authoritative."

    /// Escaped, self-contained HTML (no outer section; the report wraps it).
    public static func html(_ section: AssistReportSection) -> String {
        var out = "<p class=\"note\">\(escape(disclaimer))</p>"
        out += "<p>Status: <strong>\(escape(section.status))</strong> — \(escape(section.detail))</p>"
        if let model = section.model { out += "<p class=\"note\">Model: \(escape(model))</p>" }
        if !section.narrative.isEmpty {
            out += "<h3>Narrative</h3><ul>"
            for sentence in section.narrative where sentence.grounded {
                out += "<li>\(escape(sentence.text)) <span class=\"note\">[grounded: \(escape(sentence.evidence.joined(separator: ", ")))]</span></li>"
            }
            let withheld = section.narrative.filter { !$0.grounded }
            if !withheld.isEmpty {
                out += "<li class=\"note\">\(withheld.count) sentence(s) withheld as ungrounded: \(escape(withheld.flatMap(\.issues).joined(separator: "; ")))</li>"
            }
            out += "</ul>"
        }
        if !section.evidence.isEmpty {
            out += "<details><summary>Evidence ids</summary><ul>" + section.evidence.map { "<li><code>\(escape($0))</code></li>" }.joined() + "</ul></details>"
        }
        if !section.differential.isEmpty {
            out += "<h3>Model differential (grounded)</h3><table><thead><tr><th>model rank</th><th>disease</th><th>KB rank</th>"
            if section.fusion != nil { out += "<th>fused rank</th>" }
            out += "<th>evidence</th><th>rationale</th></tr></thead><tbody>"
            for d in section.differential {
                out += "<tr><td>\(d.modelRank)</td><td>\(escape(d.diseaseID)) \(escape(d.name))</td><td>\(d.kbRank)</td>"
                if section.fusion != nil { out += "<td>\(d.fusedRank.map(String.init) ?? "-")</td>" }
                out += "<td>\(escape(d.evidence.joined(separator: ", ")))</td><td>\(escape(d.rationale))</td></tr>"
            }
            out += "</tbody></table>"
        }
        if let fusion = section.fusion { out += "<p class=\"note\">\(escape(fusion))</p>" }
        if !section.withheld.isEmpty {
            out += "<h3>Withheld (ungrounded) claims</h3><ul>"
            for w in section.withheld {
                out += "<li>\(escape(w.section)) #\(w.index)\(w.claimed.map { " (" + escape($0) + ")" } ?? ""): \(escape(w.issues.joined(separator: ", ")))</li>"
            }
            out += "</ul>"
        }
        for card in section.geneCards {
            out += "<div class=\"block\"><h3>Gene card: \(escape(card.symbol))</h3><table><tbody>"
            out += row("diseases", card.diseases.joined(separator: "; "))
            out += row("characteristic phenotypes (most informative first)", card.characteristicPhenotypes.joined(separator: "; "))
            out += row("case phenotypes explained", card.explainedPhenotypes.joined(separator: "; "))
            out += row("case phenotypes not explained", card.unexplainedPhenotypes.joined(separator: "; "))
            if let loeuf = card.loeuf { out += row("constraint (LOEUF)", Format.decimal(loeuf, 2)) }
            for group in card.goTerms {
                let (aspect, terms) = goGroup(group)
                out += row("GO " + aspect + " (evidence codes)", terms)
            }
            out += "</tbody></table>"
            let grounded = card.summary.filter(\.grounded)
            if !grounded.isEmpty {
                out += "<p>" + grounded.map { "\(escape($0.text)) <span class=\"note\">[\(escape($0.evidence.joined(separator: ", ")))]</span>" }.joined(separator: " ") + "</p>"
            }
            let withheld = card.summary.count - grounded.count
            if withheld > 0 { out += "<p class=\"note\">\(withheld) summary sentence(s) withheld as ungrounded.</p>" }
            if let note = card.summaryNote { out += "<p class=\"note\">\(escape(note))</p>" }
            if !card.facts.isEmpty, !card.summary.isEmpty {
                out += "<details><summary>Facts</summary><ul>" + card.facts.map { "<li>\(escape($0))</li>" }.joined() + "</ul></details>"
            }
            out += "</div>"
        }
        return out
    }

    /// Splits a gene card's GO entry "biological process: GO:…; …" into the aspect and its terms
    /// (entries stored before GO terms were grouped have no aspect prefix: "terms").
    static func goGroup(_ entry: String) -> (aspect: String, terms: String) {
        for aspect in ["biological process", "molecular function", "cellular component"] where entry.hasPrefix(aspect + ": ") {
            return (aspect, String(entry.dropFirst(aspect.count + 2)))
        }
        return ("terms", entry)
    }

    private static func row(_ name: String, _ value: String) -> String {
        "<tr><th>\(escape(name))</th><td>\(escape(value.isEmpty ? "-" : value))</td></tr>"
    }

    /// Markdown (no top-level heading; the report adds it).
    public static func markdown(_ section: AssistReportSection) -> String {
        var out = "_\(disclaimer)_\n\nStatus: **\(section.status)** — \(section.detail)\n"
        if let model = section.model { out += "\nModel: \(model)\n" }
        if !section.narrative.isEmpty {
            out += "\n### Narrative\n\n"
            for sentence in section.narrative where sentence.grounded {
                out += "- \(sentence.text) [grounded: \(sentence.evidence.joined(separator: ", "))]\n"
            }
            let withheld = section.narrative.filter { !$0.grounded }
            if !withheld.isEmpty { out += "- _\(withheld.count) sentence(s) withheld as ungrounded: \(withheld.flatMap(\.issues).joined(separator: "; "))_\n" }
        }
        if !section.evidence.isEmpty { out += "\nEvidence ids:\n\n" + section.evidence.map { "- `\($0)`\n" }.joined() }
        if !section.differential.isEmpty {
            out += "\n### Model differential (grounded)\n\n| model rank | disease | KB rank | fused rank | evidence | rationale |\n|---|---|---|---|---|---|\n"
            for d in section.differential {
                out += "| \(d.modelRank) | \(d.diseaseID) \(cell(d.name)) | \(d.kbRank) | \(d.fusedRank.map(String.init) ?? "-") | \(d.evidence.joined(separator: ", ")) | \(cell(d.rationale)) |\n"
            }
        }
        if let fusion = section.fusion { out += "\n\(fusion)\n" }
        if !section.withheld.isEmpty {
            out += "\n### Withheld (ungrounded) claims\n\n"
            for w in section.withheld { out += "- \(w.section) #\(w.index)\(w.claimed.map { " (\($0))" } ?? ""): \(w.issues.joined(separator: ", "))\n" }
        }
        for card in section.geneCards {
            out += "\n### Gene card: \(card.symbol)\n\n"
            out += "- diseases: \(card.diseases.joined(separator: "; "))\n"
            out += "- characteristic phenotypes (most informative first): \(card.characteristicPhenotypes.joined(separator: "; "))\n"
            out += "- case phenotypes explained: \(card.explainedPhenotypes.isEmpty ? "-" : card.explainedPhenotypes.joined(separator: "; "))\n"
            out += "- case phenotypes not explained: \(card.unexplainedPhenotypes.isEmpty ? "-" : card.unexplainedPhenotypes.joined(separator: "; "))\n"
            if let loeuf = card.loeuf { out += "- constraint (LOEUF): \(Format.decimal(loeuf, 2))\n" }
            for group in card.goTerms {
                let (aspect, terms) = goGroup(group)
                out += "- GO \(aspect) (evidence codes): \(terms)\n"
            }
            let grounded = card.summary.filter(\.grounded)
            if !grounded.isEmpty { out += "\n" + grounded.map { "\($0.text) [\($0.evidence.joined(separator: ", "))]" }.joined(separator: " ") + "\n" }
            if card.summary.count > grounded.count { out += "\n_\(card.summary.count - grounded.count) summary sentence(s) withheld as ungrounded._\n" }
            if let note = card.summaryNote { out += "\n_\(note)_\n" }
        }
        return out
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
