import Foundation
import MendelCore
import MendelKnowledge
import MendelVariants

/// The genotype likelihood ratio of one disease: the gene and inheritance mode that gave the best LR and the
/// variants that carried it. Part of `DiseaseExplanation.genotype`; its log10 LR is one of the score's terms.
public struct GenotypeContribution: Sendable, Hashable, Codable {
    /// How the genotype was read.
    public enum Finding: String, Sendable, Hashable, Codable {
        /// One qualifying allele in a monoallelic mode (AD, XLD, X-linked in a male, mitochondrial).
        case heterozygous
        case hemizygous
        case homozygous
        /// Two qualifying alleles in a recessive mode (phase in `phase`).
        case compoundHeterozygous = "compound_heterozygous"
        /// A recessive mode with one qualifying allele (the second may be a variant the VCF does not carry).
        case singleRecessiveAllele = "single_recessive_allele"
        /// De novo (PS2/PM6) allele in a monoallelic mode.
        case deNovo = "de_novo"
        /// The disease's genes carry no qualifying variant.
        case noQualifyingVariant = "no_qualifying_variant"
        /// The disease has no associated gene in the knowledge base.
        case noAssociatedGene = "no_associated_gene"
    }

    /// KB gene symbol that carried the LR (nil for the two "no" findings).
    public var gene: String?
    /// Inheritance category used (`autosomal_dominant`, …, `unknown` when the disease has none annotated).
    public var inheritance: String
    public var finding: Finding
    /// Phase of a compound heterozygote (`in_trans`, `unknown`).
    public var phase: String?
    /// Probability that the genotype is the disease-causing one (product of the alleles' pathogenicity).
    public var genotypeScore: Double
    /// P(such a genotype | not this disease) used.
    public var background: Double?
    public var likelihoodRatio: Double
    public var log10LikelihoodRatio: Double
    /// The variants behind the finding.
    public var variants: [GenotypeVariant]
    /// Genes of the disease that were checked.
    public var genesChecked: [String]

    /// Trace entry listing the genotype LR and its variants (event `genotype_lr`; the summed LR itself is the
    /// explanation's `genotype` adjustment).
    public func traceEntry(disease: DiseaseID) -> TraceEntry {
        var values: [String: JSONValue] = [
            "disease": .string(disease.rawValue), "inheritance": .string(inheritance), "finding": .string(finding.rawValue),
            "genotype_score": .number(genotypeScore), "lr": .number(likelihoodRatio), "log10_lr": .number(log10LikelihoodRatio),
            "genes_checked": .array(genesChecked.map { .string($0) }),
            "variants": .array(variants.map { v in
                var entry: [String: JSONValue] = ["id": .string(v.variant), "class": .string(v.classification),
                                                  "criteria": .array(v.criteria.map { .string($0) }),
                                                  "pathogenicity": .number(v.pathogenicity), "zygosity": .string(v.zygosity),
                                                  "vcf_symbol": .string(v.vcfSymbol)]
                if let points = v.points { entry["points"] = .number(Double(points)) }
                if v.deNovo { entry["de_novo"] = .bool(true) }
                return .object(entry)
            }),
        ]
        if let gene { values["gene"] = .string(gene) }
        if let phase { values["phase"] = .string(phase) }
        if let background { values["background"] = .number(background) }
        // The message names classes only; variant ids (patient genotype data) stay in `values`.
        let carried = variants.map(\.classification).joined(separator: " + ")
        return TraceEntry(component: "diagnosis", event: "genotype_lr", rule: finding.rawValue,
                          message: "\(disease) \(gene ?? "-") (\(inheritance)): \(finding.rawValue)"
                              + (carried.isEmpty ? "" : " [\(carried)]") + ", genotype LR \(String(format: "%.3g", likelihoodRatio))",
                          values: values)
    }
}

/// The genotype LR model (docs/knowledge-base.md §9). For a gene, a disease's inheritance modes and the sex:
/// monoallelic modes  LR = s·sens/bg₁ + (1 − s)·LR₀,  s = best allele pathogenicity;
/// biallelic modes    LR = s₂·sens/bg₂ + (1 − s₂)·(s₁·r₁/bg₁ + (1 − s₁)·LR₀),  s₂ = best homozygous allele or
///                    pair product (× P(trans) when unphased), s₁ = best single allele;
/// LR₀ = LR of no qualifying allele. The best mode wins; a disease takes its best gene.
struct GenotypeScorer: Sendable {
    let parameters: GenotypeParameters

    enum Requirement { case monoallelic, biallelic, none }

    func requirement(_ category: MendelKnowledge.InheritanceMode.Category?, sex: Sex?) -> [Requirement] {
        guard let category else { return [.monoallelic, .biallelic] }
        switch category {
        case .autosomalDominant, .xLinkedDominant, .mitochondrial: return [.monoallelic]
        case .autosomalRecessive: return [.biallelic]
        case .xLinkedRecessive: return sex == .female ? [.biallelic] : [.monoallelic]
        case .xLinked: return [.monoallelic]
        case .yLinked: return sex == .female ? [.none] : [.monoallelic]
        case .other: return [.monoallelic]
        }
    }

