import MendelCore

/// Embeds short spans of text as vectors of `dimension` floats (for example a BERT sentence encoder from
/// MendelInference). Vectors need not be normalised; the fallback normalises them.
public protocol SpanEmbedder: Sendable {
    var dimension: Int { get }
    func embed(_ texts: [String]) throws -> [[Float]]
}

/// Nearest lexicon name by cosine similarity, for spans the dictionary does not match. Build it once per
/// lexicon and embedder (embedding every name is the expensive step).
public struct EmbeddingFallback: Sendable {
    public let terms: [HPOTermID]
    public let names: [String]
    /// Minimum cosine similarity for a span to be assigned a term (choose on DEV).
    public var threshold: Float
    let embedder: any SpanEmbedder
    let matrix: [Float]
    let dimension: Int
    /// Canonical word → rows of names containing it: a span is compared only with names sharing a word.
    let rowsByWord: [String: [Int32]]

    public init(lexicon: ConceptLexicon, embedder: any SpanEmbedder, threshold: Float,
                kinds: Set<ConceptLexicon.EntryKind> = [.label, .exactSynonym]) throws {
        var terms: [HPOTermID] = [], names: [String] = []
        for entry in lexicon.entries where kinds.contains(entry.kind) {
            terms.append(entry.term)
            names.append(entry.text)
        }
        let vectors = try embedder.embed(names)
        var matrix: [Float] = []
        matrix.reserveCapacity(vectors.count * embedder.dimension)
        for vector in vectors { matrix += EmbeddingFallback.normalised(vector, dimension: embedder.dimension) }
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
        self.embedder = embedder
        self.matrix = matrix
        self.dimension = embedder.dimension
    }

    /// The best term for each span among the names sharing a canonical word with it, or nil when below the
    /// threshold.
    public func nearest(_ spans: [String]) throws -> [(term: HPOTermID, name: String, similarity: Float)?] {
        guard !spans.isEmpty, !terms.isEmpty else { return spans.map { _ in nil } }
        let vectors = try embedder.embed(spans)
        let tokenizer = Tokenizer()
        return zip(spans, vectors).map { span, raw in
            let v = EmbeddingFallback.normalised(raw, dimension: dimension)
            var rows = Set<Int32>()
            for token in tokenizer.tokenize(Array(span.unicodeScalars)).tokens where token.kind == .word {
                rows.formUnion(rowsByWord[TermNormalizer.canonical(token.lower)] ?? [])
            }
            var best = -Float.infinity
            var bestRow = 0
            for row32 in rows {
                let row = Int(row32)
                var dot: Float = 0
                let base = row * dimension
                for k in 0..<dimension { dot += matrix[base + k] * v[k] }
                if dot > best { best = dot; bestRow = row }
            }
            return best >= threshold ? (terms[bestRow], names[bestRow], best) : nil
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
