import Testing
import MendelCore
import MendelKnowledge
@testable import MendelPhenotype

/// Rules added in session 4: parts named without their whole ("nose with broad bridge and flattened tip") and
/// modifier synonyms learned from HPO's own names ("Depressed nasal tip" / "Flat nasal tip").
@Suite struct ElidedHeadAndModifierSynonymTests {
    let id = FixtureSupport.id

    static let obo = """
        format-version: 1.2
        data-version: mendel-fixture/session4-rules

        [Term]
        id: HP:0000118
        name: Phenotypic abnormality

        [Term]
        id: HP:0000366
        name: Abnormality of the nose
        is_a: HP:0000118

        [Term]
        id: HP:0000431
        name: Wide nasal bridge
        synonym: "Broad nasal bridge" EXACT []
        is_a: HP:0000366

        [Term]
        id: HP:0000437
        name: Depressed nasal tip
        synonym: "Flattened nasal tip" EXACT []
        is_a: HP:0000366

        [Term]
        id: HP:0001742
        name: Nasal obstruction
        is_a: HP:0000366

        [Term]
        id: HP:0000579
        name: Nasolacrimal duct obstruction
        synonym: "Lacrimal duct obstruction" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0002817
        name: Abnormality of the knee
        is_a: HP:0000118

        [Term]
        id: HP:0002360
        name: Sleep abnormality
        synonym: "Sleep difficulty" EXACT []
        synonym: "Abnormal sleep" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0002758
        name: Osteoarthritis
        is_a: HP:0000118

        [Term]
        id: HP:0005086
        name: Knee osteoarthritis
        is_a: HP:0002758

        [Term]
        id: HP:0010001
        name: Depressed nasal ridge
        synonym: "Flat nasal ridge" EXACT []
        is_a: HP:0000366

        [Term]
        id: HP:0010002
        name: Depressed nasal root
        synonym: "Flat nasal root" EXACT []
        is_a: HP:0000366

        [Term]
        id: HP:0010003
        name: Depressed philtrum
        synonym: "Flat philtrum" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0010004
        name: Depressed glabella
        synonym: "Flat glabella" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0000400
        name: Short chin
        synonym: "Small chin" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0000401
        name: Short ear
        is_a: HP:0000118

        [Term]
        id: HP:0000402
        name: Small ear
        is_a: HP:0000118

        [Term]
        id: HP:0000403
        name: Short nose
        is_a: HP:0000118

        [Term]
        id: HP:0000404
        name: Small nose
        is_a: HP:0000118

        [Term]
        id: HP:0000405
        name: Short neck
        synonym: "Small neck" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0000406
        name: Short philtrum
        synonym: "Small philtrum" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0000407
        name: Short palate
        synonym: "Small palate" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0000408
        name: Depressed nasal septum
        is_a: HP:0000366
        """

    static let ontology: Ontology? = try? Ontology(OBOParser.parse(Array(obo.utf8)))
    static let lexicon: ConceptLexicon? = ontology.map { ConceptLexicon(ontology: $0) }

    func analyse(_ text: String) throws -> PhenotypeAnalysis {
        let lexicon = try #require(Self.lexicon)
        return try PhenotypeRecognizer(lexicon: lexicon).recognize(text)
    }

    @Test func partsAfterWithAreReadWithTheirWhole() throws {
        let analysis = try analyse("He had a malformed nose with broad bridge and flattened tip.")
        #expect(analysis.observedIDs.isSuperset(of: [id(431), id(437)]))
        #expect(analysis.mentions.contains { $0.rule.hasSuffix(".elided_head") })
    }

    @Test func aHeadingAndColonGovernItsList() throws {
        let analysis = try analyse("Nose: broad bridge, flattened tip.")
        #expect(analysis.observedIDs.isSuperset(of: [id(431), id(437)]))
    }

    @Test func onlyWholeItemsCombineWithTheHead() throws {
        // "lacrimal duct obstruction" names its own finding: "nose" + "obstruction" is not read into it.
        let analysis = try analyse("He had a malformed nose with broad bridge, lacrimal duct obstruction.")
        #expect(analysis.observedIDs.contains(id(579)))
        #expect(!analysis.observedIDs.contains(id(1742)))
    }

    @Test func aLeadingDegreeWordStaysOutsideTheName() throws {
        let analysis = try analyse("X-rays showed the left knee with severe osteoarthritis.")
        #expect(analysis.observedIDs.contains(id(5086)))
    }

    @Test func theHeadMustNameABodyPart() throws {
        // "difficulty" names no body part (no "Abnormality of the difficulty"), so "difficulty with sleep" is not
        // read as a part list; this keeps "without difficulty with sleep" from being affirmed.
        #expect(try analyse("He was born without difficulty with sleep.").observedIDs.isEmpty)
        #expect(try analyse("He has difficulty with sleep.").observedIDs.isEmpty)
        // "Abnormal sleep" does not make "sleep" a body part either; "Abnormality of the knee" makes "knee" one.
        let lexicon = try #require(Self.lexicon)
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        let sleep = try #require(recognizer.compiled.vocabulary[TermNormalizer.canonical("sleep")])
        let knee = try #require(recognizer.compiled.vocabulary[TermNormalizer.canonical("knee")])
        #expect(!recognizer.anatomicalWords.contains(sleep))
        #expect(recognizer.anatomicalWords.contains(knee))
    }

    @Test func withoutIsNotAPartList() throws {
        #expect(try !analyse("A normal nose without broad bridge.").observedIDs.contains(id(431)))
    }

    @Test func modifierPairsNeedSupportAndNoContrast() throws {
        let ontology = try #require(Self.ontology)
        let synonyms = ModifierSynonyms(ontology: ontology, minimumSupport: 4)
        // Depressed/Flat: five terms pair them, none contrasts them.
        #expect(synonyms.partners["depressed"] == ["flat"])
        #expect(synonyms.partners["flat"] == ["depressed"])
        // Short/small: four terms pair them, but two contrast them (Short ear vs Small ear, Short nose vs Small nose).
        #expect(synonyms.partners["short"] == nil)
        // Below the support threshold nothing is learned.
        #expect(ModifierSynonyms(ontology: ontology, minimumSupport: 6).partners.isEmpty)
    }

    @Test func modifierVariantsNameTermsThatLackThem() throws {
        // "Depressed nasal septum" has no "flat" synonym in the ontology; the learned pair gives it one.
        let analysis = try analyse("On examination the flat nasal septum was noted.")
        #expect(analysis.observedIDs == [id(408)])
        #expect(analysis.mentions.allSatisfy { $0.rule == "derived" })
    }

    @Test func modifierVariantsNeverTakeAnotherTermsName() throws {
        let ontology = try #require(Self.ontology)
        let synonyms = ModifierSynonyms(partners: ["depressed": ["flat"], "flat": ["depressed"]])
        #expect(synonyms.variants(of: "Depressed nasal tip") == ["flat nasal tip"])
        #expect(synonyms.variants(of: "Depressed") == [])
        let septum = Int(try #require(ontology.index(of: id(408))))
        let free = ConceptLexicon.derivedNames(ontology, index: septum, knownWords: [], allNames: ["x"], modifiers: synonyms)
        #expect(free.contains("flat nasal septum"))
        let taken = ConceptLexicon.derivedNames(ontology, index: septum, knownWords: [], allNames: ["flat nasal septum"],
                                                modifiers: synonyms)
        #expect(!taken.contains("flat nasal septum"))
    }
}