    /// Best contribution of one gene for a disease with the given inheritance categories.
    func contribution(gene: String, alleles: [EvidenceAllele], categories: [MendelKnowledge.InheritanceMode.Category], sex: Sex?,
                      genesChecked: [String]) -> GenotypeContribution {
        var best: GenotypeContribution?
        let modes: [MendelKnowledge.InheritanceMode.Category?] = categories.isEmpty ? [nil] : categories
        for category in modes {
            for requirement in requirement(category, sex: sex) {
                let c = evaluate(requirement, alleles: alleles)
                if best.map({ c.lr > $0.likelihoodRatio }) ?? true {
                    best = GenotypeContribution(
                        gene: gene, inheritance: category?.rawValue ?? "unknown", finding: c.finding, phase: c.phase,
                        genotypeScore: c.score, background: c.background, likelihoodRatio: c.lr, log10LikelihoodRatio: log10(c.lr),
                        variants: c.carriers.map(\.summary), genesChecked: genesChecked)
                }
            }
        }
        return best ?? none(genesChecked: genesChecked)
    }

    /// No qualifying variant in any of the genes.
    func none(genesChecked: [String], inheritance: String = "any") -> GenotypeContribution {
        let lr = parameters.effectiveNoVariantLR
        return GenotypeContribution(gene: nil, inheritance: inheritance, finding: .noQualifyingVariant, phase: nil, genotypeScore: 0,
                                    background: nil, likelihoodRatio: lr, log10LikelihoodRatio: log10(lr), variants: [],
                                    genesChecked: genesChecked)
    }

    func unknownGene() -> GenotypeContribution {
        let lr = parameters.effectiveUnknownGeneLR
        return GenotypeContribution(gene: nil, inheritance: "any", finding: .noAssociatedGene, phase: nil, genotypeScore: 0,
                                    background: nil, likelihoodRatio: lr, log10LikelihoodRatio: log10(lr), variants: [], genesChecked: [])
    }

    private struct Evaluation {
        var lr: Double
        var score: Double
        var background: Double?
        var finding: GenotypeContribution.Finding
        var phase: String?
        var carriers: [EvidenceAllele]
    }

    private func evaluate(_ requirement: Requirement, alleles: [EvidenceAllele]) -> Evaluation {
        let p = parameters
        let none = p.effectiveNoVariantLR
        switch requirement {
        case .none:
            return Evaluation(lr: none, score: 0, background: nil, finding: .noQualifyingVariant, carriers: [])
        case .monoallelic:
            guard let allele = strongest(alleles) else {
                return Evaluation(lr: none, score: 0, background: nil, finding: .noQualifyingVariant, carriers: [])
            }
            let s = allele.summary.pathogenicity
            let background = allele.summary.deNovo ? p.backgroundDeNovo : p.backgroundMonoallelic
            let finding: GenotypeContribution.Finding = allele.summary.deNovo ? .deNovo
                : allele.summary.zygosity == "hemizygous" ? .hemizygous : allele.copies >= 2 ? .homozygous : .heterozygous
            return Evaluation(lr: s * p.sensitivity / background + (1 - s) * none, score: s, background: background,
                              finding: finding, carriers: [allele])
        case .biallelic:
            var s2 = 0.0
            var pair: [EvidenceAllele] = []
            var phase: String?
            for allele in alleles where allele.copies >= 2 && allele.summary.pathogenicity > s2 {
                s2 = allele.summary.pathogenicity; pair = [allele]; phase = nil
            }
            for i in alleles.indices {
                for j in alleles.indices where j > i {
                    let a = alleles[i], b = alleles[j]
                    let ph = phaseOf(a.source, b.source)
                    if ph == .inCis { continue }
                    let s = a.summary.pathogenicity * b.summary.pathogenicity * (ph == .inTrans ? 1 : p.unphasedTransProbability)
                    if s > s2 { s2 = s; pair = [a, b]; phase = ph.rawValue }
                }
            }
            let single = strongest(alleles)
            let s1 = single?.summary.pathogenicity ?? 0
            let singleTerm = s1 * p.singleRecessiveAlleleProbability / p.backgroundMonoallelic + (1 - s1) * none
            let pairTerm = s2 * p.sensitivity / p.backgroundBiallelic
            let lr = pairTerm + (1 - s2) * singleTerm
            if s2 > 0 && pairTerm >= s1 * p.singleRecessiveAlleleProbability / p.backgroundMonoallelic {
                let finding: GenotypeContribution.Finding = pair.count == 2 ? .compoundHeterozygous
                    : pair[0].summary.zygosity == "hemizygous" ? .hemizygous : .homozygous
                return Evaluation(lr: lr, score: s2, background: p.backgroundBiallelic, finding: finding, phase: phase, carriers: pair)
            }
            guard let single else {
                return Evaluation(lr: none, score: 0, background: nil, finding: .noQualifyingVariant, carriers: [])
            }
            return Evaluation(lr: lr, score: s1, background: p.backgroundMonoallelic, finding: .singleRecessiveAllele, carriers: [single])
        }
    }

    /// Highest pathogenicity, first in VCF order on ties.
    private func strongest(_ alleles: [EvidenceAllele]) -> EvidenceAllele? {
        var best: EvidenceAllele?
        for allele in alleles where allele.summary.pathogenicity > (best?.summary.pathogenicity ?? 0) { best = allele }
        return best
    }

    private func phaseOf(_ a: InterpretedVariant, _ b: InterpretedVariant) -> GenotypeCriteria.Phase {
        guard let ga = a.genotype, let gb = b.genotype else { return .unknown }
        return GenotypeCriteria.phase((ga, a.fatherGenotype, a.motherGenotype, a.altIndex),
                                      (gb, b.fatherGenotype, b.motherGenotype, b.altIndex))
    }
}
