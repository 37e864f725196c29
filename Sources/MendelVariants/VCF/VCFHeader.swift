import Foundation

/// One `##INFO` or `##FORMAT` definition.
public struct VCFFieldDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var number: String
    public var type: String
    public var description: String
}

/// One `##contig` line.
public struct VCFContig: Sendable, Codable, Hashable {
    public var id: String
    public var length: Int?
}

/// The parsed VCF header.
public struct VCFHeader: Sendable, Codable, Hashable {
    public var fileFormat: String?
    public var info: [String: VCFFieldDefinition] = [:]
    public var format: [String: VCFFieldDefinition] = [:]
    public var contigs: [VCFContig] = []
    /// Sample names in column order (names may contain spaces; columns are split on TAB only).
    public var samples: [String] = []
    /// Other `##key=value` lines, in order.
    public var other: [String] = []
    /// VEP `CSQ` field names from the `Format:` part of its description (nil when the file has no CSQ).
    public var csqFields: [String]?
    /// SnpEff `ANN` field names (nil when the file has no ANN).
    public var annFields: [String]?

    public init() {}

    /// Parses `<ID=X,Number=1,Type=String,Description="a, \"b\"">` into key/value pairs.
    static func structuredFields(_ text: Substring) -> [(String, String)]? {
        guard text.first == "<", text.last == ">" else { return nil }
        let inner = text.dropFirst().dropLast()
        var result: [(String, String)] = []
        var key = "", value = ""
        var inKey = true, quoted = false, escaped = false
        for ch in inner {
            if inKey {
                if ch == "=" { inKey = false } else if ch == "," { if !key.isEmpty { result.append((key, "")) }; key = "" } else { key.append(ch) }
                continue
            }
            if escaped { value.append(ch); escaped = false; continue }
            if quoted {
                if ch == "\\" { escaped = true } else if ch == "\"" { quoted = false } else { value.append(ch) }
                continue
            }
            if ch == "\"" { quoted = true; continue }
            if ch == "," {
                result.append((key, value)); key = ""; value = ""; inKey = true
                continue
            }
            value.append(ch)
        }
        if quoted { return nil }
        if !key.isEmpty { result.append((key, value)) }
        return result
    }

    /// Adds one `##` meta line; returns a reason when it is malformed.
    mutating func addMetaLine(_ line: Substring) -> String? {
        let body = line.dropFirst(2)
        guard let eq = body.firstIndex(of: "=") else { return nil }  // `##key` without value: tolerated, ignored
        let key = String(body[..<eq])
        let value = body[body.index(after: eq)...]
        switch key {
        case "fileformat":
            fileFormat = String(value)
        case "INFO", "FORMAT":
            guard let fields = VCFHeader.structuredFields(value) else { return "\(key) definition is not a <...> list" }
            var dict: [String: String] = [:]
            for (k, v) in fields { dict[k] = v }
            guard let id = dict["ID"], !id.isEmpty else { return "\(key) definition without ID" }
            let def = VCFFieldDefinition(id: id, number: dict["Number"] ?? ".", type: dict["Type"] ?? "String",
                                         description: dict["Description"] ?? "")
            if key == "INFO" {
                info[id] = def
                if id == "CSQ" { csqFields = VCFHeader.vepFormat(def.description) }
                if id == "ANN" { annFields = VCFHeader.snpEffFormat(def.description) }
            } else {
                format[id] = def
            }
        case "contig":
            guard let fields = VCFHeader.structuredFields(value) else { return "contig definition is not a <...> list" }
            var dict: [String: String] = [:]
            for (k, v) in fields { dict[k] = v }
            guard let id = dict["ID"] else { return "contig definition without ID" }
            contigs.append(VCFContig(id: id, length: dict["length"].flatMap { Int($0) }))
        default:
            other.append(String(line))
        }
        return nil
    }

    /// `... Format: Allele|Consequence|...` → field names; nil when there is no `Format:`.
    static func vepFormat(_ description: String) -> [String]? {
        guard let r = description.range(of: "Format:") ?? description.range(of: "format:") else { return nil }
        let list = description[r.upperBound...].trimmedChars([" ", "'", "\""])
        let fields = list.split(separator: "|").map { $0.trimmedChars([" "]) }
        return fields.isEmpty || fields == [""] ? nil : fields
    }

    /// `Functional annotations: 'Allele | Annotation | ...'` → field names.
    static func snpEffFormat(_ description: String) -> [String]? {
        let text: Substring
        if let open = description.firstIndex(of: "'"), let close = description.lastIndex(of: "'"), open < close {
            text = description[description.index(after: open)..<close]
        } else if let colon = description.firstIndex(of: ":") {
            text = description[description.index(after: colon)...]
        } else {
            return nil
        }
        let fields = text.split(separator: "|").map { $0.trimmedChars([" "]) }
        return fields.count >= 2 ? fields : nil
    }
}

extension StringProtocol {
    /// Trims the given characters from both ends.
    func trimmedChars(_ set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
