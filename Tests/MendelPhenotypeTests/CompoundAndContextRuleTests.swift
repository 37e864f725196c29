import Testing
import MendelCore
@testable import MendelPhenotype

/// Rules added in session 3: closed compounds, degree ranges, stricter coordination lists, quantifier-free
/// names, entity-head modifiers ("hepatitis C virus"), dangling anatomical adjectives and "ruling out".
@Suite struct CompoundAndContextRuleTests {
    let id = FixtureSupport.id

    static let obo = """
        format-version: 1.2
        data-version: mendel-fixture/session3-rules

        [Term]
        id: HP:0000118
        name: Phenotypic abnormality

        [Term]
        id: HP:0000248
        name: Brachycephaly
        is_a: HP:0000118

        [Term]
        id: HP:0000252
        name: Microcephaly
        is_a: HP:0000118

        [Term]
        id: HP:0001263
        name: Global developmental delay
        is_a: HP:0000118

        [Term]
        id: HP:0011342
        name: Mild global developmental delay
        is_a: HP:0001263

        [Term]
        id: HP:0011343
        name: Moderate global developmental delay
        is_a: HP:0001263

        [Term]
        id: HP:0002721
        name: Immunodeficiency
        is_a: HP:0000118

        [Term]
        id: HP:0012115
        name: Hepatitis
        is_a: HP:0000118

        [Term]
        id: HP:0001259
        name: Coma
        is_a: HP:0000118

        [Term]
        id: HP:0100647
        name: Graves disease
        is_a: HP:0000118

        [Term]
        id: HP:0030430
        name: Neuroma
        is_a: HP:0000118

        [Term]
        id: HP:0031023
        name: Multiple mucosal neuromas
        is_a: HP:0030430

        [Term]
        id: HP:0006114
        name: Multiple palmar creases
        is_a: HP:0000118

        [Term]
        id: HP:0001252
        name: Hypotonia
        is_a: HP:0000118

        [Term]
        id: HP:0000297
        name: Facial hypotonia
        is_a: HP:0001252

        [Term]
        id: HP:0100807
        name: Long fingers
        is_a: HP:0000118

        [Term]
        id: HP:0001238
        name: Slender finger
        synonym: "Thin fingers" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0002540
        name: Inability to walk
        is_a: HP:0000118

        [Term]
        id: HP:0006956
        name: Lateral ventricle dilatation
        is_a: HP:0000118

        [Term]
        id: HP:0009702
        name: Carpal synostosis
        synonym: "Synostosis involving the carpal bones" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0030319
        name: Weakness of facial musculature
        synonym: "Facial weakness" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0000478
        name: Abnormality of the eye
        synonym: "Eye anomalies" EXACT []
        is_a: HP:0000118

        [Term]
        id: HP:0000889
        name: Abnormal clavicle morphology
        synonym: "Abnormality of the clavicle" EXACT []
        is_a: HP:0000118
        """

    static let lexicon: ConceptLexicon? = try? ConceptLexicon(oboBytes: Array(obo.utf8))

    func analyse(_ text: String) throws -> PhenotypeAnalysis {
        let lexicon = try #require(Self.lexicon)
        return try PhenotypeRecognizer(lexicon: lexicon).recognize(text)
    }

    @Test func closedCompoundReportsItsHead() throws {
        let analysis = try analyse("The proband had microbrachycephaly.")
        #expect(analysis.observedIDs == [id(248)])
        #expect(analysis.mentions.contains { $0.rule.hasSuffix(".compound") })
    }

    @Test func compoundNeedsAFindingPrefix() throws {
        // "pseudo" + "cephaly" names nothing, so the word is not read as a compound of two findings.
        #expect(try analyse("The proband had pseudobrachycephaly.").observedIDs.isEmpty)
    }

    @Test func degreeRangeNamesBothEnds() throws {
        let analysis = try analyse("She has mild to moderate global developmental delay.")
        #expect(analysis.observedIDs == [id(11342), id(11343)])
        let hyphenated = try analyse("She has mild-to-moderate global developmental delay.")
        #expect(hyphenated.observedIDs == [id(11342), id(11343)])
    }

    @Test func toIsACoordinatorOnlyBetweenTwoNames() throws {
        let analysis = try analyse("Her delay progressed to moderate global developmental delay.")
        #expect(analysis.observedIDs == [id(11343)])
    }

    @Test func findingNamesInsideEntityNamesAreNotFindings() throws {
        let analysis = try analyse(
            "Serology for human immunodeficiency virus and hepatitis C virus was done. Glasgow Coma Scale was 12.")
        #expect(analysis.observedIDs.isEmpty)
        #expect(analysis.excludedIDs.isEmpty)
        #expect(try analyse("He has hepatitis and immunodeficiency.").observedIDs == [id(12115), id(2721)])
    }

