import Foundation
import MendelCore
import MendelKnowledge
import MendelVariants

/// Phenotype LR ranking plus a genotype LR per disease from the case's classified variants (Exomiser/LIRICAL
/// style). Build once per knowledge base next to the `PhenotypeRanker`; `rank` is thread-safe.
public final class GenotypeAwareRanker: Sendable {
    public let phenotypeRanker: PhenotypeRanker
    public let parameters: GenotypeParameters
    /// Gene contexts for the variant engine (inheritance from the KB), so PVS1/PM3 know recessive genes.
    public let variantKnowledge: VariantKnowledge
    let scorer: GenotypeScorer
    let symbols: GeneSymbolIndex

    /// Uses `phenotypeRanker` for the phenotype part, or — when any `phenotype…` override of `parameters` (non-match floor,
    /// annotation-mass exponent, unique-gene-set rule, excluded-term weight, gene-profile backoff) differs from its
    /// parameters — builds a second index with them (≈ 0.5 s; the given ranker stays phenotype-only).
    public init(phenotypeRanker: PhenotypeRanker, parameters: GenotypeParameters = .default) throws(DiagnosisError) {
        try parameters.validate()
        var phenotypeParameters = phenotypeRanker.parameters
        if let floor = parameters.phenotypeNonMatchFloor { phenotypeParameters.nonMatchFloor = floor }
        if let exponent = parameters.phenotypeAnnotationMassExponent { phenotypeParameters.annotationMassExponent = exponent }
        if let unique = parameters.phenotypeRelatedAnnotationUniqueGeneSet { phenotypeParameters.relatedAnnotationUniqueGeneSet = unique }
        if let weight = parameters.phenotypeExcludedAscertainmentWeight { phenotypeParameters.excludedAscertainmentWeight = weight }
        if let strength = parameters.phenotypeSparseBackoffStrength { phenotypeParameters.sparseBackoffStrength = strength }
        if phenotypeParameters != phenotypeRanker.parameters {
            self.phenotypeRanker = try PhenotypeRanker(knowledgeBase: phenotypeRanker.knowledgeBase, parameters: phenotypeParameters)
        } else {
            self.phenotypeRanker = phenotypeRanker
        }
        self.parameters = parameters
        self.variantKnowledge = VariantKnowledge(genes: Self.geneContexts(phenotypeRanker.knowledgeBase))
        self.scorer = GenotypeScorer(parameters: parameters)
        self.symbols = GeneSymbolIndex(phenotypeRanker.knowledgeBase)
    }

    public var knowledgeBase: KnowledgeBase { phenotypeRanker.knowledgeBase }

    /// One `GeneContext` per KB gene; the inheritance is set only when all the gene's diseases agree on one mode.
    public static func geneContexts(_ kb: KnowledgeBase) -> [String: GeneContext] {
        var byGene = [Set<MendelVariants.InheritanceMode>](repeating: [], count: kb.genes.count)
        var annotated = [Bool](repeating: false, count: kb.genes.count)
        for disease in kb.diseases {
            let modes = disease.inheritance.compactMap { variantMode($0.category) }
            for gene in disease.geneIndices where !modes.isEmpty {
                byGene[Int(gene)].formUnion(modes); annotated[Int(gene)] = true
            }
        }
        var contexts: [String: GeneContext] = [:]
        for (i, gene) in kb.genes.enumerated() {
            let modes = byGene[i]
            contexts[gene.symbol] = GeneContext(symbol: gene.symbol, inheritance: annotated[i] && modes.count == 1 ? modes.first : nil)
        }
        return contexts
    }

    static func variantMode(_ category: MendelKnowledge.InheritanceMode.Category) -> MendelVariants.InheritanceMode? {
        switch category {
        case .autosomalDominant: .autosomalDominant
        case .autosomalRecessive: .autosomalRecessive
        case .xLinkedRecessive: .xLinkedRecessive
        case .xLinkedDominant: .xLinkedDominant
        case .xLinked: .xLinked
        case .mitochondrial: .mitochondrial
        case .yLinked, .other: nil
        }
    }

