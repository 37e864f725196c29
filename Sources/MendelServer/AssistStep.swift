import Foundation
import MendelAudit
import MendelCore
import MendelCrypto
import MendelDiagnosis
import MendelInference
import MendelKnowledge
import MendelPolicy
import MendelReports
import MendelVault

/// The LLM-assisted step of `case analyze`: gene cards from the knowledge base, and, when
/// `models.yaml` `assist.enabled` is on, a grounded differential, narrative and gene summaries from the
/// configured backend. Fail safe: a missing model, a refused endpoint or a failing call never fails the
/// analysis; the step says why it was skipped. Every model call gets its own audit decision record
/// (request/response hashes, model id + digest, template digest, backend).
struct AssistStep: Sendable {
    static let resultKind = "assist"

    struct Outcome: Sendable {
        var step: AnalysisStep
        var trace: [TraceEntry]
        /// Model id → digest for the analysis provenance.
        var modelDigests: [String: String]
        var section: AssistReportSection
        var calls: [LLMCallRecord]
        /// Rank fusion to apply to the analysis (policy `fusion: rrf` only).
        var fusion: [FusedRank]?
    }

    let context: DaemonContext
    let engines: KnowledgeEngines
    let policy: PolicySet

    /// Runs the step for an analysed case; `patient` is used only to redact free text, never sent anywhere.
    func run(analysis: CaseAnalysis, patient: PatientID?) async -> Outcome {
        let assist = policy.models.assist
        let cards = GeneCardBuilder(knowledgeBase: engines.knowledgeBase,
                                    loeuf: { [knowledge = engines.genotypeRanker.variantKnowledge] in knowledge.context(for: $0)?.loeuf },
                                    go: engines.goAnnotations(fallback: GOStore.shared.annotations(stateRoot: context.configuration.knowledgeBaseDirectory)))
        var configuration = AssistConfiguration()
        configuration.maxCandidates = assist.maxCandidates
        configuration.maxDifferential = assist.maxDifferential
        configuration.maxGeneCards = assist.geneCards
        configuration.geneSummaries = assist.geneSummaries
        configuration.maxTokens = assist.maxTokens
        configuration.seed = UInt64(assist.seed)
        configuration.fusionWeight = assist.fusion == .rrf ? assist.fusionWeight : nil
        let redact = redactor(patient: patient)

        var skipReason: String?
        var backend: (any ChatBackend)?
        var templates: AssistTemplates?
        if !assist.enabled {
            skipReason = "disabled by policy (models.yaml assist.enabled: false); gene cards from the knowledge base only"
        } else {
            do {
                templates = try AssistTemplates.load(directory: URL(fileURLWithPath: context.configuration.policiesDirectory).appendingPathComponent("prompts"))
                backend = try await makeBackend(assist)
            } catch let error as any MendelError {
                skipReason = "model step skipped: \(error.description)"
            } catch {
                skipReason = "model step skipped: \(type(of: error))"
            }
        }
        let pipeline = AssistPipeline(knowledgeBase: engines.knowledgeBase, backend: skipReason == nil ? backend : nil,
                                      templates: skipReason == nil ? templates : nil, cards: cards, configuration: configuration, redact: redact)
        let result = await pipeline.run(analysis: analysis)

        var trace = result.trace
        let status: String, detail: String
        if let skipReason {
            status = "skipped"
            detail = skipReason + " (\(result.geneCards.count) gene cards)"
            trace.append(TraceEntry(component: "assist", event: "skip", rule: assist.enabled ? "fail_safe" : "policy", message: skipReason))
        } else if !result.calls.isEmpty, result.calls.allSatisfy({ $0.error != nil }) {
            status = "skipped"
            detail = "every model call failed (\(Set(result.calls.compactMap(\.error)).sorted().joined(separator: ", "))); the knowledge-base ranking stands"
        } else {
            status = "done"
            let dropped = result.ungrounded.count
            detail = "\(result.differential.count) grounded differential entries, \(result.narrative.filter(\.grounded).count) grounded narrative sentences, \(dropped) ungrounded claims withheld, \(result.geneCards.count) gene cards, \(result.calls.count) model calls"
                + (result.fusion != nil ? "; rank fusion applied (rrf, weight \(assist.fusionWeight))" : "; knowledge-base ranking authoritative")
        }
        var digests: [String: String] = [:]
        if let backend, skipReason == nil { digests[backend.modelID] = backend.modelDigest ?? "endpoint:\((result.calls.first?.endpoint) ?? "unknown")" }
        let section = Self.section(result, status: status, detail: detail, backend: skipReason == nil ? backend : nil, knowledgeBase: engines.knowledgeBase,
                                   analysis: analysis, redact: redact, configuration: configuration)
        return Outcome(step: AnalysisStep(name: "assist", status: status, detail: detail), trace: trace, modelDigests: digests,
                       section: section, calls: result.calls, fusion: result.fusion)
    }

