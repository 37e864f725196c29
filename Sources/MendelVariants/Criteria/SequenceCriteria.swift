import MendelCore

/// Criteria decided from the variant's annotation: PVS1, PM4, PP3/BP4, BP7, PS1/PM5.
public struct SequenceCriteria: Sendable {
    public let policy: ACMGPolicy
    /// The policy's predictor thresholds, looked up once.
    private let revel: Cuts?, alphaMissense: Cuts?, cadd: Cuts?
    private let spliceAI: Cuts?

    public init(policy: ACMGPolicy = .default) {
        self.policy = policy
        revel = policy.predictors["revel"].map(Cuts.init); alphaMissense = policy.predictors["alphamissense"].map(Cuts.init)
        cadd = policy.predictors["cadd"].map(Cuts.init); spliceAI = policy.predictors["spliceai"].map(Cuts.init)
    }

    /// One predictor's thresholds by position in `Cuts.order` (the order PP3/BP4 try the strengths), so that a variant
    /// needs no dictionary lookups.
    private struct Cuts: Sendable {
        static let order: [EvidenceStrength] = [.veryStrong, .strong, .moderate, .supporting]
        static let supporting = 3
        let pathogenic: [Double?], benign: [Double?], source: String
        init(_ t: PredictorThresholds) {
            pathogenic = Cuts.order.map { t.pathogenic[$0] }; benign = Cuts.order.map { t.benign[$0] }; source = t.source
        }
    }

    static let pvs1Source = "Abou Tayoun et al. 2018, Hum Mutat 39:1517 (ClinGen SVI PVS1 decision tree)"

    /// PVS1 following the Abou Tayoun 2018 tree as far as annotations allow.
    public func pvs1(_ ann: TranscriptAnnotation?, gene: GeneContext?) -> CriterionEvaluation {
        guard let ann else { return CriterionEvaluation(code: "PVS1", status: .notEvaluable, reason: "no transcript annotation") }
        let terms = ann.consequences
        guard terms.contains(where: { Consequence.lossOfFunction.contains($0) }) else {
            return CriterionEvaluation(code: "PVS1", status: .notMet, source: SequenceCriteria.pvs1Source, reason: "not a predicted null variant")
        }
        let (mechanism, why) = (gene ?? GeneContext(symbol: ann.geneSymbol ?? "")).mechanism()

        var strength: EvidenceStrength
        var branch: String
        if terms.contains("transcript_ablation") || terms.contains("exon_loss_variant") {
            strength = .veryStrong; branch = "full gene / exon deletion"
        } else if terms.contains("stop_gained") || terms.contains("frameshift_variant") {
            if let e = ann.exon, let n = ann.exonCount, e == n, n > 1 {
                strength = .moderate; branch = "nonsense/frameshift in the last exon: NMD not predicted, region role unknown"
            } else if let e = ann.exon, let n = ann.exonCount, n == 1, e == 1 {
                strength = .moderate; branch = "single-exon transcript: NMD not predicted"
            } else if ann.exon == nil {
                strength = .strong; branch = "nonsense/frameshift, exon position unknown: NMD not assessable"
            } else {
                strength = .veryStrong; branch = "nonsense/frameshift upstream of the last exon: NMD predicted"
            }
        } else if terms.contains("splice_acceptor_variant") || terms.contains("splice_donor_variant") {
            strength = .strong; branch = "canonical ±1,2 splice site: effect on reading frame not assessable from annotation"
        } else {
            strength = .moderate; branch = "initiation codon variant"
        }
        if let lof = ann.lof, lof == "LC" {
            strength = strength == .veryStrong ? .strong : (strength == .strong ? .moderate : .supporting)
            branch += "; LOFTEE low confidence: one level down"
        }
        // Values, threshold and reason are spelled out from the decision's inputs when read (`PVS1Trace`).
        let trace = PVS1Trace(consequences: ann.consequences, exon: ann.exon, exonCount: ann.exonCount, mechanism: mechanism, why: why,
                              loeuf: gene?.loeuf, strength: strength, branch: branch)
        let status: CriterionStatus = switch mechanism {
        case .established: .met
        case .notEstablished: .notMet
        case .unknown: .notEvaluable
        }
        return CriterionEvaluation(code: "PVS1", status: status, strength: status == .met ? strength : nil,
                                   source: SequenceCriteria.pvs1Source, text: .pvs1(trace))
    }

