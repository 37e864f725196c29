import MendelCore

/// The names a recogniser knows for each HPO term: labels and synonyms with their scope, plus an optional
/// ancestor test used to prefer the most specific of two terms matched on the same words.
///
/// Build it from any source (the knowledge base, a fixture, a list in a test); it does not read files.
public struct ConceptLexicon: Sendable {
    /// Where a name comes from; decides its weight (labels and exact synonyms beat broad ones).
    public enum EntryKind: String, Sendable, Codable, CaseIterable {
        case label, exactSynonym, relatedSynonym, narrowSynonym, broadSynonym, abbreviation, derived

        /// Confidence of a match through a name of this kind.
        public var weight: Double {
            switch self {
            case .label: 1.0
            case .exactSynonym: 0.95
            case .abbreviation: 0.9
            case .narrowSynonym: 0.85
            case .relatedSynonym: 0.8
            case .derived: 0.8
            case .broadSynonym: 0.7
            }
        }
    }

    /// One name of one term.
    public struct Entry: Sendable, Hashable {
        public var term: HPOTermID
        public var text: String
        public var kind: EntryKind
        public init(term: HPOTermID, text: String, kind: EntryKind) {
            self.term = term
            self.text = text
            self.kind = kind
        }
    }

    public var entries: [Entry]
    /// `isAncestor(a, b)` is true when `a` is a proper ancestor of `b` (is_a, transitively).
    public var isAncestor: (@Sendable (HPOTermID, HPOTermID) -> Bool)?
    /// Display label of each term (for traces and reports); filled from `.label` entries.
    public var labels: [HPOTermID: String]
    /// Organ-system terms (direct children of Phenotypic abnormality, "Abnormality of the nervous system"); filled
    /// when built from an ontology. A generic phrase never names them (`GenericHeads`).
    public var organSystems: Set<HPOTermID> = []

    public init(entries: [Entry], isAncestor: (@Sendable (HPOTermID, HPOTermID) -> Bool)? = nil) {
        self.entries = entries
        self.isAncestor = isAncestor
        var labels: [HPOTermID: String] = [:]
        for entry in entries where entry.kind == .label { labels[entry.term] = entry.text }
        self.labels = labels
    }
}

/// Lexicon compiled for matching: canonical vocabulary, order-free window index and abbreviations.
/// Immutable after construction; safe to share between threads.
final class CompiledLexicon: Sendable {
    struct Candidate: Sendable, Hashable {
        var term: HPOTermID
        var weight: Float
        var kind: ConceptLexicon.EntryKind
        /// Canonical token count of the name (more words = more specific evidence).
        var size: UInt8
        /// Index of the name in `ConceptLexicon.entries`.
        var entry: Int32
    }

    struct WindowKey: Hashable, Sendable {
        var hash: UInt64
        var count: UInt8
    }

    let vocabulary: [String: Int32]
    /// Lower-cased words as written in the lexicon → canonical id (fast path before normalising).
    let surfaceIDs: [String: Int32]
    let tokenHashes: [UInt64]
    let isFiller: [Bool]
    let windows: [WindowKey: [Candidate]]
    /// One-word names by `TermNormalizer.light` form.
    let singles: [String: [Candidate]]
    /// One-word names by canonical (stemmed) word id, for stems of at least six letters.
    let stemmedSingles: [Int32: [Candidate]]
    /// Case-sensitive short upper-case names ("VSD", "IUGR").
    let abbreviations: [String: [Candidate]]
    let maxWindow: Int
    /// Canonical id of "absent" (-1 if unknown): a window never ends on it.
    let absentID: Int32
    let lexicon: ConceptLexicon

    /// Phrases that notes often abbreviate; a name containing the phrase gets a variant with the abbreviation.
    static let phraseAbbreviations: [(String, String)] = [
        ("creatine kinase", "ck"), ("creatine phosphokinase", "cpk"), ("alkaline phosphatase", "alp"),
        ("lactate dehydrogenase", "ldh"), ("alanine aminotransferase", "alt"), ("aspartate aminotransferase", "ast"),
        ("thyroid stimulating hormone", "tsh"), ("thyroid-stimulating hormone", "tsh"),
        ("gamma-glutamyltransferase", "ggt"), ("cerebrospinal fluid", "csf"), ("central nervous system", "cns"),
        ("gastrointestinal", "gi"), ("transaminases", "lfts"), ("electroencephalogram", "eeg"),
        ("c-reactive protein", "crp"), ("erythrocyte sedimentation rate", "esr"), ("mean corpuscular volume", "mcv"),
        ("red blood cell", "rbc"), ("white blood cell", "wbc"), ("blood urea nitrogen", "bun"),
        ("low-density lipoprotein", "ldl"), ("high-density lipoprotein", "hdl"), ("parathyroid hormone", "pth"),
        ("hemoglobin", "hb"),
    ]

