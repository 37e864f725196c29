import Foundation
import MendelAudit
import MendelCore
import MendelCrypto
import MendelFairness
import MendelInference
import MendelPolicy
import MendelVault

/// Compliance endpoints (docs/api.md): clinician sign-off, decision replay, the cohort fairness report.
extension APIRoutes {
    static let signoffKind = "signoff"

    // MARK: - Sign-off

    /// `POST /v1/cases/ID/signoff`: accept or override the case's current decision. The sign-off is audited as its own
    /// event before it is stored (fail closed); the override reason is stored encrypted, the audit line has its hash.
    func signoff(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let caseID = try caseID(ctx)
        let body = try request.decodeJSON(API.SignoffRequest.self)
        guard body.decision == "accept" || body.decision == "override" else {
            throw APIError.badRequest(code: "signoff.invalid_decision", "decision must be accept or override")
        }
        let reason = body.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.decision == "override" {
            guard let reason, reason.count >= 3 else {
                throw APIError.badRequest(code: "signoff.reason_required", "an override needs a reason (--reason TEXT)")
            }
        }
        let summary = try context.vault.caseSummary(caseID)
        guard let receipt = try latestReceipt(caseID) else {
            throw APIError.conflict(code: "signoff.not_analysed", "the case has no analysis to sign off; run `mendel case analyze \(caseID.rawValue)`")
        }
        let reasonHash = reason.flatMap { $0.isEmpty ? nil : SHA256.hexHash(Array($0.utf8)) }
        var details = ["decision": body.decision, "decisionID": receipt.decisionID]
        if let reasonHash { details["reasonSHA256"] = reasonHash }
        let sequence = try await context.record(action: "case.signoff.recorded", principal: ctx.principal, roles: ctx.roles, outcome: .allowed,
                                                requestID: ctx.requestID,
                                                targets: context.targets(caseID: caseID.rawValue, patientID: summary.patient.rawValue),
                                                purpose: "treatment", details: details)
        let record = API.Signoff(caseID: caseID.rawValue, decisionID: receipt.decisionID, decision: body.decision,
                                 signedAt: CaseAnalyzer.timestamp(), uid: ctx.principal.uid, user: ctx.principal.userName,
                                 role: ctx.roles.contains("clinician") ? "clinician" : ctx.roles.joined(separator: ","),
                                 reason: reason.flatMap { $0.isEmpty ? nil : $0 }, reasonSHA256: reasonHash, auditSequence: sequence)
        let bytes = [UInt8](try CanonicalJSON.encode(record))
        let vault = context.vault
        try await BlockingWork.run { _ = try vault.storeResult(case: caseID, kind: Self.signoffKind, payload: bytes) }
        var shown = record
        shown.reason = nil
        return RouteResult(response: .json(shown, status: .created), details: details)
    }

    /// The latest sign-off of a case, if any.
    static func latestSignoff(vault: Vault, caseID: CaseID) -> API.Signoff? {
        (try? vault.latestResult(case: caseID, kind: signoffKind)).flatMap { $0 }
            .flatMap { try? JSONDecoder().decode(API.Signoff.self, from: Data($0)) }
    }

    func latestReceipt(_ caseID: CaseID) throws -> CaseAnalyzer.DecisionReceipt? {
        try context.vault.latestResult(case: caseID, kind: CaseAnalyzer.receiptKind)
            .flatMap { try? JSONDecoder().decode(CaseAnalyzer.DecisionReceipt.self, from: Data($0)) }
    }

    // MARK: - Replay

    /// `POST /v1/audit/replay/D-…`: finds the decision in the audit log, recomputes it from the case's stored inputs
    /// and compares output hashes. Refused, with the reason, when the knowledge base, a model digest, the policy or
    /// the software differs from the decision's, or when the stored inputs no longer hash to its input hash.
    /// The answer holds hashes and versions only (an auditor may call it; no PHI).
    func replay(_ ctx: RequestContext) async throws -> RouteResult {
        let decisionID = ctx.parameters["decision"] ?? ""
        let outcome = try await DecisionReplayer(context: context).replay(decisionID: decisionID)
        return RouteResult(response: .json(outcome.result),
                           targets: outcome.targets,
                           details: ["decisionID": decisionID, "replay": outcome.result.status], recordCompletion: true)
    }

