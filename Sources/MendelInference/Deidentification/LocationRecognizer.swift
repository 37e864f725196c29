/// Street addresses, P.O. boxes, the city of a residence and ZIP codes (Safe Harbor: the first three
/// digits are kept unless the three-digit area holds 20,000 people or fewer, then "000").
struct LocationRecognizer {
    let t: DeidText

    static let streetSuffixes: Set<String> = [
        "street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court",
        "ct", "way", "place", "pl", "terrace", "ter", "circle", "cir", "highway", "hwy", "parkway", "pkwy", "square",
        "sq", "trail", "trl", "crescent", "close", "row", "mews", "grove", "gardens", "park", "alley", "path", "pike",
        "plaza", "loop", "run", "walk", "hill",
    ]
    static let streetWordSuffixes = ["straße", "strasse", "str", "weg", "gasse", "platz", "allee", "ring", "damm", "ufer", "laan", "straat", "gracht", "vej", "gatan", "vägen"]
    static let streetPrefixes: Set<String> = ["rue", "via", "calle", "avenida", "avenue", "boulevard", "place", "rua", "viale", "piazza", "corso", "chemin", "carrer", "ulica"]
    static let unitWords: Set<String> = ["apt", "apartment", "unit", "suite", "ste", "floor", "fl", "room", "rm", "bldg", "building", "flat"]
    static let directions: Set<String> = ["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"]
    static let residenceVerbs: [[String]] = [
        ["lives", "in"], ["living", "in"], ["resides", "in"], ["residing", "in"], ["moved", "to"], ["relocated", "to"],
        ["lives", "near"], ["home", "in"], ["resident", "of"], ["born", "in"], ["grew", "up", "in"], ["lived", "in"],
    ]
    static let residenceAdverbs: Set<String> = ["alone", "locally", "now", "currently", "still", "nearby", "independently", "together"]
    /// "transferred from Castlebrook General": the town in a hospital's name.
    static let hospitalWords: Set<String> = ["general", "infirmary", "memorial", "district", "community"]
    static let transferVerbs: Set<String> = ["transferred", "transfer", "admitted", "readmitted", "discharged", "referred", "moved", "returned"]
    /// Three-digit ZIP areas with 20,000 or fewer people (2000 census; HHS Safe Harbor guidance).
    static let restrictedZIP3: Set<String> = ["036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830",
                                              "831", "878", "879", "884", "890", "893"]

    func candidates() -> [PHICandidate] {
        var out: [PHICandidate] = []
        var k = 0
        while k < t.tokens.count {
            if let (first, last) = residence(at: k) ?? unitThenStreet(at: k) ?? streetAt(k) ?? poBox(at: k).map({ (k, $0) })
                ?? streetBeforeTown(at: k) ?? streetAfterAddressWord(at: k) {
                var (span, zip) = extendWithCity(last)
                var zipEnd = zip
                if zip == nil, let (town, code, codeEnd) = townAndPostcode(after: last) {
                    span = town
                    zip = code
                    zipEnd = codeEnd
                } else if zip == nil, span > last, let codeEnd = postcode(at: span + 1) ?? canadianPostcode(at: span + 1) {
                    // ", Jacareí 12324-340", ", Oshawa L1H 1A8": the town's postcode in another country's form.
                    zip = span + 1
                    zipEnd = codeEnd
                }
                out.append(PHICandidate(start: t.tokens[first].start, end: t.tokens[span].end, category: .address,
                                        rule: "address", replacement: "[ADDRESS]", priority: 55))
                if let zip, let zipEnd {
                    out.append(zipEnd == zip ? zipCandidate(zip, rule: "zip_address")
                               : PHICandidate(start: t.tokens[zip].start, end: t.tokens[zipEnd].end, category: .zip,
                                              rule: "postcode_address", replacement: "[ZIP]", priority: 50))
                }
                k = max(span, zipEnd ?? span) + 1
                continue
            }
            if let end = ukPostcode(at: k) {
                out.append(PHICandidate(start: t.tokens[k].start, end: t.tokens[end].end, category: .zip, rule: "postcode",
                                        replacement: ukPostcodeReplacement(k), priority: 50))
                k = end + 1
                continue
            }
            if let zip = zipAfterStateOrLabel(k) {
                out.append(zipCandidate(zip, rule: "zip"))
                k = zip + 1
                continue
            }
            // Other countries' forms after the label (a US ZIP above keeps its first three digits).
            if let (first, end) = labelledPostcode(at: k) ?? canadianPostcode(at: k).map({ (k, $0) }) {
                out.append(PHICandidate(start: t.tokens[first].start, end: t.tokens[end].end, category: .zip, rule: "postcode_label",
                                        replacement: "[ZIP]", priority: 50))
                k = end + 1
                continue
            }
            k += 1
        }
        return out + addressBlocks() + namedStreets() + labelledPlaces() + capitalTowns()
    }

