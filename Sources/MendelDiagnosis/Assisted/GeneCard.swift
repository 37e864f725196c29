import Foundation
import MendelCore
import MendelKnowledge

/// A candidate gene of a case, from knowledge-base facts only, with a model-written summary that may
/// cite only the card's numbered facts (`F1`, …).
public struct GeneCard: Sendable, Hashable, Codable {
    public struct DiseaseEntry: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        /// Inheritance term labels (e.g. "Autosomal dominant inheritance").
        public var inheritance: [String]
    }

    public struct Phenotype: Sendable, Hashable, Codable {
        public var term: String
        public var label: String
        /// Information content (−ln of the share of diseases annotated), higher = more specific.
        public var informationContent: Double
    }

    /// A numbered fact the summary may cite.
    public struct Fact: Sendable, Hashable, Codable {
        public var id: String
        public var text: String
    }

    public var symbol: String
    public var ncbiGeneID: UInt32?
    public var diseases: [DiseaseEntry]
    /// The gene's disease phenotypes, most informative first.
    public var characteristicPhenotypes: [Phenotype]
    /// Observed case phenotypes that some disease of the gene is annotated with (the term, an ancestor or a descendant).
    public var explainedPhenotypes: [Phenotype]
    public var unexplainedPhenotypes: [Phenotype]
    /// gnomAD LOEUF where a constraint table was imported.
    public var loeuf: Double?
    /// GO terms where a GAF was imported (NOT-qualified and ND-only annotations excluded): grouped by aspect
    /// (P, F, C), best-supported first within an aspect (see `GeneCardBuilder.evidenceRank`).
    public var goTerms: [GOAnnotations.Term]
    public var facts: [Fact]
    /// Grounded and withheld summary sentences (empty when no model ran).
    public var summary: [NarrativeSentence]
    /// Why there is no summary, when there is none.
    public var summaryNote: String?
}

/// Builds gene cards from the knowledge base, optional constraint values and optional GO annotations.
public struct GeneCardBuilder: Sendable {
    public let knowledgeBase: KnowledgeBase
    public let loeuf: @Sendable (String) -> Double?
    public let go: GOAnnotations?
    public var maxPhenotypes: Int
    /// GO terms shown per aspect.
    public var maxGOTerms: Int

    public init(knowledgeBase: KnowledgeBase, loeuf: @escaping @Sendable (String) -> Double? = { _ in nil }, go: GOAnnotations? = nil,
                maxPhenotypes: Int = 10, maxGOTerms: Int = 5) {
        self.knowledgeBase = knowledgeBase; self.loeuf = loeuf; self.go = go
        self.maxPhenotypes = maxPhenotypes; self.maxGOTerms = maxGOTerms
    }

    /// The card of `symbol` against the case's observed terms; nil when the KB does not know the gene.
    public func card(symbol: String, observed: [HPOTermID]) -> GeneCard? {
        guard let gene = knowledgeBase.gene(symbol: symbol) ?? knowledgeBase.gene(symbol: symbol.uppercased()) else { return nil }
        let kb = knowledgeBase
        let ontology = kb.ontology
        let diseases = kb.diseases(forGene: gene.symbol).compactMap { kb.disease($0) }
        let entries = diseases.map { disease in
            GeneCard.DiseaseEntry(id: disease.id.rawValue, name: disease.name,
                                  inheritance: disease.inheritance.map { ontology.name(of: $0.term) ?? $0.term.description })
        }
        var annotated: Set<Int32> = []
        for disease in diseases {
            for annotation in disease.phenotypeAnnotations { if let index = ontology.resolvedIndex(annotation.term) { annotated.insert(index) } }
        }
        func phenotype(_ index: Int32) -> GeneCard.Phenotype {
            GeneCard.Phenotype(term: ontology.ids[Int(index)].description, label: ontology.names[Int(index)],
                               informationContent: (kb.informationContent[Int(index)] * 1000).rounded() / 1000)
        }
        let characteristic = annotated.sorted {
            let a = kb.informationContent[Int($0)], b = kb.informationContent[Int($1)]
            return a != b ? a > b : ontology.ids[Int($0)] < ontology.ids[Int($1)]
        }.prefix(maxPhenotypes).map(phenotype)

        var explained: [GeneCard.Phenotype] = [], unexplained: [GeneCard.Phenotype] = []
        var seen: Set<Int32> = []
        for term in observed {
            guard let index = ontology.resolvedIndex(term), seen.insert(index).inserted else { continue }
            let matches = annotated.contains { ontology.isAncestorOrSelf($0, of: index) || ontology.isAncestorOrSelf(index, of: $0) }
            if matches { explained.append(phenotype(index)) } else { unexplained.append(phenotype(index)) }
        }
        let goTerms = Self.selectGOTerms(go?.terms(forGene: gene.symbol) ?? [], perAspect: maxGOTerms)
        let constraint = loeuf(gene.symbol)

        var facts: [GeneCard.Fact] = []
        func fact(_ text: String) { facts.append(GeneCard.Fact(id: "F\(facts.count + 1)", text: text)) }
        for entry in entries.prefix(6) {
            fact("\(gene.symbol) is associated with \(entry.id) \(entry.name)" + (entry.inheritance.isEmpty ? "" : " (\(entry.inheritance.joined(separator: ", ")))") + ".")
        }
        if !characteristic.isEmpty {
            fact("Characteristic phenotypes of \(gene.symbol)-related disease: " + characteristic.prefix(5).map { "\($0.term) \($0.label)" }.joined(separator: "; ") + ".")
        }
        if !explained.isEmpty { fact("Case phenotypes explained by \(gene.symbol): " + explained.map { "\($0.term) \($0.label)" }.joined(separator: "; ") + ".") }
        if !unexplained.isEmpty { fact("Case phenotypes not explained by \(gene.symbol): " + unexplained.map { "\($0.term) \($0.label)" }.joined(separator: "; ") + ".") }
        if let constraint { fact("\(gene.symbol) loss-of-function constraint: LOEUF \(String(format: "%.2f", constraint))" + (constraint < 0.6 ? " (intolerant)." : ".")) }
        for aspect in Self.goAspectOrder {
            let names = goTerms.filter { $0.aspect == aspect }.map(Self.goTermText)
            guard !names.isEmpty else { continue }
            fact("GO \(Self.goAspectLabel(aspect)) of \(gene.symbol): \(names.joined(separator: "; ")).")
        }
        return GeneCard(symbol: gene.symbol, ncbiGeneID: gene.ncbiGeneID, diseases: entries, characteristicPhenotypes: Array(characteristic),
                        explainedPhenotypes: explained, unexplainedPhenotypes: unexplained, loeuf: constraint, goTerms: goTerms,
                        facts: facts, summary: [], summaryNote: nil)
    }

