/// Finds person names: the patient's own names (from the record), and names found by pattern — after a
/// title ("Dr. Keller"), in a name context ("patient Anna", "her mother, Maria", "Name: KELLER, Anna",
/// "seen by …"), before credentials ("A. Keller, MD"), on signature lines, and common given names followed
/// by a capitalised word. Eponyms ("Marfan syndrome", "Williams-Beuren syndrome") are never names.
struct NameRecognizer {
    let t: DeidText
    let patient: PatientIdentity
    /// Census name lists filtered against the HPO vocabulary (empty: built-in rules only).
    var gazetteer: NameGazetteer = .empty

    func candidates() -> [PHICandidate] {
        var out = recordNames()
        let eponyms = gazetteer.isEmpty ? [] : documentEponyms()
        var k = 0
        while k < t.tokens.count {
            if let (first, last, rule) = patternName(at: k) ?? conversationalName(at: k) ?? gazetteerName(at: k, eponyms: eponyms)
                ?? shapeName(at: k, eponyms: eponyms) {
                out.append(candidate(first, last, rule, priority: 45))
                k = last + 1
                continue
            }
            k += 1
        }
        // Names listed after a name: "parents Arvind and Sandy", "present: A. Iyer, Bethany MacLeod".
        var ends = Set(out.map { Int(t.tokenAt[$0.end - 1]) })
        var queue = Array(ends).sorted()
        while let last = queue.popLast() {
            guard let (first, next) = listedName(after: last), !ends.contains(next) else { continue }
            out.append(candidate(first, next, "list_name", priority: 44))
            ends.insert(next)
            queue.append(next)
        }
        out += envelopeNames()
        out += listedNamesBefore(out, eponyms: eponyms)
        return out + repeatedNames(of: out, eponyms: eponyms)
    }

    /// A name that continues a list after the name ending at token `last`: ", Name" (followed by another
    /// list separator or the end of the clause) or "and/or/& Name".
    private func listedName(after last: Int) -> (Int, Int)? {
        var j = last + 1
        if t.isPunct(j, "'"), t.lower(j + 1) == "s" { return nil }
        // A role in brackets after the name: "Sigrún Tran (chair), Gene de Souza".
        if t.isPunct(j, "("), let close = (j + 1..<min(j + 5, t.tokens.count)).first(where: { t.isPunct($0, ")") }),
           t.isPunct(close + 1, ",") { j = close + 1 }
        let comma = t.isPunct(j, ",")
        if comma { j += 1 }
        let conjunction = ["and", "or", "&"].contains(t.lower(j)) || t.isPunct(j, "&")
        if conjunction { j += 1 }
        guard comma || conjunction, j < t.tokens.count, !t.tokens[j].lineBreakBefore, t.isCapitalised(j),
              !NameLexicon.titles.contains(t.lower(j)), !NameLexicon.closings.contains(t.lower(j)) else { return nil }
        let w = t.lower(j)
        if NameLexicon.notNames.contains(w) && !NameLexicon.wordGivenNames.contains(w) { return nil }
        if DateRecognizer.months[w] != nil && !nameNotDate(j) || DateRecognizer.weekdays[w] != nil { return nil }
        guard let end = nameSequence(from: j, strong: false, firstMayBeWord: true) else { return nil }
        if comma && !conjunction {
            // A bare comma list needs the clause to end or go on listing after the name.
            let n = end + 1
            let closes = n >= t.tokens.count || t.tokens[n].lineBreakBefore || t.isPunct(n, ",") || t.isPunct(n, ".")
                || t.isPunct(n, ";") || t.isPunct(n, ")") || ["and", "or"].contains(t.lower(n))
            guard closes else { return nil }
        }
        return (j, end)
    }

    /// A month word used as a given name ("her sister April carries"): no day or year next to it.
    func nameNotDate(_ j: Int) -> Bool {
        let before = j - 1, after = j + 1
        if before >= 0, t.tokens[before].kind == .digits || t.tokens[before].kind == .alnum { return false }
        if after < t.tokens.count, t.tokens[after].kind == .digits || t.tokens[after].kind == .alnum { return false }
        if t.lower(after) == "of" || t.lower(before) == "of" || t.lower(before) == "in" || t.lower(before) == "since" { return false }
        return true
    }

