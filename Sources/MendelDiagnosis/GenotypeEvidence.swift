import Foundation
import MendelCore
import MendelKnowledge
import MendelVariants

/// One classified variant as genotype evidence: what the trace shows about it.
public struct GenotypeVariant: Sendable, Hashable, Codable {
    /// `contig-pos-ref-alt`.
    public var variant: String
    /// Gene symbol as in the VCF annotation.
    public var vcfSymbol: String
    /// ACMG/AMP class (P, LP, VUS, LB, B) and the criteria met.
    public var classification: String
    public var criteria: [String]
    /// Tavtigian 2020 points, when computed.
    public var points: Int?
    /// P(pathogenic) of the allele: Tavtigian 2018 posterior from the points (0 for LB/B).
    public var pathogenicity: Double
    /// `heterozygous`, `homozygous`, `hemizygous` (or `unknown` for sites-only VCFs).
    public var zygosity: String
    /// PS2 or PM6 met (trio).
    public var deNovo: Bool
}

/// KB gene symbol → gene index, exact and upper-cased (built once per ranker).
struct GeneSymbolIndex: Sendable {
    let exact: [String: Int32]
    let upper: [String: Int32]

    init(_ kb: KnowledgeBase) {
        var exact: [String: Int32] = [:], upper: [String: Int32] = [:]
        for (i, gene) in kb.genes.enumerated() {
            exact[gene.symbol] = Int32(i)
            let key = gene.symbol.uppercased()
            if upper[key] == nil { upper[key] = Int32(i) }
        }
        self.exact = exact; self.upper = upper
    }
}

/// A variant that can count for a gene, with what phasing needs.
struct EvidenceAllele: Sendable {
    var summary: GenotypeVariant
    /// 2 for homozygous or haploid (hemizygous) calls, else 1.
    var copies: Int
    var source: InterpretedVariant
}

/// The case's variants prepared for the genotype LR: quality-filtered, weighted by pathogenicity and joined to
/// the knowledge base's genes by symbol. Counts of everything left out are kept for the trace.
public struct GenotypeEvidence: Sendable {
    /// Variants given.
    public let variantCount: Int
    /// Variants that count (carried, passing filters and quality, not benign, gene in the KB).
    public let usedCount: Int
    /// Left out by FILTER or DP/GQ.
    public let lowQualityCount: Int
    /// LB/B: no weight.
    public let benignCount: Int
    /// No gene symbol in the annotation.
    public let withoutGeneCount: Int
    /// VCF gene symbols not found in the KB (e.g. renamed after the HPO release), sorted; their variants do not count.
    public let unmatchedGenes: [String]
    /// VCF symbol → KB symbol mapped through `GenotypeParameters.symbolAliases` or case-insensitively.
    public let mappedSymbols: [String: String]
    /// KB gene index → alleles in VCF order.
    let alleles: [Int32: [EvidenceAllele]]

