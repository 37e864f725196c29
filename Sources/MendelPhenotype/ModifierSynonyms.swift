import MendelKnowledge

/// Modifier synonyms that HPO itself uses, learned from its names (never from annotated text).
///
/// Two names of one term that differ only in their first word ("Depressed nasal tip" / "Flat nasal tip",
/// "Hypoplastic kidney" / "Small kidneys") make that pair of modifiers a synonym pair. A pair is kept when
///
/// * at least `minimumSupport` different terms pair the two words this way,
/// * the two words rarely name different terms before the same words: no more than one such contrast per
///   eight supporting terms ("short" / "small" fails: Short chin vs Small chin, …),
/// * neither word is mostly a head noun (under a quarter of its uses end a name: keeps "bone" / "fractured",
///   which HPO pairs only in malformed layperson synonyms, out) and neither contains a digit,
/// * the words do not already share a canonical form (`TermNormalizer`).
///
/// Each name then gets a variant with its first word replaced by each partner ("Depressed nasal bridge" →
/// "flat nasal bridge"), unless that variant is already a name of some term.
public struct ModifierSynonyms: Sendable {
    /// Partners of each first word (lower case).
    public let partners: [String: [String]]

    /// Chosen by 2-fold cross-validation on the DEV corpora (4, 5, 6 and 8 tried; 4 best on both halves).
    public static let defaultMinimumSupport = 4

    public init(partners: [String: [String]]) {
        self.partners = partners
    }

    /// Learns the pairs from the ontology's labels and exact synonyms.
    public init(ontology: Ontology, minimumSupport: Int = ModifierSynonyms.defaultMinimumSupport) {
        let tokenizer = Tokenizer()
        func words(_ text: String) -> [String] {
            tokenizer.tokenize(Array(text.unicodeScalars)).tokens.filter { $0.kind != .punctuation }.map(\.lower)
        }
        struct Pair: Hashable { var a: String; var b: String }
        var support: [Pair: Set<Int32>] = [:]
        var byTail: [[String]: [(first: String, term: Int32)]] = [:]
        var uses: [String: Int] = [:]
        var lastUses: [String: Int] = [:]
        for index in 0..<ontology.count {
            let names = [ontology.names[index]]
                + ontology.synonyms[index].filter { $0.scope == .exact && $0.type != "abbreviation" }.map(\.text)
            let split = names.map(words)
            for w in split where !w.isEmpty {
                for word in w { uses[word, default: 0] += 1 }
                lastUses[w[w.count - 1], default: 0] += 1
            }
            var seen = Set<[String]>()
            for w in split where w.count >= 2 && seen.insert(w).inserted {
                byTail[Array(w[1...]), default: []].append((w[0], Int32(index)))
            }
            for x in split where x.count >= 2 {
                for y in split where y.count == x.count && x[0] < y[0] && x[1...] == y[1...] {
                    support[Pair(a: x[0], b: y[0]), default: []].insert(Int32(index))
                }
            }
        }
        var contrast: [Pair: Int] = [:]
        for (_, list) in byTail where list.count > 1 {
            var pairs = Set<Pair>()
            for x in list {
                for y in list where x.first < y.first && x.term != y.term { pairs.insert(Pair(a: x.first, b: y.first)) }
            }
            for p in pairs { contrast[p, default: 0] += 1 }
        }
        func isHeadNoun(_ w: String) -> Bool { Double(lastUses[w] ?? 0) >= 0.25 * Double(max(1, uses[w] ?? 0)) }
        var partners: [String: [String]] = [:]
        for (pair, terms) in support where terms.count >= minimumSupport {
            guard (contrast[pair] ?? 0) * 8 <= terms.count, !isHeadNoun(pair.a), !isHeadNoun(pair.b),
                  !(pair.a + pair.b).contains(where: \.isNumber),
                  TermNormalizer.canonical(pair.a) != TermNormalizer.canonical(pair.b) else { continue }
            partners[pair.a, default: []].append(pair.b)
            partners[pair.b, default: []].append(pair.a)
        }
        for key in partners.keys { partners[key]?.sort() }
        self.partners = partners
    }

    /// Variants of `name` with its first word replaced by each partner, lower case, words joined by spaces.
    public func variants(of name: String) -> [String] {
        // Cheap test on the first word before tokenizing the whole name.
        let first = name.unicodeScalars.prefix { $0.properties.isAlphabetic }
        guard partners[Tokenizer.lowercase(String(String.UnicodeScalarView(first)))] != nil else { return [] }
        let words = Tokenizer().tokenize(Array(name.unicodeScalars)).tokens.filter { $0.kind != .punctuation }.map(\.lower)
        guard words.count >= 2, let list = partners[words[0]] else { return [] }
        let rest = words[1...].joined(separator: " ")
        return list.map { $0 + " " + rest }
    }
}
