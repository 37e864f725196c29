import MendelCore

/// Gene Ontology annotations of genes, from a GAF 2.x file (e.g. `goa_human.gaf`), optionally with term
/// names from a GO OBO file (`go-basic.obo`). Used by gene cards; `NOT` annotations are skipped.
public struct GOAnnotations: Sendable, Hashable {
    /// One GO term annotated to a gene.
    public struct Term: Sendable, Hashable, Codable, Comparable {
        /// `GO:0006813`.
        public var id: String
        /// Term name when a GO OBO file was given.
        public var name: String?
        /// `P` (biological process), `F` (molecular function) or `C` (cellular component).
        public var aspect: String
        /// Evidence codes of the annotations (e.g. `IDA`, `IEA`), sorted.
        public var evidence: [String]

        public init(id: String, name: String?, aspect: String, evidence: [String]) {
            self.id = id; self.name = name; self.aspect = aspect; self.evidence = evidence
        }

        public static func < (a: Term, b: Term) -> Bool { (a.aspect, a.id) < (b.aspect, b.id) }
    }

    /// Gene symbol → terms, sorted by aspect then id.
    public let termsBySymbol: [String: [Term]]
    /// The `!gaf-version` and `!date-generated` header values, when present.
    public let gafVersion: String?
    public let generated: String?
    /// The GO ontology the names came from, when one was given (also used to check model text).
    public let ontology: GOOntology?

    public init(termsBySymbol: [String: [Term]], gafVersion: String? = nil, generated: String? = nil, ontology: GOOntology? = nil) {
        self.termsBySymbol = termsBySymbol; self.gafVersion = gafVersion; self.generated = generated; self.ontology = ontology
    }

    /// A parsed GAF with term names (and aspects of alternative ids resolved) from `ontology` when given.
    public init(gaf: GAFFile, ontology: GOOntology?) {
        var terms = gaf.termsBySymbol
        if let ontology {
            for (symbol, list) in terms {
                terms[symbol] = list.map { term in
                    var named = term
                    named.name = ontology.entry(term.id)?.name
                    return named
                }
            }
        }
        self.init(termsBySymbol: terms, gafVersion: gaf.version, generated: gaf.dateGenerated, ontology: ontology)
    }

    /// Terms annotated to a gene symbol (exact, then upper-cased).
    public func terms(forGene symbol: String) -> [Term] {
        termsBySymbol[symbol] ?? termsBySymbol[symbol.uppercased()] ?? []
    }

    /// Parses GAF bytes strictly (`GAFParser`) and names the terms from `termNames` (`id` → name).
    public static func parse(gaf bytes: [UInt8], fileName: String = "goa.gaf", termNames: [String: String] = [:]) throws(KnowledgeError) -> GOAnnotations {
        let file = try GAFParser.parse(bytes, fileName: fileName)
        var terms = file.termsBySymbol
        if !termNames.isEmpty {
            for (symbol, list) in terms { terms[symbol] = list.map { var t = $0; t.name = termNames[$0.id]; return t } }
        }
        return GOAnnotations(termsBySymbol: terms, gafVersion: file.version, generated: file.dateGenerated)
    }

    /// `id` → `name` of every `[Term]` stanza of a GO OBO file (obsolete terms included: annotations may lag).
    public static func termNames(obo bytes: [UInt8]) -> [String: String] {
        var names: [String: String] = [:]
        var id: String?, name: String?, inTerm = false
        func flush() { if inTerm, let id, let name { names[id] = name } }
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = String(decoding: raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw, as: UTF8.self)
            if line.hasPrefix("[") {
                flush()
                inTerm = line == "[Term]"
                id = nil; name = nil
            } else if line.hasPrefix("id: ") {
                id = String(line.dropFirst(4))
            } else if line.hasPrefix("name: ") {
                name = String(line.dropFirst(6))
            }
        }
        flush()
        return names
    }
}
