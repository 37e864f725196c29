import Foundation
import MendelCore
@testable import MendelDiagnosis
import MendelKnowledge
import Testing

/// GO terms on gene cards (Fixtures/go: GAF 2.2 + GO OBO) and the grounding of gene summaries in them.
@Suite struct GeneCardGOTests {
    static func go(named: Bool = true) throws -> GOAnnotations {
        let directory = repositoryRoot.appendingPathComponent("Fixtures/go")
        let gaf = try GAFParser.parse([UInt8](try Data(contentsOf: directory.appendingPathComponent("goa_mini.gaf"))))
        let ontology = named ? try GOOntology.parse([UInt8](try Data(contentsOf: directory.appendingPathComponent("go-mini.obo")))) : nil
        return GOAnnotations(gaf: gaf, ontology: ontology)
    }

    @Test func cardsListGOTermsByAspectWithEvidenceWithoutNOT() throws {
        let kb = try KnowledgeBase.load(directory: fixtureDirectory)
        let card = try #require(GeneCardBuilder(knowledgeBase: kb, go: try Self.go()).card(symbol: "FBN1", observed: []))
        // P, then F, then C; within an aspect experimental evidence first (IMP < TAS < ISS), then more codes, then id.
        #expect(card.goTerms.map(\.id) == ["GO:0001501", "GO:0030198", "GO:0048048", "GO:0005201", "GO:0005509", "GO:0031012", "GO:0001527"])
        #expect(!card.goTerms.contains { $0.id == "GO:0003677" || $0.id == "GO:0001525" })   // NOT-qualified annotations
        #expect(card.goTerms.first { $0.id == "GO:0031012" }?.evidence == ["IDA", "IEA"])
        let process = try #require(card.facts.first { $0.text.hasPrefix("GO biological process of FBN1") })
        #expect(process.text == "GO biological process of FBN1: GO:0001501 skeletal system development [IMP]; "
            + "GO:0030198 extracellular matrix organization [TAS]; GO:0048048 embryonic eye morphogenesis [ISS].")
        #expect(card.facts.contains { $0.text == "GO cellular component of FBN1: GO:0031012 extracellular matrix [IDA, IEA]; GO:0001527 microfibril [IDA]." })
        #expect(card.facts.contains { $0.text.hasPrefix("GO molecular function of FBN1: GO:0005201 extracellular matrix structural constituent [IDA]") })

        // A term with only ND (no biological data) evidence is not shown; per-aspect limit.
        let chd7 = try #require(GeneCardBuilder(knowledgeBase: kb, go: try Self.go(), maxGOTerms: 1).card(symbol: "CHD7", observed: []))
        #expect(chd7.goTerms.map(\.id) == ["GO:0007507"])
        // Without the GO ontology the card shows ids.
        let unnamed = try #require(GeneCardBuilder(knowledgeBase: kb, go: try Self.go(named: false)).card(symbol: "NF1", observed: []))
        #expect(unnamed.facts.contains { $0.text == "GO biological process of NF1: GO:0046580 [IDA]; GO:0007422 [IEA]." })
        // No GAF: no GO facts.
        let plain = try #require(GeneCardBuilder(knowledgeBase: kb).card(symbol: "FBN1", observed: []))
        #expect(plain.goTerms.isEmpty && !plain.facts.contains { $0.text.hasPrefix("GO ") })
    }

    @Test func summariesNamingOtherGOTermsAreWithheld() throws {
        let kb = try KnowledgeBase.load(directory: fixtureDirectory)
        let go = try Self.go()
        let card = try #require(GeneCardBuilder(knowledgeBase: kb, go: go).card(symbol: "FBN1", observed: []))
        let fact = try #require(card.facts.first { $0.text.hasPrefix("GO biological process") }).id
        let answer = """
        {"sentences":[
          {"facts":["\(fact)"],"text":"FBN1 takes part in skeletal system development and extracellular matrix organization."},
          {"facts":["\(fact)"],"text":"FBN1 is involved in angiogenesis."},
          {"facts":["\(fact)"],"text":"FBN1 contributes to heart development."},
          {"facts":["\(fact)"],"text":"FBN1 acts through GO:0007507."},
          {"facts":["\(fact)"],"text":"FBN1 acts through GO:9999999."},
          {"facts":["\(fact)"],"text":"FBN1 acts through GO:0048705, a skeletal process."}
        ]}
        """
        let checked = AnswerGrounding.geneSummary(answer: answer, card: card, knowledgeBase: kb, goOntology: go.ontology)
        #expect(checked.parsed && checked.sentences.count == 6)
        #expect(checked.sentences[0].grounded)
        // "angiogenesis" is annotated to FBN1 only with NOT: not a fact of the card.
        #expect(checked.sentences[1].issues == [GroundingIssue(.goTermNotInEvidence, "GO:0001525")])
        #expect(checked.sentences[2].issues == [GroundingIssue(.goTermNotInEvidence, "GO:0007507")])
        #expect(checked.sentences[3].issues == [GroundingIssue(.goTermNotInEvidence, "GO:0007507")])
        #expect(checked.sentences[4].issues == [GroundingIssue(.unknownGOTerm, "GO:9999999")])
        #expect(checked.sentences[5].grounded)   // alt_id of the card's GO:0001501
        #expect(checked.sentences[1].issues.first?.description == "go_term_not_in_evidence GO:0001525")

        // Without the GO ontology only GO ids are checked.
        let idsOnly = AnswerGrounding.geneSummary(answer: answer, card: card, knowledgeBase: kb)
        #expect(idsOnly.sentences[1].grounded && idsOnly.sentences[2].grounded)
        #expect(!idsOnly.sentences[3].grounded && !idsOnly.sentences[4].grounded)

        // A GO name that is part of a fact (here a phenotype label would be; a disease name is used) is not a GO claim.
        var quoting = card
        quoting.facts.append(GeneCard.Fact(id: "F99", text: "Heart development is a characteristic of this test disease."))
        let quoted = AnswerGrounding.geneSummary(answer: #"{"sentences":[{"facts":["F99"],"text":"Heart development is affected."}]}"#,
                                                 card: quoting, knowledgeBase: kb, goOntology: go.ontology)
        #expect(quoted.sentences.first?.grounded == true)
    }
}
