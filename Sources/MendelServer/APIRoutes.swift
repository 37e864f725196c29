import Foundation
import MendelAudit
import MendelCore
import MendelCrypto
import MendelInference
import MendelPolicy
import MendelVault
import NIOHTTP1

/// The `/v1` endpoints (documented in docs/api.md).
struct APIRoutes: Sendable {
    let context: DaemonContext

    var all: [Route] {
        [
            Route(.GET, "/v1/health", .daemonStatus, action: "daemon.health", answersWhenAuditFails: true) { _, _ in try await health() },
            Route(.GET, "/v1/whoami", .daemonStatus, action: "daemon.whoami") { _, ctx in whoami(ctx) },
            Route(.POST, "/v1/cases", .caseSubmit, action: "case.submit") { request, ctx in try await submitCase(request, ctx) },
            Route(.GET, "/v1/cases", .caseList, action: "case.list") { request, _ in try await listCases(request) },
            Route(.GET, "/v1/cases/:case", .caseRead, action: "case.read") { _, ctx in try await showCase(ctx) },
            Route(.POST, "/v1/cases/:case/analyze", .caseAnalyze, action: "case.analyze") { request, ctx in try await analyze(request, ctx) },
            Route(.GET, "/v1/cases/:case/report", .caseReport, action: "case.report") { request, ctx in try await report(request, ctx) },
            Route(.GET, "/v1/cases/:case/explain", .caseReport, action: "case.explain") { request, ctx in try await explain(request, ctx) },
            Route(.POST, "/v1/cases/:case/signoff", .caseSignoff, action: "case.signoff") { request, ctx in try await signoff(request, ctx) },
            Route(.POST, "/v1/audit/replay/:decision", .auditRead, action: "audit.replay") { _, ctx in try await replay(ctx) },
            Route(.GET, "/v1/fairness/report", .fairnessReport, action: "fairness.report") { request, _ in try await fairnessReport(request) },
            Route(.POST, "/v1/reanalyses", .caseAnalyze, action: "case.reanalyze") { request, ctx in try await startReanalysis(request, ctx) },
            Route(.GET, "/v1/reanalyses/:reanalysis", .caseAnalyze, action: "case.reanalyze.status") { _, ctx in try await reanalysisReport(ctx) },
            Route(.GET, "/v1/jobs/:job", .caseAnalyze, action: "job.status") { request, ctx in try await jobStatus(request, ctx) },
            Route(.DELETE, "/v1/jobs/:job", .caseAnalyze, action: "job.cancel") { _, ctx in try await cancelJob(ctx) },
            Route(.POST, "/v1/patients/:patient/erase", .patientErase, action: "patient.erase") { request, ctx in try await erasePatient(request, ctx) },
            Route(.POST, "/v1/keys/rotate", .keysRotate, action: "keys.rotate") { _, _ in try await rotateKeys() },
            Route(.GET, "/v1/audit/verify", .auditVerify, action: "audit.verify") { _, _ in try await verifyAudit() },
            Route(.GET, "/v1/audit/export", .auditExport, action: "audit.export") { request, _ in try await exportAudit(request) },
            Route(.GET, "/v1/audit/tail", .auditRead, action: "audit.tail") { request, _ in try await tailAudit(request) },
            Route(.GET, "/v1/kb", .daemonStatus, action: "kb.status") { _, _ in try await knowledgeStatus() },
            Route(.POST, "/v1/kb/import", .kbImport, action: "kb.import") { request, _ in try await importKnowledge(request) },
            Route(.GET, "/v1/models", .modelList, action: "model.list") { _, _ in try await listModels() },
            Route(.GET, "/v1/genes/:symbol", .caseReport, action: "gene.show") { request, ctx in try await geneCard(request, ctx) },
            Route(.GET, "/v1/policy", .policyRead, action: "policy.read") { _, _ in await policyInfo() },
            Route(.POST, "/v1/policy/reload", .policyReload, action: "policy.reload") { _, _ in try await reloadPolicy() },
        ]
    }

    // MARK: - Daemon

