import Foundation
import MendelCore
import MendelInference
import MendelKnowledge

/// Settings of the assisted step (from `Policies/models.yaml` `assist:`).
public struct AssistConfiguration: Sendable, Hashable {
    public var maxCandidates = 8
    public var maxDifferential = 3
    public var maxNarrative = 3
    public var maxGeneCards = 5
    /// Gene cards that also get a model-written summary (the first N cards).
    public var geneSummaries = 3
    public var maxTokens = 640
    public var geneSummaryMaxTokens = 240
    /// 0 = greedy; otherwise seeded sampling.
    public var temperature = 0.0
    public var seed: UInt64 = 0
    /// Reciprocal-rank fusion weight; nil = the knowledge-base ranking stays as it is.
    public var fusionWeight: Double?

    public init() {}
}

/// The templates the step uses.
public struct AssistTemplates: Sendable, Hashable {
    public var differential: PromptTemplate
    public var geneSummary: PromptTemplate
    public init(differential: PromptTemplate, geneSummary: PromptTemplate) { self.differential = differential; self.geneSummary = geneSummary }

    /// Loads both templates from a prompt directory (`Policies/prompts`).
    public static func load(directory: URL) throws(AssistError) -> AssistTemplates {
        AssistTemplates(differential: try PromptTemplate.load(directory: directory, name: PromptTemplate.differentialFile),
                        geneSummary: try PromptTemplate.load(directory: directory, name: PromptTemplate.geneSummaryFile))
    }
}

/// LLM-assisted differential, narrative and gene cards for one analysed case. The knowledge-base
/// ranking is never changed here; fusion, when configured, is reported alongside it.
public struct AssistPipeline: Sendable {
    public let knowledgeBase: KnowledgeBase
    public let backend: (any ChatBackend)?
    public let templates: AssistTemplates?
    public let cards: GeneCardBuilder
    public let configuration: AssistConfiguration
    /// Applied to every free-text value that can enter a prompt (the daemon passes the de-identifier).
    public let redact: @Sendable (String) -> String

    public init(knowledgeBase: KnowledgeBase, backend: (any ChatBackend)?, templates: AssistTemplates?, cards: GeneCardBuilder,
                configuration: AssistConfiguration = .init(), redact: @escaping @Sendable (String) -> String) {
        self.knowledgeBase = knowledgeBase; self.backend = backend; self.templates = templates; self.cards = cards
        self.configuration = configuration; self.redact = redact
    }

    /// Candidate genes of a case: ranked genes first, then genes of reported variants.
    public static func candidateGenes(_ analysis: CaseAnalysis, limit: Int) -> [String] {
        var genes: [String] = []
        for symbol in analysis.genes.sorted(by: { $0.rank < $1.rank }).map(\.symbol) + analysis.variants.compactMap(\.gene)
        where !genes.contains(symbol) && genes.count < limit {
            genes.append(symbol)
        }
        return genes
    }

    /// Runs the step. Without a backend (disabled, model absent) only the KB gene cards are built.
    public func run(analysis: CaseAnalysis) async -> AssistOutcome {
        var outcome = AssistOutcome()
        let observed = analysis.phenotypes.filter { !$0.excluded }.compactMap { HPOTermID($0.term) }
        outcome.geneCards = Self.candidateGenes(analysis, limit: configuration.maxGeneCards).compactMap { cards.card(symbol: $0, observed: observed) }
        guard let backend, let templates else { return outcome }
        outcome.templates = [templates.differential.name: templates.differential.digest, templates.geneSummary.name: templates.geneSummary.digest]

        let assistCase = AssistCase.build(analysis: analysis, knowledgeBase: knowledgeBase, maxCandidates: configuration.maxCandidates, redact: redact)
        if assistCase.candidates.isEmpty || assistCase.evidence.isEmpty {
            outcome.trace.append(TraceEntry(component: "assist", event: "skip", rule: "no_evidence",
                                            message: "no ranked candidates or case facts to discuss; no differential requested"))
        } else {
            await differential(assistCase, backend: backend, template: templates.differential, analysis: analysis, into: &outcome)
        }
        var geneCards = outcome.geneCards
        for index in geneCards.indices.prefix(configuration.geneSummaries) {
            await geneSummary(&geneCards[index], backend: backend, template: templates.geneSummary, into: &outcome)
        }
        outcome.geneCards = geneCards
        return outcome
    }

