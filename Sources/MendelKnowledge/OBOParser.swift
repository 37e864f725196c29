import MendelCore

/// Scope of an OBO synonym.
public enum SynonymScope: String, Sendable, Hashable, Codable, CaseIterable {
    case exact = "EXACT", related = "RELATED", broad = "BROAD", narrow = "NARROW"
}

/// A synonym of a term with its scope and optional type (e.g. `layperson`).
public struct TermSynonym: Sendable, Hashable, Codable {
    public var text: String
    public var scope: SynonymScope
    public var type: String?
    public init(text: String, scope: SynonymScope, type: String? = nil) {
        self.text = text; self.scope = scope; self.type = type
    }
}

/// One `[Term]` stanza of an OBO file, as written.
public struct OBOTermRecord: Sendable, Hashable {
    public var id: HPOTermID
    public var name: String
    public var synonyms: [TermSynonym] = []
    public var altIDs: [HPOTermID] = []
    public var isObsolete = false
    public var replacedBy: HPOTermID?
    public var consider: [HPOTermID] = []
    public var parents: [HPOTermID] = []
    /// 1-based line of the `[Term]` header (for error messages).
    public var line: Int

    public init(id: HPOTermID, name: String, line: Int) { self.id = id; self.name = name; self.line = line }
}

/// The parsed content of `hp.obo`: header versions and all term stanzas in file order.
public struct OBOFile: Sendable {
    public var formatVersion: String?
    /// `data-version`, e.g. `hp/releases/2025-01-16`.
    public var dataVersion: String?
    public var terms: [OBOTermRecord]
}

/// Byte-level parser for OBO 1.2/1.4 files such as `hp.obo`. Only `[Term]` stanzas with HP ids are read;
/// `[Typedef]` and other stanzas are skipped. Unknown tags are ignored.
public enum OBOParser {
    public static func parse(_ bytes: [UInt8], fileName: String = "hp.obo") throws(KnowledgeError) -> OBOFile {
        var result = OBOFile(formatVersion: nil, dataVersion: nil, terms: [])
        try bytes.withUnsafeBufferPointer { (buffer) throws(KnowledgeError) in
            try parse(buffer, fileName: fileName, into: &result)
        }
        return result
    }