    func health() async throws -> RouteResult {
        let policy = await context.policies.current
        let counts = await context.jobs.counts
        let auditHealthy = await context.audit.isHealthy
        let body = API.Health(status: auditHealthy ? "ok" : "degraded", version: MendelVersion.current,
                              audit: auditHealthy ? "ok" : "failing", policyHash: policy.hash,
                              knowledgeBaseVersion: await context.knowledge.version,
                              jobsRunning: counts.running, jobsQueued: counts.queued,
                              uptimeSeconds: Date().timeIntervalSince(context.startedAt))
        return RouteResult(response: .json(body, status: auditHealthy ? .ok : .serviceUnavailable))
    }

    func whoami(_ ctx: RequestContext) -> RouteResult {
        let body = API.WhoAmI(uid: ctx.principal.uid, gid: ctx.principal.gid, pid: ctx.principal.pid, user: ctx.principal.userName,
                              roles: ctx.roles, permissions: ctx.permissions.map(\.rawValue).sorted())
        return RouteResult(response: .json(body))
    }

    // MARK: - Cases

    func submitCase(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let submission = try request.decodeJSON(API.SubmitCaseRequest.self)
        let purpose = submission.purpose ?? "diagnostic"
        guard API.SubmitCaseRequest.purposes.contains(purpose) else {
            throw APIError.badRequest(code: "case.invalid_purpose",
                                      "purpose must be one of: \(API.SubmitCaseRequest.purposes.sorted().joined(separator: ", "))")
        }
        let phenopacketBytes = Array(submission.phenopacketJSON.utf8)
        let phenopacket: Phenopacket
        do {
            phenopacket = try Phenopacket.decode(Data(phenopacketBytes))
        } catch {
            throw APIError.badRequest(code: error.code, error.description)
        }
        guard !phenopacket.observedTerms.isEmpty || !phenopacket.excludedTerms.isEmpty || submission.notes != nil else {
            throw APIError.badRequest(code: "case.no_phenotype", "the phenopacket has no valid HPO phenotypicFeatures and no notes were given")
        }
        if !phenopacket.invalidTermIDs.isEmpty {
            throw APIError.badRequest(code: "case.invalid_hpo_id",
                                      "\(phenopacket.invalidTermIDs.count) phenotypicFeatures have ids that are not HPO ids (expected HP:0000000 form)")
        }
        var vcf: [UInt8]?
        if let encoded = submission.vcfBase64 {
            guard let decoded = Data(base64Encoded: encoded) else {
                throw APIError.badRequest(code: "case.invalid_vcf_encoding", "vcfBase64 is not valid base64")
            }
            vcf = [UInt8](decoded)
        }
        let notes = submission.notes.map { Array($0.utf8) }

        let metadata = CaseMetadata(phenotypeCount: phenopacket.observedTerms.count + phenopacket.excludedTerms.count,
                                    variantCount: 0, submittedByUID: ctx.principal.uid)
        let (vault, frozenVCF) = (context.vault, vcf)
        let (patientID, caseID) = try await BlockingWork.run { () throws -> (PatientID, CaseID) in
            let patientID: PatientID
            if let mrn = submission.mrn, let existing = try vault.findPatient(mrn: mrn) {
                patientID = existing
            } else {
                patientID = try vault.createPatient(mrn: submission.mrn, displayName: submission.patientName,
                                                    dateOfBirth: submission.dateOfBirth)
            }
            let caseID = try vault.storeCase(patient: patientID, phenopacket: phenopacketBytes, notes: notes, vcf: frozenVCF, metadata: metadata)
            return (patientID, caseID)
        }
        let body = API.SubmitCaseResponse(caseID: caseID.rawValue, patientID: patientID.rawValue,
                                          observedTerms: phenopacket.observedTerms.count, excludedTerms: phenopacket.excludedTerms.count,
                                          hasNotes: notes != nil, hasVCF: vcf != nil, auditSequence: await context.audit.lastSequence)
        return RouteResult(response: .json(body, status: .created),
                           targets: context.targets(caseID: caseID.rawValue, patientID: patientID.rawValue),
                           details: ["hasVCF": String(vcf != nil), "hasNotes": String(notes != nil)],
                           recordCompletion: true, purpose: purpose)
    }

