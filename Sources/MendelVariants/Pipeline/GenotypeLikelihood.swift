import MendelCore

/// Parameters of the per-gene genotype likelihood ratio (LIRICAL-style: P(genotype | disease of this gene) /
/// P(genotype | not this disease)). Defaults are documented modelling choices, not fitted to a benchmark.
public struct GenotypeLRModel: Sendable, Codable, Hashable {
    /// Weight of one allele by class: how strongly it counts as disease-causing.
    public var pathogenicWeight: Double = 1.0
    public var likelyPathogenicWeight: Double = 0.9
    public var uncertainWeight: Double = 0.1
    /// P(the patient's genotype in this gene is found | disease of this gene): analytic + interpretive sensitivity.
    public var sensitivity: Double = 0.9
    /// P(a person without this disease carries a qualifying genotype in the gene), per inheritance pattern;
    /// a gene-specific background rate can replace it (`backgroundRate`).
    public var backgroundMonoallelic: Double = 0.02
    public var backgroundBiallelic: Double = 0.001
    /// LR floor when the required genotype is absent (allows for missed variants: 1 − sensitivity, bounded).
    public var missingGenotypeLR: Double = 0.1
    /// Extra factor for a de novo (PS2/PM6) qualifying allele in a dominant gene.
    public var deNovoFactor: Double = 5
    public var quality = GenotypeQuality()

    public init() {}
}

/// The genotype evidence for one gene and inheritance mode.
public struct GeneGenotypeLR: Sendable, Codable, Hashable {
    public var gene: String
    public var inheritance: InheritanceMode
    public var likelihoodRatio: Double
    public var log10LR: Double
    /// Keys (`contig-pos-ref-alt`) of the variants that carried the LR.
    public var variants: [String]
    public var trace: [TraceEntry]
}

public enum GenotypeLikelihood {
    /// Computes the genotype LR of a gene from its classified variants (in the proband), the disease's
    /// inheritance and the patient's sex. Quality filters: FILTER pass, DP/GQ from the model.
    /// AR needs two qualifying alleles (homozygous, or two variants not shown to be in cis);
    /// X-linked recessive in a male needs one hemizygous allele; AD/XLD/MT need one.
    public static func geneLR(gene: String, variants: [InterpretedVariant], inheritance: InheritanceMode, sex: Sex,
                              backgroundRate: Double? = nil, model: GenotypeLRModel = GenotypeLRModel()) -> GeneGenotypeLR {
        var used: [(InterpretedVariant, Double, Int)] = []   // variant, weight, allele copies
        var skipped = 0
        for v in variants where v.gene?.uppercased() == gene.uppercased() {
            let weight: Double
            switch v.classification.classification {
            case .pathogenic: weight = model.pathogenicWeight
            case .likelyPathogenic: weight = model.likelyPathogenicWeight
            case .uncertain: weight = model.uncertainWeight
            default: continue
            }
            guard v.filters.isEmpty, let g = v.genotype, model.quality.passes(g) else { skipped += 1; continue }
            let copies = g.copies(ofAlt: v.altIndex)
            guard copies > 0 else { continue }
            used.append((v, weight, g.isHaploid ? 2 : copies))
        }
        used.sort { $0.1 > $1.1 }
        let biallelicNeeded: Bool
        switch inheritance {
        case .autosomalRecessive: biallelicNeeded = true
        case .xLinkedRecessive: biallelicNeeded = sex != .male
        default: biallelicNeeded = false
        }

        // Best genotype score: weight of the strongest qualifying genotype.
        var score = 0.0
        var carriers: [InterpretedVariant] = []
        var how = ""
        if biallelicNeeded {
            if let hom = used.first(where: { $0.2 >= 2 }) {
                score = hom.1; carriers = [hom.0]; how = "homozygous"
            }
            for i in used.indices {
                for j in used.indices where j > i {
                    let a = used[i], b = used[j]
                    let phase = phaseOf(a.0, b.0)
                    if phase == .inCis { continue }
                    let s = a.1 * b.1 * (phase == .inTrans ? 1 : 0.5)
                    if s > score { score = s; carriers = [a.0, b.0]; how = "two alleles, phase \(phase.rawValue)" }
                }
            }
        } else if let best = used.first {
            score = best.1; carriers = [best.0]
            how = best.2 >= 2 && best.0.genotype?.isHaploid == true ? "hemizygous" : "heterozygous"
            if best.0.evaluations.contains(where: { ($0.code == "PS2" || $0.code == "PM6") && $0.status == .met }) {
                how += ", de novo"
            }
        }

        let background = backgroundRate ?? (biallelicNeeded ? model.backgroundBiallelic : model.backgroundMonoallelic)
        var lr: Double
        if score > 0 {
            // P(genotype | disease) = sensitivity · score; P(genotype | no disease) = background (score-weighted).
            lr = (model.sensitivity * score + (1 - score) * background) / background
            if how.hasSuffix("de novo") { lr *= model.deNovoFactor }
        } else {
            lr = max(model.missingGenotypeLR, 1 - model.sensitivity)
            how = used.isEmpty ? "no qualifying allele" : "one qualifying allele, two needed"
        }
        let keys = carriers.map(\.key)
        let entry = TraceEntry(
            component: "diagnosis", event: "genotype_lr", rule: inheritance.rawValue,
            message: "\(gene): \(how); genotype LR \(format(lr))",
            values: ["gene": .string(gene), "lr": .number(lr), "score": .number(score), "background": .number(background),
                     "variants": .array(keys.map { .string($0) }),
                     "classes": .array(carriers.map { .string($0.classification.classification.rawValue) }),
                     "sex": .string(sex.rawValue), "skipped_low_quality": .number(Double(skipped))])
        return GeneGenotypeLR(gene: gene, inheritance: inheritance, likelihoodRatio: lr, log10LR: log10Value(lr), variants: keys, trace: [entry])
    }

    static func phaseOf(_ a: InterpretedVariant, _ b: InterpretedVariant) -> GenotypeCriteria.Phase {
        guard let ga = a.genotype, let gb = b.genotype else { return .unknown }
        return GenotypeCriteria.phase((ga, a.fatherGenotype, a.motherGenotype, a.altIndex), (gb, b.fatherGenotype, b.motherGenotype, b.altIndex))
    }

    static func log10Value(_ x: Double) -> Double {
        // log10 without Foundation: ln via the series-free identity log10(x) = ln(x)/ln(10) using Double's exponent.
        guard x > 0 else { return -.infinity }
        var m = x, e = 0.0
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        // ln(m) for m in [1,10) by atanh series on (m-1)/(m+1).
        let y = (m - 1) / (m + 1), y2 = y * y
        var term = y, sum = 0.0, k = 1.0
        for _ in 0..<60 { sum += term / k; term *= y2; k += 2 }
        return e + 2 * sum / 2.302585092994046
    }
}