    private func candidate(_ first: Int, _ last: Int, _ rule: String, priority: Int) -> PHICandidate {
        PHICandidate(start: t.tokens[first].start, end: t.tokens[last].end, category: .name, rule: rule,
                     replacement: "[NAME]", priority: priority)
    }

    // MARK: - Names from the record

    private func recordNames() -> [PHICandidate] {
        var out: [PHICandidate] = []
        let names = (patient.givenNames + patient.familyNames).filter { $0.unicodeScalars.count >= 2 }
        for name in names {
            let pattern = DeidText(name)
            let words = pattern.tokens.map { pattern.text($0).lowercased() }
            guard !words.isEmpty else { continue }
            var k = 0
            while k + words.count <= t.tokens.count {
                var ok = true
                for (offset, word) in words.enumerated() where t.lower(k + offset) != word { ok = false; break }
                if ok, t.tokens[k].kind == .alpha, isNameCased(k) || particleName(k, words.count), !isEponym(after: k + words.count - 1),
                   !(k > 0 && t.touching(k - 1, k) && t.tokens[k - 1].kind != .punct) {
                    let last = k + words.count - 1
                    if !t.isAllCaps(k) || strongNameContext(k, last) || (!inGeneticContext(k) && t.tokens[k].length > 4) {
                        out.append(candidate(k, last, "record_name", priority: 48))
                    }
                    k = last + 1
                    continue
                }
                k += 1
            }
        }
        return out
    }

    /// A record name of several words that starts with a lower-case particle ("van der Berg", "de la Fuente",
    /// "del Río"): a name when one of its other words is written as a name.
    private func particleName(_ k: Int, _ count: Int) -> Bool {
        guard count > 1, NameLexicon.particles.contains(t.lower(k)) else { return false }
        return (k + 1..<k + count).contains { isNameCased($0) }
    }

    /// Written as a name: capitalised or all capitals (lower-case "rose", "hope" are words).
    private func isNameCased(_ k: Int) -> Bool {
        t.isCapitalised(k) || t.isAllCaps(k) || (t.tokens[k].length == 1 && t.isInitial(k))
    }

    /// Another record name, a title or a name label right next to the span ("KELLER, ANNA", "Mrs. KIT").
    private func strongNameContext(_ first: Int, _ last: Int) -> Bool {
        let names = Set((patient.givenNames + patient.familyNames).map { $0.lowercased() })
        for j in [first - 1, first - 2, last + 1, last + 2] where j >= 0 && j < t.tokens.count {
            if names.contains(t.lower(j)) && (t.isAllCaps(j) || t.isCapitalised(j)) { return true }
        }
        var before = first - 1
        if t.isPunct(before, ".") || t.isPunct(before, ":") { before -= 1 }
        let w = t.lower(before)
        return NameLexicon.titles.contains(w) || NameLexicon.nameLabels.contains(w)
    }

    /// An all-caps token next to genetic vocabulary is a gene symbol ("KIT c.1676T>A", "MET amplification").
    func inGeneticContext(_ k: Int) -> Bool {
        if t.isPunct(k + 1, ":") || t.isPunct(k - 1, "(") && t.isPunct(k + 1, ")") { return true }
        for j in max(0, k - 4)...min(t.tokens.count - 1, k + 4) where j != k {
            if NameLexicon.geneticContext.contains(t.lower(j)) { return true }
        }
        return false
    }

    /// Token `k` (or the hyphenated/possessive run ending at `k`) names a syndrome, sign, institution …
    func isEponym(after k: Int) -> Bool {
        var j = k + 1
        var steps = 0
        while j < t.tokens.count, steps < 6, !t.tokens[j].lineBreakBefore {
            let w = t.lower(j)
            if NameLexicon.eponymHeads.contains(w) { return true }
            if t.tokens[j].kind == .punct {
                let c = t.s[t.tokens[j].start]
                guard c == "-" || c == "'" || c == "’" || c == "/" || c == "–" else { return false }
            } else if !(t.isCapitalised(j) || t.isAllCaps(j) || w == "s" || w == "and" || w == "de") {
                return false
            }
            j += 1
            steps += 1
        }
        return false
    }

    // MARK: - Names by pattern

