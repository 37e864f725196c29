import Testing
import MendelCore
@testable import MendelPhenotype

@Suite struct MatchingTests {
    let id = FixtureSupport.id

    @Test func labelsSynonymsAndWordOrderVariants() throws {
        let analysis = try FixtureSupport.analyse(
            "Hypoplasia of the kidneys, low muscle tone and oedema. The palate showed palatoschisis.")
        #expect(analysis.observedIDs == [id(89), id(1252), id(969), id(175)])
    }

    @Test func longestMostSpecificTermWins() throws {
        let analysis = try FixtureSupport.analyse("He has severe mental retardation and brachydactyly type A1.")
        #expect(analysis.observedIDs == [id(10864), id(9371)])
    }

    @Test func nestedAncestorsOnlyWhenAsked() throws {
        let recognizer = try PhenotypeRecognizer(lexicon: FixtureSupport.lexicon, options: .init(keepNestedMatches: true))
        let analysis = recognizer.recognize("He has severe mental retardation.")
        #expect(analysis.observedIDs == [id(10864), id(1249)])
        #expect(analysis.mentions.contains { $0.term == id(1249) && $0.rule.hasSuffix(".nested") })
    }

    @Test func scopeWeightsPreferExactOverRelatedSynonyms() throws {
        let lexicon = ConceptLexicon(entries: [
            .init(term: id(1), text: "Twitching", kind: .relatedSynonym),
            .init(term: id(2), text: "Twitching", kind: .exactSynonym),
        ])
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        #expect(Set(recognizer.recognize("Twitching noted.").observed.map(\.term)) == [id(2)])
    }

    @Test func clinicalAbbreviationsUseContext() throws {
        let cardiac = try FixtureSupport.analyse("Echocardiogram showed an ASD and a VSD.")
        #expect(cardiac.observedIDs == [id(1631), id(1629)])
        let behaviour = try FixtureSupport.analyse("He was diagnosed with ASD at 3 years.")
        #expect(behaviour.observedIDs == [id(729)])
        let identifier = try FixtureSupport.analyse("Patient ID 12345, GDD and FTT.")
        #expect(identifier.observedIDs == [id(1263), id(1508)])
        let lowercase = try FixtureSupport.analyse("the id of the sample")
        #expect(lowercase.observedIDs.isEmpty)
    }

    @Test func labValuePhrasing() throws {
        #expect(try FixtureSupport.analyse("Elevated CK (2300 U/L).").observedIDs == [id(3236)])
        #expect(try FixtureSupport.analyse("Raised serum creatine kinase levels.").observedIDs == [id(3236)])
    }

    @Test func growthMeasurements() throws {
        #expect(try FixtureSupport.analyse("Head circumference < -3 SD.").observedIDs == [id(252)])
        #expect(try FixtureSupport.analyse("OFC 29.5 cm (<1st percentile).").observedIDs == [id(252)])
        #expect(try FixtureSupport.analyse("Height 165 cm (+2.5 SD), OFC 55 cm (>97th centile).").observedIDs == [id(98), id(256)])
        #expect(try FixtureSupport.analyse("Head circumference 48 cm (50-75th percentile).").observedIDs.isEmpty)
        let off = try PhenotypeRecognizer(lexicon: FixtureSupport.lexicon, options: .init(useMeasurements: false))
        #expect(off.recognize("Head circumference < -3 SD.").observed.isEmpty)
    }

    @Test func coordinatedModifiersShareTheirHead() throws {
        let analysis = try FixtureSupport.analyse("Long, thin and tapering fingers. Cleft lip and palate.")
        #expect(analysis.observedIDs.isSuperset(of: [id(100807), id(1238), id(410030), id(175)]))
    }

    @Test func everyTermHasATraceWithoutNoteText() throws {
        let text = "Severe mental retardation; no seizures."
        let analysis = try FixtureSupport.analyse(text)
        #expect(analysis.trace.count == analysis.mentions.count + Set(analysis.mentions.map(\.term)).count)
        for entry in analysis.trace {
            #expect(entry.component == "phenotype")
            #expect(!entry.message.lowercased().contains("retardation"))
        }
        let negation = try #require(analysis.trace.first { $0.values["presence"] == .string("absent") })
        #expect(negation.values["triggers"] == .array([.string("negation:no")]))
    }

    @Test func emptyLexiconIsRejected() {
        #expect(throws: PhenotypeError.emptyLexicon) { try PhenotypeRecognizer(lexicon: ConceptLexicon(entries: [])) }
    }
}
