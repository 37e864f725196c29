import MendelCore

/// Knowledge the analyzer uses; all optional (criteria needing missing data are `not_evaluable`).
public struct VariantKnowledge: Sendable {
    public var genes: [String: GeneContext]
    public var clinvar: ClinVarIndex?
    public var frequencies: FrequencyTable?
    public init(genes: [String: GeneContext] = [:], clinvar: ClinVarIndex? = nil, frequencies: FrequencyTable? = nil) {
        self.genes = genes; self.clinvar = clinvar; self.frequencies = frequencies
    }

    /// Gene context by symbol (case-insensitive; upper-cases only when needed).
    public func context(for gene: String?) -> GeneContext? {
        guard let gene, !genes.isEmpty else { return nil }
        if let c = genes[gene] { return c }
        guard gene.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        return genes[gene.uppercased()]
    }
}

/// How one case is analysed.
public struct VariantAnalysisOptions: Sendable {
    /// The proband's sample name; nil = the first sample (or none for sites-only VCFs).
    public var proband: String?
    public var trio: Trio?
    /// Parentage confirmed (sample QC): de novo gives PS2 instead of PM6.
    public var parentageConfirmed: Bool
    public var quality: GenotypeQuality
    /// Keep only variants the proband carries (when there are genotypes).
    public var onlyCarried: Bool
    /// Keep only FILTER = PASS / `.` records.
    public var onlyPassing: Bool
    /// PP4 strength per gene from the phenotype engine.
    public var phenotypeSupport: [String: EvidenceStrength]
    /// Which variants get the full trace (values, thresholds, reasons); the others keep the decisions only.
    public var traceDetail: TraceDetail

    public init(proband: String? = nil, trio: Trio? = nil, parentageConfirmed: Bool = false, quality: GenotypeQuality = GenotypeQuality(),
                onlyCarried: Bool = true, onlyPassing: Bool = false, phenotypeSupport: [String: EvidenceStrength] = [:],
                traceDetail: TraceDetail = .reportable) {
        self.traceDetail = traceDetail
        self.proband = proband; self.trio = trio; self.parentageConfirmed = parentageConfirmed; self.quality = quality
        self.onlyCarried = onlyCarried; self.onlyPassing = onlyPassing; self.phenotypeSupport = phenotypeSupport
    }
}

/// How much of the criterion trace is kept per variant.
public enum TraceDetail: String, Sendable, Codable {
    /// Full detail for every variant.
    case all
    /// Full detail for variants that are not B/LB (and for every variant in a gene with phenotype support);
    /// decisions only (code, status, strength, source) for the rest. Re-classify a variant for its full trace.
    case reportable
    /// Decisions only, for every variant (throughput measurement).
    case decisions
}

/// Counts of an analysis run (the "skipped and counted" part of the malformed-line policy lives here).
public struct VariantAnalysisStats: Sendable, Codable, Hashable {
    public var dataLines = 0
    public var alleles = 0
    public var classified = 0
    public var notCarried = 0
    public var filtered = 0
    public var referenceOnlyLines = 0
    public var skippedMalformedLines = 0
}

/// The result of analysing one VCF.
public struct VariantAnalysisResult: Sendable, Codable, Hashable {
    public var variants: [InterpretedVariant]
    public var stats: VariantAnalysisStats
    public var issues: [VCFIssue]
    public var trace: [TraceEntry]
}

/// VCF → variants → ACMG/AMP criteria → classes, with a trace. Pure: values in, values out.
public struct VariantAnalyzer: Sendable {
    public let policy: ACMGPolicy
    public let knowledge: VariantKnowledge
    public let options: VariantAnalysisOptions

    private let sequence: SequenceCriteria
    private let frequency: FrequencyCriteria
    private let classifier: ACMGClassifier

    public init(policy: ACMGPolicy = .default, knowledge: VariantKnowledge = VariantKnowledge(),
                options: VariantAnalysisOptions = VariantAnalysisOptions()) {
        self.policy = policy; self.knowledge = knowledge; self.options = options
        sequence = SequenceCriteria(policy: policy)
        frequency = FrequencyCriteria(policy: policy)
        classifier = ACMGClassifier(policy: policy)
    }

    /// Analyses VCF bytes (plain or gzip) held in memory.
    public func analyze(bytes: [UInt8], label: String) throws(VCFError) -> VariantAnalysisResult {
        try analyze(reader: try VCFReader(bytes: bytes, label: label, options: readerOptions))
    }

    /// Analyses a VCF file (plain, gzip or bgzip).
    public func analyze(path: String) throws(VCFError) -> VariantAnalysisResult {
        try analyze(reader: try VCFReader(path: path, options: readerOptions))
    }

