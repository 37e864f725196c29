import Foundation
import MendelAudit
import MendelCore
import MendelCrypto
import MendelPolicy
import MendelVault

/// The daemon's shared state: every request handler and job works through this.
public final class DaemonContext: Sendable {
    public let configuration: ServerConfiguration
    public let vault: Vault
    public let audit: AuditLog
    public let pseudonyms: Pseudonymizer
    public let policies: PolicyStore
    public let jobs: JobQueue
    public let knowledge: KnowledgeService
    /// The audit signing key's public half, for `audit verify` through the daemon.
    public let auditPublicKey: Ed25519PublicKey
    public let startedAt = Date()
    /// Reports of reanalysis jobs (`mendel reanalyze`).
    let reanalyses = ReanalysisStore()

    init(configuration: ServerConfiguration, vault: Vault, audit: AuditLog, pseudonyms: Pseudonymizer,
         policies: PolicyStore, jobs: JobQueue, knowledge: KnowledgeService, auditPublicKey: Ed25519PublicKey) {
        self.configuration = configuration
        self.vault = vault
        self.audit = audit
        self.pseudonyms = pseudonyms
        self.policies = policies
        self.jobs = jobs
        self.knowledge = knowledge
        self.auditPublicKey = auditPublicKey
    }

    /// Pseudonymous audit targets for a case and/or patient id (`case_…`, `pt_…`).
    func targets(caseID: String? = nil, patientID: String? = nil) -> [String] {
        var result: [String] = []
        if let patientID { result.append(pseudonyms.pseudonym(kind: "pt", id: patientID)) }
        if let caseID { result.append(pseudonyms.pseudonym(kind: "case", id: caseID)) }
        return result
    }

    /// Appends one audit line and returns its sequence number. Throws if the line could not be made
    /// durable: callers must then not perform (or not report) the action — fail closed.
    @discardableResult
    func record(action: String, principal: Principal, roles: [String], outcome: AuditOutcome, code: String? = nil,
                requestID: String, targets: [String] = [], purpose: String? = nil, details: [String: String] = [:],
                decision: DecisionRecord? = nil) async throws -> UInt64 {
        let policyHash = await policies.current.hash
        let event = AuditEvent(
            actor: AuditActor(uid: principal.uid, gid: principal.gid, pid: principal.pid, user: principal.userName,
                              role: roles.isEmpty ? nil : roles.joined(separator: ",")),
            action: action, targets: targets, purpose: purpose, outcome: outcome, code: code,
            requestID: requestID, policyHash: policyHash, decision: decision, details: details)
        return try await audit.append(event).seq
    }
}
