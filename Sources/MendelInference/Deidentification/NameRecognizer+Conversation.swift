/// Names in conversational and narrative text (telephone notes, transcribed messages, family history in the
/// relatives' words) and names recognised by the Census lists (`NameGazetteer`). Session 4: tuned on the
/// D-dev half of `Fixtures/phi-presidio` only.
extension NameRecognizer {
    /// "you're", "we've": a word glued to a preceding apostrophe is a contraction, not a context word.
    func isContraction(_ k: Int) -> Bool {
        k > 0 && (t.isPunct(k - 1, "'") || t.isPunct(k - 1, "’")) && t.touching(k - 1, k)
    }

    /// A person's name introduced by a conversational context, with the rule name.
    func conversationalName(at k: Int) -> (Int, Int, String)? {
        let w = t.lower(k)
        // "What's your last name? Desrosiers", "Name? Keller": a name question answered.
        if t.isPunct(k, "?"), NameLexicon.nameLabels.contains(t.lower(k - 1)) || t.lower(k - 1) == "surname",
           let last = personAfterContext(k + 1, strong: true) {
            return (k + 1, last, "label_name")
        }
        // "Don't go to town, Maika!": a vocative closing an exclamation.
        if t.isPunct(k, ","), t.isCapitalised(k + 1), t.isPunct(k + 2, "!"), unknownWord(k + 1) || NameLexicon.givenNames.contains(t.lower(k + 1)) {
            return (k + 1, k + 1, "vocative_name")
        }
        guard t.tokens[k].kind == .alpha else { return nil }
        // "Napolitani began writing", "Wiola lives on …", "Ahmed attends school": a word no HPO text uses before
        // a verb that takes a person as subject.
        if t.isCapitalised(k), NameLexicon.personVerbs.contains(t.lower(k + 1)), !t.tokens[k + 1].lineBreakBefore,
           unknownWord(k) && !gazetteer.isEmpty || NameLexicon.givenNames.contains(w) && !isEponym(after: k) {
            return (k, k, "subject_name")
        }
        // "my name is Anna Keller", "his name's Tomasz", "I am Olga Petrova".
        if w == "is" && t.lower(k - 1) == "name" || w == "s" && t.isPunct(k - 1, "'") && t.lower(k - 2) == "name"
            || w == "am" && t.lower(k - 1) == "i" {
            var j = k + 1
            if NameLexicon.titles.contains(t.lower(j)) { j += t.isPunct(j + 1, ".") ? 2 : 1 }
            if let last = personAfterContext(j, strong: w != "am") { return (j, last, "conversation_name") }
        }
        // "named him Kelvin", "everyone calls me Maite", "call her Dida": a naming verb and an object pronoun.
        if NameLexicon.namingVerbs.contains(w), ["him", "her", "me", "them", "us", "it"].contains(t.lower(k + 1)),
           let last = personAfterContext(k + 2, strong: true) {
            return (k + 2, last, "conversation_name")
        }
        // "says Dufresne.", "said Vitaly Uvarov", "according to Ms. Keller".
        if NameLexicon.speechVerbs.contains(w) || w == "to" && t.lower(k - 1) == "according" {
            var j = k + 1
            if NameLexicon.titles.contains(t.lower(j)) { return nil }
            if t.isPunct(j, ",") { j += 1 }
            if let last = personAfterContext(j, strong: false), last > j || closesClause(last + 1) {
                return (j, last, "speech_name")
            }
        }
        // "tell Virpi", "ask Brynjólfur", "thank Ana Souza", "follow up with Martuska Pálffy".
        if NameLexicon.personObjectVerbs.contains(w) || w == "with" && NameLexicon.meetingWords.contains(t.lower(k - 1)) {
            let j = k + 1
            if NameLexicon.titles.contains(t.lower(j)) { return nil }
            if let last = personAfterContext(j, strong: false), last > j || closesClause(last + 1) || personWord(j) {
                return (j, last, "object_name")
            }
        }
        // A vocative: "Jarmila, can I …", "Erzebet, please call back", "Don't go to town, Maika!".
        if t.isCapitalised(k), sentenceStart(k), t.isPunct(k + 1, ","), NameLexicon.vocativeFollowers.contains(t.lower(k + 2)),
           unknownWord(k) || gazetteer.givenNames.contains(w) || NameLexicon.givenNames.contains(w) {
            return (k, k, "vocative_name")
        }
        // "Aedan's address", "Osman's kid", "Nicephorus's mother": a possessive before a person's belonging or relative.
        if t.isCapitalised(k), t.isPunct(k + 1, "'") || t.isPunct(k + 1, "’"), t.lower(k + 2) == "s", t.touching(k, k + 1),
           t.touching(k + 1, k + 2), NameLexicon.possessedNouns.contains(t.lower(k + 3)) || NameLexicon.personContexts.contains(t.lower(k + 3)),
           !NameLexicon.notNames.contains(w), DateRecognizer.months[w] == nil,
           DateRecognizer.weekdays[w] == nil, !NameLexicon.countriesAndStates.contains(w),
           // An HPO or disease word ("Vide", an eponym's name) counts when it is no English word (session 5).
           !gazetteer.vocabulary.contains(w) || !gazetteer.commonWords.isEmpty && !gazetteer.commonWords.contains(w)
               && !NameLexicon.laboratoryWords.contains(w) && !isEponym(after: k) {
            return (k, k, "possessive_name")
        }
        return nil
    }