    // MARK: - ZIP

    private func zipCandidate(_ k: Int, rule: String) -> PHICandidate {
        let text = t.text(k)
        let zip3 = String(text.prefix(3))
        var end = t.tokens[k].end
        // ZIP+4.
        if t.isPunct(k + 1, "-"), t.touching(k, k + 1), k + 2 < t.tokens.count, t.tokens[k + 2].kind == .digits,
           (3...4).contains(t.tokens[k + 2].length) { end = t.tokens[k + 2].end }   // ZIP+4, Brazilian "12324-340"
        return PHICandidate(start: t.tokens[k].start, end: end, category: .zip, rule: rule,
                            replacement: (Self.restrictedZIP3.contains(zip3) ? "000" : zip3) + "XX", priority: 50)
    }

    private func isZIP(_ k: Int) -> Bool {
        k < t.tokens.count && t.tokens[k].kind == .digits && t.tokens[k].length == 5
            && !(k + 1 < t.tokens.count && t.touching(k, k + 1) && t.tokens[k + 1].kind != .punct)
            && !(k > 0 && t.touching(k - 1, k) && t.tokens[k - 1].kind != .punct)
    }

    /// "MA 02115", "Boston, MA 02115-1234", "ZIP: 02115", "zip code 90210".
    private func zipAfterStateOrLabel(_ k: Int) -> Int? {
        let w = t.lower(k)
        if w == "zip" || w == "postcode" || w == "plz" || (w == "postal" && t.lower(k + 1) == "code") {
            var j = k + 1
            if t.lower(j) == "code" { j += 1 }
            if t.isPunct(j, ":") || t.isPunct(j, "#") { j += 1 }
            return isZIP(j) ? j : nil
        }
        if t.tokens[k].kind == .alpha, t.tokens[k].length == 2, NameLexicon.usStateCodes.contains(t.text(k)), isZIP(k + 1) {
            return k + 1
        }
        return nil
    }

    /// The town before "General", "Infirmary" … after "transferred from/to", "admitted to/at": the hospital's
    /// town says where the patient lives ("transferred from Castlebrook General").
    func hospitalTowns() -> [PHICandidate] {
        var out: [PHICandidate] = []
        for k in t.tokens.indices where ["from", "to", "at"].contains(t.lower(k)) && Self.transferVerbs.contains(t.lower(k - 1)) {
            var j = k + 1
            var end: Int?
            while j < t.tokens.count, j < k + 4, t.isCapitalised(j), !Self.hospitalWords.contains(t.lower(j)) {
                let w = t.lower(j)
                if NameLexicon.countriesAndStates.contains(w) || DateRecognizer.months[w] != nil || NameLexicon.notNames.contains(w) { end = nil; break }
                end = j
                j += 1
            }
            guard let end, Self.hospitalWords.contains(t.lower(end + 1)), t.isCapitalised(end + 1) else { continue }
            out.append(PHICandidate(start: t.tokens[k + 1].start, end: t.tokens[end].end, category: .address,
                                    rule: "hospital_town", replacement: "[ADDRESS]", priority: 55))
        }
        return out
    }

