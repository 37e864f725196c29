import Foundation
import MendelCore
import MendelReports
import MendelVault

/// Renders the stored analysis of a case in the requested format.
struct CaseReportBuilder: Sendable {
    let context: DaemonContext

    func render(caseID: CaseID, format: String, showIdentity: Bool) async throws -> RenderedReport {
        guard let reportFormat = ReportFormat(rawValue: format) else {
            throw APIError.badRequest(code: "report.unknown_format", "format must be html, md or json")
        }
        let summary = try context.vault.caseSummary(caseID)
        guard let stored = try context.vault.latestResult(case: caseID, kind: CaseAnalyzer.resultKind) else {
            throw APIError.conflict(code: "report.not_analysed", "the case has not been analysed yet; run `mendel case analyze \(caseID.rawValue)`")
        }
        let analysis: CaseAnalysis
        do {
            analysis = try JSONDecoder().decode(CaseAnalysis.self, from: Data(stored))
        } catch {
            throw APIError.internalError(code: "report.stored_result_unreadable", "the stored analysis could not be read")
        }
        var label = "patient \(summary.patient.rawValue)"
        if showIdentity, let identity = try? context.vault.patientIdentity(summary.patient) {
            label = [identity.displayName, identity.mrn.map { "MRN \($0)" }].compactMap { $0 }.joined(separator: ", ")
            if label.isEmpty { label = "patient \(summary.patient.rawValue)" }
        }
        let receipt = try context.vault.latestResult(case: caseID, kind: CaseAnalyzer.receiptKind)
            .flatMap { try? JSONDecoder().decode(CaseAnalyzer.DecisionReceipt.self, from: Data($0)) }
        let signoff = APIRoutes.latestSignoff(vault: context.vault, caseID: caseID)
        var sequences = receipt.map { [$0.auditSequence] } ?? []
        if let seq = signoff?.auditSequence { sequences.append(seq) }
        var reportContext = ReportContext(patientLabel: label, caseID: caseID.rawValue, auditSequences: sequences,
                                          decisionID: receipt?.decisionID, outputHash: receipt?.outputHash, signoff: signoff)
        AssistStep.attach(to: &reportContext, vault: context.vault, caseID: caseID, decisionID: receipt?.decisionID)
        return try ReportRenderer.render(analysis, context: reportContext, format: reportFormat)
    }
}