    private func differential(_ assistCase: AssistCase, backend: any ChatBackend, template: PromptTemplate, analysis: CaseAnalysis,
                              into outcome: inout AssistOutcome) async {
        let schema = AssistSchemas.differential(diseases: assistCase.candidates.map(\.diseaseID), evidence: assistCase.evidence.map(\.id),
                                                maxItems: configuration.maxDifferential, maxSentences: configuration.maxNarrative)
        let messages: [ChatMessage]
        do {
            messages = try template.messages([
                "phenotypes": assistCase.phenotypeBlock, "variants": assistCase.variantBlock, "candidates": assistCase.candidateBlock,
                "max_items": String(configuration.maxDifferential), "max_sentences": String(configuration.maxNarrative),
            ])
        } catch {
            outcome.trace.append(TraceEntry(component: "assist", event: "skip", rule: error.code, message: error.description))
            return
        }
        let request = ChatRequest(messages: messages, schema: schema, schemaName: "differential", maxTokens: configuration.maxTokens,
                                  temperature: configuration.temperature, seed: configuration.seed)
        guard let response = await call(request, purpose: "differential", backend: backend, template: template, into: &outcome) else { return }
        let result = AnswerGrounding.differential(answer: response.text, assistCase: assistCase, knowledgeBase: knowledgeBase)
        if let last = outcome.calls.indices.last { outcome.calls[last].parsed = result.parsed }
        outcome.differential = result.grounded
        outcome.narrative = result.narrative
        outcome.ungrounded += result.ungrounded
        for claim in result.ungrounded {
            outcome.trace.append(TraceEntry(
                component: "assist", event: "ungrounded", rule: claim.issues.first?.kind.rawValue ?? "ungrounded",
                message: "\(claim.section) item \(claim.index) dropped: " + claim.issues.map(\.description).joined(separator: ", "),
                values: ["section": .string(claim.section), "index": .number(Double(claim.index)),
                         "claimed": claim.claimed.map { .string($0) } ?? .null,
                         "issues": .array(claim.issues.map { .string($0.description) })]))
        }
        outcome.trace.append(TraceEntry(
            component: "assist", event: "grounding", rule: "kb+evidence",
            message: "\(result.grounded.count) differential entries grounded, \(result.ungrounded.filter { $0.section == "differential" }.count) dropped; \(result.narrative.filter(\.grounded).count) of \(result.narrative.count) narrative sentences grounded",
            values: ["grounded": .array(result.grounded.map { .string($0.diseaseID) })]))
        if let weight = configuration.fusionWeight {
            let fused = RankFusion.reciprocalRank(kbOrder: analysis.diagnoses.sorted { $0.rank < $1.rank }.map(\.diseaseID),
                                                  modelOrder: result.grounded.map(\.diseaseID), weight: weight)
            outcome.fusion = fused
            outcome.fusionWeight = weight
            let moved = fused.filter { $0.fusedRank != $0.kbRank }
            outcome.trace.append(TraceEntry(component: "assist", event: "fusion", rule: "reciprocal_rank_fusion",
                                            message: "rank fusion (k=\(Int(RankFusion.k)), weight \(weight)): \(moved.count) diseases moved",
                                            values: ["moved": .array(moved.prefix(20).map { .string("\($0.diseaseID) \($0.kbRank)->\($0.fusedRank)") })]))
        }
    }

    private func geneSummary(_ card: inout GeneCard, backend: any ChatBackend, template: PromptTemplate, into outcome: inout AssistOutcome) async {
        guard !card.facts.isEmpty else { card.summaryNote = "no facts to summarise"; return }
        let messages: [ChatMessage]
        do {
            messages = try template.messages(["gene": card.symbol, "facts": card.facts.map { "\($0.id) \($0.text)" }.joined(separator: "\n"),
                                              "max_sentences": "3"])
        } catch {
            card.summaryNote = "template error: \(error.code)"
            return
        }
        let request = ChatRequest(messages: messages, schema: AssistSchemas.geneSummary(facts: card.facts.map(\.id), maxSentences: 3),
                                  schemaName: "gene_summary", maxTokens: configuration.geneSummaryMaxTokens,
                                  temperature: configuration.temperature, seed: configuration.seed)
        let purpose = "gene-summary:\(card.symbol)"
        guard let response = await call(request, purpose: purpose, backend: backend, template: template, into: &outcome) else {
            card.summaryNote = "model call failed (see the trace)"
            return
        }
        let result = AnswerGrounding.geneSummary(answer: response.text, card: card, knowledgeBase: knowledgeBase, goOntology: cards.go?.ontology)
        if let last = outcome.calls.indices.last { outcome.calls[last].parsed = result.parsed }
        card.summary = result.sentences
        if !result.parsed { card.summaryNote = "the model answer was not valid JSON; no summary" }
        for (offset, sentence) in result.sentences.enumerated() where !sentence.grounded {
            let claim = UngroundedClaim(section: purpose, index: offset + 1, claimed: nil, issues: sentence.issues)
            outcome.ungrounded.append(claim)
            outcome.trace.append(TraceEntry(component: "assist", event: "ungrounded", rule: sentence.issues.first?.kind.rawValue ?? "ungrounded",
                                            message: "\(purpose) sentence \(offset + 1) withheld: " + sentence.issues.map(\.description).joined(separator: ", ")))
        }
    }

    /// One model call, recorded whether it succeeds or not.
    private func call(_ request: ChatRequest, purpose: String, backend: any ChatBackend, template: PromptTemplate,
                      into outcome: inout AssistOutcome) async -> ChatResponse? {
        var record = LLMCallRecord(purpose: purpose, backend: backend.kind, model: backend.modelID, modelDigest: backend.modelDigest,
                                   endpoint: nil, template: template.name, templateDigest: template.digest,
                                   requestHash: request.hash(model: backend.modelID), responseHash: nil, finishReason: nil,
                                   promptTokens: nil, completionTokens: nil, attempts: nil, seconds: nil,
                                   temperature: request.temperature, seed: request.seed, error: nil, parsed: false)
        do {
            let response = try await backend.complete(request)
            record.endpoint = response.endpoint
            record.requestHash = response.requestHash
            record.responseHash = response.responseHash
            record.finishReason = response.finishReason
            record.promptTokens = response.promptTokens
            record.completionTokens = response.completionTokens
            record.attempts = response.attempts
            record.seconds = (response.seconds * 1000).rounded() / 1000
            outcome.calls.append(record)
            outcome.trace.append(TraceEntry(component: "assist", event: "llm_call", rule: backend.kind,
                                            message: "\(purpose): \(backend.modelID) answered (\(response.finishReason), \(response.completionTokens ?? 0) tokens)",
                                            values: ["requestHash": .string(response.requestHash), "responseHash": .string(response.responseHash),
                                                     "template": .string(template.name), "templateDigest": .string(template.digest)]))
            return response
        } catch {
            record.error = error.code
            outcome.calls.append(record)
            outcome.trace.append(TraceEntry(component: "assist", event: "llm_error", rule: error.code,
                                            message: "\(purpose): \(error.description)"))
            return nil
        }
    }
}
