/// A gene or variant mentioned in a note.
public struct GeneMention: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case symbol, name, hgvs, rsID }

    public var kind: Kind
    /// Unicode scalar offsets into the note, end exclusive.
    public var start: Int
    public var end: Int
    /// The mention as written (a symbol, HGVS expression or rsID; genetics, not patient identifiers).
    public var text: String
    /// Gene symbol for `.symbol`/`.name` mentions, and for `.hgvs` when a symbol precedes it ("FBN1 c.…").
    public var symbol: String?
    public var ncbiGeneID: UInt32?
    /// Parsed HGVS expression (`.hgvs` only).
    public var hgvs: HGVSExpression?
    /// `symbol.unambiguous`, `symbol.genetic_context`, `name`, `hgvs`, `rsid`.
    public var rule: String
    public var confidence: Double
}

/// Finds gene symbols and names, HGVS expressions (c./g./m./n./r./p., optionally with a reference
/// sequence such as `NM_000138.5(FBN1):`) and dbSNP rsIDs.
public struct GeneMentionRecognizer: Sendable {
    let symbols: [String: GeneLexicon.Gene]
    let contextRequired: Set<String>
    let namesByFirstWord: [String: [(words: [String], gene: GeneLexicon.Gene)]]

    /// Words that make a sentence a genetic context for ambiguous symbols.
    static let geneticContext: Set<String> = [
        "gene", "genes", "mutation", "mutations", "mutated", "variant", "variants", "allele", "alleles",
        "heterozygous", "homozygous", "hemizygous", "compound", "exon", "exons", "intron", "deletion", "duplication",
        "pathogenic", "vus", "sequencing", "missense", "nonsense", "frameshift", "splice", "splicing", "locus",
        "encoding", "encodes", "encoded", "knockout", "expression", "panel", "genotype", "haploinsufficiency",
        "truncating", "substitution", "insertion", "transcript", "protein", "de", "novo", "germline", "somatic",
    ]

    public init(lexicon: GeneLexicon) {
        var symbols: [String: GeneLexicon.Gene] = [:]
        var names: [String: [(words: [String], gene: GeneLexicon.Gene)]] = [:]
        let tokenizer = Tokenizer()
        for gene in lexicon.genes {
            symbols[gene.symbol] = gene
            for name in gene.names {
                let words = tokenizer.tokenize(Array(name.unicodeScalars)).tokens.map(\.lower)
                if let first = words.first, words.count >= 2 { names[first, default: []].append((words, gene)) }
            }
        }
        for key in names.keys { names[key]?.sort { $0.words.count > $1.words.count } }
        self.symbols = symbols
        self.contextRequired = lexicon.contextRequired
        self.namesByFirstWord = names
    }

