import Foundation
import MendelCore
import Testing
@testable import MendelKnowledge

@Suite struct OBOParserTests {
    @Test func parsesTermsSynonymsAltIDsObsoleteAndIsA() throws {
        let file = try OBOParser.parse(Array(tinyOBO.utf8))
        #expect(file.dataVersion == "hp/releases/test")
        #expect(file.terms.count == 12)  // the [Typedef] stanza is skipped
        let a = try #require(file.terms.first { $0.id == HPOTermID("HP:0000100") })
        #expect(a.name == "Term A")
        #expect(a.synonyms == [TermSynonym(text: "A term", scope: .exact, type: "layperson"),
                               TermSynonym(text: "Broad A", scope: .broad)])
        let a2 = try #require(file.terms.first { $0.id == HPOTermID("HP:0000102") })
        #expect(a2.altIDs == [HPOTermID("HP:0000109")!])
        let d = try #require(file.terms.first { $0.id == HPOTermID("HP:0000300") })
        #expect(d.parents == [HPOTermID("HP:0000101")!, HPOTermID("HP:0000200")!])
        let x = try #require(file.terms.first { $0.id == HPOTermID("HP:0000108") })
        #expect(x.isObsolete && x.replacedBy == HPOTermID("HP:0000101"))
        let y = try #require(file.terms.first { $0.id == HPOTermID("HP:0000107") })
        #expect(y.isObsolete && y.replacedBy == nil && y.consider == [HPOTermID("HP:0000200")!])
    }

    @Test func escapedQuotesInSynonyms() throws {
        let text = "[Term]\nid: HP:0000001\nname: All\nsynonym: \"say \\\"hi\\\"\" RELATED []\n"
        let file = try OBOParser.parse(Array(text.utf8))
        #expect(file.terms[0].synonyms == [TermSynonym(text: "say \"hi\"", scope: .related)])
    }

    @Test func malformedIsAReportsLineAndColumn() {
        let text = "format-version: 1.2\n\n[Term]\nid: HP:0000001\nname: All\nis_a: HP:12 ! bad\n"
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "hp.obo", line: 6, column: 7, field: "is_a"),
                                                 reason: "expected an HPO id HP:nnnnnnn")) {
            try OBOParser.parse(Array(text.utf8))
        }
    }

    @Test func unknownSynonymScopeIsAnError() {
        let text = "[Term]\nid: HP:0000001\nname: All\nsynonym: \"x\" SOMETIMES []\n"
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "hp.obo", line: 4, column: 10, field: "synonym"),
                                                 reason: "synonym scope must be EXACT, RELATED, BROAD or NARROW")) {
            try OBOParser.parse(Array(text.utf8))
        }
    }

    @Test func stanzaWithoutNameIsAnError() {
        let text = "[Term]\nid: HP:0000001\n\n[Term]\nid: HP:0000002\nname: B\n"
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "hp.obo", line: 1, field: "name"),
                                                 reason: "[Term] stanza without a name")) {
            try OBOParser.parse(Array(text.utf8))
        }
    }

    @Test func duplicateIDIsAnError() {
        let text = "[Term]\nid: HP:0000001\nname: A\n\n[Term]\nid: HP:0000001\nname: B\n"
        #expect(throws: KnowledgeError.self) { try OBOParser.parse(Array(text.utf8)) }
    }
}

@Suite struct OntologyTests {
    let ontology: Ontology

    init() throws { ontology = try Ontology(OBOParser.parse(Array(tinyOBO.utf8))) }

    func index(_ text: String) throws -> Int32 { try #require(ontology.index(of: HPOTermID(text)!)) }

    @Test func ancestorClosureIncludesSelfAndBothDiamondPaths() throws {
        let d = try index("HP:0000300")
        let ancestors = Set(ontology.ancestors(ofIndex: d).map { ontology.ids[Int($0)].description })
        #expect(ancestors == ["HP:0000300", "HP:0000101", "HP:0000100", "HP:0000200", "HP:0000118", "HP:0000001"])
        #expect(Array(ontology.ancestors(ofIndex: d)) == ontology.ancestors(ofIndex: d).sorted())
        #expect(ontology.isAncestorOrSelf(try index("HP:0000200"), of: d))
        #expect(!ontology.isAncestorOrSelf(try index("HP:0000102"), of: d))
        #expect(ontology.depths[Int(d)] == 3)  // shortest path: All > Phenotypic abnormality > B > D
    }

    @Test func normalisationOfAltIDsObsoleteAndUnknownIDs() {
        #expect(ontology.resolve(HPOTermID("HP:0000100")!) == .current(HPOTermID("HP:0000100")!))
        #expect(ontology.resolve(HPOTermID("HP:0000109")!) == .alternate(primary: HPOTermID("HP:0000102")!))
        #expect(ontology.resolve(HPOTermID("HP:0000108")!) == .replaced(by: HPOTermID("HP:0000101")!))
        #expect(ontology.resolve(HPOTermID("HP:0000107")!) == .obsoleteWithoutReplacement(consider: [HPOTermID("HP:0000200")!]))
        #expect(ontology.resolve(HPOTermID("HP:9999999")!) == .unknown)
        #expect(ontology.index(of: HPOTermID("HP:0000108")!) == nil)  // obsolete terms get no index
        #expect(ontology.count == 10)
    }

    @Test func isACycleIsRejected() throws {
        let text = "[Term]\nid: HP:0000001\nname: A\nis_a: HP:0000002\n\n[Term]\nid: HP:0000002\nname: B\nis_a: HP:0000001\n"
        #expect(throws: KnowledgeError.inconsistent(reason: "the is_a graph of the ontology has a cycle")) {
            try Ontology(OBOParser.parse(Array(text.utf8)))
        }
    }

    @Test func isAToUnknownTermIsRejected() throws {
        let text = "[Term]\nid: HP:0000001\nname: A\nis_a: HP:0000005\n"
        #expect(throws: KnowledgeError.self) { try Ontology(OBOParser.parse(Array(text.utf8))) }
    }
}
