import Foundation
import MendelCore
import MendelPolicy
import MendelVault

/// Finished reanalysis reports, by reanalysis id (kept in memory until the daemon stops; the decisions and new
/// analyses themselves are in the audit log and the vault).
actor ReanalysisStore {
    private var reports: [String: API.ReanalysisReport] = [:]
    private var jobs: [String: String] = [:]

    func register(_ id: String, job: String) { jobs[id] = job }
    func store(_ id: String, _ report: API.ReanalysisReport) { reports[id] = report }
    func report(_ id: String) -> API.ReanalysisReport? { reports[id] }
    func job(_ id: String) -> String? { jobs[id] }
}

/// Re-runs stored cases against the loaded knowledge base (after `mendel kb import`). Every re-run is a new audited
/// decision (purpose `reanalysis`) stored as the case's current analysis; the report lists the cases whose top
/// diagnosis or any reported variant class changed, with before/after and why.
struct Reanalyzer: Sendable {
    let context: DaemonContext
    let principal: Principal
    let roles: [String]
    let requestID: String

    func run(id: String, changedOnly: Bool, progress: JobProgress) async throws -> API.ReanalysisReport {
        let knowledge = await context.knowledge.ready()
        guard case .ready(let engines) = knowledge else {
            throw APIError.unavailable(code: "kb.unavailable", "no knowledge base is loaded; import one first (`mendel kb import`)")
        }
        let currentKB = engines.knowledgeBase.version
        var cases: [CaseSummary] = []
        var offset = 0
        while true {
            let page = try context.vault.listCases(limit: 500, offset: offset)
            cases += page
            if page.count < 500 { break }
            offset += 500
        }
        var report = API.ReanalysisReport(jobID: id, knowledgeBaseVersion: currentKB, casesChecked: 0, casesSkipped: 0, casesFailed: 0, changed: [])
        for (index, item) in cases.enumerated() {
            try Task.checkCancellation()
            await progress.report("case \(index + 1) of \(cases.count)", Double(index) / Double(max(cases.count, 1)))
            guard let stored = try context.vault.latestResult(case: item.id, kind: CaseAnalyzer.resultKind),
                  let before = try? JSONDecoder().decode(CaseAnalysis.self, from: Data(stored)) else { continue }
            if changedOnly && before.trace.provenance.knowledgeBaseVersion == currentKB {
                report.casesSkipped += 1
                continue
            }
            report.casesChecked += 1
            do {
                let inputs = try CaseAnalyzer.loadInputs(context: context, caseID: item.id)
                let after = try await CaseAnalyzer.compute(inputs, caseID: item.id, analysedAt: CaseAnalyzer.timestamp(),
                                                           policy: await context.policies.current, knowledge: knowledge, progress: nil)
                let analyzer = CaseAnalyzer(context: context, caseID: item.id, principal: principal, roles: roles, requestID: requestID)
                let receipt = try await analyzer.recordAndStore(after, inputs: inputs, progress: nil, purpose: "reanalysis")
                if var change = Self.compare(before: before, after: after) {
                    change.decisionID = receipt.decisionID
                    report.changed.append(change)
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                report.casesFailed += 1
            }
        }
        return report
    }

    /// Before/after of one case; nil when neither the top diagnosis nor any reported variant class changed.
    static func compare(before: CaseAnalysis, after: CaseAnalysis) -> API.ReanalysisChange? {
        let topBefore = before.diagnoses.first, topAfter = after.diagnoses.first
        let topChanged = topBefore?.diseaseID != topAfter?.diseaseID
        let beforeVariants = Dictionary(before.variants.map { ($0.variant, $0) }, uniquingKeysWith: { a, _ in a })
        let afterVariants = Dictionary(after.variants.map { ($0.variant, $0) }, uniquingKeysWith: { a, _ in a })
        var variantChanges: [API.VariantClassChange] = []
        for key in Set(beforeVariants.keys).union(afterVariants.keys).sorted() {
            let b = beforeVariants[key], a = afterVariants[key]
            guard b?.classification != a?.classification else { continue }
            variantChanges.append(API.VariantClassChange(variant: key, gene: a?.gene ?? b?.gene, before: b?.classification, after: a?.classification,
                                                         criteriaBefore: met(b), criteriaAfter: met(a)))
        }
        guard topChanged || !variantChanges.isEmpty else { return nil }
        var why: [String] = []
        let kbBefore = before.trace.provenance.knowledgeBaseVersion, kbAfter = after.trace.provenance.knowledgeBaseVersion
        if kbBefore != kbAfter { why.append("knowledge base \(kbBefore ?? "none") → \(kbAfter ?? "none")") }
        if topChanged {
            if let old = topBefore {
                let now = after.diagnoses.first { $0.diseaseID == old.diseaseID }
                why.append("\(old.diseaseID) (previous top): rank 1 → \(now.map { String($0.rank) } ?? "not in the top \(after.diagnoses.count)"), log10 LR \(fmt(old.score)) → \(now.map { fmt($0.score) } ?? "-")")
            }
            if let new = topAfter {
                let then = before.diagnoses.first { $0.diseaseID == new.diseaseID }
                why.append("\(new.diseaseID) (new top): rank \(then.map { String($0.rank) } ?? "not in the top \(before.diagnoses.count)") → 1, log10 LR \(then.map { fmt($0.score) } ?? "-") → \(fmt(new.score))")
                why += contributionChanges(then?.contributions ?? [], new.contributions).prefix(5).map { "\(new.diseaseID): \($0)" }
            }
        }
        for change in variantChanges {
            let added = change.criteriaAfter.filter { !change.criteriaBefore.contains($0) }
            let removed = change.criteriaBefore.filter { !change.criteriaAfter.contains($0) }
            why.append("\(change.gene ?? "-") \(change.variant): \(change.before ?? "not reported") → \(change.after ?? "not reported (benign side)")"
                       + (added.isEmpty ? "" : "; now met: \(added.joined(separator: ", "))")
                       + (removed.isEmpty ? "" : "; no longer met: \(removed.joined(separator: ", "))"))
        }
        return API.ReanalysisChange(caseID: after.caseID, knowledgeBaseBefore: kbBefore, knowledgeBaseAfter: kbAfter,
                                    topBefore: topBefore?.diseaseID, topAfter: topAfter?.diseaseID, topChanged: topChanged,
                                    variantChanges: variantChanges, why: why, decisionID: nil)
    }

    static func met(_ variant: ClassifiedVariant?) -> [String] {
        (variant?.criteria ?? []).filter { $0.status == "met" }.map(\.displayName)
    }

    /// Evidence items whose log10 LR changed most (or that appeared/disappeared).
    static func contributionChanges(_ before: [EvidenceContribution], _ after: [EvidenceContribution]) -> [String] {
        func key(_ c: EvidenceContribution) -> String { c.kind + " " + c.item }
        let b = Dictionary(before.map { (key($0), $0.log10LR) }, uniquingKeysWith: { x, _ in x })
        let a = Dictionary(after.map { (key($0), $0.log10LR) }, uniquingKeysWith: { x, _ in x })
        let changes = Set(b.keys).union(a.keys).compactMap { k -> (String, Double)? in
            let delta = (a[k] ?? 0) - (b[k] ?? 0)
            guard abs(delta) > 1e-6 else { return nil }
            return ("\(k) log10 LR \(b[k].map(fmt) ?? "absent") → \(a[k].map(fmt) ?? "absent")", abs(delta))
        }
        return changes.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
    }

    static func fmt(_ v: Double) -> String { v.isFinite ? String((v * 100).rounded() / 100) : "n/a" }
}

extension APIRoutes {
    /// `POST /v1/reanalyses?changed=true`: queues the reanalysis job; `GET /v1/reanalyses/R-…` returns its report.
    func startReanalysis(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let changedOnly = request.query["changed"] != "false"
        let id = "R-" + UUID().uuidString.prefix(8).lowercased()
        let reanalyzer = Reanalyzer(context: context, principal: ctx.principal, roles: ctx.roles, requestID: ctx.requestID)
        let store = context.reanalyses
        let job = try await context.jobs.submit(caseID: id) { progress in
            let report = try await reanalyzer.run(id: id, changedOnly: changedOnly, progress: progress)
            await store.store(id, report)
        }
        await store.register(id, job: job.jobID)
        return RouteResult(response: .json(["reanalysisID": id, "jobID": job.jobID], status: .accepted),
                           details: ["reanalysis": id, "job": job.jobID, "changedOnly": String(changedOnly)], recordCompletion: true,
                           purpose: "reanalysis")
    }

    func reanalysisReport(_ ctx: RequestContext) async throws -> RouteResult {
        let id = ctx.parameters["reanalysis"] ?? ""
        if let report = await context.reanalyses.report(id) { return RouteResult(response: .json(report)) }
        guard let jobID = await context.reanalyses.job(id), let job = await context.jobs.job(jobID) else {
            throw APIError.notFound(code: "reanalysis.unknown", "no such reanalysis")
        }
        return RouteResult(response: .json(job, status: .accepted))
    }
}
