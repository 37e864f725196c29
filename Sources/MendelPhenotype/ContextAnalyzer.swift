/// ConText-style assertion: finds trigger phrases in a sentence and decides, for a mention, whether it is
/// negated, uncertain, about a relative, historical or hypothetical.
///
/// Scope rules: a pre-trigger reaches forward and a post-trigger backward within the sentence, until a
/// termination phrase ("but", "however", "which", ";", clause verbs like "showed"); commas do not end a
/// negation scope (lists: "no seizures, ataxia or hypotonia") but do end a family scope. Triggers inside
/// the mention's own words are ignored ("Absent thumb" is not negated by "absent"). Pseudo-triggers ("no
/// change in", "not only") are consumed so that their words trigger nothing. Negation wins over
/// uncertainty, so a negated sentence never yields a present finding.
struct ContextAnalyzer: Sendable {
    struct Found: Sendable {
        var kinds: [TriggerKind]
        var range: Range<Int>
        var phrase: String
    }

    /// Limits in word tokens between trigger and mention.
    static let preNegationReach = 15
    static let postNegationReach = 12
    static let uncertaintyReach = 10
    static let familyReach = 8
    static let historicalReach = 6

    /// Verb negators that negate the next few words only ("should not be confused, … associated with X").
    static let shortReachNegations: Set<String> = ["not", "cannot", "never", "neither", "nor", "was not", "were not", "is not", "are not"]
    static let shortNegationReach = 4

    static let familyTerminators: Set<String> = [
        ",", "that", "reports", "reported", "states", "stated", "said", "says", "noticed", "describes", "described",
        "patient", "proband", "he", "she", "child", "boy", "girl", "index", "our", "we",
    ]

    /// Terminations that also end a family scope ("mother has …" stays in scope, "… but he has …" does not)
    /// and the backward scope of post-triggers ("poor growth since infancy was not observed" is negated).
    static let strongTerminations: Set<String> = [
        "but", "however", "although", "though", "yet", "except", "apart from", "aside from", "whereas",
        "nevertheless", "nonetheless", ";", "in addition", "additionally", "and the", "and his", "and her", "and their",
    ]

    /// Clause verbs among the terminations; they end a scope only once a comma or conjunction opened a new clause.
    static let weakTerminations: Set<String> = [
        "presented with", "presents with", "presenting with", "showed", "shows", "revealed", "reveals", "demonstrated",
        "exhibited", "developed", "has", "had", "displayed", "noted", "found", "also", "then", "later", "subsequently",
        "he", "she", "they",
        // A finding's complement: "no history suggestive of a connective tissue disorder" negates the disorder;
        // "absent reflexes, consistent with a neuropathy" does not.
        "consistent with", "suggestive of",
    ]

    static let clauseJoiners: Set<String> = ["and", "but", "or", "while", "whereas", "although", "though", "in", "on", "at"]

    private let byFirstToken: [String: [(tokens: [String], kinds: [TriggerKind])]]
    /// One-word trigger phrases ("no", "denies", "possible"): never part of a fallback span.
    let singleWordTriggers: Set<String>

    init(phrases: [TriggerPhrase]) {
        var grouped: [[String]: [TriggerKind]] = [:]
        for phrase in phrases where !phrase.tokens.isEmpty { grouped[phrase.tokens, default: []].append(phrase.kind) }
        var byFirst: [String: [(tokens: [String], kinds: [TriggerKind])]] = [:]
        for (tokens, kinds) in grouped { byFirst[tokens[0], default: []].append((tokens, kinds)) }
        for key in byFirst.keys { byFirst[key]?.sort { $0.tokens.count > $1.tokens.count } }
        self.byFirstToken = byFirst
        self.singleWordTriggers = Set(grouped.keys.filter { $0.count == 1 }.map { $0[0] })
    }