    // MARK: - A person's place

    /// The town after a person's name and "in"/"from": "her uncle Rafael Osei in Castlebrook has …". Countries,
    /// states, months, departments and other listed non-names stay.
    func places(after names: [PHICandidate]) -> [PHICandidate] {
        var out: [PHICandidate] = []
        for name in names where name.end > name.start && name.end <= t.s.count {
            let last = Int(t.tokenAt[name.end - 1])
            guard last >= 0, ["in", "from"].contains(t.lower(last + 1)) else { continue }
            var j = last + 2
            var end: Int?
            while j < t.tokens.count, j < last + 5, t.isCapitalised(j), !t.tokens[j].lineBreakBefore {
                let w = t.lower(j)
                if NameLexicon.countriesAndStates.contains(w) || DateRecognizer.months[w] != nil || NameLexicon.notNames.contains(w)
                    || NameLexicon.eponymHeads.contains(w) { break }
                end = j
                j += 1
            }
            guard let end, !NameLexicon.eponymHeads.contains(t.lower(end + 1)) else { continue }
            out.append(PHICandidate(start: t.tokens[last + 2].start, end: t.tokens[end].end, category: .address,
                                    rule: "person_place", replacement: "[ADDRESS]", priority: 55))
        }
        return out
    }

    // MARK: - UK postcodes

    /// "EH13 1AU", "M3 1EL", "SW1A 2AA": outward code (area letters, district digits, optional letter) and
    /// inward code (a digit and two letters); returns the last token.
    func ukPostcode(at k: Int) -> Int? {
        guard k + 1 < t.tokens.count, t.tokens[k].kind == .alnum, t.tokens[k].length >= 2, t.tokens[k].length <= 4,
              t.tokens[k + 1].kind == .alnum, t.tokens[k + 1].length == 3, t.tokens[k + 1].spaceBefore,
              !t.tokens[k + 1].lineBreakBefore, !(k > 0 && t.touching(k - 1, k)),
              !(k + 2 < t.tokens.count && t.touching(k + 1, k + 2) && !t.isPunct(k + 2, ",") && !t.isPunct(k + 2, ".")
                && !t.isPunct(k + 2, ";") && !t.isPunct(k + 2, ")")) else { return nil }
        let outward = Array(t.s[t.tokens[k].start..<t.tokens[k].end])
        let inward = Array(t.s[t.tokens[k + 1].start..<t.tokens[k + 1].end])
        func upper(_ c: Unicode.Scalar) -> Bool { c.value >= 65 && c.value <= 90 }
        var i = 0
        while i < outward.count, upper(outward[i]) { i += 1 }
        guard i == 1 || i == 2 else { return nil }
        var d = i
        while d < outward.count, DeidText.isDigit(outward[d]) { d += 1 }
        guard d - i == 1 || d - i == 2, d == outward.count || (d == outward.count - 1 && upper(outward[d])) else { return nil }
        let inwardLetters = "ABDEFGHJLNPQRSTUWXYZ".unicodeScalars
        guard DeidText.isDigit(inward[0]), inwardLetters.contains(inward[1]), inwardLetters.contains(inward[2]) else { return nil }
        return k + 1
    }

    /// The postcode area is kept ("EH13 1AU" → "EH## ###"), like the first digits of a ZIP.
    private func ukPostcodeReplacement(_ k: Int) -> String {
        let area = t.text(k).unicodeScalars.prefix { $0.value >= 65 && $0.value <= 90 }
        return String(String.UnicodeScalarView(area)) + "## ###"
    }

    // MARK: - Streets