    /// Only the primary transcript's annotation is kept per record: it is the one a variant is interpreted with (the
    /// other transcripts still give their scores, CLIN_SIG terms and frequencies, as with `.all`).
    private var readerOptions: VCFReaderOptions {
        VCFReaderOptions(samples: nil, malformedLines: policy.malformedLines, transcripts: .primary)
    }

    public func analyze(reader: VCFReader) throws(VCFError) -> VariantAnalysisResult {
        let samples = reader.header.samples
        let probandIndex = options.proband.flatMap { samples.firstIndex(of: $0) } ?? (samples.isEmpty ? nil : 0)
        if options.proband != nil && probandIndex == nil { throw .unknownSample(file: reader.label) }
        var fatherIndex: Int?, motherIndex: Int?
        if let trio = options.trio {
            guard let f = samples.firstIndex(of: trio.father), let m = samples.firstIndex(of: trio.mother) else {
                throw .unknownSample(file: reader.label)
            }
            fatherIndex = f; motherIndex = m
        }
        var stats = VariantAnalysisStats()
        // Decompression on one thread, parsing on a second; both the second thread and this one classify batches.
        let analyzer = self
        let (proband, father, mother) = (probandIndex, fatherIndex, motherIndex)
        var batches: [VariantBuffer] = []
        try RecordPipeline.run(reader: reader, process: { batch in
            analyzer.classifyBatch(batch, proband: proband, father: father, mother: mother)
        }, consume: { batch in
            if batch.variants.count > 0 { batches.append(batch.variants) }
            stats.alleles += batch.alleles
            stats.filtered += batch.filtered
            stats.notCarried += batch.notCarried
            return true
        })
        var variants = VariantBuffer.joined(batches)
        batches.removeAll()
        applyPM3(&variants)
        stats.dataLines = reader.dataLines
        stats.referenceOnlyLines = reader.referenceOnlyLines
        stats.skippedMalformedLines = reader.skippedLines
        stats.classified = variants.count
        var trace: [TraceEntry] = [TraceEntry(
            component: "variants", event: "read", rule: "vcf",
            message: "\(stats.dataLines) data lines, \(stats.alleles) alleles, \(stats.classified) classified, \(stats.skippedMalformedLines) malformed lines skipped",
            values: ["data_lines": .number(Double(stats.dataLines)), "alleles": .number(Double(stats.alleles)),
                     "classified": .number(Double(stats.classified)), "skipped_malformed": .number(Double(stats.skippedMalformedLines)),
                     "policy_version": .string(policy.version)])]
        for issue in reader.issues {
            trace.append(TraceEntry(component: "variants", event: "skip_line", rule: "malformed_line", message: issue.description,
                                    values: ["line": .number(Double(issue.line)), "column": .number(Double(issue.column))]))
        }
        return VariantAnalysisResult(variants: variants, stats: stats, issues: reader.issues, trace: trace)
    }

    /// The classified variants of one batch of records, with the counts of the records left out.
    struct ClassifiedBatch: Sendable {
        var variants: VariantBuffer
        var alleles = 0, filtered = 0, notCarried = 0
    }

    /// Filters and classifies one batch (without PM3); sample indices are the proband's and parents' columns.
    func classifyBatch(_ records: [VariantRecord], proband: Int?, father: Int?, mother: Int?) -> ClassifiedBatch {
        var out = ClassifiedBatch(variants: VariantBuffer(capacity: records.count))
        // Records read in place (a `for record in records` loop would copy each one: a retain and release per field).
        records.withUnsafeBufferPointer { records in
            for i in records.indices {
                out.alleles += 1
                if options.onlyPassing && !records[i].passed { out.filtered += 1; continue }
                let genotype = proband.map { records[i].genotypes[$0] }
                if options.onlyCarried, let g = genotype, g.copies(ofAlt: records[i].altIndex) == 0 { out.notCarried += 1; continue }
                out.variants.append(classify(records[i], genotype: genotype, father: father.map { records[i].genotypes[$0] },
                                             mother: mother.map { records[i].genotypes[$0] }))
            }
        }
        return out
    }

