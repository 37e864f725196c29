/// The Gene Ontology terms of a GO OBO file (`go-basic.obo`): names and aspects, for gene cards and for
/// checking that a model-written gene summary names only GO terms of the card.
///
/// Format (OBO 1.2, as the GO Consortium publishes `go-basic.obo`): a header (`format-version: 1.2`,
/// `data-version: releases/YYYY-MM-DD`, …), then `[Term]` stanzas with `id: GO:nnnnnnn`, `name: …`,
/// `namespace: biological_process|molecular_function|cellular_component`, optional `alt_id:` and
/// `is_obsolete: true`; `[Typedef]` stanzas are skipped.
public struct GOOntology: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        /// `P`, `F` or `C`.
        public var aspect: String
        public var isObsolete: Bool
    }

    /// Primary id → entry.
    public let terms: [String: Entry]
    /// `alt_id` → primary id.
    public let alternativeIDs: [String: String]
    /// `format-version` and `data-version` header values.
    public let formatVersion: String?
    public let dataVersion: String?
    /// Lower-cased name → id of every term that is not obsolete.
    let idsByName: [String: String]
    /// Most words in any indexed name.
    let longestName: Int

    public init(terms: [String: Entry], alternativeIDs: [String: String] = [:], formatVersion: String? = nil, dataVersion: String? = nil) {
        self.terms = terms; self.alternativeIDs = alternativeIDs; self.formatVersion = formatVersion; self.dataVersion = dataVersion
        var byName: [String: String] = [:]
        var longest = 0
        for (id, entry) in terms where !entry.isObsolete {
            let words = GOOntology.words(entry.name)
            byName[words.joined(separator: " ")] = id
            longest = max(longest, words.count)
        }
        idsByName = byName
        longestName = longest
    }

    /// The entry of an id (primary or alternative).
    public func entry(_ id: String) -> Entry? { terms[id] ?? alternativeIDs[id].flatMap { terms[$0] } }

    /// The id (primary or alternative) resolved to the primary id, when known.
    public func primaryID(_ id: String) -> String? { terms[id] != nil ? id : alternativeIDs[id] }

    /// GO term names occurring in `text` (whole words, case-insensitive): the id of each, the longest
    /// match at each position first. Names of one word count only when they have 8 letters or more
    /// ("angiogenesis", "ossification"): shorter ones ("cell", "growth") are too often plain English.
    public func mentionedTerms(in text: String) -> [(id: String, name: String)] {
        let words = Self.words(text)
        var found: [(id: String, name: String)] = []
        var index = 0
        while index < words.count {
            var matched = 0
            for length in stride(from: min(longestName, words.count - index), through: 1, by: -1) {
                let phrase = words[index..<(index + length)].joined(separator: " ")
                guard let id = idsByName[phrase] else { continue }
                if length == 1 && phrase.count < 8 { continue }
                found.append((id, phrase))
                matched = length
                break
            }
            index += max(matched, 1)
        }
        return found
    }

    /// Lower-cased words (letters, digits, '-', '\'').
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'") }.map(String.init)
    }

    static let aspects = ["biological_process": "P", "molecular_function": "F", "cellular_component": "C"]

    /// Parses a GO OBO file. Throws `KnowledgeError.malformed` (line, tag; never the value) on a term
    /// without a valid id, name or namespace, and when no term was found.
    public static func parse(_ bytes: [UInt8], fileName: String = "go-basic.obo") throws(KnowledgeError) -> GOOntology {
        var terms: [String: Entry] = [:]
        var alternatives: [String: String] = [:]
        var formatVersion: String?, dataVersion: String?
        var inHeader = true, inTerm = false
        var id: String?, name: String?, aspect: String?, obsolete = false, altIDs: [String] = [], stanzaLine = 0
        var lineNumber = 0

        func finish() throws(KnowledgeError) {
            defer { id = nil; name = nil; aspect = nil; obsolete = false; altIDs = []; inTerm = false }
            guard inTerm else { return }
            guard let id else { throw .malformed(SourceLocation(file: fileName, line: stanzaLine, field: "id"), reason: "[Term] stanza without an id") }
            guard let name, !name.isEmpty else { throw .malformed(SourceLocation(file: fileName, line: stanzaLine, field: "name"), reason: "[Term] stanza without a name") }
            guard let aspect else {
                throw .malformed(SourceLocation(file: fileName, line: stanzaLine, field: "namespace"), reason: "[Term] stanza without a GO namespace")
            }
            terms[id] = Entry(name: name, aspect: aspect, isObsolete: obsolete)
            for alt in altIDs { alternatives[alt] = id }
        }

        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(decoding: raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw, as: UTF8.self)
            if line.isEmpty || line.hasPrefix("!") { continue }
            if line.hasPrefix("[") {
                try finish()
                inHeader = false
                inTerm = line == "[Term]"
                stanzaLine = lineNumber
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformed(SourceLocation(file: fileName, line: lineNumber, column: 1), reason: "expected 'tag: value'")
            }
            let tag = String(line[..<colon])
            var value = line[line.index(after: colon)...]
            while value.first == " " { value = value.dropFirst() }
            // Trailing modifiers/comments: "value {…} ! comment".
            if let bang = value.firstRange(of: " ! ") { value = value[..<bang.lowerBound] }
            let text = String(value)
            func location() -> SourceLocation { SourceLocation(file: fileName, line: lineNumber, column: tag.count + 3, field: tag) }
            if inHeader {
                if tag == "format-version" { formatVersion = text }
                if tag == "data-version" { dataVersion = text }
                continue
            }
            guard inTerm else { continue }
            switch tag {
            case "id":
                guard isGOID(text) else { throw .malformed(location(), reason: "not a GO:nnnnnnn identifier") }
                id = text
            case "alt_id":
                guard isGOID(text) else { throw .malformed(location(), reason: "not a GO:nnnnnnn identifier") }
                altIDs.append(text)
            case "name":
                name = text
            case "namespace":
                guard let letter = aspects[text] else {
                    throw .malformed(location(), reason: "namespace must be biological_process, molecular_function or cellular_component")
                }
                aspect = letter
            case "is_obsolete":
                obsolete = text == "true"
            default:
                break
            }
        }
        try finish()
        guard !terms.isEmpty else {
            throw .malformed(SourceLocation(file: fileName, line: max(lineNumber, 1)), reason: "no [Term] stanza with a GO id")
        }
        return GOOntology(terms: terms, alternativeIDs: alternatives, formatVersion: formatVersion, dataVersion: dataVersion)
    }

    /// `GO:` followed by seven digits.
    public static func isGOID(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return utf8.count == 10 && utf8[0] == UInt8(ascii: "G") && utf8[1] == UInt8(ascii: "O") && utf8[2] == UInt8(ascii: ":")
            && utf8[3...].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
