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
    static let unitWords: Set<String> = ["apt", "apartment", "unit", "suite", "ste", "floor", "fl", "room", "rm", "bldg", "building"]
    static let directions: Set<String> = ["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"]
    static let residenceVerbs: [[String]] = [
        ["lives", "in"], ["living", "in"], ["resides", "in"], ["residing", "in"], ["moved", "to"], ["relocated", "to"],
        ["lives", "near"], ["home", "in"], ["resident", "of"], ["born", "in"], ["grew", "up", "in"], ["lived", "in"],
    ]
    /// Three-digit ZIP areas with 20,000 or fewer people (2000 census; HHS Safe Harbor guidance).
    static let restrictedZIP3: Set<String> = ["036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830",
                                              "831", "878", "879", "884", "890", "893"]

    func candidates() -> [PHICandidate] {
        var out: [PHICandidate] = []
        var k = 0
        while k < t.tokens.count {
            if let (first, last) = residence(at: k) ?? street(at: k).map({ (k, $0) }) ?? poBox(at: k).map({ (k, $0) })
                ?? europeanStreet(at: k).map({ (k, $0) }) {
                let (span, zip) = extendWithCity(last)
                out.append(PHICandidate(start: t.tokens[first].start, end: t.tokens[span].end, category: .address,
                                        rule: "address", replacement: "[ADDRESS]", priority: 55))
                if let zip { out.append(zipCandidate(zip, rule: "zip_address")) }
                k = max(span, zip ?? span) + 1
                continue
            }
            if let zip = zipAfterStateOrLabel(k) {
                out.append(zipCandidate(zip, rule: "zip"))
                k = zip + 1
                continue
            }
            k += 1
        }
        return out
    }

    // MARK: - ZIP

    private func zipCandidate(_ k: Int, rule: String) -> PHICandidate {
        let text = t.text(k)
        let zip3 = String(text.prefix(3))
        var end = t.tokens[k].end
        // ZIP+4.
        if t.isPunct(k + 1, "-"), t.touching(k, k + 1), k + 2 < t.tokens.count, t.tokens[k + 2].kind == .digits,
           t.tokens[k + 2].length == 4 { end = t.tokens[k + 2].end }
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

    // MARK: - Streets

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
            for word in phrase { if t.lower(j) == word { j += 1 } else { ok = false; break } }
            guard ok else { continue }
            let first = j
            var last: Int?
            var words = 0
            while j < t.tokens.count, words < 3, t.isCapitalised(j) {
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
            while k < t.tokens.count, words < 3, t.isCapitalised(k), !NameLexicon.countriesAndStates.contains(t.lower(k)) {
                k += 1
                words += 1
            }
            if words > 0 { end = k - 1; j = k }
        }
        if t.isPunct(j, ",") { j += 1 }
        if t.tokens.indices.contains(j), t.tokens[j].kind == .alpha, NameLexicon.usStateCodes.contains(t.text(j)) { j += 1 }
        if isZIP(j) { return (end, j) }
        return (end, nil)
    }
}
