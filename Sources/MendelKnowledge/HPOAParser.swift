import MendelCore

/// The parsed content of `phenotype.hpoa`.
public struct HPOAFile: Sendable {
    /// `#version:` header value, e.g. `2025-01-16`.
    public var version: String?
    /// All `#key: value` header lines.
    public var header: [String: String]
    /// Diseases in order of first appearance, with their name and annotations (file order).
    public var diseases: [(id: DiseaseID, name: String, annotations: [PhenotypeAnnotation])]
}

/// Byte-level parser for the HPO annotation file (`phenotype.hpoa`, 12 tab-separated columns:
/// database_id, disease_name, qualifier, hpo_id, reference, evidence, onset, frequency, sex, modifier,
/// aspect, biocuration). Every malformed value is reported with line, field number and field name.
public enum HPOAParser {
    static let columns = ["database_id", "disease_name", "qualifier", "hpo_id", "reference", "evidence",
                          "onset", "frequency", "sex", "modifier", "aspect", "biocuration"]

    public static func parse(_ bytes: [UInt8], fileName: String = "phenotype.hpoa") throws(KnowledgeError) -> HPOAFile {
        var result = HPOAFile(version: nil, header: [:], diseases: [])
        try bytes.withUnsafeBufferPointer { (buffer) throws(KnowledgeError) in
            try parse(buffer, fileName: fileName, into: &result)
        }
        return result
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, fileName: String, into result: inout HPOAFile) throws(KnowledgeError) {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(13)
        var sawColumnHeader = false
        var diseaseIndex: [String: Int] = [:]
        var lastIDRange = 0..<0
        var lastIndex = -1

        try ByteScanning.forEachLine(buffer) { (line, number) throws(KnowledgeError) in
            guard !line.isEmpty else { return }
            if buffer[line.startIndex] == UInt8(ascii: "#") {
                let text = ByteScanning.string(buffer, (line.startIndex + 1)..<line.endIndex)
                if let colon = text.firstIndex(of: ":") {
                    let key = String(text[..<colon]).trimmingSpaces
                    let value = String(text[text.index(after: colon)...]).trimmingSpaces
                    result.header[key] = value
                    if key == "version" || key == "date" { result.version = result.version ?? value }
                }
                return
            }
            ByteScanning.splitTabs(line, into: &fields)
            if !sawColumnHeader {
                sawColumnHeader = true
                if ByteScanning.equals(buffer, fields[0], "database_id") {
                    guard fields.count == columns.count else {
                        throw .malformed(SourceLocation(file: fileName, line: number),
                                         reason: "column header has \(fields.count) fields, expected \(columns.count)")
                    }
                    return
                }
            }
            func location(_ field: Int) -> SourceLocation {
                SourceLocation(file: fileName, line: number, column: field + 1, field: columns[field])
            }
            guard fields.count == columns.count else {
                throw .malformed(SourceLocation(file: fileName, line: number),
                                 reason: "expected \(columns.count) tab-separated fields, found \(fields.count)")
            }
            func hpo(_ field: Int) throws(KnowledgeError) -> HPOTermID {
                guard let value = ByteScanning.hpoTermNumber(buffer, fields[field]) else {
                    throw .malformed(location(field), reason: "expected an HPO id HP:nnnnnnn")
                }
                return HPOTermID(number: value)
            }
            func optionalHPO(_ field: Int) throws(KnowledgeError) -> HPOTermID? {
                fields[field].isEmpty ? nil : try hpo(field)
            }

            let index: Int
            if lastIndex >= 0 && ByteScanning.equalRanges(buffer, fields[0], lastIDRange) {
                index = lastIndex
            } else {
                let idText = ByteScanning.string(buffer, fields[0])
                if let known = diseaseIndex[idText] {
                    index = known
                } else {
                    guard let id = DiseaseID(idText) else {
                        throw .malformed(location(0), reason: "expected a disease id PREFIX:LOCAL")
                    }
                    let name = ByteScanning.string(buffer, fields[1])
                    guard !name.isEmpty else { throw .malformed(location(1), reason: "empty disease name") }
                    index = result.diseases.count
                    diseaseIndex[idText] = index
                    result.diseases.append((id, name, []))
                }
            }
            lastIDRange = fields[0]; lastIndex = index

            let negated: Bool
            if fields[2].isEmpty { negated = false }
            else if ByteScanning.equals(buffer, fields[2], "NOT") { negated = true }
            else { throw .malformed(location(2), reason: "qualifier must be empty or NOT") }

            let term = try hpo(3)
            let evidence: EvidenceCode
            if ByteScanning.equals(buffer, fields[5], "PCS") { evidence = .pcs }
            else if ByteScanning.equals(buffer, fields[5], "TAS") { evidence = .tas }
            else if ByteScanning.equals(buffer, fields[5], "IEA") { evidence = .iea }
            else if ByteScanning.equals(buffer, fields[5], "ICE") { evidence = .ice }
            else { throw .malformed(location(5), reason: "evidence must be IEA, PCS, TAS or ICE") }
            let onset = try optionalHPO(6)
            let frequency = try parseFrequency(buffer, fields[7], location(7))
            let sex: Sex?
            if fields[8].isEmpty { sex = nil }
            else {
                let text = ByteScanning.string(buffer, fields[8]).uppercased()
                guard text == "MALE" || text == "FEMALE" else { throw .malformed(location(8), reason: "sex must be empty, MALE or FEMALE") }
                sex = text == "MALE" ? .male : .female
            }
            var modifiers: [HPOTermID] = []
            if !fields[9].isEmpty {
                var start = fields[9].lowerBound
                for position in fields[9].lowerBound...fields[9].upperBound
                where position == fields[9].upperBound || buffer[position] == UInt8(ascii: ";") {
                    guard let value = ByteScanning.hpoTermNumber(buffer, ByteScanning.trimmed(buffer, start..<position)) else {
                        throw .malformed(location(9), reason: "modifier must be ;-separated HPO ids")
                    }
                    modifiers.append(HPOTermID(number: value))
                    start = position + 1
                }
            }
            let aspect: AnnotationAspect
            switch fields[10].count == 1 ? buffer[fields[10].lowerBound] : 0 {
            case UInt8(ascii: "P"): aspect = .phenotype
            case UInt8(ascii: "I"): aspect = .inheritance
            case UInt8(ascii: "C"): aspect = .clinicalCourse
            case UInt8(ascii: "M"): aspect = .modifier
            case UInt8(ascii: "H"): aspect = .pastMedicalHistory
            default: throw .malformed(location(10), reason: "aspect must be P, I, C, M or H")
            }
            result.diseases[index].annotations.append(PhenotypeAnnotation(
                term: term, negated: negated, frequency: frequency, onset: onset, sex: sex, modifiers: modifiers,
                aspect: aspect, evidence: evidence, references: ByteScanning.string(buffer, fields[4])))
        }
    }