    /// PM4: in-frame indel or stop-loss in a non-repeat region (repeat annotation not available: noted).
    public func pm4(_ ann: TranscriptAnnotation?, pvs1: CriterionEvaluation) -> CriterionEvaluation {
        guard let ann else { return CriterionEvaluation(code: "PM4", status: .notEvaluable, reason: "no transcript annotation") }
        let inframe = ann.consequences.contains { term in
            switch term {
            case "inframe_insertion", "inframe_deletion", "stop_lost", "disruptive_inframe_insertion", "disruptive_inframe_deletion",
                 "conservative_inframe_insertion", "conservative_inframe_deletion": true
            default: false
            }
        }
        guard inframe else { return CriterionEvaluation(code: "PM4", status: .notMet, reason: "not an in-frame indel or stop-loss") }
        if pvs1.status == .met { return CriterionEvaluation(code: "PM4", status: .notMet, reason: "PVS1 met; PM4 not combined with it") }
        return CriterionEvaluation(code: "PM4", status: .met, strength: .moderate,
                                   values: ["consequence": .string(ann.consequences.joined(separator: "&"))],
                                   threshold: "protein length change (repeat regions not annotated)",
                                   source: "Richards et al. 2015, Genet Med 17:405 (PM4)", reason: "in-frame length change")
    }

    /// PP3 / BP4 from calibrated predictors: REVEL (else AlphaMissense, else CADD) for missense, SpliceAI for splicing.
    /// `detailed: false` keeps the decisions (code, status, strength, source) without values and threshold texts.
    public func pp3bp4(_ ann: TranscriptAnnotation?, scores: PredictorScores, pvs1: CriterionEvaluation,
                       detailed: Bool = true) -> [CriterionEvaluation] {
        var out: [CriterionEvaluation] = []
        out.reserveCapacity(2)
        appendPP3BP4(ann, scores: scores, pvs1: pvs1, detailed: detailed, to: &out)
        return out
    }

    /// `pp3bp4` appending its two evaluations (PP3, then BP4) to `out` (no array of its own).
    func appendPP3BP4(_ ann: TranscriptAnnotation?, scores: PredictorScores, pvs1: CriterionEvaluation, detailed: Bool,
                      to out: inout [CriterionEvaluation]) {
        let terms = ann?.consequences ?? []
        let missense = terms.contains("missense_variant")
        var pathogenic: (EvidenceStrength, String, String)?
        var benign: (EvidenceStrength, String, String)?
        var evaluable = false
        // The scores decided on, for the detailed trace (spelled out as values when read: `PredictorTrace`).
        var missenseScore: (name: String, score: Double)?
        var spliceScore: Double?

        if missense {
            // REVEL, else AlphaMissense, else CADD: the first score present.
            let choice: (String, Double, Cuts?)? = scores.revel.map { ("revel", $0, revel) }
                ?? scores.alphaMissense.map { ("alphamissense", $0, alphaMissense) } ?? scores.caddPhred.map { ("cadd", $0, cadd) }
            if let (name, score, thresholds) = choice, let t = thresholds {
                evaluable = true
                if detailed { missenseScore = (name, score) }
                for (k, s) in Cuts.order.enumerated() {
                    if pathogenic == nil, let cut = t.pathogenic[k], score >= cut { pathogenic = (s, detailed ? "\(name) ≥ \(cut)" : "", t.source) }
                    if benign == nil, let cut = t.benign[k], score <= cut { benign = (s, detailed ? "\(name) ≤ \(cut)" : "", t.source) }
                    if pathogenic != nil && benign != nil { break }
                }
            }
        }
        if let splice = scores.spliceAI, let t = spliceAI {
            evaluable = true
            if detailed { spliceScore = splice }
            if let cut = t.pathogenic[Cuts.supporting], splice >= cut, pathogenic == nil {
                pathogenic = (.supporting, detailed ? "SpliceAI Δ ≥ \(cut)" : "", t.source)
            }
            if let cut = t.benign[Cuts.supporting], splice > cut {
                benign = nil  // a splicing signal blocks BP4
            } else if !missense, let cut = t.benign[Cuts.supporting], splice <= cut, benign == nil,
                      terms.contains(where: { $0 == "synonymous_variant" || $0 == "intron_variant" || $0 == "splice_region_variant" }) {
                benign = (.supporting, detailed ? "SpliceAI Δ ≤ \(cut)" : "", t.source)
            }
        }
        guard evaluable else {
            out.append(CriterionEvaluation(code: "PP3", status: .notEvaluable, reason: "no calibrated predictor score"))
            out.append(CriterionEvaluation(code: "BP4", status: .notEvaluable, reason: "no calibrated predictor score"))
            return
        }
        typealias Outcome = (status: CriterionStatus, strength: EvidenceStrength?, threshold: String, source: String, reason: String)
        let pp3: Outcome = if let p = pathogenic, pvs1.status != .met {
            (.met, p.0, p.1, p.2, "computational evidence of impact")
        } else {
            (.notMet, nil, "", "", pathogenic != nil ? "PVS1 met; PP3 not combined with it (Pejaver 2022)" : "below PP3 thresholds")
        }
        let bp4: Outcome = if let b = benign, pathogenic == nil {
            (.met, b.0, b.1, b.2, "computational evidence of no impact")
        } else {
            (.notMet, nil, "", "", "above BP4 thresholds")
        }
        guard detailed else {
            out.append(CriterionEvaluation(code: "PP3", status: pp3.status, strength: pp3.strength, threshold: pp3.threshold,
                                           source: pp3.source, reason: pp3.reason))
            out.append(CriterionEvaluation(code: "BP4", status: bp4.status, strength: bp4.strength, threshold: bp4.threshold,
                                           source: bp4.source, reason: bp4.reason))
            return
        }
        // Both decisions' texts with the scores, spelled out when read.
        let trace = PredictorTrace(missense: missenseScore, spliceAI: spliceScore, pp3: (pp3.threshold, pp3.reason),
                                   bp4: (bp4.threshold, bp4.reason))
        out.append(CriterionEvaluation(code: "PP3", status: pp3.status, strength: pp3.strength, source: pp3.source,
                                       text: .predictor(trace, bp4: false)))
        out.append(CriterionEvaluation(code: "BP4", status: bp4.status, strength: bp4.strength, source: bp4.source,
                                       text: .predictor(trace, bp4: true)))
    }