    @Test func rulingOutNegates() throws {
        let analysis = try analyse("Thyroid antibodies were negative, ruling out Graves disease.")
        #expect(analysis.observedIDs.isEmpty)
        #expect(analysis.excludedIDs == [id(100647)])
    }

    @Test func quantifierFreeNameOfAPluralFinding() throws {
        let analysis = try analyse("Mucosal neuromas of the lips were seen.")
        #expect(analysis.observedIDs == [id(31023)])
    }

    @Test func quantifierIsKeptForNormalStructuresAndSingulars() {
        let names: Set<String> = ["neuroma", "multiple palmar creases", "palmar crease"]
        #expect(DerivedNames.droppingQuantifier(label: "Multiple mucosal neuromas", isName: names.contains)
                == "mucosal neuromas")
        // The head "crease" names a normal structure, not a finding.
        #expect(DerivedNames.droppingQuantifier(label: "Multiple palmar creases", isName: { $0 == "neuroma" }) == nil)
        // Not plural: "Multiple myeloma" is one disease name.
        #expect(DerivedNames.droppingQuantifier(label: "Multiple myeloma", isName: { _ in false }) == nil)
        // The remainder already names another term.
        #expect(DerivedNames.droppingQuantifier(label: "Multiple mucosal neuromas",
                                                isName: { $0 == "neuroma" || $0 == "mucosal neuroma" }) == nil)
    }

    @Test func multiWordListItemEndsACoordination() throws {
        let analysis = try analyse("She had hypotonia, weak sucking and dysmorphic facial features.")
        #expect(analysis.observedIDs == [id(1252)])
    }

    @Test func modifierListsStillShareTheirHead() throws {
        #expect(try analyse("He has long, thin and hyperextensible fingers.").observedIDs.contains(id(100807)))
        #expect(try analyse("He has long thin and hyperextensible fingers.").observedIDs.contains(id(100807)))
    }

    @Test func verbalFormsOfAnInability() throws {
        for text in ["At 6 years he cannot walk.", "She is unable to walk.", "He was not able to walk."] {
            let analysis = try analyse(text)
            #expect(analysis.observedIDs == [id(2540)], "\(text)")
            #expect(analysis.excludedIDs.isEmpty)
        }
        #expect(DerivedNames.inabilityVariants(of: "Inability to walk").contains("cannot walk"))
        #expect(DerivedNames.inabilityVariants(of: "Walking difficulty").isEmpty)
    }

    @Test func headNounGovernsACoordinatedListThroughOf() throws {
        let analysis = try analyse("MRI showed dilatation of the lateral and third ventricles.")
        #expect(analysis.observedIDs == [id(6956)])
    }

    @Test func quantifierIsNotAModifierOfTheSharedHead() throws {
        // "some" stops the list, so "synostosis" does not govern "carpal … bones" through it.
        #expect(try analyse("Synostosis of some carpal and tarsal bones.").observedIDs.isEmpty)
        #expect(try analyse("Synostosis of the carpal and tarsal bones.").observedIDs == [id(9702)])
    }

    @Test func listPastTheNearestModifierNeedsParallelModifiers() throws {
        // "sucking facial features" names nothing, so "weak" is not a modifier of "facial features".
        let analysis = try analyse("She had weak sucking and dysmorphic facial features.")
        #expect(!analysis.observedIDs.contains(id(30319)))
    }

    @Test func latinWordOrderAndAdjectiveForms() throws {
        let lexicon = ConceptLexicon(entries: [
            .init(term: id(3298), text: "Spina bifida occulta", kind: .label),
            .init(term: id(6446), text: "Dysplastic patella", kind: .label),
            .init(term: id(7678), text: "Lacrimal duct stenosis", kind: .label),
        ])
        let analysis = try PhenotypeRecognizer(lexicon: lexicon)
            .recognize("Occult spina bifida, bilateral patellar dysplasia and lachrymal duct stenosis.")
        #expect(analysis.observedIDs == [id(3298), id(6446), id(7678)])
    }

    @Test func anatomicalAdjectiveBeforeItsOwnNounIsNotAFinding() throws {
        #expect(try analyse("There were abnormalities in ocular saccades.").observedIDs.isEmpty)
        #expect(try analyse("Ocular anomalies were present.").observedIDs == [id(478)])
        #expect(try analyse("X-rays showed abnormal clavicular shape.").observedIDs == [id(889)])
    }
}
