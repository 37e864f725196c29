import Foundation
import MendelAudit
import MendelCore
import MendelCrypto
import MendelDiagnosis
import MendelFairness
import MendelKnowledge
import MendelPolicy
import MendelVariants
import MendelVault

/// Runs the analysis pipeline for one stored case: loads its documents from the vault, runs every
/// engine that is available, records the decision in the audit log (fail closed) and only then stores
/// the result (encrypted). Steps that cannot run are recorded as skipped, with the reason — never faked.
struct CaseAnalyzer: Sendable {
    static let resultKind = "analysis"
    /// Which audit record holds the decision behind the stored analysis (read by reports and replay).
    static let receiptKind = "analysis.receipt"

    struct DecisionReceipt: Codable, Sendable {
        var decisionID: String
        var auditSequence: UInt64
        var outputHash: String
    }

    let context: DaemonContext
    let caseID: CaseID
    let principal: Principal
    let roles: [String]
    let requestID: String

    /// The stored inputs of a case, exactly the bytes a decision's input hash covers.
    struct CaseInputs: Sendable {
        var phenopacketBytes: [UInt8]
        var phenopacket: Phenopacket
        var notes: [UInt8]?
        var vcf: [UInt8]?
        /// SHA-256 over phenopacket + notes + VCF bytes (the decision record's `inputHash`).
        var inputHash: String { SHA256.hexHash(phenopacketBytes + (notes ?? []) + (vcf ?? [])) }
    }

    static func loadInputs(context: DaemonContext, caseID: CaseID) throws -> CaseInputs {
        guard let phenopacketBytes = try context.vault.document(.phenopacket, of: caseID) else {
            throw APIError.notFound(code: "case.unknown", "no such case")
        }
        let phenopacket = try Phenopacket.decode(Data(phenopacketBytes))
        return CaseInputs(phenopacketBytes: phenopacketBytes, phenopacket: phenopacket,
                          notes: try context.vault.document(.notes, of: caseID), vcf: try context.vault.document(.vcf, of: caseID))
    }

    func run(progress: JobProgress) async throws {
        await progress.report("loading case", 0.05)
        let inputs = try Self.loadInputs(context: context, caseID: caseID)
        try Task.checkCancellation()
        let analysis = try await Self.compute(inputs, caseID: caseID, analysedAt: Self.timestamp(), policy: await context.policies.current,
                                              knowledge: await context.knowledge.ready(), progress: progress)
        try Task.checkCancellation()
        let receipt = try await recordAndStore(analysis, inputs: inputs, progress: progress)
        await AssistStep.runAndStore(after: analysis, receipt: receipt, context: context, caseID: caseID, principal: principal, roles: roles,
                                     requestID: requestID, progress: progress)
    }

