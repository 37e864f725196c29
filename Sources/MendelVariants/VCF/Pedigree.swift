/// One individual of a PED file.
public struct PedigreeMember: Sendable, Codable, Hashable {
    public var family: String
    public var id: String
    public var father: String?
    public var mother: String?
    /// 1 = male, 2 = female, else unknown.
    public var sex: Int
    /// 2 = affected, 1 = unaffected, else unknown.
    public var phenotype: Int
    public var affected: Bool { phenotype == 2 }
}

/// A PED pedigree (6 whitespace-separated columns; `#` comments).
public struct Pedigree: Sendable, Codable, Hashable {
    public var members: [PedigreeMember]

    public init(members: [PedigreeMember]) { self.members = members }

    public static func parse(_ text: String, label: String) throws(VCFError) -> Pedigree {
        var members: [PedigreeMember] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 6 else { throw .malformedPedigree(file: label, line: i + 1, reason: "expected 6 columns") }
            func parent(_ s: Substring) -> String? { s == "0" || s == "." ? nil : String(s) }
            members.append(PedigreeMember(family: String(f[0]), id: String(f[1]), father: parent(f[2]), mother: parent(f[3]),
                                          sex: Int(f[4]) ?? 0, phenotype: Int(f[5]) ?? 0))
        }
        return Pedigree(members: members)
    }

    /// Trios: an affected child with both parents listed.
    public var trios: [Trio] {
        members.compactMap { m in
            guard m.affected, let father = m.father, let mother = m.mother else { return nil }
            return Trio(proband: m.id, father: father, mother: mother)
        }
    }
}

/// Sample names of a parent–child trio.
public struct Trio: Sendable, Codable, Hashable {
    public var proband: String
    public var father: String
    public var mother: String
    public init(proband: String, father: String, mother: String) { self.proband = proband; self.father = father; self.mother = mother }
}