    /// A street starting at `k`: "12 Main Street", "Hauptstraße 12", "Rue Oberkampf 3", "235 Rue Oberkampf".
    private func streetAt(_ k: Int) -> (Int, Int)? {
        if let last = street(at: k) ?? europeanStreet(at: k) { return (k, last) }
        if t.tokens[k].kind == .digits || t.tokens[k].kind == .alnum, t.tokens[k].length <= 5, !(k > 0 && t.touching(k - 1, k)),
           k + 1 < t.tokens.count, Self.streetPrefixes.contains(t.lower(k + 1)), let last = europeanStreet(at: k + 1) {
            return (k, last)
        }
        return nil
    }

    /// A flat or unit before the street: "Flat 3, 27 Kingsley Road", "Apt 4B, 221 Orchard Way".
    private func unitThenStreet(at k: Int) -> (Int, Int)? {
        let w = t.lower(k)
        guard w == "flat" || Self.unitWords.contains(w), t.isCapitalised(k) || t.isAllCaps(k) else { return nil }
        var j = k + 1
        if t.isPunct(j, "."), t.touching(k, j) { j += 1 }
        if t.isPunct(j, "#") { j += 1 }
        guard j < t.tokens.count, t.tokens[j].kind == .digits || t.tokens[j].kind == .alnum, t.tokens[j].length <= 4 else { return nil }
        j += 1
        if t.isPunct(j, ",") { j += 1 }
        guard j < t.tokens.count, let (_, last) = streetAt(j) else { return nil }
        return (k, last)
    }

    /// "123 Main Street", "45B Elm St.", "1600 N. Oak Avenue, Apt 4B".
    private func street(at k: Int) -> Int? {
        guard t.tokens[k].kind == .digits || (t.tokens[k].kind == .alnum && t.tokens[k].length <= 6),
              t.tokens[k].length <= 6, !(k > 0 && t.touching(k - 1, k)) else { return nil }
        var j = k + 1
        if t.isPunct(j, "-"), t.touching(k, j), j + 1 < t.tokens.count, t.tokens[j + 1].kind == .digits { j += 2 }  // "12-14"
        if Self.directions.contains(t.lower(j)), t.isCapitalised(j) || t.isAllCaps(j, minimum: 1) {
            j += 1
            if t.isPunct(j, ".") { j += 1 }
        }
        var words = 0
        while j < t.tokens.count, words < 4 {
            let w = t.lower(j)
            if words > 0, Self.streetSuffixes.contains(w), t.isCapitalised(j) || t.isAllCaps(j, minimum: 2) {
                var last = j
                if t.isPunct(j + 1, "."), t.touching(j, j + 1) { last = j + 1 }
                return unit(after: last)
            }
            guard t.isCapitalised(j) || (t.tokens[j].kind == .alnum && words == 0) || t.isAllCaps(j, minimum: 3) else { return nil }
            words += 1
            j += 1
        }
        return nil
    }

    /// ", Apt 4B", " Suite 200", " #12".
    private func unit(after last: Int) -> Int {
        var j = last + 1
        if t.isPunct(j, ",") { j += 1 }
        if Self.unitWords.contains(t.lower(j)) {
            var k = j + 1
            if t.isPunct(k, "."), t.touching(j, k) { k += 1 }
            if t.isPunct(k, "#") { k += 1 }
            if k < t.tokens.count, t.tokens[k].kind != .punct { return k }
        } else if t.isPunct(j, "#"), j + 1 < t.tokens.count, t.tokens[j + 1].kind != .punct {
            return j + 1
        }
        return last
    }

    /// "PO Box 1234", "P.O. Box 77".
    private func poBox(at k: Int) -> Int? {
        var j = k
        if t.lower(j) == "po" { j += 1 } else if t.lower(j) == "p", t.isPunct(j + 1, "."), t.lower(j + 2) == "o" {
            j += 3
            if t.isPunct(j, ".") { j += 1 }
        } else { return nil }
        guard t.lower(j) == "box", j + 1 < t.tokens.count, t.tokens[j + 1].kind == .digits else { return nil }
        return j + 1
    }

