/// Session 5 (tuned on the D-dev half of `Fixtures/phi-presidio` only): postcodes after a label in any country's
/// form, Canadian postcodes, streets named with a lower-case street word or a street abbreviation ("lives on
/// Clius street", "on ul. Ormiańska", "on C/ Domingo Beltrán"), places after a "Where:" label, and towns
/// written in capitals after "based in", "moved to", "city" or "University of".
extension LocationRecognizer {
    /// Verbs before "in"/"to" that make the next word a place.
    static let placeVerbs: Set<String> = [
        "based", "located", "lives", "living", "lived", "live", "moved", "moving", "move", "travelled", "traveled",
        "travel", "travelling", "traveling", "came", "come", "comes", "born", "raised", "situated", "headquartered",
        "resides", "residing", "stays", "staying", "visit", "visited", "relocated", "grew", "returned", "flew", "drove",
    ]

    /// "ZIP: 155", "My zip code is 83608-380", "postcode V8W 2H9": the label's first token and the code's last.
    func labelledPostcode(at k: Int) -> (Int, Int)? {
        let w = t.lower(k)
        guard w == "zip" || w == "postcode" || w == "plz" || w == "cep" || w == "postal" && ["code", "number"].contains(t.lower(k + 1))
        else { return nil }
        var j = k + 1
        if ["code", "number"].contains(t.lower(j)) { j += 1 }
        if t.isPunct(j, ":") || t.isPunct(j, "#") || t.lower(j) == "is" { j += 1 }
        if t.isPunct(j, ":") { j += 1 }
        guard j < t.tokens.count, !t.tokens[j].lineBreakBefore || t.isPunct(j - 1, ":") else { return nil }
        if let end = canadianPostcode(at: j) ?? ukPostcode(at: j) { return (j, end) }
        if t.tokens[j].kind == .digits, (3...6).contains(t.tokens[j].length) {
            var end = j
            if t.isPunct(j + 1, "-"), t.touching(j, j + 1), t.touching(j + 1, j + 2), j + 2 < t.tokens.count,
               t.tokens[j + 2].kind == .digits, (3...4).contains(t.tokens[j + 2].length) { end = j + 2 }
            if end + 1 < t.tokens.count, t.touching(end, end + 1), t.tokens[end + 1].kind != .punct { return nil }
            return (j, end)
        }
        return nil
    }

    /// "L1H 1A8", "V8W 2H9": letter-digit-letter, a space, digit-letter-digit (capitals); the last token.
    func canadianPostcode(at k: Int) -> Int? {
        guard k + 1 < t.tokens.count, t.tokens[k].kind == .alnum, t.tokens[k].length == 3, t.tokens[k + 1].kind == .alnum,
              t.tokens[k + 1].length == 3, t.tokens[k + 1].spaceBefore, !t.tokens[k + 1].lineBreakBefore,
              !(k > 0 && t.touching(k - 1, k)) else { return nil }
        if k + 2 < t.tokens.count, t.touching(k + 1, k + 2), t.tokens[k + 2].kind != .punct { return nil }
        let a = Array(t.s[t.tokens[k].start..<t.tokens[k].end]), b = Array(t.s[t.tokens[k + 1].start..<t.tokens[k + 1].end])
        func upper(_ c: Unicode.Scalar) -> Bool { c.value >= 65 && c.value <= 90 }
        guard upper(a[0]), DeidText.isDigit(a[1]), upper(a[2]), DeidText.isDigit(b[0]), upper(b[1]), DeidText.isDigit(b[2]) else { return nil }
        return k + 1
    }