    // MARK: - Cohort fairness

    /// `GET /v1/fairness/report?format=json|html`: cohort metrics over every stored analysis (counts and rates only).
    func fairnessReport(_ request: HTTPRequest) async throws -> RouteResult {
        let format = request.query["format"] ?? "json"
        guard format == "json" || format == "html" else {
            throw APIError.badRequest(code: "fairness.unknown_format", "format must be json or html")
        }
        let policy = await context.policies.current
        let iterations = min(max(Int(request.query["bootstrap"] ?? "") ?? 1000, 10), 10_000)
        let document = try await CohortFairnessBuilder(context: context).build(policy: policy, bootstrapIterations: iterations)
        let body: [UInt8] = format == "html" ? Array(FairnessReportHTML.render(document).utf8) : [UInt8](try CanonicalJSON.encodePretty(document))
        return RouteResult(response: .full(status: .ok, contentType: format == "html" ? "text/html; charset=utf-8" : "application/json", body: body),
                           details: ["format": format, "cases": String(document.cases), "flags": String(document.cohort.flags.count)])
    }
}

extension DisparityThresholds {
    /// The thresholds of `Policies/fairness.yaml` as loaded by the daemon.
    init(policy: FairnessPolicy) {
        self.init(ratioLower: policy.ratioLower, ratioUpper: policy.ratioUpper, maximumDifference: policy.maxDifference,
                  minimumGroupSize: policy.minGroupSize)
    }
}

/// One disclosure of a patient's data: who (uid, login, role), when, what action, on which case (pseudonymous).
struct Disclosure: Codable, Sendable {
    var time: String
    var seq: UInt64
    var uid: UInt32
    var user: String?
    var role: String?
    var action: String
    var outcome: String
    var purpose: String?
    /// Pseudonyms of the cases touched (`case_…`).
    var cases: [String]
    var decisionID: String?
}

/// `audit export --patient P-… --format disclosures`: the accounting of disclosures of one patient.
struct DisclosureAccounting: Codable, Sendable {
    /// The patient's pseudonym (`pt_…`), as it appears in the audit log.
    var patient: String
    var from: String?
    var to: String?
    var disclosures: [Disclosure]
    /// Distinct accessors (uid → actions).
    var accessors: [String: [String]]
}

extension APIRoutes {
    func disclosures(_ request: HTTPRequest) throws -> RouteResult {
        guard let patient = request.query["patient"] else {
            throw APIError.badRequest(code: "audit.patient_required", "the disclosures format needs --patient P-…")
        }
        let pseudonym = context.pseudonyms.pseudonym(kind: "pt", id: patient)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let from = request.query["from"].flatMap { formatter.date(from: $0) }
        let to = request.query["to"].flatMap { formatter.date(from: $0) }.map { $0.addingTimeInterval(86_400) }
        // Audit times are `YYYY-MM-DDThh:mm:ss.sssZ`: day strings compare correctly against them.
        let fromStamp = from.map { formatter.string(from: $0) }, toStamp = to.map { formatter.string(from: $0) }
        var entries: [Disclosure] = []
        var accessors: [String: Set<String>] = [:]
        try AuditReader(directory: URL(fileURLWithPath: context.configuration.auditDirectory)).forEachRecord { record in
            let e = record.event
            guard e.targets.contains(pseudonym) else { return true }
            if let fromStamp, record.time < fromStamp { return true }
            if let toStamp, record.time >= toStamp { return true }
            entries.append(Disclosure(time: record.time, seq: record.seq, uid: e.actor.uid, user: e.actor.user, role: e.actor.role,
                                      action: e.action, outcome: e.outcome.rawValue, purpose: e.purpose,
                                      cases: e.targets.filter { $0.hasPrefix("case_") }, decisionID: e.decision?.decisionID))
            accessors[String(e.actor.uid), default: []].insert(e.action)
            return true
        }
        let body = DisclosureAccounting(patient: pseudonym, from: request.query["from"], to: request.query["to"], disclosures: entries,
                                        accessors: accessors.mapValues { $0.sorted() })
        return RouteResult(response: .json(body), details: ["format": "disclosures", "records": String(entries.count)])
    }
}