    /// The analysis of stored inputs under a policy set and knowledge base: deterministic for equal inputs, policy,
    /// knowledge base, models and `analysedAt` (what `audit replay` relies on).
    static func compute(_ inputs: CaseInputs, caseID: CaseID, analysedAt: String, policy currentPolicy: PolicySet,
                        knowledge: KnowledgeService.State, progress: JobProgress?) async throws -> CaseAnalysis {
        let (phenopacket, notes, vcf) = (inputs.phenopacket, inputs.notes, inputs.vcf)
        var analysis = CaseAnalysis(caseID: caseID.rawValue, analysedAt: analysedAt)
        analysis.trace.provenance.policyHash = currentPolicy.hash
        analysis.phenotypes = Self.structuredPhenotypes(phenopacket)

        let engines: KnowledgeEngines? = if case .ready(let loaded) = knowledge { loaded } else { nil }

        var classifiedVariants: [InterpretedVariant]?
        var variantTraceIndex = 0 // where the listed variants' traces go: right after the variant step's own entries
        var classify: (@Sendable (CaseAttributes) -> [InterpretedVariant])?
        if let vcf {
            await progress?.report("classifying variants", 0.2)
            let policy = currentPolicy
            do {
                let acmg = try ACMGPolicy(json: policy.interpretation)
                let step = VariantStep(policy: acmg, knowledge: engines?.variantKnowledge ?? VariantKnowledge())
                let outcome = step.run(vcf: vcf, subjectID: phenopacket.subject?.id)
                analysis.steps.append(outcome.step)
                analysis.trace.append(contentsOf: outcome.trace)
                variantTraceIndex = analysis.trace.entries.count
                if outcome.step.status == "done" {
                    classifiedVariants = outcome.all
                    analysis.variantClassCounts = Dictionary(grouping: outcome.all, by: { $0.classification.classification.rawValue }).mapValues(\.count)
                    // The counterfactual checks re-run the classification on the real step. The step takes none of
                    // the perturbed attributes (this closure does not read them), so one re-run serves every
                    // perturbation: it confirms that re-classifying reproduces the classes, without four more passes
                    // over an exome.
                    let subject = phenopacket.subject?.id
                    let reclassified = ComputedOnce { step.run(vcf: vcf, subjectID: subject).all }
                    classify = { _ in reclassified.value }
                }
            } catch {
                analysis.steps.append(AnalysisStep(name: "variants", status: "failed",
                                                   detail: "interpretation policy rejected: \(error.description)"))
            }
        }
        if notes != nil { await progress?.report("reading clinical notes", 0.3) }
        let phenotype = Self.phenotypeQuery(phenopacket: phenopacket, notes: notes, knowledge: knowledge)
        let query = phenotype.query
        analysis.phenotypes += phenotype.noteFindings
        if let step = phenotype.noteStep { analysis.steps.append(step) }
        analysis.trace.append(contentsOf: phenotype.noteTrace)

        await progress?.report("ranking diseases", 0.5)
        switch knowledge {
        case .ready(let engines):
            analysis.trace.provenance.knowledgeBaseVersion = engines.version
            if let classifiedVariants {
                let report = engines.genotypeRanker.rank(query, variants: classifiedVariants).report(top: 50, explain: 10)
                Self.fill(&analysis, diseases: report.diseases, genes: report.genes, explanations: report.explanations)
                analysis.trace.append(contentsOf: report.trace.entries)
                analysis.steps.append(AnalysisStep(name: "diagnosis", status: "done",
                                                   detail: "\(report.candidateCount) diseases ranked from \(report.query.observed.count) observed and \(report.query.excluded.count) excluded terms and \(report.variantsUsed) of \(report.variantCount) variants (genotype-aware)"))
            } else {
                let report = engines.phenotypeRanker.rank(query).report(top: 50, explain: 10)
                Self.fill(&analysis, diseases: report.diseases, genes: report.genes, explanations: report.explanations)
                analysis.trace.append(contentsOf: report.trace.entries)
                analysis.steps.append(AnalysisStep(name: "diagnosis", status: "done",
                                                   detail: "\(report.candidateCount) diseases ranked from \(report.query.observed.count) observed and \(report.query.excluded.count) excluded terms (phenotype only)"))
            }
            // Per-decision fairness: the same pipeline with sex, ancestry label, age and name perturbed; every change
            // must be explained by a named rule (FairnessStep.swift).
            let fairness = FairnessStep.run(query: query, variants: classifiedVariants, classify: classify, engines: engines,
                                            ancestry: FairnessStep.ancestryLabel(inputs.phenopacketBytes))
            analysis.fairness = fairness.summary
            analysis.steps.append(fairness.step)
            analysis.trace.append(contentsOf: fairness.trace)
        case .notConfigured:
            analysis.steps.append(AnalysisStep(name: "diagnosis", status: "skipped", detail: "no knowledge base configured (--kb)"))
        case .failed(let reason):
            analysis.steps.append(AnalysisStep(name: "diagnosis", status: "failed", detail: "knowledge base not loaded: \(reason)"))
        case .loading:
            analysis.steps.append(AnalysisStep(name: "diagnosis", status: "skipped", detail: "knowledge base still loading"))
        }
        if let classifiedVariants {
            // The variants listed in full: chosen once the ranking is known (VariantListingRule).
            let listing = VariantListingRule(ordered: classifiedVariants, candidateGenes: VariantListingRule.candidateGenes(of: analysis))
            analysis.variants = listing.listed.map(\.coreSummary)
            analysis.variantListing = listing.summary
            analysis.unlistedVariants = listing.unlisted.map(\.classRecord)
            // Each criterion/combine/classify entry names its variant, so the trace reads on its own.
            let variantTraces = listing.listed.flatMap { variant in
                variant.trace.map { entry in
                    var named = entry
                    named.values["variant"] = .string(variant.key)
                    return named
                }
            }
            analysis.trace.entries.insert(contentsOf: variantTraces, at: variantTraceIndex)
            FairnessStep.addFrequencyDecisions(to: &analysis, classifiedVariants, listed: Set(listing.listed.map(\.key)),
                                               policy: currentPolicy, knowledge: engines?.variantKnowledge)
        }
        return analysis
    }