    private enum Stanza { case header, term, other }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, fileName: String, into result: inout OBOFile) throws(KnowledgeError) {
        var stanza = Stanza.header
        var current: OBOTermRecord?
        var stanzaLine = 0
        var sawID = false
        var sawName = false
        var seen = Set<UInt32>()
        result.terms.reserveCapacity(20_000)

        func finish() throws(KnowledgeError) {
            guard stanza == .term else { return }
            guard sawID, let term = current else {
                throw .malformed(SourceLocation(file: fileName, line: stanzaLine, field: "id"), reason: "[Term] stanza without an id")
            }
            guard sawName else {
                throw .malformed(SourceLocation(file: fileName, line: stanzaLine, field: "name"), reason: "[Term] stanza without a name")
            }
            guard seen.insert(term.id.number).inserted else {
                throw .malformed(SourceLocation(file: fileName, line: stanzaLine, field: "id"), reason: "duplicate term id")
            }
            result.terms.append(term)
        }

        try ByteScanning.forEachLine(buffer) { (line, number) throws(KnowledgeError) in
            let range = line.startIndex..<line.endIndex
            let content = ByteScanning.trimmed(buffer, range)
            if content.isEmpty || buffer[content.lowerBound] == UInt8(ascii: "!") { return }
            if buffer[content.lowerBound] == UInt8(ascii: "[") {
                try finish()
                current = nil; sawID = false; sawName = false; stanzaLine = number
                stanza = ByteScanning.equals(buffer, content, "[Term]") ? .term : .other
                return
            }
            if stanza == .other { return }
            // tag: value
            guard let colon = ByteScanning.firstIndex(of: UInt8(ascii: ":"), in: buffer, content) else {
                throw .malformed(SourceLocation(file: fileName, line: number, column: 1), reason: "expected 'tag: value'")
            }
            let tag = content.lowerBound..<colon
            let value = ByteScanning.trimmed(buffer, (colon + 1)..<content.upperBound)
            let column = value.lowerBound - range.lowerBound + 1
            func location(_ field: String) -> SourceLocation {
                SourceLocation(file: fileName, line: number, column: column, field: field)
            }
            func termID(_ field: String) throws(KnowledgeError) -> HPOTermID {
                let token = firstToken(buffer, value)
                guard let number = ByteScanning.hpoTermNumber(buffer, token) else {
                    throw .malformed(location(field), reason: "expected an HPO id HP:nnnnnnn")
                }
                return HPOTermID(number: number)
            }

            if stanza == .header {
                if ByteScanning.equals(buffer, tag, "format-version") { result.formatVersion = ByteScanning.string(buffer, value) }
                if ByteScanning.equals(buffer, tag, "data-version") { result.dataVersion = ByteScanning.string(buffer, value) }
                return
            }
            if ByteScanning.equals(buffer, tag, "id") {
                guard !sawID else { throw .malformed(location("id"), reason: "second id in one stanza") }
                current = OBOTermRecord(id: try termID("id"), name: "", line: stanzaLine)
                sawID = true
                return
            }
            guard sawID, current != nil else {
                throw .malformed(location(ByteScanning.string(buffer, tag)), reason: "tag before the stanza's id")
            }
            if ByteScanning.equals(buffer, tag, "name") {
                guard !value.isEmpty else { throw .malformed(location("name"), reason: "empty name") }
                current?.name = ByteScanning.string(buffer, value)
                sawName = true
            } else if ByteScanning.equals(buffer, tag, "is_a") {
                current?.parents.append(try termID("is_a"))
            } else if ByteScanning.equals(buffer, tag, "alt_id") {
                current?.altIDs.append(try termID("alt_id"))
            } else if ByteScanning.equals(buffer, tag, "replaced_by") {
                current?.replacedBy = try termID("replaced_by")
            } else if ByteScanning.equals(buffer, tag, "consider") {
                current?.consider.append(try termID("consider"))
            } else if ByteScanning.equals(buffer, tag, "is_obsolete") {
                if ByteScanning.equals(buffer, value, "true") { current?.isObsolete = true }
                else if !ByteScanning.equals(buffer, value, "false") {
                    throw .malformed(location("is_obsolete"), reason: "expected true or false")
                }
            } else if ByteScanning.equals(buffer, tag, "synonym") {
                current?.synonyms.append(try synonym(buffer, value, location("synonym")))
            }
        }
        try finish()
    }

    private static func firstToken(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var end = range.lowerBound
        while end < range.upperBound && buffer[end] != UInt8(ascii: " ") && buffer[end] != ByteScanning.tab { end += 1 }
        return range.lowerBound..<end
    }

    /// `"text" SCOPE [TYPE] [xrefs]`
    private static func synonym(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, _ location: SourceLocation) throws(KnowledgeError) -> TermSynonym {
        guard !value.isEmpty, buffer[value.lowerBound] == UInt8(ascii: "\"") else {
            throw .malformed(location, reason: "synonym text must start with a double quote")
        }
        var text: [UInt8] = []
        var index = value.lowerBound + 1
        var closed = false
        while index < value.upperBound {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\\"), index + 1 < value.upperBound {
                text.append(buffer[index + 1]); index += 2; continue
            }
            if byte == UInt8(ascii: "\"") { closed = true; index += 1; break }
            text.append(byte); index += 1
        }
        guard closed else { throw .malformed(location, reason: "unterminated synonym text") }
        let rest = ByteScanning.trimmed(buffer, index..<value.upperBound)
        let scopeRange = firstToken(buffer, rest)
        let scopeText = ByteScanning.string(buffer, scopeRange)
        guard let scope = SynonymScope(rawValue: scopeText) else {
            throw .malformed(location, reason: "synonym scope must be EXACT, RELATED, BROAD or NARROW")
        }
        let afterScope = ByteScanning.trimmed(buffer, scopeRange.upperBound..<rest.upperBound)
        var type: String?
        if !afterScope.isEmpty, buffer[afterScope.lowerBound] != UInt8(ascii: "[") {
            type = ByteScanning.string(buffer, firstToken(buffer, afterScope))
        }
        return TermSynonym(text: String(decoding: text, as: UTF8.self), scope: scope, type: type)
    }
}