    /// "lives on Clius street", "The bus station is on ul. Ormiańska", "on C/ Domingo Beltrán": after "on" or
    /// "at", a street abbreviation and a name, or capitalised words closed by a lower-case street word.
    func namedStreets() -> [PHICandidate] {
        var out: [PHICandidate] = []
        for k in t.tokens.indices where ["on", "at"].contains(t.lower(k)) && k + 1 < t.tokens.count && !t.tokens[k + 1].lineBreakBefore {
            var j = k + 1
            var abbreviation = false
            // "ul." (Polish), "C/" (Spanish), "Av." / "Avda." (Spanish, Portuguese), "u." (Hungarian, after the name).
            if ["ul", "av", "avda", "str", "bd", "bld"].contains(t.lower(j)), t.isPunct(j + 1, "."), t.touching(j, j + 1) { j += 2; abbreviation = true }
            else if t.lower(j) == "c", t.isPunct(j + 1, "/"), t.touching(j, j + 1) { j += 2; abbreviation = true }
            var last = -1, words = 0
            while j < t.tokens.count, words < 4, !t.tokens[j].lineBreakBefore, t.isCapitalised(j) || t.isAllCaps(j, minimum: 3)
                    || words > 0 && NameLexicon.particles.contains(t.lower(j)) {
                let w = t.lower(j)
                if NameLexicon.notNames.contains(w) || NameLexicon.countriesAndStates.contains(w) || DateRecognizer.months[w] != nil
                    || DateRecognizer.weekdays[w] != nil || NameLexicon.geneticContext.contains(w) { break }
                last = j
                words += 1
                j += 1
            }
            guard words > 0 else { continue }
            if !abbreviation {
                guard j < t.tokens.count, !t.tokens[j].lineBreakBefore, !t.isCapitalised(j),
                      Self.streetSuffixes.contains(t.lower(j)) || Self.streetWordSuffixes.contains(t.lower(j)) else { continue }
                last = j
            }
            out.append(PHICandidate(start: t.tokens[k + 1].start, end: t.tokens[last].end, category: .address,
                                    rule: "named_street", replacement: "[ADDRESS]", priority: 55))
        }
        return out
    }

    /// "Where: Kinuso Country Club", "Location: Olešnice na Morave": capitalised words after a place label at
    /// the start of a line (a country or state stays).
    func labelledPlaces() -> [PHICandidate] {
        var out: [PHICandidate] = []
        for k in t.tokens.indices where t.tokens[k].lineBreakBefore && ["where", "location", "venue", "place", "town", "city", "village"].contains(t.lower(k))
            && t.isPunct(k + 1, ":") {
            var j = k + 2, last = -1, words = 0
            while j < t.tokens.count, words < 5, !t.tokens[j].lineBreakBefore,
                  t.isCapitalised(j) || t.isAllCaps(j, minimum: 3) || words > 0 && NameLexicon.particles.contains(t.lower(j)) {
                let w = t.lower(j)
                if NameLexicon.countriesAndStates.contains(w) || NameLexicon.eponymHeads.contains(w) || NameLexicon.notNames.contains(w) { break }
                last = j
                words += 1
                j += 1
            }
            guard last >= 0 else { continue }
            out.append(PHICandidate(start: t.tokens[k + 2].start, end: t.tokens[last].end, category: .address,
                                    rule: "labelled_place", replacement: "[ADDRESS]", priority: 55))
        }
        return out
    }

    /// "based in BAKEBARE", "home city SANDNES", "University of SAUMUR": a town in capitals.
    /// Gene symbols are capitals too, so the word must be five or more letters with two vowels, stand outside a
    /// genetic context, and be no known word of the HPO texts (upper-cased words such as "CANCER" are headings).
    func capitalTowns() -> [PHICandidate] {
        var out: [PHICandidate] = []
        for k in t.tokens.indices where t.isAllCaps(k, minimum: 5) && !t.tokens[k].lineBreakBefore {
            // Disease acronyms are capitals too ("common in VACTERL association", "seen in CAEND"): "in"/"to" count
            // only after a verb of place ("based in", "moved to").
            let before = t.lower(k - 1)
            guard ["city", "town", "village"].contains(before) || before == "of" && ["university", "city", "town"].contains(t.lower(k - 2))
                || ["in", "to"].contains(before) && Self.placeVerbs.contains(t.lower(k - 2)) else { continue }
            let w = t.lower(k)
            let vowels = w.unicodeScalars.filter { "aeiouyáéíóúàèìòùäëïöüåøæ".unicodeScalars.contains($0) }.count
            guard vowels >= 2, !NameLexicon.countriesAndStates.contains(w), !NameLexicon.populationWords.contains(w),
                  !NameLexicon.notNames.contains(w), !NameLexicon.laboratoryWords.contains(w),
                  !(max(0, k - 4)...min(t.tokens.count - 1, k + 4)).contains(where: { NameLexicon.geneticContext.contains(t.lower($0)) }),
                  !(k + 1 < t.tokens.count && t.touching(k, k + 1) && t.tokens[k + 1].kind != .punct) else { continue }
            out.append(PHICandidate(start: t.tokens[k].start, end: t.tokens[k].end, category: .address, rule: "capital_town",
                                    replacement: "[ADDRESS]", priority: 55))
        }
        return out
    }
}
