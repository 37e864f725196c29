import Foundation
@testable import MendelKnowledge
import Testing

/// GAF 2.2 and GO OBO parsing on the self-made fixtures in Fixtures/go (GO Consortium layouts).
@Suite struct GOAnnotationTests {
    static let directory = repositoryRoot.appendingPathComponent("Fixtures/go")
    static func fixture(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))) }

    /// A valid GAF 2.2 line with one column replaced (1-based).
    static func line(replacing column: Int? = nil, with value: String = "") -> String {
        var columns = ["UniProtKB", "P35555", "FBN1", "enables", "GO:0005201", "PMID:1", "IDA", "", "F", "Fibrillin-1", "", "protein",
                       "taxon:9606", "20240115", "UniProt", "", ""]
        if let column { columns[column - 1] = value }
        return columns.joined(separator: "\t")
    }

    static func gaf(_ lines: [String], version: String = "2.2") -> [UInt8] {
        Array(("!gaf-version: \(version)\n!generated-by: test\n" + lines.joined(separator: "\n") + "\n").utf8)
    }

    @Test func parsesHeaderCommentsAndExcludesNOT() throws {
        let file = try GAFParser.parse(try Self.fixture("goa_mini.gaf"), fileName: "goa_mini.gaf")
        #expect(file.version == "2.2" && file.dateGenerated == "2025-01-15T09:00" && file.generatedBy?.hasPrefix("Mendel test fixture") == true)
        #expect(file.annotationLines == 21 && file.negatedLines == 2)
        let fbn1 = try #require(file.termsBySymbol["FBN1"])
        // NOT|enables GO:0003677 and NOT|involved_in GO:0001525 are excluded; the two GO:0031012 lines merge.
        #expect(!fbn1.contains { $0.id == "GO:0003677" || $0.id == "GO:0001525" })
        #expect(fbn1.map(\.id) == ["GO:0001527", "GO:0031012", "GO:0005201", "GO:0005509", "GO:0001501", "GO:0030198", "GO:0048048"])
        #expect(fbn1.first { $0.id == "GO:0031012" }?.evidence == ["IDA", "IEA"])
        #expect(fbn1.first { $0.id == "GO:0001501" }?.aspect == "P")
        #expect(Set(file.termsBySymbol.keys) == ["FBN1", "NF1", "CFTR", "CHD7"])
    }

    @Test func namesFromTheGOOntology() throws {
        let ontology = try GOOntology.parse(try Self.fixture("go-mini.obo"))
        #expect(ontology.formatVersion == "1.2" && ontology.dataVersion == "releases/2025-01-01")
        #expect(ontology.terms.count == 22)   // [Typedef] skipped
        #expect(ontology.entry("GO:0001501")?.name == "skeletal system development" && ontology.entry("GO:0001501")?.aspect == "P")
        #expect(ontology.entry("GO:0048705")?.name == "skeletal system development")   // alt_id
        #expect(ontology.primaryID("GO:0048705") == "GO:0001501")
        #expect(ontology.entry("GO:0016265")?.isObsolete == true)
        let go = GOAnnotations(gaf: try GAFParser.parse(try Self.fixture("goa_mini.gaf")), ontology: ontology)
        #expect(go.terms(forGene: "NF1").first { $0.id == "GO:0005096" }?.name == "GTPase activator activity")
        #expect(go.ontology?.terms.count == 22)
        // Term names in free text: the longest name at each position, one-word names of 8+ letters only.
        let found = ontology.mentionedTerms(in: "It acts in extracellular matrix organization, angiogenesis and the cytosol.")
        #expect(found.map(\.id) == ["GO:0030198", "GO:0001525"])
    }

    @Test func malformedLinesGivePreciseErrorsWithoutData() throws {
        let cases: [(lines: [String], line: Int, column: Int?, field: String?)] = [
            ([Self.line(), Self.line(replacing: 7, with: "XYZ")], 4, 7, "Evidence_Code"),
            ([Self.line(replacing: 5, with: "GO:12345")], 3, 5, "GO_ID"),
            ([Self.line(replacing: 9, with: "Q")], 3, 9, "Aspect"),
            ([Self.line(replacing: 4, with: "")], 3, 4, "Qualifier"),                  // 2.2 needs a relation
            ([Self.line(replacing: 4, with: "NOT|enables|located_in")], 3, 4, "Qualifier"),
            ([Self.line(replacing: 13, with: "9606")], 3, 13, "Taxon"),
            ([Self.line(replacing: 14, with: "2024-01-15")], 3, 14, "Date"),
            ([Self.line(replacing: 3, with: "")], 3, 3, "DB_Object_Symbol"),
            (["UniProtKB\tP35555\tSECRETSYMBOL\tenables\tGO:0005201"], 3, 6, "DB:Reference"),   // too few columns: the first missing one
        ]
        for item in cases {
            do {
                _ = try GAFParser.parse(Self.gaf(item.lines), fileName: "bad.gaf")
                Issue.record("expected an error for line \(item.line) column \(item.column ?? 0)")
            } catch {
                guard case .malformed(let location, _) = error else { Issue.record("unexpected \(error)"); continue }
                #expect(location.file == "bad.gaf" && location.line == item.line && location.column == item.column && location.field == item.field)
                // Messages name places, never values from the file.
                #expect(!error.description.contains("XYZ") && !error.description.contains("SECRETSYMBOL") && !error.description.contains("P35555"))
                #expect(error.code == "knowledge.malformed_line")
            }
        }
    }

    @Test func versionHeaderIsRequiredAndChecked() throws {
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "x.gaf", line: 1, field: "gaf-version"),
                                                 reason: "annotation line before the '!gaf-version:' header")) {
            _ = try GAFParser.parse(Array((Self.line() + "\n").utf8), fileName: "x.gaf")
        }
        do {
            _ = try GAFParser.parse(Array("!gaf-version: 3.0\n".utf8), fileName: "x.gaf")
            Issue.record("GAF 3.0 accepted")
        } catch {
            guard case .malformed(let location, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(location.line == 1 && location.field == "gaf-version")
        }
        // GAF 2.1: the qualifier may be empty; 2.2 relations are not required.
        let older = try GAFParser.parse(Self.gaf([Self.line(replacing: 4, with: ""), Self.line(replacing: 4, with: "NOT")], version: "2.1"))
        #expect(older.annotationLines == 2 && older.negatedLines == 1 && older.termsBySymbol["FBN1"]?.count == 1)
        // CRLF line ends and blank lines are accepted.
        let crlf = try GAFParser.parse(Array("!gaf-version: 2.2\r\n\r\n\(Self.line())\r\n".utf8))
        #expect(crlf.termsBySymbol["FBN1"]?.first?.id == "GO:0005201")
    }

    @Test func goOntologyErrorsNameTheLineAndTag() throws {
        let missingNamespace = Array("format-version: 1.2\n\n[Term]\nid: GO:0000001\nname: x\n".utf8)
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "go-basic.obo", line: 3, field: "namespace"),
                                                 reason: "[Term] stanza without a GO namespace")) {
            _ = try GOOntology.parse(missingNamespace)
        }
        let badID = Array("format-version: 1.2\n\n[Term]\nid: HP:0000001\nname: x\nnamespace: biological_process\n".utf8)
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "go-basic.obo", line: 4, column: 5, field: "id"),
                                                 reason: "not a GO:nnnnnnn identifier")) {
            _ = try GOOntology.parse(badID)
        }
        #expect(throws: KnowledgeError.self) { _ = try GOOntology.parse(Array("format-version: 1.2\n".utf8)) }
    }
}
