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

    public init(termsBySymbol: [String: [Term]], gafVersion: String? = nil, generated: String? = nil) {
        self.termsBySymbol = termsBySymbol; self.gafVersion = gafVersion; self.generated = generated
    }

    /// Terms annotated to a gene symbol (exact, then upper-cased).
    public func terms(forGene symbol: String) -> [Term] {
        termsBySymbol[symbol] ?? termsBySymbol[symbol.uppercased()] ?? []
    }

    /// Parses GAF bytes (tab-separated, 15-17 columns, `!` comment lines). Column 3 is the symbol, 4 the
    /// qualifier, 5 the GO id, 7 the evidence code, 9 the aspect.
    public static func parse(gaf bytes: [UInt8], fileName: String = "goa.gaf", termNames: [String: String] = [:]) throws(KnowledgeError) -> GOAnnotations {
        var version: String?, generated: String?
        var collected: [String: [String: (aspect: String, evidence: Set<String>)]] = [:]
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var line = bytes[start..<end]
            start = end + 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty { continue }
            if line.first == UInt8(ascii: "!") {
                let text = String(decoding: line, as: UTF8.self)
                if text.hasPrefix("!gaf-version:") { version = text.dropFirst("!gaf-version:".count).trimmingSpaces() }
                if text.hasPrefix("!date-generated:") { generated = text.dropFirst("!date-generated:".count).trimmingSpaces() }
                continue
            }
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            guard fields.count >= 15 else {
                throw .malformed(SourceLocation(file: fileName, line: lineNumber), reason: "expected at least 15 tab-separated columns, found \(fields.count)")
            }
            let symbol = String(decoding: fields[2], as: UTF8.self)
            let qualifier = String(decoding: fields[3], as: UTF8.self)
            let goID = String(decoding: fields[4], as: UTF8.self)
            let evidence = String(decoding: fields[6], as: UTF8.self)
            let aspect = String(decoding: fields[8], as: UTF8.self)
            guard goID.hasPrefix("GO:"), goID.count == 10, goID.dropFirst(3).allSatisfy(\.isNumber) else {
                throw .malformed(SourceLocation(file: fileName, line: lineNumber, column: 5, field: "GO_ID"), reason: "not a GO:nnnnnnn id")
            }
            guard ["P", "F", "C"].contains(aspect) else {
                throw .malformed(SourceLocation(file: fileName, line: lineNumber, column: 9, field: "Aspect"), reason: "aspect must be P, F or C")
            }
            guard !symbol.isEmpty else {
                throw .malformed(SourceLocation(file: fileName, line: lineNumber, column: 3, field: "DB_Object_Symbol"), reason: "empty symbol")
            }
            if qualifier.split(separator: "|").contains("NOT") { continue }
            var entry = collected[symbol, default: [:]][goID] ?? (aspect, [])
            if !evidence.isEmpty { entry.evidence.insert(evidence) }
            collected[symbol, default: [:]][goID] = entry
        }
        var terms: [String: [Term]] = [:]
        for (symbol, byID) in collected {
            terms[symbol] = byID.map { Term(id: $0.key, name: termNames[$0.key], aspect: $0.value.aspect, evidence: $0.value.evidence.sorted()) }.sorted()
        }
        return GOAnnotations(termsBySymbol: terms, gafVersion: version, generated: generated)
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

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