    /// BP7: synonymous, or intronic beyond +7/−21, with no predicted splicing impact (Walker 2023).
    public func bp7(_ ann: TranscriptAnnotation?, scores: PredictorScores, detailed: Bool = true) -> CriterionEvaluation {
        guard let ann else { return CriterionEvaluation(code: "BP7", status: .notEvaluable, reason: "no transcript annotation") }
        let terms = ann.consequences
        let synonymous = terms.contains("synonymous_variant")
        let intronic = terms.contains("intron_variant") && !terms.contains("splice_region_variant")
        let deepIntronic = intronic && ann.hgvsc.flatMap(SequenceCriteria.intronOffset).map { $0 >= 7 || $0 <= -21 } == true
        guard synonymous || deepIntronic else {
            return CriterionEvaluation(code: "BP7", status: .notMet, reason: "not synonymous or deep intronic")
        }
        let source = "Walker et al. 2023, Am J Hum Genet 110:1046 (BP7 with SpliceAI ≤ 0.1)"
        guard let splice = scores.spliceAI else {
            return CriterionEvaluation(code: "BP7", status: .notEvaluable, source: source, reason: "no SpliceAI score")
        }
        let cut = spliceAI?.benign[Cuts.supporting] ?? 0.1
        let met = splice <= cut
        guard detailed else {
            return CriterionEvaluation(code: "BP7", status: met ? .met : .notMet, strength: met ? .supporting : nil, source: source, reason: "")
        }
        return CriterionEvaluation(code: "BP7", status: met ? .met : .notMet, strength: met ? .supporting : nil,
                                   values: ["spliceai": .number(splice)], threshold: "SpliceAI Δ ≤ \(cut)", source: source,
                                   reason: met ? "no predicted splicing impact" : "predicted splicing impact")
    }

    /// PS1 / PM5 from ClinVar P/LP protein changes at the same residue (never PP5/BP6).
    public func ps1pm5(_ ann: TranscriptAnnotation?, scores: PredictorScores, clinvar: ClinVarIndex?) -> [CriterionEvaluation] {
        var out: [CriterionEvaluation] = []
        out.reserveCapacity(2)
        appendPS1PM5(ann, scores: scores, clinvar: clinvar, to: &out)
        return out
    }