    /// Classifies one variant (PM3 needs the other variants of the gene: see `applyPM3`).
    public func classify(_ record: VariantRecord, genotype: Genotype? = nil, father: Genotype? = nil, mother: Genotype? = nil) -> InterpretedVariant {
        switch options.traceDetail {
        case .all: return classify(record, genotype: genotype, father: father, mother: mother, detailed: true)
        case .decisions: return classify(record, genotype: genotype, father: father, mother: mother, detailed: false)
        case .reportable:
            // Decisions first; the full trace only for variants that are not B/LB (or in a gene with phenotype support).
            let ann = record.primaryAnnotation
            let quick = decide(record, annotation: ann, genotype: genotype, father: father, mother: mother, detailed: false)
            let supported = quick.gene.map { phenotypeStrength(for: $0) != nil } ?? false
            if quick.classification.classification.isBenignSide && !supported {
                return interpreted(record, quick, genotype: genotype, father: father, mother: mother)
            }
            // Moved, not copied: `detailing` replaces evaluations in place, which needs the only reference to the array.
            return interpreted(record, detailing(consume quick), genotype: genotype, father: father, mother: mother)
        }
    }

    /// Classifies one variant; `detailed: false` keeps the decisions without values and reason texts.
    public func classify(_ record: VariantRecord, genotype: Genotype?, father: Genotype?, mother: Genotype?, detailed: Bool) -> InterpretedVariant {
        let decision = decide(record, annotation: record.primaryAnnotation, genotype: genotype, father: father, mother: mother,
                              detailed: detailed)
        return interpreted(record, decision, genotype: genotype, father: father, mother: mother)
    }

    /// PP4 strength from the phenotype engine for a gene (upper-cases only when there is support to look up).
    private func phenotypeStrength(for gene: String) -> EvidenceStrength? {
        options.phenotypeSupport.isEmpty ? nil : options.phenotypeSupport[gene.uppercased()]
    }

    /// The criterion decisions and class of one variant, before it is packaged as an `InterpretedVariant`.
    private struct Decision {
        var annotation: TranscriptAnnotation?
        var gene: String?
        var frequency: FrequencyEvidence?
        /// Transcript scores filled from INFO, whether the gene's disease is recessive and what the frequency criteria
        /// were decided on (for `detailing`).
        var scores: PredictorScores
        var recessive: Bool?
        var frequencyFacts: FrequencyCriteria.Facts
        /// In the order of `Slot`.
        var evaluations: [CriterionEvaluation]
        var classification: ACMGClassification
    }

    /// Positions in `Decision.evaluations`: `decide` always appends them in this order (PP3/BP4, PS1/PM5 and the
    /// frequency criteria always give 2, 2 and 4 evaluations), then PS2/PM6 with a trio and PP4 with phenotype support.
    private enum Slot {
        static let pvs1 = 0
        static let pp3bp4 = 4..<6
        static let bp7 = 6
        static let frequency = 7..<11
        static let fixedCount = 11
    }

    /// The detailed form of a decisions-only `Decision`: only the criteria whose evaluation takes `detailed` (PP3/BP4,
    /// BP7, the frequency criteria) are evaluated again; the others, every decision and therefore the class are the same
    /// in both forms and are kept.
    private func detailing(_ quick: consuming Decision) -> Decision {
        var d = quick
        // The detailed evaluations of PP3/BP4, BP7 and the frequency criteria replace the decisions-only ones in place
        // (the others are neither copied nor moved).
        var detailed: [CriterionEvaluation] = []
        detailed.reserveCapacity(Slot.frequency.upperBound - Slot.pp3bp4.lowerBound)
        sequence.appendPP3BP4(d.annotation, scores: d.scores, pvs1: d.evaluations[Slot.pvs1], detailed: true, to: &detailed)
        detailed.append(sequence.bp7(d.annotation, scores: d.scores, detailed: true))
        frequency.append(d.frequencyFacts, recessive: d.recessive, detailed: true, to: &detailed)
        var evaluations = d.evaluations
        d.evaluations = []
        for (k, i) in (Slot.pp3bp4.lowerBound..<Slot.frequency.upperBound).enumerated() { swap(&evaluations[i], &detailed[k]) }
        d.evaluations = evaluations
        return d
    }

    private func interpreted(_ record: VariantRecord, _ d: consuming Decision, genotype: Genotype?, father: Genotype?, mother: Genotype?) -> InterpretedVariant {
        InterpretedVariant(key: record.key, contig: record.contig, position: record.position, ref: record.ref, alt: record.alt,
                           gene: d.gene, annotation: d.annotation, zygosity: genotype?.zygosity(forAlt: record.altIndex),
                           filters: record.filters, evaluations: d.evaluations, classification: d.classification,
                           genotype: genotype, fatherGenotype: father, motherGenotype: mother, altIndex: record.altIndex,
                           frequencies: d.frequency)
    }