    /// The ids a summary of `card` may mention (GO terms: those of the card only).
    public static func allowed(_ card: GeneCard) -> AllowedIDs {
        AllowedIDs(hpo: Set(card.characteristicPhenotypes.map(\.term) + card.explainedPhenotypes.map(\.term) + card.unexplainedPhenotypes.map(\.term)),
                   diseases: Set(card.diseases.map(\.id)), genes: [card.symbol], evidence: Set(card.facts.map(\.id)), variants: [],
                   goTerms: Set(card.goTerms.map(\.id)), factText: card.facts.map(\.text).joined(separator: " ").lowercased())
    }

    /// Aspects in the order cards show them.
    public static let goAspectOrder = ["P", "F", "C"]

    /// "biological process", "molecular function", "cellular component".
    public static func goAspectLabel(_ aspect: String) -> String {
        aspect == "P" ? "biological process" : aspect == "F" ? "molecular function" : aspect == "C" ? "cellular component" : aspect
    }

    /// "GO:0005201 extracellular matrix structural constituent [IDA, IEA]" (the id alone without a GO ontology).
    public static func goTermText(_ term: GOAnnotations.Term) -> String {
        term.id + (term.name.map { " " + $0 } ?? "") + " [" + term.evidence.joined(separator: ", ") + "]"
    }

    /// How directly an evidence code supports an annotation: experimental (0), traceable author / curator
    /// (1), phylogenetic (2), other computational (3), non-traceable author (4), electronic (5), no data (6).
    public static func evidenceRank(_ code: String) -> Int {
        switch code {
        case "EXP", "IDA", "IPI", "IMP", "IGI", "IEP", "HTP", "HDA", "HMP", "HGI", "HEP": 0
        case "TAS", "IC": 1
        case "IBA", "IBD", "IKR", "IRD": 2
        case "ISS", "ISO", "ISA", "ISM", "IGC", "RCA": 3
        case "NAS": 4
        case "IEA": 5
        default: 6
        }
    }

    /// Up to `perAspect` terms of each aspect, ordered P, F, C; within an aspect by best evidence, then by
    /// number of evidence codes, then id. Terms with only `ND` (no biological data) are left out.
    public static func selectGOTerms(_ terms: [GOAnnotations.Term], perAspect: Int) -> [GOAnnotations.Term] {
        var selected: [GOAnnotations.Term] = []
        for aspect in goAspectOrder {
            let ranked = terms.filter { $0.aspect == aspect && $0.evidence.contains { $0 != "ND" } }.sorted { a, b in
                let ra = a.evidence.map(evidenceRank).min() ?? 6, rb = b.evidence.map(evidenceRank).min() ?? 6
                if ra != rb { return ra < rb }
                if a.evidence.count != b.evidence.count { return a.evidence.count > b.evidence.count }
                return a.id < b.id
            }
            selected += ranked.prefix(perAspect)
        }
        return selected
    }
}
