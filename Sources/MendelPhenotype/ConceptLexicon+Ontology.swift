import MendelCore
import MendelKnowledge

extension ConceptLexicon {
    /// Builds a lexicon from the HPO held by the knowledge base: every current term's label and synonyms
    /// (scope → `EntryKind`; HPO `abbreviation` synonyms become case-sensitive abbreviations), with the
    /// ontology's ancestor test for "most specific term" resolution.
    ///
    /// - Parameters:
    ///   - under: keep only terms below (or equal to) these roots, e.g. Phenotypic abnormality
    ///     (`HP:0000118`); `nil` keeps every term.
    ///   - deriveNames: add `.derived` names built from the ontology's wording (`DerivedNames`): parent-synonym
    ///     substitution and hyper-/hypo- decomposition.
    public init(ontology: Ontology, under roots: [HPOTermID]? = nil, deriveNames: Bool = true) {
        let rootIndices = roots?.compactMap { ontology.index(of: $0) }
        var entries: [Entry] = []
        entries.reserveCapacity(ontology.count * 5)
        let knownWords = deriveNames ? ConceptLexicon.standaloneWords(ontology) : []
        let allNames = deriveNames ? ConceptLexicon.lowercaseNames(ontology) : []
        let modifiers = deriveNames ? ModifierSynonyms(ontology: ontology) : ModifierSynonyms(partners: [:])
        for index in 0..<ontology.count {
            let i = Int32(index)
            if let rootIndices, !rootIndices.contains(where: { ontology.isAncestorOrSelf($0, of: i) }) { continue }
            let id = ontology.ids[index]
            entries.append(Entry(term: id, text: ontology.names[index], kind: .label))
            if deriveNames {
                for text in ConceptLexicon.derivedNames(ontology, index: index, knownWords: knownWords, allNames: allNames,
                                                         modifiers: modifiers) {
                    entries.append(Entry(term: id, text: text, kind: .derived))
                }
            }
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
        if let root = ontology.index(of: HPOTermID(number: 118)) {
            organSystems = Set((0..<ontology.count).filter { ontology.parents[$0].contains(root) }.map { ontology.ids[$0] })
        }
    }

    /// Lower-case words (split at spaces and hyphens) of every name in the ontology.
    static func standaloneWords(_ ontology: Ontology) -> Set<String> {
        var words = Set<String>()
        func add(_ text: String) {
            for word in text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," }) {
                words.insert(Tokenizer.lowercase(String(word)))
            }
        }
        for index in 0..<ontology.count {
            add(ontology.names[index])
            for synonym in ontology.synonyms[index] { add(synonym.text) }
        }
        return words
    }

    /// Every label and synonym of the ontology, lower-cased.
    static func lowercaseNames(_ ontology: Ontology) -> Set<String> {
        var names = Set<String>()
        for index in 0..<ontology.count {
            names.insert(Tokenizer.lowercase(ontology.names[index]))
            for synonym in ontology.synonyms[index] { names.insert(Tokenizer.lowercase(synonym.text)) }
        }
        return names
    }

    /// Names of one term derived from its parents' exact synonyms, from hyper-/hypo- prefixes, from verbal forms
    /// of "Inability to X", from dropping a quantifier ("Multiple mucosal neuromas") and from HPO's own modifier
    /// synonyms (`ModifierSynonyms`: "Dilated cisterna magna" for Enlarged cisterna magna), minus the names it
    /// already has (and, for modifier variants, minus names of other terms).
    static func derivedNames(_ ontology: Ontology, index: Int, knownWords: Set<String>, allNames: Set<String> = [],
                             modifiers: ModifierSynonyms? = nil) -> [String] {
        let label = ontology.names[index]
        let exact = ontology.synonyms[index].filter { $0.scope == .exact && $0.type != "abbreviation" }.map(\.text)
        var existing = Set(([label] + ontology.synonyms[index].map(\.text)).map(Tokenizer.lowercase))
        var result: [String] = []
        func add(_ text: String) {
            if existing.insert(Tokenizer.lowercase(text)).inserted { result.append(text) }
        }
        for parent in ontology.parents[index] {
            let p = Int(parent)
            let synonyms = ontology.synonyms[p].filter { $0.scope == .exact && $0.type != "abbreviation" }.map(\.text)
            for variant in DerivedNames.substitutingParent(label: label, parentLabel: ontology.names[p], parentSynonyms: synonyms) {
                add(variant)
            }
        }
        for name in [label] + exact {
            for variant in DerivedNames.prefixExpansions(of: name, knownWords: knownWords) { add(variant) }
            for variant in DerivedNames.inabilityVariants(of: name) { add(variant) }
            for variant in modifiers?.variants(of: name) ?? [] where !allNames.contains(variant) { add(variant) }
        }
        if !allNames.isEmpty, let remainder = DerivedNames.droppingQuantifier(label: label, isName: allNames.contains) {
            add(remainder)
        }
        return result
    }

    /// Convenience: parses `hp.obo` bytes with the knowledge base's OBO parser.
    public init(oboBytes: [UInt8], under roots: [HPOTermID]? = nil, deriveNames: Bool = true) throws(KnowledgeError) {
        let ontology = try Ontology(OBOParser.parse(oboBytes))
        self.init(ontology: ontology, under: roots, deriveNames: deriveNames)
    }
}
