import Foundation
import MendelCore

/// Everything a report shows besides the analysis itself.
public struct ReportContext: Sendable {
    /// Shown only to roles allowed to see identity; otherwise the pseudonymous patient id.
    public var patientLabel: String
    public var caseID: String
    /// Audit sequence numbers of the decision records behind this report.
    public var auditSequences: [UInt64]
    /// The audited decision the stored analysis belongs to (`D-…`) and its output hash.
    public var decisionID: String?
    public var outputHash: String?
    /// The latest clinician sign-off of the case (it may concern an earlier decision).
    public var signoff: API.Signoff?
    /// Slot for the LLM narrative with grounding marks: HTML (already escaped and self-contained) rendered by the
    /// assisted-differential step's report section; nil = the section says no narrative was generated.
    public var narrativeHTML: String?
    /// The same narrative as Markdown.
    public var narrativeMarkdown: String?

    public init(patientLabel: String, caseID: String, auditSequences: [UInt64] = [], decisionID: String? = nil, outputHash: String? = nil,
                signoff: API.Signoff? = nil, narrativeHTML: String? = nil, narrativeMarkdown: String? = nil) {
        self.patientLabel = patientLabel
        self.caseID = caseID
        self.auditSequences = auditSequences
        self.decisionID = decisionID
        self.outputHash = outputHash
        self.signoff = signoff
        self.narrativeHTML = narrativeHTML
        self.narrativeMarkdown = narrativeMarkdown
    }

    /// Sign-off status in words.
    var signoffStatus: String {
        guard let signoff else { return "not signed off" }
        let who = "uid \(signoff.uid)" + (signoff.user.map { " (\($0))" } ?? "") + (signoff.role.map { ", \($0)" } ?? "")
        let what = signoff.decision == "accept" ? "accepted" : "overridden"
        var text = "\(what) by \(who) at \(signoff.signedAt) for decision \(signoff.decisionID)"
        if let seq = signoff.auditSequence { text += " (audit seq \(seq))" }
        if let decisionID, decisionID != signoff.decisionID {
            text += " — this applies to an earlier decision; the current decision \(decisionID) is not signed off"
        }
        return text
    }
}

/// A rendered report: bytes and their media type.
public struct RenderedReport: Sendable {
    public var contentType: String
    public var body: [UInt8]
    public init(contentType: String, body: [UInt8]) { self.contentType = contentType; self.body = body }
}

public enum ReportFormat: String, Sendable, CaseIterable {
    case html, md, json
}

/// Renders a `CaseAnalysis` as HTML (self-contained, printable), Markdown or JSON.
public enum ReportRenderer {
    public static func render(_ analysis: CaseAnalysis, context: ReportContext, format: ReportFormat) throws -> RenderedReport {
        switch format {
        case .json:
            struct Signoff: Encodable { var status: String; var record: API.Signoff? }
            struct Document: Encodable {
                var patient: String; var auditSequences: [UInt64]; var decisionID: String?; var outputHash: String?
                var signoff: Signoff; var analysis: CaseAnalysis
            }
            var record = context.signoff
            record?.reason = nil // the JSON report carries the reason's hash; the HTML/Markdown report shows the text
            let bytes = try CanonicalJSON.encodePretty(Document(patient: context.patientLabel, auditSequences: context.auditSequences,
                                                                decisionID: context.decisionID, outputHash: context.outputHash,
                                                                signoff: Signoff(status: context.signoffStatus, record: record), analysis: analysis))
            return RenderedReport(contentType: "application/json", body: [UInt8](bytes))
        case .md:
            return RenderedReport(contentType: "text/markdown; charset=utf-8", body: Array(MarkdownReport(analysis: analysis, context: context).render().utf8))
        case .html:
            return RenderedReport(contentType: "text/html; charset=utf-8", body: Array(HTMLReport(analysis: analysis, context: context).render().utf8))
        }
    }
}

/// Number formatting shared by the renderers (fixed, locale-independent).
enum Format {
    static func decimal(_ value: Double, _ digits: Int = 2) -> String {
        guard value.isFinite else { return value > 0 ? "∞" : (value < 0 ? "-∞" : "n/a") }
        let scale = pow10(digits)
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        } else if digits > 0 {
            text += "." + String(repeating: "0", count: digits)
        }
        return text
    }

    /// A probability as a percentage; saturated values are shown as bounds, never as a flat "100%".
    static func percent(_ value: Double) -> String {
        if value > 0 && value < 0.0001 { return "<0.01%" }
        if value >= 0.9999 && value < 1 || value == 1 { return ">99.99%" }
        return decimal(value * 100, 2) + "%"
    }

    /// Each disease's share of the differential: its composite LR over the sum of the listed diseases'
    /// (one diagnosis assumed, uniform prior). Unlike the per-disease post-test probability it does not
    /// saturate when several diseases have very large LRs.
    static func shares(_ scores: [Double]) -> [Double] {
        guard let top = scores.max(), top.isFinite else { return scores.map { _ in 0 } }
        let weights = scores.map { $0.isFinite ? pow10(of: $0 - top) : 0 }
        let total = weights.reduce(0, +)
        return weights.map { total > 0 ? $0 / total : 0 }
    }

    private static func pow10(of exponent: Double) -> Double { exp(exponent * log(10.0)) }

    private static func pow10(_ digits: Int) -> Double {
        var result = 1.0
        for _ in 0..<digits { result *= 10 }
        return result
    }
}

extension VariantListingSummary {
    /// "66,270 VUS, 9,408 LB, 24,010 B" in class order; nil when every classified variant is listed.
    var countsText: String? {
        let parts = ["P", "LP", "VUS", "LB", "B"].compactMap { code in notListed[code].flatMap { $0 > 0 ? "\($0) \(code)" : nil } }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
