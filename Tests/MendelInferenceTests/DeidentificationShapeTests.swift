import Foundation
import MendelCrypto
import Testing
@testable import MendelInference

/// Session 5: name-shaped words (a capitalised word that is no English word of data/names/words, no HPO or
/// disease word, no laboratory word), the document-level repeat, and more address and postcode forms — and
/// that gene symbols, HGVS, eponyms, disease acronyms, countries and technical words stay. The names used
/// here are invented and appear in no fixture.
@Suite("De-identification: name-shaped words and more address forms")
struct DeidentificationShapeTests {
    static let key = SecretKey(copying: SHA256.hash(Array("deid-shape-test-key".utf8)))
    let nobody = PatientIdentity(pseudonym: "P-none")

    /// The lists with the English word list; nil (and a SKIP line) when data/names/words is missing.
    func listsOrSkip() -> NameGazetteer? {
        guard let lists = DeidentificationGazetteerTests.gazetteer, lists.commonWordCount > 0 else {
            print("SKIP: data/names/words missing (run scripts/fetch-names)")
            return nil
        }
        return lists
    }

    func deid(_ lists: NameGazetteer) -> Deidentifier { Deidentifier(dateShiftKey: Self.key, gazetteer: lists) }

    func expectRemoved(_ deid: Deidentifier, _ cases: [(String, [String])], sourceLocation: SourceLocation = #_sourceLocation) {
        for (text, removed) in cases {
            let out = deid.deidentify(text, patient: nobody).text
            for part in removed { #expect(!out.contains(part), "\(part) left in: \(out)", sourceLocation: sourceLocation) }
        }
    }

    func expectKept(_ deid: Deidentifier, _ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            let out = deid.deidentify(text, patient: nobody).text
            #expect(out == text, "changed: \(text) → \(out)", sourceLocation: sourceLocation)
        }
    }

    @Test("the English word list loads: lower-case entries are words, capitalised entries are not")
    func wordList() {
        guard let lists = listsOrSkip() else { return }
        #expect(lists.commonWordCount > 50_000)
        #expect(lists.commonWords.contains("mark") && lists.commonWords.contains("cooks") && lists.commonWords.contains("lamp"))
        // Proper nouns of the list ("Carolina", "Jensen") are not ordinary words.
        #expect(!lists.commonWords.contains("carolina") && !lists.commonWords.contains("jensen"))
    }

    @Test("a name-shaped word inside a sentence is a name, and every other occurrence goes too")
    func insideSentence() {
        guard let lists = listsOrSkip() else { return }
        let d = deid(lists)
        expectRemoved(d, [
            ("Caller said: Why is Quellivar so restless at night?", ["Quellivar"]),
            ("Unlike the Drozhvenko report, the panel was negative.", ["Drozhvenko"]),
            ("It was agreed between him and Zebrovna's kid.", ["Zebrovna"]),
            (">Vasylenka Hrubanová wrote that the sample was sent.", ["Vasylenka", "Hrubanová"]),
            ("The founders were Kadyrovitz, Kadyrovitz and Kadyrovitz.", ["Kadyrovitz"]),
            // A given name of the Census lists before a name-shaped family name: the whole name goes.
            ("Appointment made for Mark Tvrdoslav next week.", ["Mark", "Tvrdoslav"]),
            // Particles between the given and the family name.
            ("Attendees: Ilse Varga (chair), Gene de Zouzakis, Grace Hart.", ["Gene", "Zouzakis"]),
            // The document-level pass: the first occurrence is found in the sentence, the sentence-initial one too.
            ("Why is Brovenkić late? Brovenkić said the bus was delayed.", ["Brovenkić"]),
        ])
    }

    @Test("names listed before a found name, and a found name's other occurrences in capitals")
    func documentLevel() {
        guard let lists = listsOrSkip() else { return }
        let d = deid(lists)
        expectRemoved(d, [
            ("Kowalski and Zhovrenko were precision engineers.", ["Kowalski", "Zhovrenko"]),
            ("Why is Zhovrenko late? ZHOVRENKO: sorry, the bus.", ["Zhovrenko", "ZHOVRENKO"]),
        ])
        // The addressee line of a postal block; a possessive before a relative even for a word of a disease label.
        expectRemoved(d, [
            ("Mark Gordon\nOn Cue\n1788 Heritage Drive, Calgary", ["Mark Gordon"]),
            ("It was settled between him and Vide's kid.", ["Vide"]),
        ])
        expectKept(d, ["Noonan Syndrome\nClinical Features\n12 Patients were seen."])
        // A maker before a town found by shape stays ("Takara, Dalian, China"), and capitals in a genetic context stay.
        let out = d.deidentify("PCR MasterMix (Takara, Dalian, China) was used.", patient: nobody).text
        #expect(out.contains("Takara") && !out.contains("Dalian"), "\(out)")
    }

