import MendelCore
import Synchronization

/// Embeds short spans of text as vectors of `dimension` floats (for example a BERT sentence encoder from
/// MendelInference). Vectors need not be normalised; the fallback normalises them.
public protocol SpanEmbedder: Sendable {
    var dimension: Int { get }
    func embed(_ texts: [String]) throws -> [[Float]]
}

/// Nearest lexicon name by cosine similarity, for spans the dictionary does not match. A span is compared
/// only with the names that share its rarest canonical word(s) (`candidateWords`), so names can be embedded
/// lazily, on first need, instead of all ~40k up front (`eager: false`).
public struct EmbeddingFallback: Sendable {
    public let terms: [HPOTermID]
    public let names: [String]
    /// Minimum cosine similarity for a span to be assigned a term (choose on DEV).
    public var threshold: Float
    /// How many of the span's rarest lexicon words select the names it is compared with (0 = every word).
    public var candidateWords: Int
    let embedder: any SpanEmbedder
    public let dimension: Int
    /// Canonical word → rows of names containing it.
    let rowsByWord: [String: [Int32]]
    let store: RowStore

    /// Unit vectors of the names embedded so far, by row.
    final class RowStore: Sendable {
        let rows: Mutex<[Int32: [Float]]>
        init(_ rows: [Int32: [Float]]) { self.rows = Mutex(rows) }
    }

    /// - Parameters:
    ///   - cachedMatrix: a `matrix` saved from an earlier eager build over the same names and embedder; used when
    ///     its size fits (`EmbeddingFallback.names(of:kinds:)` gives the names it must cover).
    ///   - eager: embed every name now (needed to save `matrix`); otherwise names are embedded on first need.
    public init(lexicon: ConceptLexicon, embedder: any SpanEmbedder, threshold: Float,
                kinds: Set<ConceptLexicon.EntryKind> = [.label, .exactSynonym], cachedMatrix: [Float]? = nil,
                eager: Bool = true, candidateWords: Int = 1) throws {
        let (terms, names) = EmbeddingFallback.names(of: lexicon, kinds: kinds)
        let dimension = embedder.dimension
        var rows: [Int32: [Float]] = [:]
        if let cachedMatrix, cachedMatrix.count == names.count * dimension {
            for row in 0..<names.count {
                rows[Int32(row)] = Array(cachedMatrix[(row * dimension)..<((row + 1) * dimension)])
            }
        } else if eager {
            let vectors = try embedder.embed(names)
            for (row, vector) in vectors.enumerated() {
                rows[Int32(row)] = EmbeddingFallback.normalised(vector, dimension: dimension)
            }
        }
        var rowsByWord: [String: [Int32]] = [:]
        let tokenizer = Tokenizer()
        for (row, name) in names.enumerated() {
            var words = Set<String>()
            for token in tokenizer.tokenize(Array(name.unicodeScalars)).tokens
            where token.kind == .word && !TermNormalizer.stopWords.contains(token.lower) {
                words.insert(TermNormalizer.canonical(token.lower))
            }
            for word in words { rowsByWord[word, default: []].append(Int32(row)) }
        }
        self.rowsByWord = rowsByWord
        self.terms = terms
        self.names = names
        self.threshold = threshold
        self.candidateWords = candidateWords
        self.embedder = embedder
        self.dimension = dimension
        self.store = RowStore(rows)
    }

    /// Row-major unit vectors of all `names` (`names.count × dimension`), or empty while some name has not
    /// been embedded (lazy mode). Save it to skip re-embedding.
    public var matrix: [Float] {
        store.rows.withLock { rows in
            guard rows.count == names.count else { return [] }
            var matrix: [Float] = []
            matrix.reserveCapacity(names.count * dimension)
            for row in 0..<names.count { matrix += rows[Int32(row)] ?? [] }
            return matrix
        }
    }

    /// The terms and names (in row order) that a fallback over `lexicon` embeds.
    public static func names(of lexicon: ConceptLexicon, kinds: Set<ConceptLexicon.EntryKind> = [.label, .exactSynonym])
        -> (terms: [HPOTermID], names: [String]) {
        var terms: [HPOTermID] = [], names: [String] = []
        for entry in lexicon.entries where kinds.contains(entry.kind) {
            terms.append(entry.term)
            names.append(entry.text)
        }
        return (terms, names)
    }

    /// Rows a span is compared with: names sharing its `candidateWords` rarest canonical words.
    func candidateRows(_ span: String) -> [Int32] {
        var lists: [[Int32]] = []
        var seen = Set<String>()
        for token in Tokenizer().tokenize(Array(span.unicodeScalars)).tokens where token.kind == .word {
            let word = TermNormalizer.canonical(token.lower)
            if seen.insert(word).inserted, let rows = rowsByWord[word] { lists.append(rows) }
        }
        if candidateWords > 0 {
            lists.sort { $0.count < $1.count }
            lists = Array(lists.prefix(candidateWords))
        }
        var rows = Set<Int32>()
        for list in lists { rows.formUnion(list) }
        return rows.sorted()
    }

