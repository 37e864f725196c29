import Testing
import MendelCore
@testable import MendelPhenotype

/// Names derived from the ontology's wording, morphology added in session 2, predicate-form findings
/// ("the ears were low-set"), the literal-name tie-break and clause-level assertion scope.
@Suite struct DerivedNameTests {
    let id = FixtureSupport.id

    /// A small ontology written inline: a parent with layperson synonyms and children whose labels contain it.
    static let obo = """
        format-version: 1.2
        data-version: mendel-fixture/derived-names

        [Term]
        id: HP:0000118
        name: Phenotypic abnormality

        [Term]
        id: HP:0002094
        name: Dyspnea
        synonym: "Shortness of breath" EXACT layperson []
        synonym: "SOB" EXACT abbreviation []
        is_a: HP:0000118

        [Term]
        id: HP:0002875
        name: Exertional dyspnea
        is_a: HP:0002094

        [Term]
        id: HP:0000953
        name: Hyperpigmentation of the skin
        is_a: HP:0000118

        [Term]
        id: HP:0001000
        name: Abnormality of skin pigmentation
        synonym: "Abnormal pigmentation" EXACT []
        is_a: HP:0000118
        """

    @Test func parentSynonymSubstitution() {
        let variants = DerivedNames.substitutingParent(
            label: "Exertional dyspnea", parentLabel: "Dyspnea", parentSynonyms: ["Shortness of breath", "Breathlessness"])
        #expect(variants == ["exertional shortness of breath", "exertional breathlessness"])
        #expect(DerivedNames.substitutingParent(label: "Tachypnea", parentLabel: "Dyspnea", parentSynonyms: ["x y z"]).isEmpty)
        // The parent's words must occur as whole words: "Dyspneas" is not "Dyspnea".
        #expect(DerivedNames.substitutingParent(label: "Mild dyspneas", parentLabel: "Dyspnea", parentSynonyms: ["Breathlessness"]).isEmpty)
    }

    @Test func hyperHypoDecompositionNeedsAKnownRemainder() {
        #expect(DerivedNames.prefixExpansions(of: "Hyperpigmentation of the skin", knownWords: ["pigmentation"])
                == ["increased pigmentation of the skin"])
        #expect(DerivedNames.prefixExpansions(of: "Hypoplasia of the kidney", knownWords: ["pigmentation"]).isEmpty)
        #expect(DerivedNames.prefixExpansions(of: "Hyperpigmentation", knownWords: []).isEmpty)
    }

    @Test func derivedNamesAreMatchedFromAnOntology() throws {
        let lexicon = try ConceptLexicon(oboBytes: Array(Self.obo.utf8))
        #expect(lexicon.entries.contains { $0.kind == .derived && $0.text == "exertional shortness of breath" })
        // Abbreviation synonyms of the parent are not substituted.
        #expect(!lexicon.entries.contains { $0.text.contains("SOB") && $0.kind == .derived })
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        #expect(Set(recognizer.recognize("He reports shortness of breath on exertion.").observed.map(\.term)) == [id(2875)])
        #expect(Set(recognizer.recognize("Increased skin pigmentation was seen.").observed.map(\.term)) == [id(953)])

        let plain = try PhenotypeRecognizer(lexicon: ConceptLexicon(oboBytes: Array(Self.obo.utf8), deriveNames: false))
        #expect(Set(plain.recognize("He reports shortness of breath on exertion.").observed.map(\.term)) == [id(2094)])
    }

    @Test func morphologyVariantsMeet() {
        let c = TermNormalizer.canonical
        #expect(c("dehydrated") == c("dehydration"))
        #expect(c("calcified") == c("calcification"))
        #expect(c("bluish") == c("blue"))
        #expect(c("leucopenia") == c("leukopenia"))
        #expect(c("exertional") == c("exertion"))
        #expect(c("dehydrated") != c("dehydrogenase"))
    }

    @Test func findingsStatedAsPredicates() throws {
        let lexicon = ConceptLexicon(entries: [
            .init(term: id(369), text: "Low-set ears", kind: .label),
            .init(term: id(3565), text: "Elevated erythrocyte sedimentation rate", kind: .label),
        ])
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        #expect(Set(recognizer.recognize("The ears were low-set.").observed.map(\.term)) == [id(369)])
        #expect(Set(recognizer.recognize("Erythrocyte sedimentation rate was elevated to 94 mm.").observed.map(\.term)) == [id(3565)])
        #expect(Set(recognizer.recognize("ESR was elevated.").observed.map(\.term)) == [id(3565)])
        let negated = recognizer.recognize("The ears were not low-set.")
        #expect(negated.observed.isEmpty)
    }

    @Test func literalNameWinsATieOverANormalisedOne() throws {
        // "anomalies" and "defects" both normalise to "abnormal"; the more specific term would otherwise win.
        let lexicon = ConceptLexicon(entries: [
            .init(term: id(164), text: "Dental anomalies", kind: .exactSynonym),
            .init(term: id(6482), text: "Dental defects", kind: .exactSynonym),
        ]) { ancestor, descendant in ancestor == HPOTermID(number: 164) && descendant == HPOTermID(number: 6482) }
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        #expect(Set(recognizer.recognize("He has dental anomalies.").observed.map(\.term)) == [id(164)])
        #expect(Set(recognizer.recognize("He has dental defects.").observed.map(\.term)) == [id(6482)])
        // "malformations" is not "abnormal" in names, but as a generic head noun (session 5, `GenericHeads`) it
        // reads "dental" + abnormal; neither name is literal there, so the more specific term wins.
        let malformations = recognizer.recognize("He has dental malformations.")
        #expect(Set(malformations.observed.map(\.term)) == [id(6482)])
        #expect(malformations.mentions.allSatisfy { $0.rule.hasSuffix(".generic_head") })
    }

    @Test func newClauseWithAPronounEndsNegation() throws {
        let lexicon = ConceptLexicon(entries: [
            .init(term: id(2098), text: "Respiratory distress", kind: .label),
            .init(term: id(980), text: "Pallor", kind: .label),
        ])
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        let analysis = recognizer.recognize("There were no signs of respiratory distress and he was pale.")
        #expect(Set(analysis.excluded.map(\.term)) == [id(2098)])
        #expect(Set(analysis.observed.map(\.term)) == [id(980)])
        // Without a new clause the list stays negated.
        let list = recognizer.recognize("No respiratory distress or pallor.")
        #expect(Set(list.excluded.map(\.term)) == [id(2098), id(980)])
    }

    @Test func relativeLackIsNeitherFamilyNorNegation() throws {
        let lexicon = ConceptLexicon(entries: [.init(term: id(8069), text: "Skin tumors", kind: .label)])
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        let mention = try #require(recognizer.recognize("The relative lack of skin tumors is notable.").mentions.first)
        #expect(mention.assertion.experiencer == .patient)
        #expect(mention.assertion.presence != .absent)
    }
}