    /// "Hauptstraße 12", "Bahnhofstr. 5a", "Rue de Rivoli 12", "12 rue de la Paix", "Via Roma 3".
    private func europeanStreet(at k: Int) -> Int? {
        let w = t.lower(k)
        if t.tokens[k].kind == .alpha, t.isCapitalised(k), Self.streetWordSuffixes.contains(where: { w.hasSuffix($0) && w.count > $0.count + 2 }) {
            var j = k + 1
            if t.isPunct(j, "."), t.touching(k, j) { j += 1 }
            if j < t.tokens.count, t.tokens[j].kind == .digits || t.tokens[j].kind == .alnum, t.tokens[j].length <= 4 { return j }
        }
        if Self.streetPrefixes.contains(w), t.isCapitalised(k) || (k > 0 && t.tokens[k - 1].kind == .digits) {
            var j = k + 1
            var words = 0
            while j < t.tokens.count, words < 4, t.isCapitalised(j) || NameLexicon.particles.contains(t.lower(j)) {
                j += 1
                words += 1
            }
            guard words > 0 else { return nil }
            if j < t.tokens.count, t.tokens[j].kind == .digits, t.tokens[j].length <= 4 { return j }
            if k > 0, t.tokens[k - 1].kind == .digits { return j - 1 }
        }
        return nil
    }

    /// The city of a residence: "lives in Springfield", "moved to Port Harlow". Countries and states stay.
    private func residence(at k: Int) -> (Int, Int)? {
        for phrase in Self.residenceVerbs {
            var j = k
            var ok = true
            for (index, word) in phrase.enumerated() {
                // "lives alone in", "now living locally in": one adverb between the verb and the preposition.
                if index == 1, Self.residenceAdverbs.contains(t.lower(j)), t.lower(j + 1) == word { j += 1 }
                if t.lower(j) == word { j += 1 } else { ok = false; break }
            }
            guard ok else { continue }
            let first = j
            var last: Int?
            var words = 0
            while j < t.tokens.count, words < 3, t.isCapitalised(j) || t.isAllCaps(j, minimum: 3) && !t.tokens[j].lineBreakBefore {
                let w = t.lower(j)
                if NameLexicon.countriesAndStates.contains(w) || DateRecognizer.months[w] != nil || NameLexicon.notNames.contains(w) { break }
                last = j
                words += 1
                j += 1
            }
            // The match starts at the city, not at the verb.
            if let last { return (first, last) }
        }
        return nil
    }

    /// ", Springfield, IL 62704": the city and the ZIP after a street (the state stays).
    private func extendWithCity(_ last: Int) -> (Int, Int?) {
        var j = last + 1
        var end = last
        if t.isPunct(j, ",") || (t.lower(j) == "in" && t.isCapitalised(j + 1) && !NameLexicon.countriesAndStates.contains(t.lower(j + 1))) {
            var k = j + 1
            var words = 0
            // A state's name starts a city of several words: "Colorado Springs", "Kansas City".
            while k < t.tokens.count, words < 3, t.isCapitalised(k),
                  !NameLexicon.countriesAndStates.contains(t.lower(k)) || t.isCapitalised(k + 1) && !t.tokens[k + 1].lineBreakBefore {
                k += 1
                words += 1
            }
            if words > 0 { end = k - 1; j = k }
        }
        if t.isPunct(j, ",") { j += 1 }
        if t.tokens.indices.contains(j), t.tokens[j].kind == .alpha, NameLexicon.usStateCodes.contains(t.text(j)) { j += 1 }
        if isZIP(j) { return (end, j) }
        if j < t.tokens.count, ukPostcode(at: j) != nil { return (end, nil) }   // the postcode rule takes it
        return (end, nil)
    }
}