    /// Records the decision in the audit log (fail closed) and only then stores the analysis and its receipt.
    func recordAndStore(_ analysis: CaseAnalysis, inputs: CaseInputs, progress: JobProgress?, purpose: String? = nil) async throws -> DecisionReceipt {
        await progress?.report("recording decision", 0.85)
        let output = try CanonicalJSON.encode(analysis)
        let trace = try CanonicalJSON.encode(analysis.trace)
        let decision = DecisionRecord(
            decisionID: "D-" + (try SecureRandom.bytes(8)).hexString,
            inputHash: inputs.inputHash,
            outputHash: SHA256.hexHash([UInt8](output)),
            traceHash: SHA256.hexHash([UInt8](trace)),
            knowledgeBaseVersion: analysis.trace.provenance.knowledgeBaseVersion,
            modelDigests: analysis.trace.provenance.modelDigests,
            policyHash: analysis.trace.provenance.policyHash,
            parameters: ["engine": "phenotype-lr", "software": MendelVersion.current])
        let summary = try context.vault.caseSummary(caseID)
        // Fail closed: if the decision cannot be audited, nothing is stored.
        let sequence = try await context.record(action: "case.analysis.decision", principal: principal, roles: roles, outcome: .allowed,
                                 requestID: requestID,
                                 targets: context.targets(caseID: caseID.rawValue, patientID: summary.patient.rawValue),
                                 purpose: purpose, decision: decision)
        await progress?.report("storing results", 0.95)
        let receipt = DecisionReceipt(decisionID: decision.decisionID, auditSequence: sequence, outputHash: decision.outputHash)
        let receiptBytes = [UInt8](try CanonicalJSON.encode(receipt))
        let (vault, caseID, outputBytes) = (context.vault, caseID, [UInt8](output))
        try await BlockingWork.run {
            // One transaction: a crash never leaves an analysis without its receipt or status (crash-loop).
            _ = try vault.storeResults(case: caseID, [(Self.resultKind, outputBytes), (Self.receiptKind, receiptBytes)], status: .analyzed)
        }
        return receipt
    }