    /// Longest-match scan of trigger phrases in one sentence.
    func triggers(tokens: [Token], sentence: Range<Int>) -> [Found] {
        // Pseudo-triggers first, wherever they start ("which are not only" must not yield "are not").
        let pseudo = scan(tokens: tokens, sentence: sentence, only: .pseudo, skip: [])
        var covered = Set<Int>()
        for p in pseudo { covered.formUnion(p.range) }
        return (pseudo + scan(tokens: tokens, sentence: sentence, only: nil, skip: covered))
            .sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private func scan(tokens: [Token], sentence: Range<Int>, only: TriggerKind?, skip: Set<Int>) -> [Found] {
        var found: [Found] = []
        var i = sentence.lowerBound
        outer: while i < sentence.upperBound {
            if !skip.contains(i), let candidates = byFirstToken[tokens[i].lower] {
                for candidate in candidates where i + candidate.tokens.count <= sentence.upperBound {
                    if let only, !candidate.kinds.contains(only) { continue }
                    if !skip.isEmpty, candidate.tokens.indices.contains(where: { skip.contains(i + $0) }) { continue }
                    var ok = true
                    for k in 1..<max(1, candidate.tokens.count) where tokens[i + k].lower != candidate.tokens[k] {
                        ok = false
                        break
                    }
                    if ok {
                        found.append(Found(kinds: candidate.kinds, range: i..<(i + candidate.tokens.count),
                                           phrase: candidate.tokens.joined(separator: " ")))
                        i += candidate.tokens.count
                        continue outer
                    }
                }
            }
            i += 1
        }
        return found
    }

    /// The assertion of a mention covering token range `mention` of a sentence.
    func assertion(for mention: Range<Int>, triggers: [Found], tokens: [Token], sentence: Range<Int>) -> Assertion {
        var result = Assertion()
        let terminations = triggers.filter { $0.kinds.contains(.termination) }

        // Parenthesis depth: a trigger inside "( … )" does not reach past the closing bracket.
        var depth: [Int] = []
        var level = 0
        for k in sentence {
            if tokens[k].lower == ")" || tokens[k].lower == "]" { level = max(0, level - 1) }
            depth.append(level)
            if tokens[k].lower == "(" || tokens[k].lower == "[" { level += 1 }
        }
        func depthAt(_ k: Int) -> Int { depth[k - sentence.lowerBound] }

        func blocked(_ from: Int, _ to: Int, extra: Set<String> = [], strongOnly: Bool = false, triggerDepth: Int? = nil) -> Bool {
            if let triggerDepth {
                for k in from..<max(from, to) where depthAt(k) < triggerDepth { return true }
            }
            for t in terminations where t.range.lowerBound >= from && t.range.upperBound <= to {
                if strongOnly && !Self.strongTerminations.contains(t.phrase) { continue }
                if Self.weakTerminations.contains(t.phrase) {
                    // A clause verb ends the scope only after a new clause started (comma or conjunction):
                    // "no fever, showed hypotonia" but not "no brain MRI showed dysgenesis".
                    let opensClause = (from..<t.range.lowerBound).contains { [",", "and", "or"].contains(tokens[$0].lower) }
                    if !opensClause { continue }
                }
                return true
            }
            if !extra.isEmpty {
                for k in from..<max(from, to) where extra.contains(tokens[k].lower) { return true }
            }
            return false
        }
        func words(_ from: Int, _ to: Int) -> Int {
            var count = 0
            for k in from..<max(from, to) where tokens[k].kind != .punctuation { count += 1 }
            return count
        }
        func pre(_ kind: TriggerKind, reach: Int, extra: Set<String> = [], strongOnly: Bool = false) -> Found? {
            triggers.last { t in
                t.kinds.contains(kind) && t.range.upperBound <= mention.lowerBound
                    && words(t.range.upperBound, mention.lowerBound) <= reach
                    && !blocked(t.range.upperBound, mention.lowerBound, extra: extra, strongOnly: strongOnly,
                                triggerDepth: depthAt(t.range.lowerBound))
            }
        }
        // A one-word post-trigger ("absent", "normal") only closes a clause: "speech absent." but not
        // "…, absent speech".
        func closesClause(_ t: Found) -> Bool {
            guard t.range.count == 1 else { return true }
            let next = t.range.upperBound
            guard next < sentence.upperBound else { return true }
            return tokens[next].kind == .punctuation || Self.clauseJoiners.contains(tokens[next].lower)
        }
        func post(_ kind: TriggerKind, reach: Int, extra: Set<String> = []) -> Found? {
            triggers.first { t in
                t.kinds.contains(kind) && t.range.lowerBound >= mention.upperBound && closesClause(t)
                    && words(mention.upperBound, t.range.lowerBound) <= reach
                    && !blocked(mention.upperBound, t.range.lowerBound, extra: extra, strongOnly: true,
                                triggerDepth: depthAt(t.range.lowerBound))
            }
        }

        let negation = triggers.last { t in
            t.kinds.contains(.preNegation) && t.range.upperBound <= mention.lowerBound
                && words(t.range.upperBound, mention.lowerBound)
                    <= (Self.shortReachNegations.contains(t.phrase) ? Self.shortNegationReach : Self.preNegationReach)
                && !blocked(t.range.upperBound, mention.lowerBound, triggerDepth: depthAt(t.range.lowerBound))
        }
        if let t = negation ?? post(.postNegation, reach: Self.postNegationReach) {
            result.presence = .absent
            result.triggers.append("negation:\(t.phrase)")
        } else if let t = pre(.preUncertainty, reach: Self.uncertaintyReach)
                    ?? post(.postUncertainty, reach: Self.postNegationReach) {
            result.presence = .possible
            result.triggers.append("uncertainty:\(t.phrase)")
        }
        if let t = pre(.family, reach: Self.familyReach, extra: Self.familyTerminators, strongOnly: true)
            ?? post(.postFamily, reach: 3, extra: [","]) {
            result.experiencer = .family
            result.triggers.append("family:\(t.phrase)")
        }
        if let t = pre(.hypothetical, reach: Self.historicalReach) {
            result.temporality = .hypothetical
            result.triggers.append("hypothetical:\(t.phrase)")
        } else if let t = pre(.historical, reach: Self.historicalReach) {
            result.temporality = .historical
            result.triggers.append("historical:\(t.phrase)")
        }
        return result
    }
}