    /// The configured backend, or an error saying why there is none.
    func makeBackend(_ assist: AssistPolicy) async throws -> any ChatBackend {
        switch assist.backend ?? policy.models.defaultBackend {
        case .embedded:
            let directory = URL(fileURLWithPath: policy.models.modelDirectory)
            let generator = try await ModelCache.shared.decoder(directory: directory, id: assist.model)
            return EmbeddedChatBackend(generator: generator)
        case .endpoint:
            guard let base = assist.endpoint ?? policy.models.allowedEndpoints.first else {
                throw ChatBackendError.endpointNotAllowed(endpoint: "(none configured)")
            }
            return try OpenAIChatClient(baseURL: base, allowedEndpoints: policy.models.allowedEndpoints, model: assist.model,
                                        timeoutSeconds: assist.timeoutSeconds, maxRetries: assist.maxRetries, stream: assist.stream,
                                        schemaStyle: ChatRequest.SchemaStyle(rawValue: assist.responseFormat) ?? .jsonSchema)
        }
    }

    /// Free text that could reach a prompt goes through the de-identifier (names and record ids of the
    /// patient, dates, contacts, …). Without the patient record, pattern rules still apply.
    func redactor(patient: PatientID?) -> @Sendable (String) -> String {
        let privacy = policy.privacy.deidentification
        let deidPolicy = DeidentificationPolicy(names: privacy.names, dates: privacy.dates, identifiers: privacy.identifiers,
                                                contacts: privacy.contacts, locations: privacy.locations, agesOver89: privacy.agesOver89)
        let key = (try? KeyFile.load(path: context.configuration.keysDirectory + "/" + DaemonKeys.pseudonymKeyFile))
            .flatMap { try? Deidentifier.deriveDateShiftKey(from: $0) }
        guard let key else { return { _ in "[REDACTED]" } }  // no key: nothing free-text passes
        // Census name lists (filtered against HPO words so eponyms survive) add recall for names without context.
        let gazetteer = context.configuration.nameListsDirectory.map {
            NameGazetteer.cached(namesDirectory: $0, hpoDirectory: context.configuration.knowledgeBaseDirectory)
        } ?? .empty
        let deidentifier = Deidentifier(dateShiftKey: key, policy: deidPolicy, gazetteer: gazetteer)
        var identity = MendelInference.PatientIdentity(pseudonym: patient?.rawValue ?? "unknown", fullName: nil)
        if let patient, let stored = try? context.vault.patientIdentity(patient) {
            identity = MendelInference.PatientIdentity(pseudonym: patient.rawValue, fullName: stored.displayName,
                                                       identifiers: [stored.mrn].compactMap { $0 })
        }
        let frozen = identity
        return { text in deidentifier.deidentify(text, patient: frozen).text }
    }

