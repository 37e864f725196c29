import Testing
import MendelCore
import MendelKnowledge
@testable import MendelPhenotype

/// Rules added in session 5: generic head nouns ("cerebellar symptoms" = abnormality of the cerebellum), the
/// literal-name tie-break over every name of a term, "consistent with"/"suggestive of" as clause-level scope
/// ends, and the all-matches analysis mode.
@Suite struct GenericHeadAndOverlapTests {
    let id = FixtureSupport.id

    static let obo = """
        format-version: 1.2
        data-version: mendel-fixture/session5-rules

        [Term]
        id: HP:0000118
        name: Phenotypic abnormality

        [Term]
        id: HP:0000707
        name: Abnormality of the nervous system
        synonym: "Neurological abnormality" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0001317
        name: Abnormal cerebellum morphology
        synonym: "Abnormality of the cerebellum" EXACT []
        is_a: HP:0000707

        [Term]
        id: HP:0000924
        name: Abnormality of the skeletal system
        synonym: "Skeletal anomalies" EXACT []
        is_a: HP:0000707

        [Term]
        id: HP:0000951
        name: Abnormality of the skin
        is_a: HP:0000707

        [Term]
        id: HP:0000271
        name: Abnormality of the face
        is_a: HP:0000707

        [Term]
        id: HP:0001288
        name: Gait disturbance
        is_a: HP:0000707

        [Term]
        id: HP:0002355
        name: Gait abnormality
        is_a: HP:0000707

        [Term]
        id: HP:0001627
        name: Abnormal heart morphology
        synonym: "Cardiac anomalies" EXACT []
        is_a: HP:0000707

        [Term]
        id: HP:0001871
        name: Abnormality of blood and blood-forming tissues
        is_a: HP:0000118

        [Term]
        id: HP:0001872
        name: Abnormality of thrombocytes
        synonym: "Platelet abnormality" EXACT []
        is_a: HP:0001871

        [Term]
        id: HP:0009830
        name: Peripheral neuropathy
        synonym: "Neuropathy" EXACT []
        is_a: HP:0000707

        [Term]
        id: HP:0001284
        name: Areflexia
        synonym: "Absent reflexes" EXACT []
        is_a: HP:0000707

        [Term]
        id: HP:0000164
        name: Abnormality of the dentition
        synonym: "Dental abnormalities" EXACT []
        synonym: "Dental anomalies" EXACT []
        is_a: HP:0000707

        [Term]
        id: HP:0006482
        name: Abnormal dental morphology
        synonym: "Dental deformity" EXACT []
        is_a: HP:0000164

        [Term]
        id: HP:0000365
        name: Hearing impairment
        synonym: "Hearing loss" EXACT []
        is_a: HP:0000707

        [Term]
        id: HP:0000407
        name: Sensorineural hearing impairment
        synonym: "Sensorineural hearing loss" EXACT []
        is_a: HP:0000365
        """

    static let ontology: Ontology? = try? Ontology(OBOParser.parse(Array(obo.utf8)))
    static let lexicon: ConceptLexicon? = ontology.map { ConceptLexicon(ontology: $0) }

    func analyse(_ text: String, options: PhenotypeRecognizer.Options = .init()) throws -> PhenotypeAnalysis {
        let lexicon = try #require(Self.lexicon)
        return try PhenotypeRecognizer(lexicon: lexicon, options: options).recognize(text)
    }

    @Test func genericHeadNamesAnAbnormalityOfItsModifier() throws {
        #expect(try analyse("One third of them also had cerebellar symptoms.").observedIDs == [id(1317)])
        #expect(try analyse("Mutations are responsible for skeletal alterations in mice.").observedIDs == [id(924)])
        #expect(try analyse("He has cutaneous manifestations of the disease.").observedIDs.isEmpty,
                "'manifestations of' has its own complement")
        #expect(try analyse("It was accompanied by mild skin changes.").observedIDs == [id(951)])
        let mention = try #require(try analyse("cerebellar syndrome").mentions.first)
        #expect(mention.rule.hasSuffix(".generic_head"))
    }

    @Test func genericHeadIntroducingAListIsNotReported() throws {
        // The findings of the list are what is reported; the label is not.
        #expect(try analyse("MPS IVB is characterized by skeletal changes, including short stature.").observedIDs.isEmpty)
        #expect(try analyse("Skin changes included hyperkeratosis.").observedIDs.isEmpty)
        #expect(try analyse("Skin changes: hyperkeratosis.").observedIDs.isEmpty)
    }

    @Test func genericHeadIgnoresWordsOfAHyphenatedName() throws {
        // "branchio-oculo-facial syndrome" is a disease name, not an abnormality of the face.
        #expect(try analyse("A boy with the branchio-oculo-facial syndrome is reported.").mentions.isEmpty)
        #expect(try analyse("A boy with a facial syndrome is reported.").mentions.map(\.term) == [id(271)])
    }

    @Test func aLiteralNameWinsOverTheGenericReading() throws {
        // "Gait disturbance" is a name: the generic reading (gait + abnormal = Gait abnormality) loses.
        #expect(try analyse("She has a gait disturbance.").observedIDs == [id(1288)])
    }

    @Test func genericHeadNeverNamesAnOrganSystem() throws {
        // "neurological symptoms" sums up findings; Abnormality of the nervous system is an organ-system term.
        let lexicon = try #require(Self.lexicon)
        #expect(lexicon.organSystems.contains(id(707)))
        #expect(!lexicon.organSystems.contains(id(1317)))
        #expect(try analyse("Neurological symptoms were mild.").mentions.isEmpty)
        #expect(try analyse("A neurological abnormality was seen.").observedIDs == [id(707)], "a name is still a name")
        #expect(try analyse("He had cardiac malformations.").observedIDs == [id(1627)])
    }

    @Test func aCapitalisedHeadBelongsToAProperName() throws {
        #expect(try analyse("The Gray Platelet Syndrome is rare.").mentions.isEmpty)
        #expect(try analyse("Platelet changes were seen.").observedIDs == [id(1872)])
    }

    @Test func literalTieBreakLooksAtEveryNameOfATerm() throws {
        // Both terms match "dental anomalies" at the same weight (anomalies = deformity = abnormal); only
        // Abnormality of the dentition has it verbatim, through its second name.
        #expect(try analyse("He had dental anomalies.").observedIDs == [id(164)])
        #expect(try analyse("He had a dental deformity.").observedIDs == [id(6482)])
    }

    @Test func suggestiveOfEndsTheScopeOnlyInANewClause() throws {
        let negated = try analyse("There was no history suggestive of a peripheral neuropathy.")
        #expect(negated.excludedIDs == [id(9830)])
        #expect(negated.observedIDs.isEmpty)
        let affirmed = try analyse("No fever, absent reflexes, consistent with neuropathy.")
        #expect(affirmed.excludedIDs.contains(id(1284)))
        #expect(affirmed.observedIDs.contains(id(9830)))
    }

    @Test func allMatchesReportsEveryOverlappingMatch() throws {
        let text = "He has bilateral sensorineural hearing loss."
        #expect(try analyse(text).observedIDs == [id(407)])
        let all = try analyse(text, options: .init(keepAllMatches: true))
        #expect(all.observedIDs == [id(407), id(365)])
        #expect(all.mentions.contains { $0.term == id(365) && $0.rule.hasSuffix(".overlap") })
        #expect(!all.mentions.contains { $0.term == id(407) && $0.rule.hasSuffix(".overlap") })
    }
}