    /// The end of a name that starts at `j` after a context word, or nil: capitalised, not a listed non-name word.
    private func personAfterContext(_ j: Int, strong: Bool) -> Int? {
        guard j < t.tokens.count, !t.tokens[j].lineBreakBefore, t.isCapitalised(j) else { return nil }
        let v = t.lower(j)
        if NameLexicon.notNames.contains(v) && !NameLexicon.wordGivenNames.contains(v) { return nil }
        if DateRecognizer.weekdays[v] != nil || DateRecognizer.months[v] != nil && !nameNotDate(j) { return nil }
        if NameLexicon.countriesAndStates.contains(v) || isEponym(after: j) { return nil }
        return nameSequence(from: j, strong: strong, firstMayBeWord: true)
    }

    /// A clause ends before token `n` (punctuation, a line break, the end, or a conjunction).
    private func closesClause(_ n: Int) -> Bool {
        n >= t.tokens.count || t.tokens[n].lineBreakBefore || t.isPunct(n, ",") || t.isPunct(n, ".") || t.isPunct(n, ";")
            || t.isPunct(n, "!") || t.isPunct(n, "?") || t.isPunct(n, ")") || t.isPunct(n, ":") || t.isPunct(n, "\"")
            || ["and", "or", "but"].contains(t.lower(n))
    }

    /// Token `j` is a listed given or family name, or (with a vocabulary) a capitalised word no HPO text uses.
    private func personWord(_ j: Int) -> Bool {
        let v = t.lower(j)
        if NameLexicon.givenNames.contains(v) || NameLexicon.familyNames.contains(v) { return true }
        guard !gazetteer.isEmpty else { return false }
        return gazetteer.givenNames.contains(v) || gazetteer.familyNames.contains(v) || unknownWord(j)
    }

    /// Every other capitalised occurrence of a word already found in a person's name ("… directed by Mai
    /// Fujimura and starring Fujimura", "calls me Brynjólfur"): one person is mentioned several times.
    func repeatedNames(of found: [PHICandidate], eponyms: Set<String>) -> [PHICandidate] {
        guard !found.isEmpty else { return [] }
        var words = Set<String>()
        var covered = Set<Int>()
        for c in found {
            for k in Int(t.tokenAt[c.start])...Int(t.tokenAt[c.end - 1]) where k >= 0 {
                covered.insert(k)
                let w = t.lower(k)
                guard t.tokens[k].kind == .alpha, t.tokens[k].length >= 3, t.isCapitalised(k) || t.isAllCaps(k),
                      !NameLexicon.notNames.contains(w), !NameLexicon.functionWords.contains(w), !NameLexicon.titles.contains(w),
                      !NameLexicon.wordGivenNames.contains(w), !NameLexicon.particles.contains(w), !NameLexicon.eponymHeads.contains(w),
                      !NameLexicon.countriesAndStates.contains(w), !NameLexicon.populationWords.contains(w),
                      DateRecognizer.months[w] == nil, DateRecognizer.weekdays[w] == nil, !gazetteer.vocabulary.contains(w),
                      !eponyms.contains(w), !isCredential(k), !NameLexicon.laboratoryWords.contains(w) else { continue }
                words.insert(w)
            }
        }
        guard !words.isEmpty else { return [] }
        var out: [PHICandidate] = []
        // Capitalised or, for words of four or more letters outside a genetic context, in capitals ("KOROVINA").
        for k in t.tokens.indices where !covered.contains(k) && words.contains(t.lower(k)) && !isEponym(after: k)
            && (t.isCapitalised(k) || t.isAllCaps(k, minimum: 4) && !geneticWordNear(k)) {
            out.append(PHICandidate(start: t.tokens[k].start, end: t.tokens[k].end, category: .name, rule: "repeated_name",
                                    replacement: "[NAME]", priority: 43))
        }
        return out
    }