    init(_ lexicon: ConceptLexicon) throws(PhenotypeError) {
        self.lexicon = lexicon
        let tokenizer = Tokenizer()
        var vocabulary: [String: Int32] = [:]
        var hashes: [UInt64] = []
        var filler: [Bool] = []
        var windows: [WindowKey: [Candidate]] = [:]
        var abbreviations: [String: [Candidate]] = [:]
        var singles: [String: [Candidate]] = [:]
        var surfaceIDs: [String: Int32] = [:]
        var stemmedSingles: [Int32: [Candidate]] = [:]
        var maxWindow = 1
        let fillerWords = TermNormalizer.labFillers

        func id(of word: String) -> Int32 {
            if let existing = vocabulary[word] { return existing }
            let next = Int32(hashes.count)
            vocabulary[word] = next
            hashes.append(CompiledLexicon.mix(UInt64(next) &+ 0x9E37_79B9_7F4A_7C15))
            filler.append(fillerWords.contains(word))
            return next
        }

        // Optional words are always known words, so that "raised serum CK levels" forms one window.
        for word in fillerWords { _ = id(of: word) }
        let qualifierIDs = Set(TermNormalizer.qualifiers.map { id(of: $0) })
        for (index, entry) in lexicon.entries.enumerated() {
            var texts = [(entry.text, entry.kind)]
            let lower = Tokenizer.lowercase(entry.text)
            for (phrase, abbreviation) in CompiledLexicon.phraseAbbreviations where lower.contains(phrase) {
                texts.append((lower.replacing(phrase, with: abbreviation), .derived))
            }
            for (text, kind) in texts {
                let scalars = Array(text.unicodeScalars)
                let (tokens, _) = tokenizer.tokenize(scalars)
                let words = tokens.filter { $0.kind != .punctuation }
                guard !words.isEmpty else { continue }
                let weight = Float(min(kind.weight, entry.kind.weight))
                if words.count == 1, words[0].isAllCaps || entry.kind == .abbreviation, words[0].surface.unicodeScalars.count <= 6 {
                    // Short upper-case names match case-sensitively only.
                    if words[0].surface.unicodeScalars.count >= 3 {
                        abbreviations[words[0].surface, default: []].append(
                            Candidate(term: entry.term, weight: weight, kind: .abbreviation, size: 1, entry: Int32(index)))
                    }
                    continue
                }
                var ids: [Int32] = []
                for word in words where !TermNormalizer.stopWords.contains(word.lower) {
                    let wordID = id(of: TermNormalizer.canonical(word.lower))
                    surfaceIDs[word.lower] = wordID
                    ids.append(wordID)
                }
                guard !ids.isEmpty, ids.count < 255 else { continue }
                if ids.count == 1, let word = words.first(where: { !TermNormalizer.stopWords.contains($0.lower) }) {
                    if TermNormalizer.ambiguousSingleWords.contains(TermNormalizer.light(word.lower)) { continue }
                    let candidate = Candidate(term: entry.term, weight: weight, kind: kind, size: 1, entry: Int32(index))
                    singles[TermNormalizer.light(word.lower), default: []].append(candidate)
                    if TermNormalizer.canonical(word.lower).utf8.count >= 6 {
                        var stemmed = candidate
                        stemmed.weight = weight * 0.9
                        stemmedSingles[ids[0], default: []].append(stemmed)
                    }
                    continue
                }
                var full: UInt64 = 0
                var content: UInt64 = 0
                var contentCount = 0
                for tokenID in ids {
                    full &+= hashes[Int(tokenID)]
                    if !filler[Int(tokenID)] { content &+= hashes[Int(tokenID)]; contentCount += 1 }
                }
                let hasDirection = ids.contains { qualifierIDs.contains($0) }
                maxWindow = max(maxWindow, ids.count)
                let candidate = Candidate(term: entry.term, weight: weight, kind: kind, size: UInt8(ids.count), entry: Int32(index))
                windows[WindowKey(hash: full, count: UInt8(ids.count)), default: []].append(candidate)
                if hasDirection, contentCount >= 2, contentCount < ids.count {
                    var reduced = candidate
                    reduced.weight = weight * 0.95
                    reduced.size = UInt8(contentCount)
                    windows[WindowKey(hash: content, count: UInt8(contentCount)), default: []].append(reduced)
                }
            }
        }
        guard !windows.isEmpty || !abbreviations.isEmpty || !singles.isEmpty else { throw .emptyLexicon }
        // Deduplicate candidates of one term under one key, keeping the best weight — every name at that weight,
        // so that the overlap resolution can tell whether one of them is written verbatim in the text
        // ("dental anomalies" meets Abnormality of the dentition through "Dental abnormalities" and through
        // "Dental anomalies").
        func dedup(_ list: [Candidate]) -> [Candidate] {
            var best: [HPOTermID: Float] = [:]
            for candidate in list where (best[candidate.term] ?? -1) < candidate.weight { best[candidate.term] = candidate.weight }
            var seen = Set<Int32>()
            return list.filter { c in c.weight >= (best[c.term] ?? 0) && seen.insert(c.entry).inserted }
                .sorted { ($0.term, $0.entry) < ($1.term, $1.entry) }
        }
        for (key, list) in windows where list.count > 1 { windows[key] = dedup(list) }
        for (key, list) in singles where list.count > 1 { singles[key] = dedup(list) }
        for (key, list) in stemmedSingles where list.count > 1 { stemmedSingles[key] = dedup(list) }
        self.singles = singles
        self.stemmedSingles = stemmedSingles
        self.vocabulary = vocabulary
        self.surfaceIDs = surfaceIDs
        self.tokenHashes = hashes
        self.isFiller = filler
        self.windows = windows
        self.abbreviations = abbreviations
        self.maxWindow = maxWindow
        self.absentID = vocabulary[TermNormalizer.canonical("absent")] ?? -1
    }

    /// Canonical vocabulary id of a lower-cased word, or -1.
    @inline(__always) func wordID(_ lower: String) -> Int32 {
        vocabulary[TermNormalizer.canonical(lower)] ?? -1
    }

    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