    /// A person's name starting at `k` together with the reason.
    private func patternName(at k: Int) -> (Int, Int, String)? {
        let w = t.lower(k)
        // Title: "Dr. Keller", "Mrs K. O'Brien", "Prof. van der Berg".
        if NameLexicon.titles.contains(w), t.tokens[k].kind == .alpha, t.isCapitalised(k) || t.isAllCaps(k) {
            var j = k + 1
            if t.isPunct(j, "."), t.touching(k, j) { j += 1 }
            if let last = nameSequence(from: j, strong: true) { return (j, last, "title_name") }
        }
        // Field label: "Name: KELLER, Anna", "Mother: Maria Keller", "Signed: A. Keller".
        if t.tokens[k].kind == .alpha, NameLexicon.nameLabels.contains(w) || NameLexicon.personContexts.contains(w) {
            var j = k + 1
            while j < t.tokens.count, j <= k + 3, t.tokens[j].kind == .alpha,
                  ["name", "of", "by", "kin", "physician", "provider", "contact", "s"].contains(t.lower(j)) { j += 1 }
            if t.isPunct(j, "'"), t.lower(j + 1) == "s" { j += 2; if t.lower(j) == "name" { j += 1 } }
            if t.isPunct(j, ":") || t.isPunct(j, "-") && t.tokens[j].spaceBefore {
                j += 1
                // "Name: Dr. Keller" — the title rule will take it.
                if NameLexicon.titles.contains(t.lower(j)) { return nil }
                if let last = nameSequence(from: j, strong: true, allowInverted: true) { return (j, last, "label_name") }
                // A family name that is also a short word, before a capitalised given name: "Present: He Shuang".
                if t.isCapitalised(j), t.tokens[j].length <= 3, t.isCapitalised(j + 1), !t.touching(j, j + 1),
                   !NameLexicon.notNames.contains(t.lower(j + 1)), DateRecognizer.months[t.lower(j + 1)] == nil,
                   let last = nameSequence(from: j + 1, strong: true) { return (j, last, "label_name") }
            }
        }
        // "signed by", "seen by", "referred by".
        // "by" and two or more capitalised words: "witnessed by Oren Kowalczyk", "2000 by Oren Osei".
        if w == "by", t.isCapitalised(k + 1), !NameLexicon.notNames.contains(t.lower(k + 1)),
           let last = nameSequence(from: k + 1, strong: false, minimumTokens: 2) {
            return (k + 1, last, "by_name")
        }
        // "received 2020-06-04 from Kwabena Rich", "a letter from Ana Souza": two or more capitalised words
        // after "from" when a message or sample word comes shortly before, on the same line.
        if w == "from", t.isCapitalised(k + 1), !NameLexicon.notNames.contains(t.lower(k + 1)),
           !NameLexicon.countriesAndStates.contains(t.lower(k + 1)), messageWordBefore(k),
           let last = nameSequence(from: k + 1, strong: false, minimumTokens: 2), !NameLexicon.eponymHeads.contains(t.lower(last + 1)) {
            return (k + 1, last, "from_name")
        }
        if w == "by" && k > 0 && NameLexicon.byVerbs.contains(t.lower(k - 1))
            || (w == "to" || w == "with") && k > 0 && NameLexicon.communicationVerbs.contains(t.lower(k - 1)) {
            let j = k + 1
            if NameLexicon.titles.contains(t.lower(j)) { return nil }
            if let last = nameSequence(from: j, strong: false, minimumTokens: 1) { return (j, last, "by_name") }
        }
        // A pedigree position with the person's name: "II-3 (Noor Khoury)", "III-1 (Summer)".
        if isPedigreePosition(k), t.isPunct(k + 3, "(") {
            let j = k + 4
            if t.isCapitalised(j), !NameLexicon.notNames.contains(t.lower(j)) || NameLexicon.wordGivenNames.contains(t.lower(j)),
               let last = nameSequence(from: j, strong: false, firstMayBeWord: true),
               t.isPunct(last + 1, ")") || t.isPunct(last + 1, ",") {
                return (j, last, "pedigree_name")
            }
        }
        // "I-1 Gene Rich (d. 1991)", "II-2 Rose St. Clair;": a pedigree position, then the person's name.
        if isPedigreePosition(k), t.isCapitalised(k + 3), t.s[t.tokens[k + 3].start - 1] == " ",
           !NameLexicon.notNames.contains(t.lower(k + 3)) || NameLexicon.wordGivenNames.contains(t.lower(k + 3)),
           let last = nameSequence(from: k + 3, strong: false, firstMayBeWord: true) {
            return (k + 3, last, "pedigree_name")
        }
        // "patient Anna", "her mother, Maria", "Dear Maria", "the paternal side (Rafael Osei, …)".
        if NameLexicon.personContexts.contains(w) && !isContraction(k) || w == "mother's"
            || NameLexicon.lineageWords.contains(w) && ["maternal", "paternal"].contains(t.lower(k - 1)) {
            var j = k + 1
            if t.isPunct(j, ",") || t.isPunct(j, "(") { j += 1 }
            if t.isPunct(j, "'"), t.lower(j + 1) == "s" { j += 2 }
            if NameLexicon.titles.contains(t.lower(j)) { return nil }
            // A heading or a table column on the next line or cell is not the person's name.
            if j < t.tokens.count, t.tokens[j].lineBreakBefore || t.s[t.tokens[j].start - 1] == "\t" { return nil }
            let v = t.lower(j)
            if j < t.tokens.count, t.isCapitalised(j), !NameLexicon.notNames.contains(v) || NameLexicon.wordGivenNames.contains(v),
               DateRecognizer.months[v] == nil || nameNotDate(j), DateRecognizer.weekdays[v] == nil,
               let last = nameSequence(from: j, strong: false, firstMayBeWord: true) {
                // Plural relations take a list of names ("parents Arvind and Sandy"), not an adjective
                // ("cousins Druze parents").
                if NameLexicon.pluralPersonContexts.contains(w) || NameLexicon.lineageWords.contains(w) {
                    let n = last + 1
                    guard ["and", "or", "&"].contains(t.lower(n)) || t.isPunct(n, ",") || t.isPunct(n, ")") || t.isPunct(n, ";")
                        || t.isPunct(n, "&") else { return nil }
                }
                return (j, last, "context_name")
            }
        }
        // Signature after a closing: "Sincerely,\nAnna Keller".
        if NameLexicon.closings.contains(w), t.isCapitalised(k) || t.isCapitalised(k - 1) && !t.tokens[k].lineBreakBefore {
            var j = k + 1
            while ["regards", "wishes", "sincerely", "faithfully", "truly"].contains(t.lower(j)) { j += 1 }
            if t.isPunct(j, ",") || t.isPunct(j, ":") { j += 1 }
            if j < t.tokens.count, t.tokens[j].lineBreakBefore || t.tokens[j].spaceBefore,
               NameLexicon.titles.contains(t.lower(j)) == false,
               let last = nameSequence(from: j, strong: true) { return (j, last, "signature_name") }
        }
        // Line starting with "--" or "—" and a name.
        if (t.isPunct(k, "-") && t.isPunct(k + 1, "-")) || t.isPunct(k, "—"), t.tokens[k].lineBreakBefore {
            let j = t.isPunct(k, "—") ? k + 1 : k + 2
            if let last = nameSequence(from: j, strong: true) { return (j, last, "signature_name") }
        }
        // Credentials after a name: "Anna Keller, MD", "A. Keller MS, CGC".
        if t.isCapitalised(k) || t.isInitial(k), let last = nameSequence(from: k, strong: false, minimumTokens: 1) {
            var j = last + 1
            if t.isPunct(j, ",") { j += 1 }
            if isCredential(j), credentialEndsName(j), last > k || t.isCapitalised(k) && !NameLexicon.notNames.contains(w) {
                return (k, last, "credential_name")
            }
        }
        // A common given name, alone or followed by a family name: "Anna presented", "Lukas Meyer".
        if t.isCapitalised(k), NameLexicon.givenNames.contains(w), !isEponym(after: k),
           !(t.isPunct(k + 1, ".") && t.touching(k, k + 1) && t.tokens.indices.contains(k + 2) && t.touching(k + 1, k + 2)) {
            let last = nameSequence(from: k, strong: false) ?? k
            return (k, last, "given_name")
        }
        // An initial and a family name: "J. Smith", "R. Fairbanks" (not "vitamin D. Echo…", "type A. The …").
        if t.isInitial(k), t.isPunct(k + 1, "."), t.touching(k, k + 1), k + 2 < t.tokens.count, t.isCapitalised(k + 2),
           !NameLexicon.notNames.contains(t.lower(k + 2)), !isEponym(after: k + 2),
           DateRecognizer.months[t.lower(k + 2)] == nil, DateRecognizer.weekdays[t.lower(k + 2)] == nil,
           !NameLexicon.initialTakers.contains(t.lower(k - 1)), !t.isAllCaps(k - 1),   // "TRPS I. Manifestations"
           NameLexicon.familyNames.contains(t.lower(k + 2)) || !t.tokens[k + 2].lineBreakBefore && (k == 0 || t.tokens[k].spaceBefore) {
            let last = nameSequence(from: k + 2, strong: false) ?? k + 2
            return (k, last, "initial_name")
        }
        return nil
    }