    /// A genetic word among the four tokens on either side ("ZHOVRENKO: sorry" is a speaker, "KIT c.1676T>A" a gene).
    private func geneticWordNear(_ k: Int) -> Bool {
        (max(0, k - 4)...min(t.tokens.count - 1, k + 4)).contains { $0 != k && NameLexicon.geneticContext.contains(t.lower($0)) }
    }

    /// A name listed before a found name: "Baker and Korovina were …", "Iversen, Halloran and Dr. …" — a
    /// capitalised word of the Census lists or a name-shaped word, then ",", "and" or "&", then the found name.
    func listedNamesBefore(_ found: [PHICandidate], eponyms: Set<String>) -> [PHICandidate] {
        guard !gazetteer.isEmpty else { return [] }
        let starts = Set(found.map { Int(t.tokenAt[$0.start]) })
        var out: [PHICandidate] = []
        var queue = Array(starts)
        var seen = starts
        while let first = queue.popLast() {
            var j = first - 1
            guard j >= 1, t.isPunct(j, ",") || ["and", "&"].contains(t.lower(j)) || t.isPunct(j, "&"),
                  !t.tokens[first].lineBreakBefore, !t.tokens[j].lineBreakBefore else { continue }
            j -= 1
            let w = t.lower(j)
            guard t.isCapitalised(j), !seen.contains(j), !inCompound(j), !eponyms.contains(w), !isEponym(after: j),
                  !NameLexicon.notNames.contains(w), !NameLexicon.functionWords.contains(w), !NameLexicon.titles.contains(w),
                  !NameLexicon.countriesAndStates.contains(w), !NameLexicon.populationWords.contains(w),
                  !NameLexicon.laboratoryWords.contains(w), DateRecognizer.months[w] == nil, DateRecognizer.weekdays[w] == nil,
                  gazetteer.givenNames.contains(w) || gazetteer.familyNames.contains(w) || nameShaped(j) else { continue }
            out.append(PHICandidate(start: t.tokens[j].start, end: t.tokens[j].end, category: .name, rule: "list_name",
                                    replacement: "[NAME]", priority: 44))
            seen.insert(j)
            queue.append(j)
        }
        return out
    }

    // MARK: - Gazetteer

    /// Capitalised words that this text uses as eponyms ("Noonan" when "Noonan syndrome" occurs anywhere in it).
    func documentEponyms() -> Set<String> {
        var out = Set<String>()
        for k in t.tokens.indices where t.isCapitalised(k) && isEponym(after: k) { out.insert(t.lower(k)) }
        return out
    }