    @Test("at a sentence start a name-shaped word needs a person's next token")
    func sentenceStart() {
        guard let lists = listsOrSkip() else { return }
        let d = deid(lists)
        expectRemoved(d, [
            ("Zhovreka is a very kind person.", ["Zhovreka"]),
            ("Korvanitsa and her husband attended.", ["Korvanitsa"]),
            ("Jaroslivka: What did the doctor say?", ["Jaroslivka"]),
            ("Noted. Tavrilovna's brother has the same variant.", ["Tavrilovna"]),
        ])
        // At a sentence start, before a capitalised word of a firm, or before a genetic word, it stays.
        expectKept(d, ["Zorbix Gardening Services is a design agency.", "Immunostained sections were reviewed."])
    }

    @Test("firms and titles with ordinary capitalised words are not people")
    func firms() {
        guard let lists = listsOrSkip() else { return }
        expectKept(deid(lists), [
            "She wrote for the Brivvo Lamp magazine.",
            "He works at Quenbrook Garden Maintenance in town.",
        ])
    }

    @Test("technical words, laboratory words, eponyms, disease acronyms, countries and genetics stay")
    func keptByShape() {
        guard let lists = listsOrSkip() else { return }
        let d = deid(lists)
        expectKept(d, [
            "Variants were confirmed by Sanger sequencing on an Illumina HiSeq; Gln and Arg residues are conserved.",
            "The Helicase domain and the Electropherograms were checked; Reanalysis requested in 2019.",
            "Exome data were filtered against gnomAD and ClinVar; Tmutations were excluded.",
            "Incomplete Moro’s reflexes were noted; Noonan-like facies.",
            "Features are very common in VACTERL association and were reported in CADASIL syndrome.",
            "I'm glad to hear that Estonia is moving in that direction.",
            "NM_000492.4(CFTR):c.1521_1523delCTT p.(Phe508del), rs113993960, 46,XX,t(11;22)(q23;q11.2), 15q11.2.",
            "KIT, MAX and RET were sequenced; Wnt signalling was normal.",
            "Mouse Crx and Shh were expressed in Australasian and Malaysian families.",
            "Hx: hypotonia from birth. Acc#: pending.",
            "Insurance: Medicaid.",
            "Blood cultures grew Brucella and Staphylococcus.",
        ])
    }

    @Test("without the English word list the name-shape rules are off")
    func offWithoutWords() {
        guard let lists = listsOrSkip() else { return }
        let noWords = NameGazetteer(givenNames: lists.givenNames, anyGivenNames: lists.anyGivenNames,
                                    familyNames: lists.familyNames, vocabulary: lists.vocabulary)
        let text = "Caller said: Why is Quellivar so restless at night?"
        #expect(Deidentifier(dateShiftKey: Self.key, gazetteer: noWords).deidentify(text, patient: nobody).text == text)
        #expect(deid(lists).deidentify(text, patient: nobody).text != text)
    }

    @Test("postcodes after a label, Canadian postcodes, named streets, place labels, towns in capitals")
    func addresses() {
        let d = Deidentifier(dateShiftKey: Self.key)
        expectRemoved(d, [
            ("ZIP: 155. Please confirm.", ["155"]),
            ("My zip code is 83608-380", ["83608-380"]),
            ("My postal code is V8W 2H9.", ["V8W 2H9"]),
            ("Please validate 509 Toy Avenue, Oshawa L1H 1A8", ["509 Toy Avenue", "Oshawa", "L1H 1A8"]),
            ("Rua Graciliano Ramos 1950, Jacareí 12324-340, Brazil", ["Graciliano", "Jacareí", "12324-340"]),
            ("Offices at 1727 Lady Bug Drive, Colorado Springs, CO 80907", ["1727 Lady Bug Drive", "Colorado Springs", "80907"]),
            ("It is Hans-Grade-Allee 18, Fahrdorf 24856, Germany.", ["Hans-Grade-Allee 18", "Fahrdorf", "24856"]),
            ("Ctra. de Siles 80, O Saviñao 27540, Spain", ["Siles 80", "Saviñao", "27540"]),
            ("Brad lives on Clius street.", ["Clius"]),
            ("The bus station is on ul. Ormiańska.", ["Ormiańska"]),
            ("The bus station is on C/ Domingo Beltrán.", ["Domingo Beltrán"]),
            ("When: 2008-10-09\nWhere: Edenvale Country Club.", ["Edenvale"]),
            ("An agency based in BAKEBARE.", ["BAKEBARE"]),
            ("the economy of the home city SANDNES.", ["SANDNES"]),
            ("Billing address: R. Costa\n    541 Konradhagen Unit 207\n   SANDNES\n    4322\n.", ["Konradhagen", "207", "SANDNES", "4322"]),
            ("It reported: 261 Avenida Alves de Figueiredo\n Flat 268\n Crato\n Brazil 63105-130. Karyotype 46,XX.",
             ["Figueiredo", "Flat 268", "Crato", "63105-130"]),
        ])
        // Disease acronyms in capitals after "in" stay; a country after the postcode stays.
        expectKept(d, ["Hypocalcaemia is more often seen in CAEND, but not in MEGDHEL syndrome."])
        #expect(d.deidentify("It is Hans-Grade-Allee 18, Fahrdorf 24856, Germany.", patient: nobody).text.contains("Germany"))
    }
}