    func listCases(_ request: HTTPRequest) async throws -> RouteResult {
        let limit = min(Int(request.query["limit"] ?? "") ?? 100, 1000)
        let offset = max(Int(request.query["offset"] ?? "") ?? 0, 0)
        let cases = try context.vault.listCases(limit: limit, offset: offset).map(Self.summary)
        return RouteResult(response: .json(API.CaseList(cases: cases)))
    }

    func showCase(_ ctx: RequestContext) async throws -> RouteResult {
        let caseID = try caseID(ctx)
        let summary = try context.vault.caseSummary(caseID)
        guard let phenopacketBytes = try context.vault.document(.phenopacket, of: caseID) else { throw Self.unknownCase }
        let phenopacket = try Phenopacket.decode(Data(phenopacketBytes))
        let features = phenopacket.phenotypicFeatures ?? []
        var identity: API.Identity?
        if ctx.permissions.contains(.identityRead) {
            let stored = try context.vault.patientIdentity(summary.patient)
            identity = API.Identity(mrn: stored.mrn, name: stored.displayName, dateOfBirth: stored.dateOfBirth)
        }
        let detail = API.CaseDetail(summary: Self.summary(summary),
                                    observedTerms: features.filter { !($0.excluded ?? false) }.map(\.type),
                                    excludedTerms: features.filter { $0.excluded ?? false }.map(\.type),
                                    sex: phenopacket.subject?.sex?.rawValue, identity: identity,
                                    results: Array(Set(try context.vault.results(of: caseID).map(\.kind))).sorted())
        return RouteResult(response: .json(detail), details: identity != nil ? ["identity": "disclosed"] : [:],
                           recordCompletion: identity != nil)
    }