    /// A person's name found with the Census lists, with the rule name.
    func gazetteerName(at k: Int, eponyms: Set<String>) -> (Int, Int, String)? {
        guard !gazetteer.isEmpty, t.isCapitalised(k), !inCompound(k) else { return nil }
        let w = t.lower(k)
        if eponyms.contains(w) || isEponym(after: k) { return nil }
        // "Tanner III", "Clark IV": a staging eponym before a Roman numeral.
        if k + 1 < t.tokens.count, t.isAllCaps(k + 1, minimum: 1), t.tokens[k + 1].length <= 4,
           t.s[t.tokens[k + 1].start..<t.tokens[k + 1].end].allSatisfy({ $0 == "I" || $0 == "V" || $0 == "X" }) { return nil }
        // "Don't": a contraction, not a name.
        if t.isPunct(k + 1, "'") || t.isPunct(k + 1, "’"), t.lower(k + 2) == "t", t.touching(k, k + 1) { return nil }
        // A listed given name that is not a word or an eponym: "Carolina is", "Brad lives on …".
        if gazetteer.givenNames.contains(w) {
            return (k, nameSequence(from: k, strong: false) ?? k, "gazetteer_given")
        }
        // Any listed given name, or a word no HPO text uses, before a listed family name: "Marshall Jones",
        // "Rinaldo Arcuri", "Vinicius C. Barros".
        var j = k + 1
        if t.isInitial(j), t.isPunct(j + 1, "."), t.touching(j, j + 1) { j += 2 }
        if j < t.tokens.count, !t.tokens[j].lineBreakBefore, t.isCapitalised(j), !inCompound(j),
           gazetteer.familyNames.contains(t.lower(j)), !eponyms.contains(t.lower(j)), !isEponym(after: j),
           gazetteer.anyGivenNames.contains(w) && !NameLexicon.notNames.contains(w) || unknownWord(k) && !capitalisedNext(j) {
            return (k, max(j, nameSequence(from: k, strong: false) ?? j), "gazetteer_family")
        }
        // A word no HPO text uses, a middle initial and a capitalised word: "Khatu S. Barsukov".
        if unknownWord(k), t.isInitial(k + 1), t.isPunct(k + 2, "."), t.touching(k + 1, k + 2), !t.tokens[k + 1].lineBreakBefore,
           k + 3 < t.tokens.count, !t.tokens[k + 3].lineBreakBefore, unknownWord(k + 3) || gazetteer.familyNames.contains(t.lower(k + 3)),
           !isEponym(after: k + 3) {
            return (k, max(k + 3, nameSequence(from: k, strong: false) ?? k + 3), "gazetteer_initial")
        }
        // Two capitalised words no HPO text uses, one with letters beyond ASCII: "Petr Přecechtěl", "Berta Szöllössy".
        j = k + 1
        if t.isInitial(j), t.isPunct(j + 1, "."), t.touching(j, j + 1) { j += 2 }
        if j < t.tokens.count, !t.tokens[j].lineBreakBefore, t.tokens[j].spaceBefore, t.isCapitalised(j), !inCompound(j),
           unknownWord(k), unknownWord(j), !eponyms.contains(t.lower(j)), !isEponym(after: j), beyondASCII(k) || beyondASCII(j) {
            return (k, max(j, nameSequence(from: k, strong: false) ?? j), "gazetteer_foreign")
        }
        return nil
    }

    /// Capitalised, and neither an HPO/disease word, a built-in non-name word, a month, a weekday nor a place.
    func unknownWord(_ k: Int) -> Bool {
        guard t.isCapitalised(k) else { return false }
        let w = t.lower(k)
        // Adverbs ("Herein", "Interestingly") and abbreviations with inner capitals ("ChAc", "HiSeq"; not "McKay").
        if w.hasSuffix("ly") && w.unicodeScalars.count > 5 || NameLexicon.populationWords.contains(w) { return false }
        let token = t.tokens[k]
        let mcName = t.s[token.start + 1] == "c" || w.hasPrefix("mac")   // "McKay", "MacLeod"; not "MCPPs"
        if !mcName, t.s[(token.start + 1)..<token.end].contains(where: { $0.properties.isUppercase }) {
            return false
        }
        return !gazetteer.vocabulary.contains(w) && !NameLexicon.notNames.contains(w) && !NameLexicon.functionWords.contains(w)
            && !NameLexicon.wordGivenNames.contains(w) && !NameLexicon.titles.contains(w) && !NameLexicon.eponymHeads.contains(w)
            && !NameLexicon.countriesAndStates.contains(w) && DateRecognizer.months[w] == nil && DateRecognizer.weekdays[w] == nil
            && !NameLexicon.personContexts.contains(w) && !NameLexicon.nameLabels.contains(w)
    }

    /// A later part of a hyphenated or slashed compound ("Lemli" in "Smith-Lemli-Opitz", "Neu" in "HER2/Neu").
    func inCompound(_ k: Int) -> Bool {
        k > 0 && t.touching(k - 1, k) && (t.isPunct(k - 1, "-") || t.isPunct(k - 1, "/") || t.isPunct(k - 1, "–")
                                          || t.tokens[k - 1].kind != .punct)
    }

    /// Another capitalised word follows token `j` on the same line ("Lawnscape Garden Maintenance": a firm).
    private func capitalisedNext(_ j: Int) -> Bool {
        j + 1 < t.tokens.count && !t.tokens[j + 1].lineBreakBefore && t.tokens[j + 1].spaceBefore
            && (t.isCapitalised(j + 1) || t.isAllCaps(j + 1))
    }

    /// A sentence starts at token `k` (start of text or line, or after ". ! ? :" and a space).
    func sentenceStart(_ k: Int) -> Bool {
        k == 0 || t.tokens[k].lineBreakBefore || t.isPunct(k - 1, ".") || t.isPunct(k - 1, "!") || t.isPunct(k - 1, "?")
            || t.isPunct(k - 1, ":") || t.isPunct(k - 1, "\"")
    }

    private func beyondASCII(_ k: Int) -> Bool {
        t.s[t.tokens[k].start..<t.tokens[k].end].contains { $0.value > 127 }
    }
}
