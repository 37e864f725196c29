/// Addresses written the continental way: "Hunzepad 139, Culemborg 4105 GX", "Kooli 83, Urevere 78120",
/// "ul. Saturna 91, Białystok 15-680", "Tavcarjeva 25, Škofije 6281": a street with its house number, then the
/// town with a postcode (3 to 5 digits, "NN-NNN", "NNNNN-NNN", "NNN NN", a Dutch "NNNN LL"). The postcode after
/// the town is what makes it an address; without it nothing here fires. Session 4, tuned on D-dev only.
extension LocationRecognizer {
    /// A street name (1 to 4 words, the first capitalised or an abbreviation such as "ul.") and a house number,
    /// when a town and a postcode follow; returns the first token and the house number.
    func streetBeforeTown(at k: Int) -> (Int, Int)? {
        guard t.tokens[k].kind == .alpha, t.isCapitalised(k) || t.isAllCaps(k) || ["ul", "u", "c"].contains(t.lower(k)),
              !(k > 0 && t.touching(k - 1, k) && !t.isPunct(k - 1, "/")), !NameLexicon.notNames.contains(t.lower(k)),
              !NameLexicon.geneticContext.contains(t.lower(k)) else { return nil }
        var j = k
        var words = 0
        while j < t.tokens.count, words < 5, t.tokens[j].kind == .alpha || t.isPunct(j, ".") || t.isPunct(j, "/")
                || t.isPunct(j, "-") && t.touching(j - 1, j) && t.touching(j, j + 1) {   // "Hans-Grade-Allee 18"
            if j > k, t.tokens[j].lineBreakBefore { return nil }
            if t.tokens[j].kind == .alpha { words += 1 }
            j += 1
        }
        guard words >= 1, j < t.tokens.count, !t.tokens[j].lineBreakBefore, t.tokens[j].spaceBefore,
              t.tokens[j].kind == .digits && t.tokens[j].length <= 4 || t.tokens[j].kind == .alnum && t.tokens[j].length <= 5 else { return nil }
        var number = j
        if t.isPunct(number + 1, "."), t.touching(number, number + 1) { number += 1 }   // "u. 52."
        guard townAndPostcode(after: number) != nil else { return nil }
        return (k, number)
    }

    /// ", Town 1234" after `last`: the town's last token, the postcode's first and last tokens.
    func townAndPostcode(after last: Int) -> (Int, Int, Int)? {
        var j = last + 1
        guard t.isPunct(j, ",") else { return nil }
        j += 1
        var words = 0, townEnd = -1
        while j < t.tokens.count, words < 4, !t.tokens[j].lineBreakBefore {
            // "O Saviñao": a one-letter article before the town's name.
            if t.isCapitalised(j) || t.isAllCaps(j) || words > 0 && NameLexicon.particles.contains(t.lower(j))
                || t.isInitial(j) && t.isCapitalised(j + 1) && !t.isPunct(j + 1, ".") {
                if NameLexicon.countriesAndStates.contains(t.lower(j)) || NameLexicon.notNames.contains(t.lower(j)) { return nil }
                townEnd = j
                words += 1
                j += 1
                // "Groot-Loon", "Saint-Étienne".
                if t.isPunct(j, "-"), t.touching(j - 1, j), t.touching(j, j + 1), t.tokens[j + 1].kind == .alpha { j += 1 }
                continue
            }
            break
        }
        guard words > 0, let codeEnd = postcode(at: j) else { return nil }
        return (townEnd, j, codeEnd)
    }

    /// A postcode starting at token `j`; its last token.
    func postcode(at j: Int) -> Int? {
        guard j < t.tokens.count, t.tokens[j].kind == .digits, (2...5).contains(t.tokens[j].length), t.tokens[j].spaceBefore else { return nil }
        var end = j
        if t.isPunct(j + 1, "-"), t.touching(j, j + 1), t.touching(j + 1, j + 2), j + 2 < t.tokens.count,
           t.tokens[j + 2].kind == .digits, (3...4).contains(t.tokens[j + 2].length) {
            end = j + 2                                                       // "12324-340", "5000-047", "03-346"
        } else if t.tokens[j].length == 2 {
            return nil
        } else if t.tokens[j].length == 3, j + 1 < t.tokens.count, t.tokens[j + 1].kind == .digits, t.tokens[j + 1].length == 2,
                  !t.tokens[j + 1].lineBreakBefore, t.tokens[j + 1].spaceBefore {
            end = j + 1                                                       // "937 90"
        } else if t.tokens[j].length == 4, j + 1 < t.tokens.count, t.isAllCaps(j + 1), t.tokens[j + 1].length == 2,
                  !t.tokens[j + 1].lineBreakBefore {
            end = j + 1                                                       // "4105 GX"
        }
        if end + 1 < t.tokens.count, t.touching(end, end + 1), t.tokens[end + 1].kind != .punct { return nil }
        return end
    }