    public func recognize(_ text: String) -> [GeneMention] {
        let scalars = Array(text.unicodeScalars)
        let (tokens, sentences) = Tokenizer().tokenize(scalars)
        var mentions = HGVSScanner.scan(scalars)
        var taken = Set<Int>()
        for m in mentions { taken.formUnion(m.start..<m.end) }

        for sentence in sentences {
            let words = Set(tokens[sentence.tokens].map(\.lower))
            let hasHGVS = mentions.contains { $0.start >= sentence.start && $0.end <= sentence.end }
            let genetic = hasHGVS || !words.isDisjoint(with: Self.geneticContext)
            // Symbols: runs of letters/digits with inner hyphens ("NKX2-5", "HLA-B") on scalar offsets.
            var i = sentence.start
            while i < sentence.end {
                guard Tokenizer.isWordScalar(scalars[i]), i == 0 || !Self.isSymbolScalar(scalars[i - 1]) else { i += 1; continue }
                var j = i
                while j < sentence.end, Self.isSymbolScalar(scalars[j]) { j += 1 }
                while j > i, scalars[j - 1] == "-" { j -= 1 }
                defer { i = max(j, i + 1) }
                guard !taken.contains(i) else { continue }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[i..<j])
                let candidate = String(view)
                guard let gene = symbols[candidate] else { continue }
                let followedByGene = Self.nextWord(after: j, in: scalars, limit: sentence.end)
                    .map { ["gene", "mutation", "mutations", "variant", "variants", "c", "p", "g", "exon", "deletion"].contains($0) } ?? false
                let ambiguous = contextRequired.contains(candidate) || candidate.unicodeScalars.count <= 2
                    || !candidate.unicodeScalars.contains(where: { $0.properties.isUppercase })
                if ambiguous && !(genetic || followedByGene) { continue }
                mentions.append(GeneMention(kind: .symbol, start: i, end: j, text: candidate, symbol: gene.symbol,
                                            ncbiGeneID: gene.ncbiGeneID, hgvs: nil,
                                            rule: ambiguous ? "symbol.genetic_context" : "symbol.unambiguous",
                                            confidence: ambiguous ? 0.8 : 0.95))
            }
            // Names: case-insensitive token sequences.
            var k = sentence.tokens.lowerBound
            outer: while k < sentence.tokens.upperBound {
                if let list = namesByFirstWord[tokens[k].lower] {
                    for (nameWords, gene) in list where k + nameWords.count <= sentence.tokens.upperBound {
                        if nameWords.indices.allSatisfy({ tokens[k + $0].lower == nameWords[$0] }) {
                            let end = tokens[k + nameWords.count - 1].end
                            mentions.append(GeneMention(kind: .name, start: tokens[k].start, end: end,
                                                        text: String(String.UnicodeScalarView(scalars[tokens[k].start..<end])),
                                                        symbol: gene.symbol, ncbiGeneID: gene.ncbiGeneID, hgvs: nil,
                                                        rule: "name", confidence: 0.9))
                            k += nameWords.count
                            continue outer
                        }
                    }
                }
                k += 1
            }
        }
        // Attach the nearest preceding symbol in the same sentence to HGVS mentions without a reference gene.
        mentions.sort { $0.start < $1.start }
        for index in mentions.indices where mentions[index].kind == .hgvs && mentions[index].symbol == nil {
            let start = mentions[index].start
            if let sentence = sentences.first(where: { $0.start <= start && start < $0.end }),
               let previous = mentions[..<index].last(where: { $0.kind == .symbol && $0.start >= sentence.start }) {
                mentions[index].symbol = previous.symbol
                mentions[index].ncbiGeneID = previous.ncbiGeneID
            } else if let gene = mentions[index].hgvs?.referenceGene, let known = symbols[gene] {
                mentions[index].symbol = known.symbol
                mentions[index].ncbiGeneID = known.ncbiGeneID
            }
        }
        return mentions
    }

    static func isSymbolScalar(_ s: Unicode.Scalar) -> Bool { Tokenizer.isWordScalar(s) || s == "-" }

    static func nextWord(after index: Int, in scalars: [Unicode.Scalar], limit: Int) -> String? {
        var i = index
        while i < limit, scalars[i] == " " { i += 1 }
        var j = i
        while j < limit, Tokenizer.isWordScalar(scalars[j]) { j += 1 }
        guard j > i else { return nil }
        return Tokenizer.lowercase(String(String.UnicodeScalarView(scalars[i..<j])))
    }
}

/// Links mentions to the variants of a case by gene symbol, HGVS (reference version ignored) or rsID.
public struct CaseVariantReference: Sendable, Hashable {
    public var id: String
    public var geneSymbol: String?
    public var hgvs: [String]
    public var rsID: String?
    public init(id: String, geneSymbol: String? = nil, hgvs: [String] = [], rsID: String? = nil) {
        self.id = id
        self.geneSymbol = geneSymbol
        self.hgvs = hgvs
        self.rsID = rsID
    }
}

extension GeneMention {
    /// Ids of the case variants this mention refers to: exact HGVS change (same level, same change) or rsID;
    /// a symbol mention links to every variant in that gene.
    public func linkedVariants(in variants: [CaseVariantReference]) -> [String] {
        variants.filter { v in
            switch kind {
            case .rsID: return v.rsID?.lowercased() == text.lowercased()
            case .symbol, .name: return symbol != nil && v.geneSymbol == symbol
            case .hgvs:
                guard let mine = hgvs else { return false }
                return v.hgvs.contains { other in
                    guard let parsed = HGVSScanner.scan(Array(other.unicodeScalars)).first?.hgvs else { return false }
                    return parsed.level == mine.level && parsed.change == mine.change
                        && (mine.referenceAccession == nil || parsed.referenceAccession == nil
                            || parsed.referenceAccession == mine.referenceAccession)
                }
            }
        }.map(\.id)
    }
}
