import MendelCore

/// Text → HPO terms (observed / excluded / uncertain / family) with spans, confidence and trace.
///
/// Pipeline per sentence: tokens → canonical word ids (`TermNormalizer`) → order-free window lookup of
/// lexicon names (a window's multiset of canonical words must equal a name's; stop words skipped, lab
/// fillers optional) → context-checked abbreviations → closed compounds (`CompoundWords`) → growth measurements
/// → overlap resolution (longest span, then best name kind, then most specific term) → coordination ("ear and
/// kidney anomalies", "mild to moderate …") and elided head nouns ("nose with broad bridge", `ElidedHeads`) →
/// drop names that modify an entity head ("hepatitis C virus", `EntityModifiers`) or end on an anatomical
/// adjective whose noun follows (`DanglingModifiers`) → ConText assertion.
///
/// Immutable and `Sendable`: build once, call from any thread.
public final class PhenotypeRecognizer: Sendable {
    public struct Options: Sendable {
        public var abbreviationRules: [AbbreviationRule]
        public var triggers: [TriggerPhrase]
        /// Use case-sensitive upper-case abbreviations listed in the lexicon (HPO `abbreviation` synonyms).
        public var useLexiconAbbreviations: Bool
        public var useMeasurements: Bool
        /// Maximum stop words skipped inside one window.
        public var maxStopWordsInWindow: Int
        /// Also report terms matched on words inside a longer match ("mental retardation" inside "severe
        /// mental retardation"); they are marked with rule suffix `.nested`.
        public var keepNestedMatches: Bool
        /// Analysis mode: report every dictionary/abbreviation/compound match, overlapping or not, the way
        /// FastHPOCR does (no overlap resolution); the extra matches carry rule suffix `.overlap`.
        public var keepAllMatches: Bool

        public init(abbreviationRules: [AbbreviationRule] = ClinicalAbbreviations.defaultRules,
                    triggers: [TriggerPhrase] = ContextTriggers.defaultPhrases,
                    useLexiconAbbreviations: Bool = true, useMeasurements: Bool = true, maxStopWordsInWindow: Int = 3,
                    keepNestedMatches: Bool = false, keepAllMatches: Bool = false) {
            self.abbreviationRules = abbreviationRules
            self.triggers = triggers
            self.useLexiconAbbreviations = useLexiconAbbreviations
            self.useMeasurements = useMeasurements
            self.maxStopWordsInWindow = maxStopWordsInWindow
            self.keepNestedMatches = keepNestedMatches
            self.keepAllMatches = keepAllMatches
        }
    }

    let compiled: CompiledLexicon
    let options: Options
    let context: ContextAnalyzer
    let rulesByAbbreviation: [String: [AbbreviationRule]]
    let tokenizer = Tokenizer()
    /// Last four letters of every one-word name long enough to head a closed compound (a cheap pre-filter).
    let compoundEndings: Set<String>
    /// Canonical ids of one-word body parts: the lexicon has "Abnormality of (the) X" or "Abnormal X morphology".
    let anatomicalWords: Set<Int32>
    /// Canonical id of "abnormal" (generic head nouns, `GenericHeads`), -1 if the lexicon lacks it.
    let abnormalID: Int32

    public init(lexicon: ConceptLexicon, options: Options = Options()) throws(PhenotypeError) {
        self.compiled = try CompiledLexicon(lexicon)
        self.options = options
        self.context = ContextAnalyzer(phrases: options.triggers)
        self.rulesByAbbreviation = Dictionary(grouping: options.abbreviationRules, by: \.abbreviation)
        self.compoundEndings = Set(compiled.singles.keys.filter { $0.unicodeScalars.count >= Self.compoundMinimumHead }
            .map { String(String.UnicodeScalarView($0.unicodeScalars.suffix(4))) })
        self.anatomicalWords = Self.anatomicalWords(compiled)
        self.abnormalID = compiled.vocabulary[TermNormalizer.canonical("abnormal")] ?? -1
    }