    /// After "address:", "address is", "lives at", "located at": a house number and a street name without a
    /// suffix word ("lives at 762 Auerstrasse, Maischhausen", "his address: 1381 Gauselstraen").
    func streetAfterAddressWord(at k: Int) -> (Int, Int)? {
        guard k >= 1, t.tokens[k].kind == .digits, t.tokens[k].length <= 5, !t.tokens[k].lineBreakBefore else { return nil }
        var b = k - 1
        if t.isPunct(b, ":") || t.lower(b) == "is" { b -= 1 }
        let before = t.lower(b)
        guard before == "address" || before == "at" && ["lives", "living", "lived", "located", "resides", "residing", "based"].contains(t.lower(b - 1))
        else { return nil }
        var j = k + 1, last = -1, words = 0
        while j < t.tokens.count, words < 4, !t.tokens[j].lineBreakBefore, t.isCapitalised(j) || t.isAllCaps(j) || t.tokens[j].kind == .alpha && words > 0 && t.tokens[j].length <= 3 && !NameLexicon.functionWords.contains(t.lower(j)) || t.isPunct(j, ".") && words > 0 || t.tokens[j].kind == .alpha && t.s[t.tokens[j].start].value > 127 {
            if t.tokens[j].kind == .alpha { words += 1; last = j }
            j += 1
        }
        guard words > 0 else { return nil }
        return (k, last)
    }

    /// A postal address written over several lines, after a name line or a label:
    ///     1482 Kloosterhof          (house number and street, alone on its line)
    ///      Suite 213                (a unit line, optional)
    ///      Hank                     (the town)
    ///      Netherlands 4273 DX      (a country and/or a postcode, optional)
    /// Every line is an address span; a postcode is a ZIP span.
    func addressBlocks() -> [PHICandidate] {
        var out: [PHICandidate] = []
        var k = 0
        while k < t.tokens.count {
            // The first line starts the text's line or follows a label ("reported: 261 Avenida …"); a flat or unit
            // number may close it ("262 Devenish St Flat 308").
            guard t.tokens[k].lineBreakBefore || t.isPunct(k - 1, ":"), t.tokens[k].kind == .digits, t.tokens[k].length <= 5,
                  let end = lineEnd(k), end > k,
                  (k + 1...end).contains(where: { t.isCapitalised($0) || t.isAllCaps($0) || t.s[t.tokens[$0].start].value > 127 }),
                  !(k + 1...end).contains(where: { t.tokens[$0].kind == .digits && t.tokens[$0].length > 2 && !Self.unitWords.contains(t.lower($0 - 1)) }),
                  let next = lineEnd(end + 1).map({ (end + 1, $0) }), lineIsUnitOrTown(next.0, next.1) else { k += 1; continue }
            out.append(span(k, end, .address))
            var line = next
            var lines = 0
            while lines < 4 {
                let (a, b) = line
                if lineIsUnitOrTown(a, b) {
                    out.append(span(a, b, .address))
                } else if let code = (a...b).first(where: { t.tokens[$0].kind == .digits && postcodeClosesLine($0, b) }) {
                    if code > a, !(a..<code).allSatisfy({ NameLexicon.countriesAndStates.contains(t.lower($0)) || t.tokens[$0].kind == .punct || t.isCapitalised($0) }) { break }
                    out.append(span(code, postcode(at: code) ?? code, .zip))
                    line = (b + 1, b + 1)
                    break
                } else if a == b, t.tokens[a].kind == .digits, (3...5).contains(t.tokens[a].length) {
                    out.append(span(a, b, .zip))
                    break
                } else if !(a == b && t.isAllCaps(a)) {
                    break   // a two-letter region code line ("SJ") is skipped
                }
                guard let e = lineEnd(b + 1) else { break }
                line = (b + 1, e)
                lines += 1
            }
            k = max(k + 1, line.0)
        }
        return out
    }

    /// A postcode at `code` that ends the line `…b`, or is followed by ".", "," or ";" ("Netherlands 4273 DX. Proband …").
    private func postcodeClosesLine(_ code: Int, _ b: Int) -> Bool {
        guard let end = postcode(at: code) else { return false }
        return end == b || t.isPunct(end + 1, ".") || t.isPunct(end + 1, ",") || t.isPunct(end + 1, ";")
    }

    /// The last token on the line that starts at token `a`, or nil past the end.
    private func lineEnd(_ a: Int) -> Int? {
        guard a < t.tokens.count else { return nil }
        var b = a
        while b + 1 < t.tokens.count, !t.tokens[b + 1].lineBreakBefore { b += 1 }
        return b
    }

    /// "Suite 213", "Flat 308", "Apt. 253" or a town of one to three capitalised or all-caps words (not a country).
    private func lineIsUnitOrTown(_ a: Int, _ b: Int) -> Bool {
        let w = t.lower(a)
        if w == "flat" || Self.unitWords.contains(w), b <= a + 3, t.tokens[b].kind == .digits || t.tokens[b].kind == .alnum { return true }
        guard b - a <= 3 else { return false }
        return (a...b).allSatisfy {
            (t.isCapitalised($0) || t.isAllCaps($0, minimum: 3) || t.isPunct($0, "-") || t.isInitial($0) && $0 > a)
                && !NameLexicon.countriesAndStates.contains(t.lower($0)) && !NameLexicon.notNames.contains(t.lower($0))
        }
    }

    private func span(_ a: Int, _ b: Int, _ category: PHICategory) -> PHICandidate {
        PHICandidate(start: t.tokens[a].start, end: t.tokens[b].end, category: category, rule: category == .zip ? "postcode_block" : "address_block",
                     replacement: category == .zip ? "[ZIP]" : "[ADDRESS]", priority: category == .zip ? 50 : 55)
    }
}