    /// Records one audit decision per model call (fail closed: an unrecorded call fails the analysis).
    static func audit(_ calls: [LLMCallRecord], trace: [TraceEntry], context: DaemonContext, principal: Principal, roles: [String],
                      requestID: String, targets: [String], knowledgeBaseVersion: String?, policyHash: String) async throws -> [UInt64] {
        var sequences: [UInt64] = []
        let traceHash = SHA256.hexHash([UInt8]((try? CanonicalJSON.encode(trace)) ?? Data()))
        for call in calls {
            var parameters = ["purpose": call.purpose, "backend": call.backend, "model": call.model, "template": call.template,
                              "templateDigest": call.templateDigest, "temperature": String(call.temperature), "seed": String(call.seed),
                              "parsed": String(call.parsed), "software": MendelVersion.current]
            if let endpoint = call.endpoint { parameters["endpoint"] = endpoint }
            if let finish = call.finishReason { parameters["finishReason"] = finish }
            if let error = call.error { parameters["error"] = error }
            if let attempts = call.attempts { parameters["attempts"] = String(attempts) }
            let decision = DecisionRecord(
                decisionID: "D-" + (try SecureRandom.bytes(8)).hexString, inputHash: call.requestHash,
                outputHash: call.responseHash ?? "none", traceHash: traceHash, knowledgeBaseVersion: knowledgeBaseVersion,
                modelDigests: [call.model: call.modelDigest ?? "endpoint:\(call.endpoint ?? "unknown")"], policyHash: policyHash,
                parameters: parameters)
            sequences.append(try await context.record(action: "case.assist.llm", principal: principal, roles: roles,
                                                      outcome: call.error == nil ? .allowed : .error, code: call.error,
                                                      requestID: requestID, targets: targets, decision: decision))
        }
        return sequences
    }

    /// Maps the library outcome into the report's engine-neutral section.
    static func section(_ result: AssistOutcome, status: String, detail: String, backend: (any ChatBackend)?, knowledgeBase: KnowledgeBase,
                        analysis: CaseAnalysis, redact: (String) -> String, configuration: AssistConfiguration) -> AssistReportSection {
        func sentence(_ s: NarrativeSentence) -> AssistReportSection.Sentence {
            .init(text: s.grounded ? s.text : "", evidence: s.evidence, grounded: s.grounded, issues: s.issues.map(\.description))
        }
        let fusedRank = Dictionary((result.fusion ?? []).map { ($0.diseaseID, $0.fusedRank) }, uniquingKeysWith: { a, _ in a })
        let evidence = result.calls.isEmpty ? [] : AssistCase.build(analysis: analysis, knowledgeBase: knowledgeBase,
                                                                    maxCandidates: configuration.maxCandidates, redact: redact).evidence.map(\.text)
        let model = backend.map { "\($0.modelID) (\($0.kind)" + ($0.modelDigest.map { ", sha256 \($0)" } ?? "") + ")" }
        return AssistReportSection(
            status: status, detail: detail, model: model, evidence: evidence,
            narrative: result.narrative.map(sentence),
            differential: result.differential.map {
                .init(modelRank: $0.modelRank, diseaseID: $0.diseaseID, name: $0.name, kbRank: $0.kbRank, fusedRank: fusedRank[$0.diseaseID],
                      evidence: $0.evidence, rationale: $0.rationale)
            },
            withheld: result.ungrounded.map { .init(section: $0.section, index: $0.index, claimed: $0.claimed, issues: $0.issues.map(\.description)) },
            fusion: result.fusionWeight.map { weight in
                let moved = (result.fusion ?? []).filter { $0.fusedRank != $0.kbRank }.prefix(10)
                    .map { "\($0.diseaseID) KB \($0.kbRank) → \($0.fusedRank)" }
                return "Policy-enabled rank fusion (reciprocal-rank fusion, k = 60, weight \(weight)) of the knowledge-base ranking with the grounded model differential: "
                    + (moved.isEmpty ? "no disease moved." : moved.joined(separator: "; ") + ". The stored analysis keeps the knowledge-base ranking.")
            },
            geneCards: result.geneCards.map(cardView), templates: result.templates)
    }

    static func cardView(_ card: GeneCard) -> AssistReportSection.GeneCardView {
        .init(symbol: card.symbol,
              diseases: card.diseases.map { "\($0.id) \($0.name)" + ($0.inheritance.isEmpty ? "" : " (\($0.inheritance.joined(separator: ", ")))") },
              characteristicPhenotypes: card.characteristicPhenotypes.map { "\($0.term) \($0.label)" },
              explainedPhenotypes: card.explainedPhenotypes.map { "\($0.term) \($0.label)" },
              unexplainedPhenotypes: card.unexplainedPhenotypes.map { "\($0.term) \($0.label)" },
              loeuf: card.loeuf,
              goTerms: GeneCardBuilder.goAspectOrder.compactMap { aspect in
                  let terms = card.goTerms.filter { $0.aspect == aspect }
                  return terms.isEmpty ? nil : GeneCardBuilder.goAspectLabel(aspect) + ": " + terms.map(GeneCardBuilder.goTermText).joined(separator: "; ")
              },
              facts: card.facts.map { "\($0.id) \($0.text)" },
              summary: card.summary.map { .init(text: $0.grounded ? $0.text : "", evidence: $0.evidence, grounded: $0.grounded, issues: $0.issues.map(\.description)) },
              summaryNote: card.summaryNote)
    }
}

