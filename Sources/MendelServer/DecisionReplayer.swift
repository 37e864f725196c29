import Foundation
import MendelAudit
import MendelCore
import MendelCrypto
import MendelInference
import MendelVault

/// Recomputes an audited analysis decision from the case's stored inputs and compares output hashes.
///
/// The decision record names what the output depended on: input hash, knowledge-base version, model digests,
/// policy hash and software version. Replay refuses (with the reason) when any of these differs now, since a
/// different output would then say nothing about the decision; otherwise it recomputes the analysis with the
/// recorded `analysedAt` (the only value not derived from the inputs) and compares SHA-256 of the canonical JSON.
struct DecisionReplayer: Sendable {
    let context: DaemonContext

    struct Outcome: Sendable {
        var result: API.ReplayResult
        /// Pseudonymous audit targets (case, patient) of the decision.
        var targets: [String]
    }

    func replay(decisionID: String) async throws -> Outcome {
        guard decisionID.hasPrefix("D-"), decisionID.count <= 64 else {
            throw APIError.badRequest(code: "replay.invalid_decision", "a decision id looks like D-0123456789abcdef (see `mendel audit tail`)")
        }
        let directory = URL(fileURLWithPath: context.configuration.auditDirectory)
        var found: AuditRecord?
        try AuditReader(directory: directory).forEachRecord { record in
            if record.event.decision?.decisionID == decisionID { found = record; return false }
            return true
        }
        guard let record = found, let decision = record.event.decision else {
            throw APIError.notFound(code: "replay.unknown_decision", "no decision \(decisionID) in the audit log")
        }
        let policy = await context.policies.current
        let knowledge = await context.knowledge.ready()
        let currentKB: String? = if case .ready(let engines) = knowledge { engines.knowledgeBase.version } else { nil }
        let currentModels = await currentModelDigests(for: decision.modelDigests.keys.sorted())
        var result = API.ReplayResult(decisionID: decisionID, status: "refused", reason: nil, auditSequence: record.seq,
                                      recordedOutputHash: decision.outputHash, replayedOutputHash: nil, inputHash: decision.inputHash,
                                      recordedKnowledgeBaseVersion: decision.knowledgeBaseVersion, currentKnowledgeBaseVersion: currentKB,
                                      recordedPolicyHash: decision.policyHash, currentPolicyHash: policy.hash,
                                      recordedModelDigests: decision.modelDigests, currentModelDigests: currentModels)
        if let reason = Self.refusal(decision: decision, currentKB: currentKB, currentPolicyHash: policy.hash, currentModels: currentModels,
                                     currentSoftware: MendelVersion.current) {
            result.reason = reason
            return Outcome(result: result, targets: record.event.targets)
        }
        guard let caseID = try findCase(targets: record.event.targets) else {
            result.reason = "the decision's case is no longer in the vault (erased)"
            return Outcome(result: result, targets: record.event.targets)
        }
        let inputs = try CaseAnalyzer.loadInputs(context: context, caseID: caseID)
        guard inputs.inputHash == decision.inputHash else {
            result.reason = "the case's stored inputs no longer hash to the decision's input hash"
            return Outcome(result: result, targets: record.event.targets)
        }
        guard let analysedAt = try storedAnalysisTime(caseID: caseID, outputHash: decision.outputHash) else {
            result.reason = "the analysis stored with this decision is no longer in the vault"
            return Outcome(result: result, targets: record.event.targets)
        }
        let replayed = try await CaseAnalyzer.compute(inputs, caseID: caseID, analysedAt: analysedAt, policy: policy,
                                                      knowledge: knowledge, progress: nil)
        let hash = SHA256.hexHash([UInt8](try CanonicalJSON.encode(replayed)))
        result.replayedOutputHash = hash
        result.status = hash == decision.outputHash ? "identical" : "different"
        if hash != decision.outputHash { result.reason = "the recomputed output differs from the recorded one" }
        return Outcome(result: result, targets: record.event.targets)
    }

    /// Why a decision cannot be replayed under the current configuration; nil when it can.
    static func refusal(decision: DecisionRecord, currentKB: String?, currentPolicyHash: String, currentModels: [String: String],
                        currentSoftware: String) -> String? {
        if decision.knowledgeBaseVersion != currentKB {
            return "knowledge base differs: the decision used \(decision.knowledgeBaseVersion ?? "none"), the daemon has \(currentKB ?? "none") loaded"
        }
        for (model, digest) in decision.modelDigests.sorted(by: { $0.key < $1.key }) where currentModels[model] != digest {
            return "model digest differs for \(model): the decision used \(digest), the registry has \(currentModels[model] ?? "no such model")"
        }
        if let recorded = decision.policyHash, recorded != currentPolicyHash {
            return "policy differs: the decision was made under policy \(recorded), the active policy is \(currentPolicyHash)"
        }
        if let software = decision.parameters["software"], software != currentSoftware {
            return "software version differs: the decision was made by \(software), this daemon is \(currentSoftware)"
        }
        return nil
    }

    /// Digests of the named models as the registry verifies them now (a model that fails verification is absent).
    func currentModelDigests(for ids: [String]) async -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let directory = await context.policies.current.models.modelDirectory
        guard let registry = try? ModelRegistry(directory: URL(fileURLWithPath: directory)) else { return [:] }
        var out: [String: String] = [:]
        for id in ids { if let identity = try? registry.verify(id) { out[id] = identity.digest } }
        return out
    }

    /// The case whose pseudonym is among the targets.
    func findCase(targets: [String]) throws -> CaseID? {
        let wanted = Set(targets)
        var offset = 0
        while true {
            let page = try context.vault.listCases(limit: 500, offset: offset)
            if let match = page.first(where: { wanted.contains(context.pseudonyms.pseudonym(kind: "case", id: $0.id.rawValue)) }) {
                return match.id
            }
            if page.count < 500 { return nil }
            offset += 500
        }
    }

    /// `analysedAt` of the stored analysis whose canonical bytes hash to the decision's output hash.
    func storedAnalysisTime(caseID: CaseID, outputHash: String) throws -> String? {
        for summary in try context.vault.results(of: caseID) where summary.kind == CaseAnalyzer.resultKind {
            guard let bytes = try context.vault.result(summary.id, of: caseID), SHA256.hexHash(bytes) == outputHash else { continue }
            return (try? JSONDecoder().decode(CaseAnalysis.self, from: Data(bytes)))?.analysedAt
        }
        return nil
    }
}