    /// A lower-case second part of a hyphenated given name ("Seo-yeon", "Min-jun"): short, not a suffix word.
    private func lowerHyphenPart(_ dash: Int) -> Bool {
        guard t.isPunct(dash, "-"), dash + 1 < t.tokens.count, t.tokens[dash + 1].kind == .alpha, t.isCapitalised(dash - 1) else { return false }
        let part = t.lower(dash + 1)
        return part.count >= 2 && part.count <= 4 && !t.isCapitalised(dash + 1)
            && !["like", "type", "old", "year", "led", "free", "rich", "poor", "wide", "fold", "term", "born", "made", "ish", "based", "up", "in", "on", "off"].contains(part)
    }

    /// A message, referral or sample word among the six tokens before `k` on the same line.
    private func messageWordBefore(_ k: Int) -> Bool {
        var j = k - 1
        while j >= 0, j >= k - 6 {
            if NameLexicon.messageWords.contains(t.lower(j)) { return true }
            if t.tokens[j].lineBreakBefore { break }
            j -= 1
        }
        return false
    }

    /// "II-3", "I-2", "IV-12": a generation in Roman numerals, a hyphen and the individual's number.
    private func isPedigreePosition(_ k: Int) -> Bool {
        guard k + 2 < t.tokens.count, t.tokens[k].kind == .alpha, t.tokens[k].length <= 4, t.isPunct(k + 1, "-"),
              t.touching(k, k + 1), t.touching(k + 1, k + 2), t.tokens[k + 2].kind == .digits, t.tokens[k + 2].length <= 3,
              !(k > 0 && t.touching(k - 1, k)) else { return false }
        return t.s[t.tokens[k].start..<t.tokens[k].end].allSatisfy { $0 == "I" || $0 == "V" || $0 == "X" }
    }

