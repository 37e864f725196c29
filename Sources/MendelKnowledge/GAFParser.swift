import MendelCore

/// A parsed Gene Ontology annotation file (GAF 2.2, also 2.0/2.1 and 1.0), aggregated per gene symbol.
///
/// Format (GO Consortium, `goa_human.gaf.gz`): `!`-prefixed header and comment lines, the first of which
/// is `!gaf-version: 2.2`; then one annotation per line with 17 tab-separated columns:
/// 1 DB, 2 DB_Object_ID, 3 DB_Object_Symbol, 4 Qualifier (2.2: a relation such as `enables`,
/// `involved_in`, `located_in`, optionally prefixed `NOT|`), 5 GO_ID, 6 DB:Reference, 7 Evidence code,
/// 8 With/From, 9 Aspect (P, F, C), 10 DB_Object_Name, 11 Synonym, 12 DB_Object_Type, 13 Taxon,
/// 14 Date (YYYYMMDD), 15 Assigned_By, 16 Annotation_Extension, 17 Gene_Product_Form_ID.
public struct GAFFile: Sendable, Hashable {
    /// `!gaf-version:` value, e.g. `2.2`.
    public var version: String
    /// `!date-generated:` value, when present.
    public var dateGenerated: String?
    /// `!generated-by:` value, when present.
    public var generatedBy: String?
    /// Annotation lines read (NOT-qualified ones included).
    public var annotationLines: Int
    /// Annotation lines with a `NOT` qualifier (excluded from `termsBySymbol`).
    public var negatedLines: Int
    /// Gene symbol → annotated GO terms (ids, aspects, evidence codes; no names), sorted by aspect then id.
    public var termsBySymbol: [String: [GOAnnotations.Term]]
}

/// Strict GAF parser: every column is checked; the first violation throws `KnowledgeError.malformed`
/// with the line, the 1-based column and the column's name (never the offending value).
public enum GAFParser {
    /// GAF versions accepted (`!gaf-version:` header).
    public static let supportedVersions: Set<String> = ["1.0", "2.0", "2.1", "2.2"]

    /// GO evidence codes (geneontology.org/docs/guide-go-evidence-codes).
    public static let evidenceCodes: Set<String> = [
        "EXP", "IDA", "IPI", "IMP", "IGI", "IEP", "HTP", "HDA", "HMP", "HGI", "HEP",
        "IBA", "IBD", "IKR", "IRD", "ISS", "ISO", "ISA", "ISM", "IGC", "RCA", "TAS", "NAS", "IC", "ND", "IEA",
    ]

    /// Relations allowed in the GAF 2.2 qualifier column (after an optional `NOT|`).
    public static let relations22: Set<String> = [
        "enables", "contributes_to", "involved_in", "acts_upstream_of", "acts_upstream_of_positive_effect",
        "acts_upstream_of_negative_effect", "acts_upstream_of_or_within", "acts_upstream_of_or_within_positive_effect",
        "acts_upstream_of_or_within_negative_effect", "located_in", "part_of", "is_active_in", "colocalizes_with",
    ]

    /// Qualifiers allowed before GAF 2.2 (the column may be empty).
    public static let qualifiersBefore22: Set<String> = ["NOT", "contributes_to", "colocalizes_with"]

    static let columnNames = ["DB", "DB_Object_ID", "DB_Object_Symbol", "Qualifier", "GO_ID", "DB:Reference", "Evidence_Code",
                              "With_or_From", "Aspect", "DB_Object_Name", "DB_Object_Synonym", "DB_Object_Type", "Taxon", "Date",
                              "Assigned_By", "Annotation_Extension", "Gene_Product_Form_ID"]

