import Foundation
import Testing
@testable import MendelPhenotype

@Suite struct SegmentationTests {
    @Test func offsetsAreUnicodeScalarOffsets() throws {
        // "é" is one scalar, the emoji one scalar (two UTF-16 units): offsets count scalars like Python.
        let text = "Café 😀 hypotonia."
        let analysis = try FixtureSupport.analyse(text)
        let mention = try #require(analysis.mentions.first { $0.term == FixtureSupport.id(1252) })
        let scalars = Array(text.unicodeScalars)
        #expect(mention.start == 7)
        #expect(mention.end == 16)
        #expect(String(String.UnicodeScalarView(scalars[mention.start..<mention.end])) == "hypotonia")
    }

    @Test func everyMentionSpanCoversItsWordsInTheFixtureNote() throws {
        let url = FixtureSupport.fixtureDirectory.appendingPathComponent("note-example.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let scalars = Array(text.unicodeScalars)
        let analysis = try FixtureSupport.analyse(text)
        #expect(!analysis.mentions.isEmpty)
        for mention in analysis.mentions {
            let covered = String(String.UnicodeScalarView(scalars[mention.start..<mention.end]))
            #expect(covered.first?.isLetter == true || covered.first?.isNumber == true, "span starts on a word: \(covered)")
            #expect(covered.last?.isLetter == true || covered.last?.isNumber == true, "span ends on a word: \(covered)")
        }
    }

    @Test func sentencesDoNotSplitDecimalsOrAbbreviations() {
        let text = "Weight 1.92 kg, e.g. low. Second sentence here. Third"
        let (_, sentences) = Tokenizer().tokenize(Array(text.unicodeScalars))
        #expect(sentences.count == 3)
    }

    @Test func hyphensSeparateWordsAndPossessivesAreDropped() {
        let (tokens, _) = Tokenizer().tokenize(Array("Cafe-au-lait spots, Down's".unicodeScalars))
        #expect(tokens.map(\.lower) == ["cafe", "au", "lait", "spots", ",", "down"])
    }

    @Test func invalidUTF8IsRejectedWithOffsetOrReplaced() throws {
        let bytes: [UInt8] = Array("seizures and ".utf8) + [0xFF, 0xFE] + Array(" hypotonia".utf8)
        #expect(throws: PhenotypeError.invalidUTF8(byteOffset: 13)) {
            try PhenotypeRecognizer.decodeNote(bytes)
        }
        let repaired = try PhenotypeRecognizer.decodeNote(bytes, replacingInvalid: true)
        #expect(repaired.contains("\u{FFFD}"))
        let analysis = try FixtureSupport.analyse(repaired)
        #expect(analysis.observedIDs == [FixtureSupport.id(1250), FixtureSupport.id(1252)])
    }

    @Test func errorMessagesCarryNoNoteText() {
        let error = PhenotypeError.invalidUTF8(byteOffset: 3)
        #expect(error.code == "phenotype.invalid_utf8")
        #expect(!error.description.contains("seizure"))
    }
}