    /// A credential closes a name: the line, the clause or a run of credentials ends after it, or a lower-case
    /// word follows ("A. Keller MD, CGC", "Keller MD reviewed") — not "Known DMD NM_004006.2" (a gene).
    private func credentialEndsName(_ j: Int) -> Bool {
        var n = j + 1
        if t.isPunct(n, "."), t.touching(j, n) { n += 1 }
        if n >= t.tokens.count || t.tokens[n].lineBreakBefore { return true }
        // "(SoftGenetics, PA, USA)": a state code before a country, not a credential.
        if t.isPunct(n, ","), NameLexicon.countriesAndStates.contains(t.lower(n + 1)) { return false }
        if t.tokens[n].kind == .punct { return !t.isPunct(n, "_") && !t.isPunct(n, ":") }
        if isCredential(n) { return true }
        return t.tokens[n].kind == .alpha && !t.isCapitalised(n) && !t.isAllCaps(n, minimum: 1)
    }

    /// "MD", "M.D.", "PhD", "CGC" …
    func isCredential(_ j: Int) -> Bool {
        guard j < t.tokens.count, t.tokens[j].kind == .alpha else { return false }
        let w = t.lower(j)
        // Mixed-case credentials; the rest only in capitals ("do", "pa", "ms" in lower case are words).
        if ["phd", "msc", "pharmd", "psyd", "mbbs", "mbchb", "dnp", "lcgc", "cgc", "facmg", "mph", "frcpath", "frcpe",
            "frcs", "frcog", "mrcog", "fracp", "frcpi", "mrcgp", "frcgp", "mrcpath", "fcpath", "dphil", "mbbch",
            "frcpsych", "mrcpsych", "frcr", "frcophth", "frcsed", "mrcs"].contains(w),
           t.isCapitalised(j) || t.isAllCaps(j) { return true }
        if NameLexicon.credentials.contains(w), t.isAllCaps(j) { return true }
        // "M.D.", "Ph.D."
        if w == "m" || w == "ph", t.isPunct(j + 1, "."), t.lower(j + 2) == "d" { return true }
        return false
    }