    /// Decodes note bytes. `replacingInvalid: false` rejects invalid UTF-8 with the offset of the first bad
    /// byte; `true` replaces each invalid sequence with U+FFFD (offsets then refer to the repaired text).
    public static func decodeNote(_ bytes: [UInt8], replacingInvalid: Bool = false) throws(PhenotypeError) -> String {
        if !replacingInvalid {
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            var offset = 0
            var consumed = 0
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    offset += UTF8.width(scalar)
                    consumed = offset
                case .emptyInput: break loop
                case .error: throw .invalidUTF8(byteOffset: consumed)
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Recognises phenotype mentions in a note.
    public func recognize(_ text: String) -> PhenotypeAnalysis {
        let scalars = Array(text.unicodeScalars)
        let (tokens, sentences) = tokenizer.tokenize(scalars)
        var ids = [Int32](repeating: -1, count: tokens.count)
        var isStop = [Bool](repeating: false, count: tokens.count)
        var cache: [String: Int32] = [:]
        for (k, token) in tokens.enumerated() where token.kind != .punctuation {
            if TermNormalizer.stopWords.contains(token.lower) {
                isStop[k] = true
            } else if let known = compiled.surfaceIDs[token.lower] ?? cache[token.lower] {
                ids[k] = known
            } else {
                let id = compiled.wordID(token.lower)
                cache[token.lower] = id
                ids[k] = id
            }
        }
        var mentions: [PhenotypeMention] = []
        for (sentenceIndex, sentence) in sentences.enumerated() {
            var candidates = windowMatches(tokens: tokens, ids: ids, isStop: isStop, sentence: sentence.tokens)
            candidates += abbreviationMatches(tokens: tokens, sentence: sentence.tokens)
            candidates += compoundMatches(tokens: tokens, ids: ids, isStop: isStop, sentence: sentence.tokens)
            candidates += genericHeadMatches(scalars: scalars, tokens: tokens, ids: ids, isStop: isStop,
                                             sentence: sentence.tokens)
            if options.useMeasurements {
                for finding in MeasurementRules.findings(tokens: tokens, sentence: sentence.tokens) {
                    candidates.append(Candidate(range: finding.tokens, term: finding.term, weight: 0.9, size: 2,
                                                source: .measurement, rule: finding.rule))
                }
            }
            let coordinated = coordinationMatches(tokens: tokens, ids: ids, sentence: sentence.tokens)
                + elidedHeadMatches(tokens: tokens, ids: ids, sentence: sentence.tokens)
            guard !candidates.isEmpty || !coordinated.isEmpty else { continue }
            var kept = resolveOverlaps(candidates, tokens: tokens)
            for c in coordinated where !kept.contains(where: { $0.term == c.term }) {
                kept.append(c)
            }
            kept.removeAll {
                modifiesEntityHead($0.range, tokens: tokens, sentence: sentence.tokens)
                    || ($0.source == .dictionary && endsOnDanglingAdjective($0.range, tokens: tokens, sentence: sentence.tokens))
            }
            let triggers = context.triggers(tokens: tokens, sentence: sentence.tokens)
            for candidate in kept {
                let assertion = context.assertion(for: candidate.range, triggers: triggers, tokens: tokens,
                                                  sentence: sentence.tokens)
                mentions.append(PhenotypeMention(
                    term: candidate.term, label: compiled.lexicon.labels[candidate.term],
                    start: tokens[candidate.range.lowerBound].start, end: tokens[candidate.range.upperBound - 1].end,
                    source: candidate.source, rule: candidate.rule, confidence: Double(candidate.weight),
                    assertion: assertion, sentence: sentenceIndex))
            }
        }
        return PhenotypeRecognizer.summarise(mentions)
    }

    // MARK: - Candidates

    struct Candidate {
        var range: Range<Int>
        var term: HPOTermID
        var weight: Float
        var size: UInt8
        var source: MentionSource
        var rule: String
        /// Index of the lexicon name that matched (`ConceptLexicon.entries`), -1 for other sources.
        var entry: Int32 = -1
    }

    private func windowMatches(tokens: [Token], ids: [Int32], isStop: [Bool], sentence: Range<Int>) -> [Candidate] {
        var result: [Candidate] = []
        let hashes = compiled.tokenHashes
        let filler = compiled.isFiller
        for i in sentence where ids[i] >= 0 {
            var full: UInt64 = 0, content: UInt64 = 0
            var fullCount = 0, contentCount = 0, stops = 0
            var j = i
            while j < sentence.upperBound {
                if isStop[j] {
                    stops += 1
                    if stops > options.maxStopWordsInWindow { break }
                    j += 1
                    continue
                }
                let id = ids[j]
                if id < 0 { break }
                let h = hashes[Int(id)]
                full &+= h
                fullCount += 1
                if !filler[Int(id)] { content &+= h; contentCount += 1 }
                // "Speech absent" states an absence; it is not the finding "Absent speech".
                if fullCount > 1, id == compiled.absentID { break }
                if fullCount == 1 {
                    if let list = compiled.singles[TermNormalizer.light(tokens[j].lower)] ?? compiled.stemmedSingles[id] {
                        for c in list {
                            result.append(Candidate(range: i..<(j + 1), term: c.term, weight: c.weight, size: 1,
                                                    source: .dictionary, rule: c.kind.rawValue, entry: c.entry))
                        }
                    }
                } else if let list = compiled.windows[.init(hash: full, count: UInt8(fullCount))] {
                    for c in list {
                        result.append(Candidate(range: i..<(j + 1), term: c.term, weight: c.weight, size: c.size,
                                                source: .dictionary, rule: c.kind.rawValue, entry: c.entry))
                    }
                }
                if contentCount != fullCount, contentCount > 0,
                   let list = compiled.windows[.init(hash: content, count: UInt8(contentCount))] {
                    for c in list {
                        result.append(Candidate(range: i..<(j + 1), term: c.term, weight: c.weight * 0.95, size: c.size,
                                                source: .dictionary, rule: c.kind.rawValue))
                    }
                }
                if fullCount >= compiled.maxWindow { break }
                j += 1
            }
        }
        return result
    }

    /// Terms named by sharing words across a coordination: "ear and kidney anomalies" (→ ear anomalies),
    /// "aplastic or hypoplastic nails" (→ aplastic nails), "cleft lip and palate" (→ cleft palate).
    /// A range of degrees, "mild to moderate global developmental delay", names both ends (→ mild GDD);
    /// "to" counts as a coordinator only when both "L tail" and "R tail" are names.
    /// These never suppress or get suppressed by other matches.
    private func coordinationMatches(tokens: [Token], ids: [Int32], sentence: Range<Int>) -> [Candidate] {
        var result: [Candidate] = []
        let hashes = compiled.tokenHashes
        func names(_ members: [Int32]) -> [CompiledLexicon.Candidate] {
            guard members.count >= 2, members.allSatisfy({ $0 >= 0 }) else { return [] }
            var h: UInt64 = 0
            for m in members { h &+= hashes[Int(m)] }
            return compiled.windows[.init(hash: h, count: UInt8(members.count))] ?? []
        }
        func lookup(_ members: [Int32], _ range: Range<Int>) {
            for c in names(members) {
                result.append(Candidate(range: range, term: c.term, weight: c.weight * 0.9, size: c.size,
                                        source: .dictionary, rule: c.kind.rawValue + ".coordination"))
            }
        }
        for k in sentence where tokens[k].lower == "and" || tokens[k].lower == "or" || tokens[k].lower == "nor"
            || tokens[k].lower == "to" {
            let left = k - 1
            guard left >= sentence.lowerBound, ids[left] >= 0 else { continue }
            var right = k + 1
            if right + 1 < sentence.upperBound, tokens[right].lower == "/", tokens[right + 1].lower == "or" { right += 2 }
            guard right < sentence.upperBound, tokens[right].kind != .punctuation else { continue }
            if tokens[k].lower == "to" {
                // Degree range: both ends must name a finding with the same shared head.
                guard ids[right] >= 0 else { continue }
                var tail: [Int32] = []
                var end = right + 1
                while end < sentence.upperBound, ids[end] >= 0, tail.count < 4 {
                    tail.append(ids[end])
                    if !names([ids[right]] + tail).isEmpty { lookup([ids[left]] + tail, left..<(end + 1)) }
                    end += 1
                }
                continue
            }
            // Shared head on the right: L and R1 R2…Rm → {L, R2…Rm}; L may be any of the words just before the
            // conjunction ("long thin and hyperextensible fingers") or a one-word item of a comma-separated list
            // ("long, thin and …"); a multi-word list item ("hypotonia, weak sucking and dysmorphic facial
            // features", "high arched palate, hepatomegaly and bilateral myopia") ends the list. R1 must not be
            // a stop word ("… and an increase in …" is a clause, not a modifier).
            var conjuncts: [Int] = []
            var back = left
            while back >= sentence.lowerBound, ids[back] >= 0, conjuncts.count < 4,
                  !Self.quantifiers.contains(tokens[back].lower) {
                conjuncts.append(back)
                back -= 1
            }
            while back - 1 >= sentence.lowerBound, conjuncts.count < 4, tokens[back].lower == ",", ids[back - 1] >= 0,
                  back - 2 < sentence.lowerBound || ids[back - 2] < 0 || tokens[back - 2].lower == "," {
                conjuncts.append(back - 1)
                back -= 2
            }
            // A finding noun right before the list governs it through "of (the)": "dilatation of the lateral and
            // third ventricles" → {dilatation, lateral, ventricle}.
            var governor: (id: Int32, at: Int)?
            var before = (conjuncts.min() ?? left) - 1
            if before >= sentence.lowerBound, ["the", "a", "an"].contains(tokens[before].lower) { before -= 1 }
            if before - 1 >= sentence.lowerBound, tokens[before].lower == "of", ids[before - 1] >= 0 {
                governor = (ids[before - 1], before - 1)
            }
            var tail: [Int32] = []
            var end = right + 1
            while !TermNormalizer.stopWords.contains(tokens[right].lower), end < sentence.upperBound, ids[end] >= 0,
                  tail.count < 4 {
                tail.append(ids[end])
                // Parallel modifiers: the list reaches past L only when L itself names a finding with the head
                // ("long thin and hyperextensible fingers": thin fingers; not "weak sucking and dysmorphic
                // facial features": sucking facial features names nothing).
                let parallel = !names([ids[left]] + tail).isEmpty
                for a in conjuncts where a == left || parallel {
                    lookup([ids[a]] + tail, a..<(end + 1))
                    if let governor { lookup([governor.id, ids[a]] + tail, governor.at..<(end + 1)) }
                }
                end += 1
            }
            // Shared modifier on the left: P1…Pp L and R → {P1…Pp, R}.
            var prefix: [Int32] = []
            var start = left - 1
            while ids[right] >= 0, start >= sentence.lowerBound, ids[start] >= 0, prefix.count < 3 {
                prefix.insert(ids[start], at: 0)
                lookup(prefix + [ids[right]], start..<(right + 1))
                start -= 1
            }
        }
        return result
    }

    private func abbreviationMatches(tokens: [Token], sentence: Range<Int>) -> [Candidate] {
        var result: [Candidate] = []
        var sentenceWords: Set<String>?
        for i in sentence where tokens[i].isAllCaps {
            let surface = tokens[i].surface
            if let rules = rulesByAbbreviation[surface] {
                let words = sentenceWords ?? Set(tokens[sentence].map(\.lower))
                sentenceWords = words
                let preceding = i > sentence.lowerBound ? tokens[i - 1].lower : ""
                let following = i + 1 < sentence.upperBound ? tokens[i + 1] : nil
                // "ID: 123", "ID #4" are identifiers, not intellectual disability.
                if let following, following.lower == ":" || following.lower == "#" || following.kind == .number { continue }
                for rule in rules {
                    if !rule.requiresContext.isEmpty && words.isDisjoint(with: rule.requiresContext) { continue }
                    if !words.isDisjoint(with: rule.forbidsContext) { continue }
                    if rule.forbidsPreceding.contains(preceding) { continue }
                    result.append(Candidate(range: i..<(i + 1), term: rule.term, weight: 0.9, size: 1,
                                            source: .abbreviation, rule: rule.abbreviation))
                    break
                }
            } else if options.useLexiconAbbreviations, let list = compiled.abbreviations[surface] {
                for c in list {
                    result.append(Candidate(range: i..<(i + 1), term: c.term, weight: c.weight * 0.9, size: 1,
                                            source: .abbreviation, rule: "lexicon"))
                }
            }
        }
        return result
    }

    /// Quantifiers, which never act as a modifier shared with a coordinated head ("some carpal and tarsal bones").
    static let quantifiers: Set<String> = ["some", "all", "both", "several", "many", "few", "most", "any", "each", "other"]

    /// Letters and digits of a name: a cheap test before `entryWords` (equal words have equal counts).
    private func wordScalarCount(_ entry: Int32) -> Int {
        var count = 0
        for s in compiled.lexicon.entries[Int(entry)].text.unicodeScalars where Tokenizer.isWordScalar(s) { count += 1 }
        return count
    }

    /// Lower-case words of a name as the tokenizer splits them (punctuation dropped).
    private func entryWords(_ entry: Int32) -> [String] {
        let text = compiled.lexicon.entries[Int(entry)].text
        return tokenizer.tokenize(Array(text.unicodeScalars)).tokens.filter { $0.kind != .punctuation }.map(\.lower)
    }

    /// Same span: best weight, then a name written exactly as in the text over one met only through
    /// normalisation ("dental anomalies" is a synonym of one term and, via "anomaly" = "defect", of another),
    /// then most specific term. Nested spans: the longest wins.
    private func resolveOverlaps(_ candidates: [Candidate], tokens: [Token]) -> [Candidate] {
        var bySpan: [Range<Int>: [Candidate]] = [:]
        for c in candidates { bySpan[c.range, default: []].append(c) }
        var best: [Candidate] = []
        for (_, list) in bySpan {
            let top = list.map(\.weight).max() ?? 0
            var finalists: [Candidate] = []
            for c in list where c.weight >= top - 0.001 && !finalists.contains(where: { $0.term == c.term }) {
                finalists.append(c)
            }
            if finalists.count > 1 {
                // A term counts as written literally if any of its names on this span is (a term is met through
                // several names: "dental anomalies" through "Dental abnormalities" and "Dental anomalies").
                let words = finalists[0].range.filter { tokens[$0].kind != .punctuation }.map { tokens[$0].lower }
                var letters = 0
                for k in finalists[0].range {
                    for s in tokens[k].surface.unicodeScalars where Tokenizer.isWordScalar(s) { letters += 1 }
                }
                var literalTerms: [HPOTermID] = []
                for c in list where c.weight >= top - 0.001 && c.entry >= 0 && !literalTerms.contains(c.term)
                    && wordScalarCount(c.entry) == letters && entryWords(c.entry) == words {
                    literalTerms.append(c.term)
                }
                let literal = finalists.filter { literalTerms.contains($0.term) }
                if !literal.isEmpty, literal.count < finalists.count { finalists = literal }
            }
            if finalists.count > 1, let isAncestor = compiled.lexicon.isAncestor {
                finalists = finalists.filter { c in !finalists.contains { isAncestor(c.term, $0.term) } }
            }
            best += finalists
        }
        best.sort {
            ($0.range.count, $0.weight, -$0.range.lowerBound) > ($1.range.count, $1.weight, -$1.range.lowerBound)
        }
        var kept: [Candidate] = []
        for var c in best {
            let containers = kept.filter { k in
                k.range.lowerBound <= c.range.lowerBound && c.range.upperBound <= k.range.upperBound && k.range != c.range
            }
            if containers.isEmpty {
                kept.append(c)
            } else if options.keepNestedMatches, !containers.contains(where: { $0.term == c.term }),
                      let isAncestor = compiled.lexicon.isAncestor,
                      containers.contains(where: { isAncestor(c.term, $0.term) }) {
                c.rule += ".nested"
                kept.append(c)
            }
        }
        if options.keepAllMatches {
            for var c in candidates where !kept.contains(where: { $0.range == c.range && $0.term == c.term }) {
                c.rule += ".overlap"
                kept.append(c)
            }
        }
        kept.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        return kept
    }

    // MARK: - Document summary

    static func summarise(_ mentions: [PhenotypeMention]) -> PhenotypeAnalysis {
        var byTerm: [HPOTermID: [PhenotypeMention]] = [:]
        var order: [HPOTermID] = []
        for m in mentions {
            if byTerm[m.term] == nil { order.append(m.term) }
            byTerm[m.term, default: []].append(m)
        }
        var observed: [PhenotypeTermResult] = [], excluded: [PhenotypeTermResult] = []
        var uncertain: [PhenotypeTermResult] = [], family: [PhenotypeTermResult] = []
        var trace: [TraceEntry] = []
        func result(_ term: HPOTermID, _ list: [PhenotypeMention]) -> PhenotypeTermResult {
            PhenotypeTermResult(term: term, label: list.first?.label, confidence: list.map(\.confidence).max() ?? 0,
                                spans: list.map { $0.start..<$0.end })
        }
        for term in order {
            let list = byTerm[term] ?? []
            let affirmed = list.filter(\.assertion.isObserved)
            let negated = list.filter(\.assertion.isExcluded)
            let status: String
            if !affirmed.isEmpty {
                observed.append(result(term, affirmed)); status = "observed"
            } else if !negated.isEmpty {
                excluded.append(result(term, negated)); status = "excluded"
            } else if list.contains(where: { $0.assertion.experiencer == .patient }) {
                uncertain.append(result(term, list)); status = "uncertain"
            } else {
                family.append(result(term, list)); status = "family"
            }
            for m in list {
                let how = m.assertion.triggers.isEmpty ? "affirmed (no trigger)" : m.assertion.triggers.joined(separator: ", ")
                trace.append(TraceEntry(
                    component: "phenotype", event: "mention", rule: "\(m.source.rawValue).\(m.rule)",
                    message: "\(term)\(m.label.map { " (\($0))" } ?? "") at \(m.start)..<\(m.end): \(how)",
                    values: [
                        "term": .string(term.description), "start": .number(Double(m.start)), "end": .number(Double(m.end)),
                        "confidence": .number(m.confidence), "presence": .string(m.assertion.presence.rawValue),
                        "experiencer": .string(m.assertion.experiencer.rawValue),
                        "temporality": .string(m.assertion.temporality.rawValue),
                        "triggers": .array(m.assertion.triggers.map { .string($0) }),
                    ]))
            }
            trace.append(TraceEntry(component: "phenotype", event: "term", rule: "document_assertion",
                                    message: "\(term) \(status) from \(list.count) mention(s)",
                                    values: ["term": .string(term.description), "status": .string(status),
                                             "mentions": .number(Double(list.count))]))
        }
        return PhenotypeAnalysis(mentions: mentions, observed: observed, excluded: excluded, uncertain: uncertain,
                                 family: family, trace: trace)
    }
}