    /// Parses the frequency column: empty, `HP:00403xx`, `n/m` (0 ≤ n ≤ m, m > 0) or `p%` (0–100).
    static func parseFrequency(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ location: SourceLocation) throws(KnowledgeError) -> AnnotationFrequency {
        if range.isEmpty { return .unspecified }
        if let number = ByteScanning.hpoTermNumber(buffer, range) {
            let id = HPOTermID(number: number)
            guard AnnotationFrequency.termFrequency(id) != nil else {
                throw .malformed(location, reason: "HPO id is not a frequency term (HP:0040280-HP:0040285)")
            }
            return .term(id)
        }
        if let slash = ByteScanning.firstIndex(of: UInt8(ascii: "/"), in: buffer, range) {
            guard let n = ByteScanning.unsignedInteger(buffer, range.lowerBound..<slash),
                  let m = ByteScanning.unsignedInteger(buffer, (slash + 1)..<range.upperBound) else {
                throw .malformed(location, reason: "n/m frequency must be two integers")
            }
            guard m > 0, n <= m else { throw .malformed(location, reason: "n/m frequency needs 0 <= n <= m and m > 0") }
            return .ratio(numerator: Int(n), denominator: Int(m))
        }
        if buffer[range.upperBound - 1] == UInt8(ascii: "%") {
            let text = ByteScanning.string(buffer, range.lowerBound..<(range.upperBound - 1))
            guard let value = Double(text), value >= 0, value <= 100 else {
                throw .malformed(location, reason: "percentage frequency must be a number from 0 to 100")
            }
            return .percent(value)
        }
        throw .malformed(location, reason: "frequency must be an HPO frequency term, n/m or a percentage")
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
