import Testing
import MendelCore
@testable import MendelPhenotype

/// A bag-of-canonical-words embedder: each canonical word hashed into one of 256 dimensions.
struct BagOfWordsEmbedder: SpanEmbedder {
    let dimension = 256
    func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map { text in
            var v = [Float](repeating: 0, count: dimension)
            for token in Tokenizer().tokenize(Array(text.unicodeScalars)).tokens where token.kind == .word {
                guard !TermNormalizer.stopWords.contains(token.lower) else { continue }
                var h: UInt64 = 1469598103934665603
                for b in TermNormalizer.canonical(token.lower).utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
                v[Int(h % UInt64(dimension))] += 1
            }
            return v
        }
    }
}

@Suite struct EmbeddingFallbackTests {
    let lexicon = ConceptLexicon(entries: [
        .init(term: HPOTermID(number: 107), text: "Renal cyst", kind: .label),
        .init(term: HPOTermID(number: 1250), text: "Seizure", kind: .label),
    ])

    @Test func spansTheDictionaryMissesGetTheNearestName() throws {
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        let fallback = try EmbeddingFallback(lexicon: lexicon, embedder: BagOfWordsEmbedder(), threshold: 0.8)
        let text = "Seizures. Ultrasound: cyst left kidney."
        #expect(recognizer.recognize(text).observed.map(\.term) == [HPOTermID(number: 1250)])
        let analysis = try recognizer.recognize(text, fallback: fallback)
        #expect(Set(analysis.observed.map(\.term)) == [HPOTermID(number: 1250), HPOTermID(number: 107)])
        let mention = try #require(analysis.mentions.first { $0.source == .embedding })
        #expect(mention.confidence >= 0.8 && mention.confidence < 1)
    }

    @Test func fallbackMentionsAreAsserted() throws {
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        let fallback = try EmbeddingFallback(lexicon: lexicon, embedder: BagOfWordsEmbedder(), threshold: 0.8)
        let analysis = try recognizer.recognize("No cyst left kidney.", fallback: fallback)
        #expect(analysis.excluded.map(\.term) == [HPOTermID(number: 107)])
        #expect(analysis.observed.isEmpty)
    }

    @Test func belowThresholdIsDropped() throws {
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        let fallback = try EmbeddingFallback(lexicon: lexicon, embedder: BagOfWordsEmbedder(), threshold: 0.95)
        #expect(try recognizer.recognize("Cyst left kidney.", fallback: fallback).observed.isEmpty)
    }

    @Test func lazyModeEmbedsOnlyTheNamesItNeedsAndAgreesWithEager() throws {
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon)
        let eager = try EmbeddingFallback(lexicon: lexicon, embedder: BagOfWordsEmbedder(), threshold: 0.8)
        let lazy = try EmbeddingFallback(lexicon: lexicon, embedder: BagOfWordsEmbedder(), threshold: 0.8, eager: false)
        #expect(eager.matrix.count == 2 * 256)
        let text = "Seizures. Ultrasound: cyst left kidney."
        let a = try recognizer.recognize(text, fallback: eager)
        let b = try recognizer.recognize(text, fallback: lazy)
        #expect(Set(a.observed.map(\.term)) == Set(b.observed.map(\.term)))
        // Only "Renal cyst" shares a word with the span; "Seizure" was never embedded.
        #expect(lazy.matrix.isEmpty)
        // A saved matrix is reused as is.
        let cached = try EmbeddingFallback(lexicon: lexicon, embedder: BagOfWordsEmbedder(), threshold: 0.8,
                                           cachedMatrix: eager.matrix)
        #expect(cached.matrix == eager.matrix)
    }

    @Test func candidatesComeFromTheRarestSharedWord() throws {
        let lexicon = ConceptLexicon(entries: [
            .init(term: HPOTermID(number: 107), text: "Renal cyst", kind: .label),
            .init(term: HPOTermID(number: 89), text: "Renal hypoplasia", kind: .label),
            .init(term: HPOTermID(number: 1250), text: "Seizure", kind: .label),
        ])
        let fallback = try EmbeddingFallback(lexicon: lexicon, embedder: BagOfWordsEmbedder(), threshold: 0.8, eager: false)
        // "kidney" is in two names, "cyst" in one: only the rarer word's names are candidates.
        #expect(fallback.candidateRows("cyst of kidney") == [0])
        var all = fallback
        all.candidateWords = 0
        #expect(all.candidateRows("cyst of kidney") == [0, 1])
    }
}