    /// The last token of a name that starts at `k`, or nil. `strong`: the context already says a name
    /// follows, so all-caps words and family-name-first forms ("KELLER, Anna") count.
    /// `firstMayBeWord`: the context already says a person follows, so the first word may be a given name that
    /// is also a word or a month ("her sister April", "grandmother Gene Strong").
    func nameSequence(from k: Int, strong: Bool, allowInverted: Bool = false, minimumTokens: Int = 1,
                              firstMayBeWord: Bool = false) -> Int? {
        var j = k
        var last: Int?
        var count = 0
        while j < t.tokens.count, count < 4 {
            if count > 0, t.tokens[j].lineBreakBefore { break }
            let w = t.lower(j)
            if t.isInitial(j) {
                if DateRecognizer.months[w] != nil { break }
                last = j
                if t.isPunct(j + 1, "."), t.touching(j, j + 1) { last = j + 1; j += 1 }
            } else if t.isCapitalised(j) || (strong && t.isAllCaps(j) && t.tokens[j].length >= 2 && !isCredential(j) && !inGeneticContext(j)) {
                let wordName = firstMayBeWord && count == 0 && t.isCapitalised(j)
                    && (NameLexicon.wordGivenNames.contains(w) || DateRecognizer.months[w] != nil && nameNotDate(j))
                // A family name that is also a listed word, closing the name: "Bongani Ward (chair)", "Gene Rich (d. …)".
                let familyWord = strong && count > 0 && t.isCapitalised(j) && !NameLexicon.functionWords.contains(w)
                    && DateRecognizer.months[w] == nil && DateRecognizer.weekdays[w] == nil && !NameLexicon.eponymHeads.contains(w)
                    && (j + 1 >= t.tokens.count || t.tokens[j + 1].lineBreakBefore
                        || t.isPunct(j + 1, ",") || t.isPunct(j + 1, ";") || t.isPunct(j + 1, ")")
                        || t.isPunct(j + 1, "(") && t.tokens[j + 1].spaceBefore
                        || t.isPunct(j + 1, ".") && (j + 2 >= t.tokens.count || !t.touching(j + 1, j + 2)))
                if !wordName, !familyWord, NameLexicon.notNames.contains(w) || DateRecognizer.months[w] != nil || DateRecognizer.weekdays[w] != nil { break }
                // "St. Clair", "Ste. Marie": a saint's abbreviation inside a family name.
                if count > 0, w == "st" || w == "ste", t.isPunct(j + 1, "."), t.touching(j, j + 1), t.isCapitalised(j + 2) {
                    j += 2
                }
                if NameLexicon.countriesAndStates.contains(w) { break }
                if isCredential(j) { break }
                if isEponym(after: j) { return count > 0 ? last : nil }
                last = j
            } else if NameLexicon.particles.contains(w), count > 0 || strong {
                // "van der Berg", "de la Cruz": particles before a capitalised word.
                var p = j
                while p < t.tokens.count, p < j + 3, NameLexicon.particles.contains(t.lower(p)) { p += 1 }
                guard t.isCapitalised(p) else { break }
                j = p
                continue
            } else {
                break
            }
            count += 1
            // Joined parts: "Anna-Lena", "O'Brien", "Keller's" (the possessive stays outside).
            while j + 2 < t.tokens.count, t.touching(j, j + 1), t.touching(j + 1, j + 2),
               t.isPunct(j + 1, "-") || t.isPunct(j + 1, "'") || t.isPunct(j + 1, "’"),
               t.isCapitalised(j + 2) || t.isAllCaps(j + 2) || (t.tokens[j + 2].kind == .alpha && t.tokens[j + 2].length > 1 && t.lower(j + 2) != "s" && t.isPunct(j + 1, "-") == false)
                || lowerHyphenPart(j + 1) {
                j += 2
                last = j
                if isEponym(after: j) { return nil }
            }
            j += 1
            // "KELLER, Anna": a comma between family and given name.
            if allowInverted, count == 1, t.isPunct(j, ","), t.isCapitalised(j + 1) || t.isAllCaps(j + 1),
               !NameLexicon.notNames.contains(t.lower(j + 1)) {
                j += 1
            }
        }
        guard let last, count >= minimumTokens else { return nil }
        return last
    }
}