    /// Prepares the variants (quality filters, pathogenicity, gene join; `sex` decides the copies of chrX) without ranking.
    public func evidence(_ variants: [InterpretedVariant], sex: Sex?) -> GenotypeEvidence {
        GenotypeEvidence(variants: variants, sex: sex, knowledgeBase: knowledgeBase, symbols: symbols, parameters: parameters)
    }

    /// Ranks every candidate disease by α · Σ term log10 LRs + phenotype adjustments + genotype log10 LR (α = `phenotypeWeight`).
    /// Ties: higher score first, then disease id ascending.
    public func rank(_ query: PhenotypeQuery, variants: [InterpretedVariant]) -> GenotypeAwareRanking {
        rank(query, evidence: evidence(variants, sex: query.sex))
    }

    public func rank(_ query: PhenotypeQuery, evidence: GenotypeEvidence) -> GenotypeAwareRanking {
        let phenotype = phenotypeRanker.rank(query)
        let index = phenotypeRanker.index
        let kb = knowledgeBase
        let count = index.candidateCount
        let noVariant = log10(parameters.effectiveNoVariantLR)
        let unknownGene = log10(parameters.effectiveUnknownGeneLR)
        var genotype = [Double](repeating: noVariant, count: count)
        var contributions: [Int32: GenotypeContribution] = [:]
        for candidate in 0..<count {
            let disease = kb.diseases[Int(index.candidates[candidate])]
            if disease.geneIndices.isEmpty { genotype[candidate] = unknownGene; continue }
            guard disease.geneIndices.contains(where: { evidence.alleles[$0] != nil }) else { continue }
            let c = contribution(disease: disease, evidence: evidence, sex: query.sex)
            genotype[candidate] = c.log10LikelihoodRatio
            contributions[Int32(candidate)] = c
        }
        var scores = phenotype.scores
        let weight = parameters.phenotypeWeight
        // α damps the summed per-term LRs only (not the onset/sex adjustments, which are not correlated features, so a
        // sex swap changes only the sex-dependent rule). Same arithmetic as the explanation (phenotype, + damping,
        // + genotype), so explanations sum to the score exactly.
        let terms = phenotype.termScores
        for candidate in 0..<count {
            let phenotypeScore = scores[candidate]
            scores[candidate] = (weight == 1 ? phenotypeScore : phenotypeScore + (weight - 1) * terms[candidate]) + genotype[candidate]
        }
        var order = [Int32](unsafeUninitializedCapacity: count) { buffer, initialised in
            for position in 0..<count { buffer[position] = Int32(position) }
            initialised = count
        }
        scores.withUnsafeBufferPointer { s in
            order.sort { left, right in
                let a = s[Int(left)], b = s[Int(right)]
                return a > b || (a == b && left < right)
            }
        }
        return GenotypeAwareRanking(phenotype: phenotype, evidence: evidence, ranker: self, genotypeLog10: genotype,
                                    contributions: contributions, scores: scores, order: order)
    }

    /// The disease's genotype contribution: its best gene (ties: first gene by symbol).
    func contribution(disease: Disease, evidence: GenotypeEvidence, sex: Sex?) -> GenotypeContribution {
        let kb = knowledgeBase
        let symbols = disease.geneIndices.map { kb.genes[Int($0)].symbol }
        guard !symbols.isEmpty else { return scorer.unknownGene() }
        // `other` (sporadic, multifactorial, …) only counts when no Mendelian mode is annotated.
        var categories = Array(Set(disease.inheritance.map(\.category))).sorted { $0.rawValue < $1.rawValue }
        if categories.contains(where: { $0 != .other }) { categories.removeAll { $0 == .other } }
        var best: GenotypeContribution?
        for gene in disease.geneIndices {
            guard let alleles = evidence.alleles[gene] else { continue }
            let c = scorer.contribution(gene: kb.genes[Int(gene)].symbol, alleles: alleles, categories: categories, sex: sex,
                                        genesChecked: symbols)
            if best.map({ c.likelihoodRatio > $0.likelihoodRatio }) ?? true { best = c }
        }
        return best ?? scorer.none(genesChecked: symbols)
    }
}