/// Verified decoders kept for the daemon's lifetime (verification hashes the weights once per model).
actor ModelCache {
    static let shared = ModelCache()
    private var decoders: [String: TextGenerator] = [:]

    func decoder(directory: URL, id: String) throws -> TextGenerator {
        let key = directory.path + "\u{0}" + id
        if let cached = decoders[key] { return cached }
        let generator = try ModelRegistry(directory: directory).loadDecoder(id)
        decoders[key] = generator
        return generator
    }
}

/// GO annotations for gene cards: `go/goa_human.gaf` (and optional `go/go-basic.obo` for names) under
/// the knowledge-base directory, loaded once; absent files mean no GO terms on the cards.
final class GOStore: @unchecked Sendable {
    static let shared = GOStore()
    private let lock = NSLock()
    private var loaded: [String: GOAnnotations?] = [:]

    func annotations(stateRoot: String?) -> GOAnnotations? {
        guard let stateRoot else { return nil }
        lock.lock(); defer { lock.unlock() }
        if let cached = loaded[stateRoot] { return cached }
        let folder = URL(fileURLWithPath: stateRoot).appendingPathComponent("go")
        var result: GOAnnotations?
        for name in ["goa_human.gaf", "annotations.gaf"] {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            let names = FileManager.default.contents(atPath: folder.appendingPathComponent("go-basic.obo").path)
                .map { GOAnnotations.termNames(obo: [UInt8]($0)) } ?? [:]
            result = try? GOAnnotations.parse(gaf: [UInt8](data), fileName: name, termNames: names)
            break
        }
        loaded[stateRoot] = result
        return result
    }
}

/// What is stored (encrypted, result kind `assist`) after the analysis: the report section plus the
/// step's trace and call records, tied to the analysis decision it was made for.
struct StoredAssist: Codable, Sendable {
    var analysisDecisionID: String?
    var step: AnalysisStep
    var section: AssistReportSection
    var trace: [TraceEntry]
    var calls: [LLMCallRecord]
    var modelDigests: [String: String]
}

extension AssistStep {
    /// Runs after the analysis decision is recorded and stored, so the knowledge-base analysis stays a
    /// replayable decision of its own. Model calls are audited first (fail closed: an unaudited answer is
    /// never stored); nothing here can fail the analysis.
    static func runAndStore(after analysis: CaseAnalysis, receipt: CaseAnalyzer.DecisionReceipt?, context: DaemonContext, caseID: CaseID,
                            principal: Principal, roles: [String], requestID: String, progress: JobProgress?) async {
        await progress?.report("assisted interpretation", 0.96)
        let policy = await context.policies.current
        let outcome: Outcome
        let summary = try? context.vault.caseSummary(caseID)
        if case .ready(let engines) = await context.knowledge.ready() {
            outcome = await AssistStep(context: context, engines: engines, policy: policy).run(analysis: analysis, patient: summary?.patient)
        } else {
            let detail = "no knowledge base loaded; nothing to ground a model answer against"
            outcome = Outcome(step: AnalysisStep(name: "assist", status: "skipped", detail: detail),
                              trace: [TraceEntry(component: "assist", event: "skip", rule: "no_kb", message: detail)],
                              modelDigests: [:], section: AssistReportSection(status: "skipped", detail: detail), calls: [], fusion: nil)
        }
        var section = outcome.section
        do {
            let targets = context.targets(caseID: caseID.rawValue, patientID: summary?.patient.rawValue)
            let sequences = try await audit(outcome.calls, trace: outcome.trace, context: context, principal: principal, roles: roles,
                                            requestID: requestID, targets: targets,
                                            knowledgeBaseVersion: analysis.trace.provenance.knowledgeBaseVersion, policyHash: policy.hash)
            section.auditSequence = sequences.last
            let stored = StoredAssist(analysisDecisionID: receipt?.decisionID, step: outcome.step, section: section, trace: outcome.trace,
                                      calls: outcome.calls, modelDigests: outcome.modelDigests)
            let bytes = [UInt8](try CanonicalJSON.encode(stored))
            let vault = context.vault
            try await BlockingWork.run { _ = try vault.storeResult(case: caseID, kind: resultKind, payload: bytes) }
        } catch {
            return  // not audited or not stored: the assisted output is dropped; the analysis stands
        }
    }