    /// `ps1pm5` appending its two evaluations (PS1, then PM5) to `out` (no array of its own).
    func appendPS1PM5(_ ann: TranscriptAnnotation?, scores: PredictorScores, clinvar: ClinVarIndex?, to out: inout [CriterionEvaluation]) {
        guard let clinvar else {
            out.append(CriterionEvaluation(code: "PS1", status: .notEvaluable, reason: "no ClinVar index loaded"))
            out.append(CriterionEvaluation(code: "PM5", status: .notEvaluable, reason: "no ClinVar index loaded"))
            return
        }
        guard let ann, ann.consequences.contains("missense_variant"), let gene = ann.geneSymbol,
              let change = ann.hgvsp.flatMap(ProteinChange.init(hgvsp:)), change.isMissense else {
            out.append(CriterionEvaluation(code: "PS1", status: .notMet, reason: "not a missense variant"))
            out.append(CriterionEvaluation(code: "PM5", status: .notMet, reason: "not a missense variant"))
            return
        }
        let own = ann.hgvsc.map(HGVS.codingPart)
        let others = clinvar.entries(gene: gene, position: change.position).filter { $0.hgvsc != own && $0.change.reference == change.reference }
        let source = "Richards 2015 PS1/PM5; ClinVar \(clinvar.release) (≥1 star, P/LP)"
        let ps1Index = out.count
        let same = others.filter { $0.change.alternate == change.alternate }
        let spliceClear = (scores.spliceAI ?? 0) <= (spliceAI?.benign[Cuts.supporting] ?? 0.1)
        if let best = same.max(by: { ($0.pathogenic ? 1 : 0) < ($1.pathogenic ? 1 : 0) }), spliceClear {
            out.append(CriterionEvaluation(code: "PS1", status: .met, strength: best.pathogenic ? .strong : .moderate,
                                           values: ["clinvar_variation_id": .string(best.variationID), "clinvar_hgvsc": .string(best.hgvsc)],
                                           threshold: "same amino-acid change classified \(best.pathogenic ? "P" : "LP")", source: source,
                                           reason: "same amino-acid change as a ClinVar \(best.pathogenic ? "pathogenic" : "likely pathogenic") variant"))
        } else {
            out.append(CriterionEvaluation(code: "PS1", status: .notMet, source: source,
                                           reason: same.isEmpty ? "no P/LP variant with the same amino-acid change" : "possible splicing impact"))
        }
        let residue = others.filter { $0.change.alternate != change.alternate && $0.change.isMissense }
        if let best = residue.max(by: { ($0.pathogenic ? 1 : 0) < ($1.pathogenic ? 1 : 0) }), out[ps1Index].status != .met {
            out.append(CriterionEvaluation(code: "PM5", status: .met, strength: best.pathogenic ? .moderate : .supporting,
                                           values: ["clinvar_variation_id": .string(best.variationID), "clinvar_change": .string("p.\(best.change.reference)\(best.change.position)\(best.change.alternate)")],
                                           threshold: "different missense at the same residue classified \(best.pathogenic ? "P" : "LP")",
                                           source: source, reason: "another missense change at this residue is P/LP in ClinVar"))
        } else {
            out.append(CriterionEvaluation(code: "PM5", status: .notMet, source: source,
                                           reason: residue.isEmpty ? "no other P/LP missense at this residue" : "PS1 met"))
        }
    }

    /// `c.123+45A>G` → 45, `c.124-30C>T` → −30; nil when the change is not intronic.
    static func intronOffset(_ hgvsc: String) -> Int? {
        let utf8 = hgvsc.utf8
        guard !utf8.contains(where: { $0 >= 0x80 }) else { return intronOffsetOfCharacters(hgvsc) }
        // ASCII: the same reading on bytes (after the last ':', spaces skipped as `HGVS.codingPart` drops them; its
        // `del` tail removal cannot matter: the reading stops at the `d`), with no intermediate Strings.
        var bytes = utf8[(utf8.lastIndex(of: 0x3A).map { utf8.index(after: $0) } ?? utf8.startIndex)...].lazy.filter { $0 != 0x20 }
            .makeIterator()
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        guard bytes.next() == 0x63, bytes.next() == 0x2E else { return nil }   // "c."
        var b = bytes.next()
        if b == 0x2A || b == 0x2D { b = bytes.next() }   // '*' or '-'
        while isDigit(b) { b = bytes.next() }
        guard let sign = b, sign == 0x2B || sign == 0x2D else { return nil }
        var n = 0, digits = 0
        while let d = bytes.next(), d >= 0x30 && d <= 0x39 {
            let (times10, o1) = n.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(d - 0x30))
            if o1 || o2 { return nil }
            n = sum; digits += 1
        }
        guard digits > 0 else { return nil }
        return sign == 0x2B ? n : -n
    }

    /// `intronOffset` read on Characters (any text).
    static func intronOffsetOfCharacters(_ hgvsc: String) -> Int? {
        let c = HGVS.codingPart(hgvsc)
        guard c.hasPrefix("c.") else { return nil }
        var body = c.dropFirst(2)
        if body.first == "*" || body.first == "-" { body = body.dropFirst() }
        body = body.drop { $0.isNumber }
        guard let sign = body.first, sign == "+" || sign == "-" else { return nil }
        let digits = body.dropFirst().prefix { $0.isNumber }
        guard let n = Int(digits) else { return nil }
        return sign == "+" ? n : -n
    }
}