    /// The best term for each span among its candidate names, or nil when below the threshold.
    public func nearest(_ spans: [String]) throws -> [(term: HPOTermID, name: String, similarity: Float)?] {
        guard !spans.isEmpty, !terms.isEmpty else { return spans.map { _ in nil } }
        let vectors = try embedder.embed(spans)
        let candidates = spans.map(candidateRows)
        // Embed the names this batch needs that are not embedded yet, in one call.
        let missing = store.rows.withLock { rows in
            Set(candidates.joined()).filter { rows[$0] == nil }.sorted()
        }
        if !missing.isEmpty {
            let embedded = try embedder.embed(missing.map { names[Int($0)] })
            let unit = embedded.map { EmbeddingFallback.normalised($0, dimension: dimension) }
            store.rows.withLock { rows in
                for (row, vector) in zip(missing, unit) { rows[row] = vector }
            }
        }
        return store.rows.withLock { rows in
            zip(vectors, candidates).map { raw, candidateRows in
                let v = EmbeddingFallback.normalised(raw, dimension: dimension)
                var best = -Float.infinity
                var bestRow: Int32 = -1
                for row in candidateRows {
                    guard let name = rows[row] else { continue }
                    var dot: Float = 0
                    for k in 0..<dimension { dot += name[k] * v[k] }
                    if dot > best { best = dot; bestRow = row }
                }
                guard bestRow >= 0, best >= threshold else { return nil }
                return (terms[Int(bestRow)], names[Int(bestRow)], best)
            }
        }
    }

    static func normalised(_ vector: [Float], dimension: Int) -> [Float] {
        var v = Array(vector.prefix(dimension))
        if v.count < dimension { v += [Float](repeating: 0, count: dimension - v.count) }
        var norm: Float = 0
        for x in v { norm += x * x }
        norm = norm.squareRoot()
        guard norm > 0 else { return v }
        return v.map { $0 / norm }
    }
}

extension PhenotypeRecognizer {
    /// Like `recognize(_:)`, then sends runs of 2–6 words (no trigger words such as "no") that contain a
    /// lexicon word but overlap no recognised mention to the embedding fallback; hits become mentions with source `.embedding`,
    /// confidence = cosine similarity, and the same ConText assertion as dictionary mentions.
    public func recognize(_ text: String, fallback: EmbeddingFallback) throws -> PhenotypeAnalysis {
        let base = recognize(text)
        let scalars = Array(text.unicodeScalars)
        let (tokens, sentences) = tokenizer.tokenize(scalars)
        var covered = [Bool](repeating: false, count: scalars.count + 1)
        for m in base.mentions { for k in m.start..<m.end { covered[k] = true } }
        var spans: [(range: Range<Int>, sentence: Int)] = []
        for (index, sentence) in sentences.enumerated() {
            var run: [Int] = []
            func flush() {
                defer { run.removeAll() }
                while let last = run.last, TermNormalizer.stopWords.contains(tokens[last].lower) { run.removeLast() }
                guard run.count >= 2, run.count <= 6,
                      run.contains(where: { compiled.wordID(tokens[$0].lower) >= 0 }) else { return }
                spans.append((run[0]..<(run[run.count - 1] + 1), index))
            }
            for k in sentence.tokens {
                let t = tokens[k]
                if t.kind == .word, !covered[t.start], !context.singleWordTriggers.contains(t.lower),
                   !TermNormalizer.stopWords.contains(t.lower) || !run.isEmpty {
                    run.append(k)
                } else {
                    flush()
                }
            }
            flush()
        }
        guard !spans.isEmpty else { return base }
        let texts = spans.map { span in
            String(String.UnicodeScalarView(scalars[tokens[span.range.lowerBound].start..<tokens[span.range.upperBound - 1].end]))
        }
        let hits = try fallback.nearest(texts)
        var mentions = base.mentions
        for (span, hit) in zip(spans, hits) {
            guard let hit else { continue }
            let sentence = sentences[span.sentence]
            let triggers = context.triggers(tokens: tokens, sentence: sentence.tokens)
            let assertion = context.assertion(for: span.range, triggers: triggers, tokens: tokens, sentence: sentence.tokens)
            mentions.append(PhenotypeMention(
                term: hit.term, label: compiled.lexicon.labels[hit.term], start: tokens[span.range.lowerBound].start,
                end: tokens[span.range.upperBound - 1].end, source: .embedding, rule: "cosine",
                confidence: Double(hit.similarity), assertion: assertion, sentence: span.sentence))
        }
        mentions.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        return PhenotypeRecognizer.summarise(mentions)
    }
}