    /// Parses an uncompressed GAF file. Throws on the first malformed line; nothing is returned then.
    public static func parse(_ bytes: [UInt8], fileName: String = "goa.gaf") throws(KnowledgeError) -> GAFFile {
        var version: String?, generated: String?, generatedBy: String?
        var collected: [String: [String: (aspect: UInt8, evidence: Set<String>)]] = [:]
        var lines = 0, negated = 0
        var lineNumber = 0
        var start = 0
        let newline = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t")
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != newline { end += 1 }
            lineNumber += 1
            var lineEnd = end
            let lineStart = start
            start = end + 1
            if lineEnd > lineStart && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            if lineEnd == lineStart { continue }
            func fail(_ column: Int?, _ reason: String) -> KnowledgeError {
                .malformed(SourceLocation(file: fileName, line: lineNumber, column: column,
                                          field: column.map { columnNames[min($0, columnNames.count) - 1] }), reason: reason)
            }
            if bytes[lineStart] == UInt8(ascii: "!") {
                let text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
                if let value = headerValue(text, "gaf-version") {
                    guard supportedVersions.contains(value) else {
                        throw .malformed(SourceLocation(file: fileName, line: lineNumber, field: "gaf-version"),
                                         reason: "unsupported GAF version (expected one of \(supportedVersions.sorted().joined(separator: ", ")))")
                    }
                    version = value
                } else if let value = headerValue(text, "date-generated") {
                    generated = value
                } else if let value = headerValue(text, "generated-by") {
                    generatedBy = value
                }
                continue
            }
            guard let gafVersion = version else {
                throw .malformed(SourceLocation(file: fileName, line: lineNumber, field: "gaf-version"),
                                 reason: "annotation line before the '!gaf-version:' header")
            }
            // Split into column ranges.
            var columns: [Range<Int>] = []
            columns.reserveCapacity(17)
            var fieldStart = lineStart
            for index in lineStart..<lineEnd where bytes[index] == tab {
                columns.append(fieldStart..<index)
                fieldStart = index + 1
            }
            columns.append(fieldStart..<lineEnd)
            let minimum = gafVersion == "1.0" ? 15 : 17
            guard columns.count >= minimum else {
                throw fail(columns.count + 1, "expected \(minimum) tab-separated columns, found \(columns.count)")
            }
            guard columns.count <= 17 else {
                throw .malformed(SourceLocation(file: fileName, line: lineNumber, column: 18), reason: "expected at most 17 tab-separated columns, found \(columns.count)")
            }
            func text(_ column: Int) -> String { String(decoding: bytes[columns[column - 1]], as: UTF8.self) }
            for required in [1, 2, 3, 6, 12, 15] where columns[required - 1].isEmpty {
                throw fail(required, "required column is empty")
            }
            // Qualifier.
            let qualifier = text(4)
            let parts = qualifier.isEmpty ? [] : !bytes[columns[3]].contains(UInt8(ascii: "|")) ? [qualifier]
                : qualifier.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let isNot = parts.contains("NOT")
            if gafVersion == "2.2" {
                let relations = parts.filter { $0 != "NOT" }
                guard relations.count == 1, let relation = relations.first, relations22.contains(relation),
                      parts.count == (isNot ? 2 : 1), !isNot || parts.first == "NOT" else {
                    throw fail(4, "GAF 2.2 qualifier must be one relation (enables, involved_in, located_in, …), optionally prefixed 'NOT|'")
                }
            } else {
                guard parts.allSatisfy({ qualifiersBefore22.contains($0) }) else {
                    throw fail(4, "qualifier must be empty or NOT, contributes_to, colocalizes_with joined by '|'")
                }
            }
            // GO id.
            let go = columns[4]
            guard go.count == 10, bytes[go.lowerBound] == UInt8(ascii: "G"), bytes[go.lowerBound + 1] == UInt8(ascii: "O"),
                  bytes[go.lowerBound + 2] == UInt8(ascii: ":"), bytes[(go.lowerBound + 3)..<go.upperBound].allSatisfy(isDigit) else {
                throw fail(5, "not a GO:nnnnnnn identifier")
            }
            let evidence = text(7)
            guard evidenceCodes.contains(evidence) else { throw fail(7, "unknown GO evidence code") }
            let aspectRange = columns[8]
            guard aspectRange.count == 1, [UInt8(ascii: "P"), UInt8(ascii: "F"), UInt8(ascii: "C")].contains(bytes[aspectRange.lowerBound]) else {
                throw fail(9, "aspect must be P, F or C")
            }
            guard isTaxon(bytes, columns[12]) else {
                throw fail(13, "taxon must be 'taxon:<NCBI id>' (two joined by '|' for an interacting organism)")
            }
            let date = columns[13]
            guard date.count == 8, bytes[date].allSatisfy(isDigit) else { throw fail(14, "date must be YYYYMMDD") }

            lines += 1
            if isNot { negated += 1; continue }
            let symbol = text(3)
            let goID = text(5)
            var entry = collected[symbol, default: [:]][goID] ?? (bytes[aspectRange.lowerBound], [])
            entry.evidence.insert(evidence)
            collected[symbol, default: [:]][goID] = entry
        }
        guard let gafVersion = version else {
            throw .malformed(SourceLocation(file: fileName, line: max(lineNumber, 1), field: "gaf-version"), reason: "no '!gaf-version:' header")
        }
        var terms: [String: [GOAnnotations.Term]] = [:]
        terms.reserveCapacity(collected.count)
        for (symbol, byID) in collected {
            terms[symbol] = byID.map {
                GOAnnotations.Term(id: $0.key, name: nil, aspect: String(UnicodeScalar($0.value.aspect)), evidence: $0.value.evidence.sorted())
            }.sorted()
        }
        return GAFFile(version: gafVersion, dateGenerated: generated, generatedBy: generatedBy, annotationLines: lines,
                       negatedLines: negated, termsBySymbol: terms)
    }

    /// `!name: value` → value (trimmed), for the given header name.
    static func headerValue(_ line: String, _ name: String) -> String? {
        var rest = line.dropFirst()  // "!"
        while rest.first == " " { rest = rest.dropFirst() }
        guard rest.hasPrefix(name + ":") else { return nil }
        return trimmed(rest.dropFirst(name.count + 1))
    }

    /// `taxon:<digits>`, or two of them joined by `|` (bytes, no String: this runs for every line).
    static func isTaxon(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        let prefix: [UInt8] = Array("taxon:".utf8)
        var start = range.lowerBound
        var parts = 0
        while start <= range.upperBound {
            var end = start
            while end < range.upperBound && bytes[end] != UInt8(ascii: "|") { end += 1 }
            guard end - start > prefix.count, bytes[start..<(start + prefix.count)].elementsEqual(prefix),
                  bytes[(start + prefix.count)..<end].allSatisfy(isDigit) else { return false }
            parts += 1
            start = end + 1
        }
        return parts >= 1 && parts <= 2
    }

    /// Without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