    func analyze(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let caseID = try caseID(ctx)
        _ = try context.vault.caseSummary(caseID) // 404 for an unknown case before a job is queued
        let analyzer = CaseAnalyzer(context: context, caseID: caseID, principal: ctx.principal, roles: ctx.roles, requestID: ctx.requestID)
        let job = try await context.jobs.submit(caseID: caseID.rawValue) { progress in try await analyzer.run(progress: progress) }
        if request.query["wait"] == "true", let events = await context.jobs.events(job.jobID) {
            let chunks = AsyncStream<[UInt8]> { continuation in
                let task = Task {
                    for await update in events {
                        if var line = try? CanonicalJSON.encode(update) {
                            line.append(UInt8(ascii: "\n"))
                            continuation.yield([UInt8](line))
                        }
                    }
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
            return RouteResult(response: .stream(status: .accepted, contentType: "application/x-ndjson", chunks: chunks),
                               details: ["job": job.jobID], recordCompletion: true)
        }
        return RouteResult(response: .json(job, status: .accepted), details: ["job": job.jobID], recordCompletion: true)
    }

    func jobStatus(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let id = ctx.parameters["job"] ?? ""
        guard let job = await context.jobs.job(id) else { throw APIError.notFound(code: "job.unknown", "no such job: \(id)") }
        return RouteResult(response: .json(job))
    }

    func cancelJob(_ ctx: RequestContext) async throws -> RouteResult {
        let id = ctx.parameters["job"] ?? ""
        guard await context.jobs.job(id) != nil else { throw APIError.notFound(code: "job.unknown", "no such job: \(id)") }
        let cancelled = await context.jobs.cancel(id)
        guard let job = await context.jobs.job(id) else { throw APIError.notFound(code: "job.unknown", "no such job: \(id)") }
        return RouteResult(response: .json(job, status: cancelled ? .accepted : .conflict), details: ["cancelled": String(cancelled)],
                           recordCompletion: true)
    }

    func report(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let caseID = try caseID(ctx)
        let format = request.query["format"] ?? "json"
        let renderer = CaseReportBuilder(context: context)
        let rendered = try await renderer.render(caseID: caseID, format: format, showIdentity: ctx.permissions.contains(.identityRead))
        return RouteResult(response: .full(status: .ok, contentType: rendered.contentType, body: rendered.body),
                           details: ["format": format])
    }

    func explain(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let caseID = try caseID(ctx)
        guard let disease = request.query["disease"], let diseaseID = DiseaseID(disease) else {
            throw APIError.badRequest(code: "explain.missing_disease", "give ?disease=OMIM:nnnnnn (or ORPHA:n)")
        }
        let explanation = try await CaseAnalyzer.explain(context: context, caseID: caseID, disease: diseaseID)
        return RouteResult(response: .json(explanation))
    }

    // MARK: - Administration

    func erasePatient(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let body = try request.decodeJSON(API.EraseRequest.self)
        guard body.reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else {
            throw APIError.badRequest(code: "erase.reason_required", "erasure needs a reason (--reason)")
        }
        guard let patient = PatientID(ctx.parameters["patient"] ?? "") else {
            throw APIError.notFound(code: "vault.unknown_patient", "no such patient")
        }
        try context.vault.erasePatient(patient)
        // The reason is free text a person typed: only its hash goes into the audit log.
        return RouteResult(response: .json(["erased": patient.rawValue]),
                           details: ["reasonSHA256": SHA256.hexHash(Array(body.reason.utf8))], recordCompletion: true)
    }

    func rotateKeys() async throws -> RouteResult {
        let directory = context.configuration.keysDirectory
        let pendingPath = directory + "/" + DaemonKeys.pendingMasterKeyFile
        let newKey = try KeyFile.create(path: pendingPath)
        do {
            try context.vault.rotateMasterKey(to: newKey)
        } catch {
            unlink(pendingPath) // the vault still uses the old key
            throw error
        }
        // The vault now needs the new key; make it the master key file (atomic rename).
        guard rename(pendingPath, directory + "/" + DaemonKeys.masterKeyFile) == 0 else {
            throw APIError.internalError(code: "keys.rename_failed",
                                         "vault re-wrapped, but \(DaemonKeys.pendingMasterKeyFile) could not replace \(DaemonKeys.masterKeyFile); the daemon will pick it up at start")
        }
        return RouteResult(response: .json(["rotated": true]), recordCompletion: true)
    }

    func verifyAudit() async throws -> RouteResult {
        try await context.audit.writeCheckpoint()
        let publicKey = context.auditPublicKey
        let report = AuditVerifier.verify(directory: URL(fileURLWithPath: context.configuration.auditDirectory), publicKey: publicKey)
        return RouteResult(response: .json(report.apiDocument, status: report.isValid ? .ok : .conflict))
    }

    func exportAudit(_ request: HTTPRequest) async throws -> RouteResult {
        if request.query["format"] == "disclosures" { return try disclosures(request) }
        let format: AuditExportFormat = request.query["format"] == "csv" ? .csv : .jsonl
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let from = request.query["from"].flatMap { formatter.date(from: $0) }
        let to = request.query["to"].flatMap { formatter.date(from: $0) }.map { $0.addingTimeInterval(86_400) }
        let target = request.query["patient"].map { context.pseudonyms.pseudonym(kind: "pt", id: $0) }
            ?? request.query["case"].map { context.pseudonyms.pseudonym(kind: "case", id: $0) }
        let text = try AuditExporter.export(directory: URL(fileURLWithPath: context.configuration.auditDirectory),
                                            filter: AuditExportFilter(from: from, to: to, target: target), format: format).text
        return RouteResult(response: .full(status: .ok, contentType: format == .csv ? "text/csv" : "application/x-ndjson",
                                           body: Array(text.utf8)),
                           details: ["format": format == .csv ? "csv" : "jsonl"])
    }

    func tailAudit(_ request: HTTPRequest) async throws -> RouteResult {
        let count = min(max(Int(request.query["n"] ?? "") ?? 20, 1), 10_000)
        let records = try AuditReader(directory: URL(fileURLWithPath: context.configuration.auditDirectory)).tail(count)
        var body: [UInt8] = []
        for record in records {
            let line = AuditTailLine(seq: record.seq, time: record.time, action: record.event.action, outcome: record.event.outcome.rawValue,
                                     code: record.event.code, uid: record.event.actor.uid, role: record.event.actor.role,
                                     targets: record.event.targets, decisionID: record.event.decision?.decisionID)
            body += (try? CanonicalJSON.encode(line)).map { [UInt8]($0) } ?? []
            body.append(UInt8(ascii: "\n"))
        }
        return RouteResult(response: .full(status: .ok, contentType: "application/x-ndjson", body: body))
    }

    func policyInfo() async -> RouteResult {
        let policy = await context.policies.current
        return RouteResult(response: .json(["hash": JSONValue.string(policy.hash),
                                            "files": .object(policy.fileHashes.mapValues { .string($0) })]))
    }

    func reloadPolicy() async throws -> RouteResult {
        switch await context.policies.reload() {
        case .success(let policy):
            return RouteResult(response: .json(["hash": policy.hash]), details: ["policyHash": policy.hash], recordCompletion: true)
        case .failure(let error):
            throw APIError(status: .unprocessableEntity, code: error.code, "policy not reloaded, the previous policy stays active: \(error.description)")
        }
    }

    // MARK: - Knowledge base

    func knowledgeStatus() async throws -> RouteResult {
        // API.KnowledgeBaseStatus fields plus the HPO snapshot version and the imported variant resources.
        RouteResult(response: .json(await context.knowledge.status()))
    }

    func importKnowledge(_ request: HTTPRequest) async throws -> RouteResult {
        let body = try request.decodeJSON(API.KnowledgeBaseImport.self)
        var files: [String: [UInt8]] = [:]
        for (name, encoded) in body.files {
            guard let data = Data(base64Encoded: encoded) else {
                throw APIError.badRequest(code: "kb.invalid_encoding", "file '\(name)' is not valid base64")
            }
            files[name] = [UInt8](data)
        }
        let manifest = try await context.knowledge.importFiles(files)
        let status = API.KnowledgeBaseStatus(state: "ready", version: manifest.version, hpoRelease: manifest.hpoRelease)
        return RouteResult(response: .json(status, status: .created),
                           details: ["kbVersion": manifest.version, "hpoRelease": manifest.hpoRelease ?? "unknown"],
                           recordCompletion: true)
    }

    // MARK: - Models

    /// Registered models with their manifest digests, each verified against its files now (a model whose
    /// files no longer match its manifest is listed as refused).
    func listModels() async throws -> RouteResult {
        let directory = await context.policies.current.models.modelDirectory
        let registry: ModelRegistry
        do {
            registry = try ModelRegistry(directory: URL(fileURLWithPath: directory))
        } catch {
            return RouteResult(response: .json(API.ModelList(directory: directory, models: [], error: error.description)))
        }
        let models = registry.models.map { manifest in
            do {
                let identity = try registry.verify(manifest.id)
                return API.ModelInfo(id: identity.id, kind: identity.kind.rawValue, digest: identity.digest, verified: true, error: nil)
            } catch {
                return API.ModelInfo(id: manifest.id, kind: manifest.kind.rawValue, digest: manifest.digest, verified: false, error: (error as? any MendelError)?.description ?? "verification failed")
            }
        }
        return RouteResult(response: .json(API.ModelList(directory: directory, models: models, error: nil)))
    }

    // MARK: - Helpers

    static let unknownCase = APIError.notFound(code: "case.unknown", "no such case")

    func caseID(_ ctx: RequestContext) throws -> CaseID {
        guard let raw = ctx.parameters["case"], let id = CaseID(raw) else { throw Self.unknownCase }
        return id
    }

    static func summary(_ stored: CaseSummary) -> API.CaseSummary {
        let formatter = ISO8601DateFormatter()
        return API.CaseSummary(caseID: stored.id.rawValue, patientID: stored.patient.rawValue,
                               createdAt: formatter.string(from: stored.created), status: stored.status.rawValue,
                               hasNotes: stored.documents.contains(.notes), hasVCF: stored.documents.contains(.vcf))
    }
}

/// One line of `audit tail`: the fields an auditor scans (no PHI is in the log in the first place).
struct AuditTailLine: Codable, Sendable {
    var seq: UInt64
    var time: String
    var action: String
    var outcome: String
    var code: String?
    var uid: UInt32
    var role: String?
    var targets: [String]
    var decisionID: String?
}