    /// The phenotype query of a case: the phenopacket's terms plus those recognised in its notes. Used by
    /// the analysis and by "explain", so both rank exactly the same input.
    static func phenotypeQuery(phenopacket: Phenopacket, notes: [UInt8]?, knowledge: KnowledgeService.State)
        -> (query: PhenotypeQuery, noteFindings: [PhenotypeFinding], noteStep: AnalysisStep?, noteTrace: [TraceEntry]) {
        var query = PhenotypeQuery(phenopacket: phenopacket)
        guard let notes else { return (query, [], nil, []) }
        guard case .ready(let engines) = knowledge else {
            return (query, [], AnalysisStep(name: "notes", status: "skipped", detail: "no knowledge base loaded to recognise terms against"), [])
        }
        let outcome = NotesStep(recognizer: engines.recognizer).run(notes: notes, structuredObserved: Set(query.observed),
                                                            structuredExcluded: Set(query.excluded))
        query.observed += outcome.observed
        query.excluded += outcome.excluded
        return (query, outcome.findings, outcome.step, outcome.trace)
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    static func structuredPhenotypes(_ phenopacket: Phenopacket) -> [PhenotypeFinding] {
        (phenopacket.phenotypicFeatures ?? []).map {
            PhenotypeFinding(term: $0.type.id, label: $0.type.label, excluded: $0.excluded ?? false, source: "phenopacket")
        }
    }

    /// Maps the diagnosis engine's ranking into the engine-neutral `CaseAnalysis`.
    static func fill(_ analysis: inout CaseAnalysis, diseases: [DiseaseScore], genes: [GeneScore], explanations list: [DiseaseExplanation]) {
        let explanations = Dictionary(list.map { ($0.diseaseID, $0) }, uniquingKeysWith: { first, _ in first })
        analysis.diagnoses = diseases.map { disease in
            RankedDisease(rank: disease.rank, diseaseID: disease.diseaseID.rawValue, name: disease.diseaseName, genes: disease.genes,
                          score: disease.score, postTestProbability: disease.postTestProbability,
                          contributions: explanations[disease.diseaseID].map(contributions) ?? [])
        }
        analysis.genes = genes.map {
            RankedGene(rank: $0.rank, symbol: $0.symbol, bestDisease: $0.diseaseID.rawValue, score: $0.score)
        }
    }

    /// Per-term contributions plus rule-based adjustments (onset, sex-linked inheritance): together they
    /// add up to the disease's score.
    static func contributions(_ explanation: DiseaseExplanation) -> [EvidenceContribution] {
        let terms = explanation.terms.map { term in
            EvidenceContribution(kind: term.observed ? "phenotype" : "excluded-phenotype", item: term.term.description,
                                 label: term.termName, matchedTerm: term.matchedTerm?.description, matchType: term.matchType.rawValue,
                                 frequency: term.frequency, likelihoodRatio: term.likelihoodRatio, log10LR: term.log10LikelihoodRatio)
        }
        let adjustments = explanation.adjustments.map { adjustment in
            if adjustment.rule == "genotype", let genotype = explanation.genotype {
                let variants = genotype.variants.map { "\($0.variant) \($0.classification)" }.joined(separator: "; ")
                return EvidenceContribution(kind: "genotype", item: genotype.gene ?? genotype.finding.rawValue,
                                            label: "\(genotype.finding.rawValue), \(genotype.inheritance)" + (variants.isEmpty ? "" : ": \(variants)"),
                                            matchedTerm: nil, matchType: nil, frequency: nil,
                                            likelihoodRatio: adjustment.likelihoodRatio, log10LR: adjustment.log10LikelihoodRatio)
            }
            return EvidenceContribution(kind: "rule", item: adjustment.rule, label: adjustment.term?.description, matchedTerm: nil,
                                        matchType: nil, frequency: nil, likelihoodRatio: adjustment.likelihoodRatio,
                                        log10LR: adjustment.log10LikelihoodRatio)
        }
        return terms + adjustments
    }

    /// "Why (not) this disease": rank and full explanation for one disease, recomputed from the stored case.
    static func explain(context: DaemonContext, caseID: CaseID, disease: DiseaseID) async throws -> DiseaseExplanation {
        guard let bytes = try context.vault.document(.phenopacket, of: caseID) else {
            throw APIError.notFound(code: "case.unknown", "no such case")
        }
        let phenopacket = try Phenopacket.decode(Data(bytes))
        let knowledge = await context.knowledge.ready()
        guard case .ready(let engines) = knowledge else {
            throw APIError.unavailable(code: "kb.unavailable", "no knowledge base is loaded")
        }
        let notes = try context.vault.document(.notes, of: caseID)
        let query = phenotypeQuery(phenopacket: phenopacket, notes: notes, knowledge: knowledge).query
        guard let explanation = engines.phenotypeRanker.rank(query).explain(disease) else {
            throw APIError.notFound(code: "kb.unknown_disease", "\(disease) is not in the knowledge base")
        }
        return explanation
    }
}