    /// The stored assisted output of the case's current analysis, if any.
    static func stored(vault: Vault, caseID: CaseID, decisionID: String?) -> StoredAssist? {
        guard let bytes = try? vault.latestResult(case: caseID, kind: resultKind),
              let stored = try? JSONDecoder().decode(StoredAssist.self, from: Data(bytes)),
              stored.analysisDecisionID == decisionID else { return nil }
        return stored
    }

    /// Fills the report's LLM narrative slot from the stored assisted output.
    static func attach(to report: inout ReportContext, vault: Vault, caseID: CaseID, decisionID: String?) {
        guard let stored = stored(vault: vault, caseID: caseID, decisionID: decisionID) else { return }
        report.narrativeHTML = AssistSections.html(stored.section)
        report.narrativeMarkdown = AssistSections.markdown(stored.section)
        if let sequence = stored.section.auditSequence { report.auditSequences.append(sequence) }
    }
}

extension APIRoutes {
    /// `GET /v1/genes/:symbol[?case=C-…]`: the gene card of a knowledge-base gene. With a case, the card
    /// says which of the case's observed phenotypes the gene explains, and carries the grounded model
    /// summary stored by the case's latest analysis when there is one.
    func geneCard(_ request: HTTPRequest, _ ctx: RequestContext) async throws -> RouteResult {
        let symbol = ctx.parameters["symbol"] ?? ""
        guard case .ready(let engines) = await context.knowledge.ready() else {
            throw APIError.unavailable(code: "kb.unavailable", "no knowledge base is loaded")
        }
        var observed: [HPOTermID] = []
        var targets: [String] = []
        if let raw = request.query["case"] {
            guard let caseID = CaseID(raw) else { throw Self.unknownCase }
            let summary = try context.vault.caseSummary(caseID)
            targets = context.targets(caseID: caseID.rawValue, patientID: summary.patient.rawValue)
            let receipt = try context.vault.latestResult(case: caseID, kind: CaseAnalyzer.receiptKind)
                .flatMap { try? JSONDecoder().decode(CaseAnalyzer.DecisionReceipt.self, from: Data($0)) }
            if let stored = AssistStep.stored(vault: context.vault, caseID: caseID, decisionID: receipt?.decisionID),
               let card = stored.section.geneCards.first(where: { $0.symbol.uppercased() == symbol.uppercased() }) {
                return RouteResult(response: .json(card), targets: targets, details: ["source": "stored"])
            }
            if let bytes = try context.vault.latestResult(case: caseID, kind: CaseAnalyzer.resultKind),
               let analysis = try? JSONDecoder().decode(CaseAnalysis.self, from: Data(bytes)) {
                observed = analysis.phenotypes.filter { !$0.excluded }.compactMap { HPOTermID($0.term) }
            } else if let bytes = try context.vault.document(.phenopacket, of: caseID) {
                observed = try Phenopacket.decode(Data(bytes)).observedTerms
            }
        }
        let builder = GeneCardBuilder(knowledgeBase: engines.knowledgeBase,
                                      loeuf: { [knowledge = engines.genotypeRanker.variantKnowledge] in knowledge.context(for: $0)?.loeuf },
                                      go: engines.goAnnotations(fallback: GOStore.shared.annotations(stateRoot: context.configuration.knowledgeBaseDirectory)))
        guard let card = builder.card(symbol: symbol, observed: observed) else {
            throw APIError.notFound(code: "kb.unknown_gene", "the gene is not in the knowledge base (HGNC symbol expected)")
        }
        return RouteResult(response: .json(AssistStep.cardView(card)), targets: targets, details: ["source": "kb"])
    }
}