    init(variants: [InterpretedVariant], sex: Sex?, knowledgeBase kb: KnowledgeBase, symbols: GeneSymbolIndex, parameters p: GenotypeParameters) {
        var alleles: [Int32: [EvidenceAllele]] = [:]
        var used = 0, lowQuality = 0, benign = 0, withoutGene = 0
        var unmatched = Set<String>()
        var mapped: [String: String] = [:]
        let geneIndexBySymbol = symbols.exact, upperIndex = symbols.upper
        for variant in variants {
            guard let symbol = variant.gene, !symbol.isEmpty else { withoutGene += 1; continue }
            if p.requirePassingFilter && !variant.filters.isEmpty { lowQuality += 1; continue }
            if let g = variant.genotype {
                if g.isMissing { lowQuality += 1; continue }
                if let dp = g.depth, dp < p.minimumDepth { lowQuality += 1; continue }
                if let gq = g.quality, gq < p.minimumGenotypeQuality { lowQuality += 1; continue }
            }
            let cls = variant.classification.classification
            if cls.isBenignSide { benign += 1; continue }
            var geneIndex = geneIndexBySymbol[symbol]
            if geneIndex == nil {
                if let alias = p.symbolAliases[symbol], let index = geneIndexBySymbol[alias] {
                    geneIndex = index; mapped[symbol] = alias
                } else if let index = upperIndex[symbol.uppercased()] {
                    geneIndex = index; mapped[symbol] = kb.genes[Int(index)].symbol
                }
            }
            guard let geneIndex else { unmatched.insert(symbol); continue }
            let copies: Int
            let zygosity: String
            // One copy of X in a male, of Y and of MT: such calls satisfy monoallelic modes only (background of one
            // allele). A haploid call on an autosome (variant over a deletion) leaves no normal allele and counts as
            // biallelic. A haploid call on X counts as one allele whatever the stated sex: in a non-male it contradicts
            // the stated karyotype (two X), and the likelier readings (a caller/curation convention for a heterozygous
            // call, a sex mislabel) leave a second X, so it must not count as the strongest, biallelic evidence.
            let singleCopyContig = variant.contig == "Y" || variant.contig == "MT" || (variant.contig == "X" && sex == .male)
            if let g = variant.genotype {
                let n = g.copies(ofAlt: variant.altIndex)
                guard n > 0 else { continue }
                let haploidX = g.isHaploid && variant.contig == "X"
                if g.isHaploid || singleCopyContig {
                    copies = g.isHaploid && !singleCopyContig && !haploidX ? 2 : 1
                    zygosity = "hemizygous"
                } else {
                    copies = n >= 2 ? 2 : 1; zygosity = n >= 2 ? "homozygous" : "heterozygous"
                }
            } else {
                copies = 1; zygosity = "unknown"
            }
            let points = variant.classification.points.points
            let deNovo = variant.evaluations.contains { ($0.code == "PS2" || $0.code == "PM6") && $0.status == .met }
            let summary = GenotypeVariant(
                variant: variant.key, vcfSymbol: symbol, classification: cls.rawValue,
                criteria: variant.classification.criteria.map(\.description), points: points,
                pathogenicity: Self.pathogenicity(cls, points: points, impact: variant.annotation?.impact,
                                                   consequences: variant.annotation?.consequences ?? [], parameters: p),
                zygosity: zygosity, deNovo: deNovo)
            alleles[geneIndex, default: []].append(EvidenceAllele(summary: summary, copies: copies, source: variant))
            used += 1
        }
        variantCount = variants.count; usedCount = used; lowQualityCount = lowQuality; benignCount = benign
        withoutGeneCount = withoutGene; unmatchedGenes = unmatched.sorted(); mappedSymbols = mapped; self.alleles = alleles
    }

    /// Tavtigian 2018: OddsPath = 350^(points/8), posterior = OP·prior / ((OP − 1)·prior + 1); P ≥ 0.99, LP ≥ 0.9
    /// where the primary combining system called the class from rules rather than points; a VUS at least its
    /// IMPACT and consequence defaults (`impactPathogenicity`, `consequencePathogenicity`); LB/B carry no weight.
    static func pathogenicity(_ cls: ACMGClass, points: Int?, impact: String?, consequences: [String] = [],
                              parameters p: GenotypeParameters) -> Double {
        if cls.isBenignSide { return 0 }
        let odds = pow(p.oddsPathVeryStrong, Double(points ?? 0) / 8)
        var posterior = odds * p.priorProbability / ((odds - 1) * p.priorProbability + 1)
        if cls == .pathogenic { posterior = max(posterior, 0.99) }
        if cls == .likelyPathogenic { posterior = max(posterior, 0.9) }
        if cls == .uncertain {
            if let impact, let floor = p.impactPathogenicity[impact.uppercased()] { posterior = max(posterior, floor) }
            for consequence in consequences { if let floor = p.consequencePathogenicity[consequence] { posterior = max(posterior, floor) } }
        }
        return min(max(posterior, 0), 1)
    }

    /// The KB genes that carry at least one counted allele.
    public var genesWithAlleles: Int { alleles.count }

    /// Summary trace entry (counts, unmatched symbols).
    public var traceEntry: TraceEntry {
        TraceEntry(component: "diagnosis", event: "genotype_evidence", rule: "variants",
                   message: "\(variantCount) variants: \(usedCount) count in \(alleles.count) genes, \(lowQualityCount) low quality, "
                       + "\(benignCount) benign, \(withoutGeneCount) without gene, \(unmatchedGenes.count) genes not in the knowledge base",
                   values: ["variants": .number(Double(variantCount)), "used": .number(Double(usedCount)),
                            "genes": .number(Double(alleles.count)), "low_quality": .number(Double(lowQualityCount)),
                            "benign": .number(Double(benignCount)), "without_gene": .number(Double(withoutGeneCount)),
                            "unmatched_genes": .array(unmatchedGenes.map { .string($0) }),
                            "mapped_symbols": .object(mappedSymbols.mapValues { .string($0) })])
    }
}