    private func decide(_ record: VariantRecord, annotation ann: TranscriptAnnotation?, genotype: Genotype?, father: Genotype?,
                        mother: Genotype?, detailed: Bool) -> Decision {
        let gene = ann?.geneSymbol
        let context = knowledge.context(for: gene)
        let scores = (ann?.scores ?? PredictorScores()).filling(from: record.scores)
        var evaluations: [CriterionEvaluation] = []
        // Exactly the count below (kept with the variant; PM3 may add one later).
        evaluations.reserveCapacity(Slot.fixedCount + (options.trio != nil ? 1 : 0) + (options.phenotypeSupport.isEmpty ? 0 : 1))
        let pvs1 = sequence.pvs1(ann, gene: context)
        evaluations.append(pvs1)
        sequence.appendPS1PM5(ann, scores: scores, clinvar: knowledge.clinvar, to: &evaluations)
        evaluations.append(sequence.pm4(ann, pvs1: pvs1))
        sequence.appendPP3BP4(ann, scores: scores, pvs1: pvs1, detailed: detailed, to: &evaluations)
        evaluations.append(sequence.bp7(ann, scores: scores, detailed: detailed))
        let frequency = knowledge.frequencies?.evidence(for: record) ?? record.frequencies
        let recessive = context?.inheritance?.isRecessive
        // The gene's VCEP rules, looked up once for the frequency criteria and the classifier.
        let rules = policy.geneRules(gene)
        let frequencyFacts = self.frequency.facts(frequency, rules: rules, gene: gene, hgvsc: ann?.hgvsc)
        self.frequency.append(frequencyFacts, recessive: recessive, detailed: detailed, to: &evaluations)
        if options.trio != nil {
            evaluations.append(GenotypeCriteria.deNovo(proband: genotype, father: father, mother: mother, altIndex: record.altIndex,
                                                       parentageConfirmed: options.parentageConfirmed, quality: options.quality))
        }
        if let gene, let strength = phenotypeStrength(for: gene) {
            evaluations.append(CriterionEvaluation(code: "PP4", status: .met, strength: strength,
                                                   source: "phenotype engine: patient phenotype specific for the gene's disease",
                                                   reason: "phenotype match"))
        }
        let classification = classifier.classify(VariantAnalyzer.applied(evaluations), geneRules: rules)
        return Decision(annotation: ann, gene: gene, frequency: frequency, scores: scores, recessive: recessive,
                        frequencyFacts: frequencyFacts, evaluations: evaluations, classification: classification)
    }

    /// The met criteria at their strengths, in order (by index: iterating by value would copy every evaluation).
    static func applied(_ evaluations: [CriterionEvaluation]) -> [AppliedCriterion] {
        var count = 0
        for i in evaluations.indices where evaluations[i].status == .met && evaluations[i].strength != nil { count += 1 }
        var applied: [AppliedCriterion] = []
        guard count > 0 else { return applied }
        applied.reserveCapacity(count)
        // Stored fields only (`applied` would copy the whole evaluation); the same as `evaluations.compactMap(\.applied)`.
        for i in evaluations.indices where evaluations[i].status == .met {
            if let strength = evaluations[i].strength { applied.append(AppliedCriterion(code: evaluations[i].code, strength: strength)) }
        }
        return applied
    }

    /// PM3 for genes of recessive disease: in trans (or phase unknown) with a P/LP variant, or homozygous.
    func applyPM3(_ variants: inout [InterpretedVariant]) {
        // No gene knowledge: no gene of recessive disease, nothing to do (and no per-variant upper-casing).
        if knowledge.genes.isEmpty { return }
        var byGene: [String: [Int]] = [:]
        for (i, v) in variants.enumerated() {
            guard let g = v.gene?.uppercased(), knowledge.context(for: g)?.inheritance?.isRecessive == true, v.genotype != nil else { continue }
            byGene[g, default: []].append(i)
        }
        for (gene, indices) in byGene {
            let firstPass = indices.map { variants[$0].classification.classification }
            for (n, i) in indices.enumerated() {
                guard let g = variants[i].genotype else { continue }
                var partners: [(ACMGClass, GenotypeCriteria.Phase)] = []
                for (m, j) in indices.enumerated() where m != n {
                    guard let h = variants[j].genotype else { continue }
                    let phase = GenotypeCriteria.phase(
                        (g, variants[i].fatherGenotype, variants[i].motherGenotype, variants[i].altIndex),
                        (h, variants[j].fatherGenotype, variants[j].motherGenotype, variants[j].altIndex))
                    if phase != .inCis { partners.append((firstPass[m], phase)) }
                }
                let pm3 = GenotypeCriteria.pm3(homozygous: variants[i].zygosity == .homozygous, partners: partners)
                variants[i].evaluations.append(pm3)
                if pm3.status == .met {
                    variants[i].classification = classifier.classify(variants[i].evaluations.compactMap(\.applied), gene: gene)
                }
            }
        }
    }
}
