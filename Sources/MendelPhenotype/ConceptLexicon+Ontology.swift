import MendelCore
import MendelKnowledge

extension ConceptLexicon {
    /// Builds a lexicon from the HPO held by the knowledge base: every current term's label and synonyms
    /// (scope → `EntryKind`; HPO `abbreviation` synonyms become case-sensitive abbreviations), with the
    /// ontology's ancestor test for "most specific term" resolution.
    ///
    /// - Parameter under: keep only terms below (or equal to) these roots, e.g. Phenotypic abnormality
    ///   (`HP:0000118`); `nil` keeps every term.
    public init(ontology: Ontology, under roots: [HPOTermID]? = nil) {
        let rootIndices = roots?.compactMap { ontology.index(of: $0) }
        var entries: [Entry] = []
        entries.reserveCapacity(ontology.count * 4)
        for index in 0..<ontology.count {
            let i = Int32(index)
            if let rootIndices, !rootIndices.contains(where: { ontology.isAncestorOrSelf($0, of: i) }) { continue }
            let id = ontology.ids[index]
            entries.append(Entry(term: id, text: ontology.names[index], kind: .label))
            for synonym in ontology.synonyms[index] {
                let kind: EntryKind
                if synonym.type == "abbreviation" {
                    kind = .abbreviation
                } else {
                    switch synonym.scope {
                    case .exact: kind = .exactSynonym
                    case .related: kind = .relatedSynonym
                    case .narrow: kind = .narrowSynonym
                    case .broad: kind = .broadSynonym
                    }
                }
                entries.append(Entry(term: id, text: synonym.text, kind: kind))
            }
        }
        self.init(entries: entries) { ancestor, descendant in
            guard ancestor != descendant, let a = ontology.index(of: ancestor), let d = ontology.index(of: descendant) else {
                return false
            }
            return ontology.isAncestorOrSelf(a, of: d)
        }
    }

    /// Convenience: parses `hp.obo` bytes with the knowledge base's OBO parser.
    public init(oboBytes: [UInt8], under roots: [HPOTermID]? = nil) throws(KnowledgeError) {
        let ontology = try Ontology(OBOParser.parse(oboBytes))
        self.init(ontology: ontology, under: roots)
    }
}
