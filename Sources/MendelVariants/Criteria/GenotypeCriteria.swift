import MendelCore

/// Quality thresholds for genotype-based criteria.
public struct GenotypeQuality: Sendable, Codable, Hashable {
    public var minDepth: Int
    public var minGenotypeQuality: Int
    public init(minDepth: Int = 10, minGenotypeQuality: Int = 20) { self.minDepth = minDepth; self.minGenotypeQuality = minGenotypeQuality }

    /// True when the call's DP and GQ (where present) reach the minimum.
    public func passes(_ g: Genotype) -> Bool {
        if let dp = g.depth, dp < minDepth { return false }
        if let gq = g.quality, gq < minGenotypeQuality { return false }
        return !g.isMissing
    }
}

/// PS2 / PM6 (de novo in a trio) and PM3 (in trans with a pathogenic variant, recessive disease).
public enum GenotypeCriteria {
    static let deNovoSource = "ClinGen SVI de novo recommendation v1.1 (PS2 confirmed parentage; PM6 assumed)"
    static let pm3Source = "ClinGen SVI PM3 recommendation v1.0 (points: in trans with P 1.0, with LP 0.5, phase unknown 0.5/0.25, homozygous 0.5)"

    /// De novo: the proband carries the ALT with good quality, both parents are confidently homozygous reference.
    public static func deNovo(proband: Genotype?, father: Genotype?, mother: Genotype?, altIndex: Int,
                              parentageConfirmed: Bool, quality: GenotypeQuality) -> CriterionEvaluation {
        let code = parentageConfirmed ? "PS2" : "PM6"
        guard let proband, let father, let mother else {
            return CriterionEvaluation(code: code, status: .notEvaluable, reason: "no trio genotypes")
        }
        guard proband.copies(ofAlt: altIndex) > 0 else {
            return CriterionEvaluation(code: code, status: .notMet, reason: "proband does not carry the allele")
        }
        var values: [String: JSONValue] = [:]
        for (name, g) in [("proband", proband), ("father", father), ("mother", mother)] {
            if let dp = g.depth { values["\(name)_dp"] = .number(Double(dp)) }
            if let gq = g.quality { values["\(name)_gq"] = .number(Double(gq)) }
        }
        let threshold = "DP ≥ \(quality.minDepth), GQ ≥ \(quality.minGenotypeQuality) in all three; parents homozygous reference"
        guard quality.passes(proband), quality.passes(father), quality.passes(mother) else {
            return CriterionEvaluation(code: code, status: .notEvaluable, values: values, threshold: threshold, source: deNovoSource,
                                       reason: "a trio genotype is missing or below quality thresholds")
        }
        let parentsRef = [father, mother].allSatisfy { g in g.alleles.allSatisfy { $0 == 0 } }
        let parentAltReads = [father, mother].compactMap { $0.alleleDepths.flatMap { altIndex < $0.count ? $0[altIndex] : nil } }.reduce(0, +)
        values["parent_alt_reads"] = .number(Double(parentAltReads))
        guard parentsRef, parentAltReads == 0 else {
            return CriterionEvaluation(code: code, status: .notMet, values: values, threshold: threshold, source: deNovoSource,
                                       reason: "inherited (a parent carries the allele)")
        }
        return CriterionEvaluation(code: code, status: .met, strength: parentageConfirmed ? .strong : .moderate, values: values,
                                   threshold: threshold, source: deNovoSource,
                                   reason: parentageConfirmed ? "de novo, parentage confirmed" : "de novo, parentage assumed")
    }

    /// Phase of two heterozygous variants in one gene.
    public enum Phase: String, Sendable, Codable { case inTrans = "in_trans", inCis = "in_cis", unknown }

    /// Phase from parents (one ALT from each parent) or from phased genotypes in the same phase set.
    public static func phase(_ a: (proband: Genotype, father: Genotype?, mother: Genotype?, alt: Int),
                             _ b: (proband: Genotype, father: Genotype?, mother: Genotype?, alt: Int)) -> Phase {
        if let fa = a.father, let ma = a.mother, let fb = b.father, let mb = b.mother {
            let aFromFather = fa.copies(ofAlt: a.alt) > 0 && ma.copies(ofAlt: a.alt) == 0
            let aFromMother = ma.copies(ofAlt: a.alt) > 0 && fa.copies(ofAlt: a.alt) == 0
            let bFromFather = fb.copies(ofAlt: b.alt) > 0 && mb.copies(ofAlt: b.alt) == 0
            let bFromMother = mb.copies(ofAlt: b.alt) > 0 && fb.copies(ofAlt: b.alt) == 0
            if (aFromFather && bFromMother) || (aFromMother && bFromFather) { return .inTrans }
            if (aFromFather && bFromFather) || (aFromMother && bFromMother) { return .inCis }
        }
        if a.proband.phased, b.proband.phased, a.proband.alleles.count == 2, b.proband.alleles.count == 2,
           a.proband.phaseSet == b.proband.phaseSet {
            guard let ha = a.proband.alleles.firstIndex(of: a.alt), let hb = b.proband.alleles.firstIndex(of: b.alt) else { return .unknown }
            return ha == hb ? .inCis : .inTrans
        }
        return .unknown
    }

    /// PM3 points for one variant from the other qualifying variants in the gene (SVI PM3 table, simplified to
    /// the proband's own genotypes): ≥ 4 VeryStrong, ≥ 2 Strong, ≥ 1 Moderate, ≥ 0.5 Supporting.
    public static func pm3(homozygous: Bool, partners: [(ACMGClass, Phase)]) -> CriterionEvaluation {
        var points = 0.0
        var notes: [String] = []
        if homozygous { points += 0.5; notes.append("homozygous") }
        for (cls, phase) in partners where cls.isPathogenicSide {
            switch (cls, phase) {
            case (.pathogenic, .inTrans): points += 1.0
            case (.likelyPathogenic, .inTrans): points += 0.5
            case (.pathogenic, .unknown): points += 0.5
            case (.likelyPathogenic, .unknown): points += 0.25
            default: break
            }
            notes.append("\(cls.rawValue) \(phase.rawValue)")
        }
        let strength: EvidenceStrength? = points >= 4 ? .veryStrong : points >= 2 ? .strong : points >= 1 ? .moderate : points >= 0.5 ? .supporting : nil
        let values: [String: JSONValue] = ["points": .number(points), "observations": .string(notes.joined(separator: ", "))]
        guard let strength else {
            return CriterionEvaluation(code: "PM3", status: .notMet, values: values, threshold: "≥ 0.5 points", source: pm3Source,
                                       reason: notes.isEmpty ? "no second P/LP allele and not homozygous" : "too few points")
        }
        return CriterionEvaluation(code: "PM3", status: .met, strength: strength, values: values,
                                   threshold: "0.5 Supporting, 1 Moderate, 2 Strong, 4 Very Strong", source: pm3Source,
                                   reason: "recessive disease: \(notes.joined(separator: ", "))")
    }
}
