/// Finds dates in the token stream and rewrites each in its own format, shifted by the patient's offset.
/// Years on their own are kept (Safe Harbor allows the year); everything more specific is shifted.
struct DateRecognizer {
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let weekdays: [String: Int] = [
        "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3, "thu": 3,
        "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
    ]
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    /// Reference year for dates written without one ("March 3rd"): not a leap year.
    static let referenceYear = 2001

    let t: DeidText
    let shiftDays: Int

    /// One component token to rewrite.
    enum Part {
        case day(Int), month(Int), year(Int), weekday(Int)
        /// The first day of a range written before the date ("12-14 March 2019").
        case rangeDay(Int)
        /// The day of an ISO date-time, glued to the time in one token ("19T13" in "2019-03-19T13:45").
        case dayBeforeTime(Int)
    }

    func candidates() -> [PHICandidate] {
        var out: [PHICandidate] = []
        var k = 0
        while k < t.tokens.count {
            if let (end, parts, rule) = numeric(k) ?? textualDayFirst(k) ?? textualMonthFirst(k) {
                let start = t.tokens[parts.map(\.0).min() ?? k].start
                let stop = t.tokens[end].end
                out.append(PHICandidate(start: start, end: stop, category: .date, rule: rule,
                                        replacement: rewrite(parts, from: start, to: stop), priority: 60))
                k = end + 1
                continue
            }
            k += 1
        }
        return out
    }

    // MARK: - Patterns (each returns the last token index, the component tokens and the rule name)

    typealias Match = (Int, [(Int, Part)], String)

    private func isSeparator(_ k: Int) -> Unicode.Scalar? {
        guard k < t.tokens.count, t.tokens[k].kind == .punct else { return nil }
        let c = t.s[t.tokens[k].start]
        return c == "/" || c == "-" || c == "." || c == "–" ? c : nil
    }

    private func year(_ k: Int, twoDigitAllowed: Bool) -> Int? {
        guard let v = t.digitsValue(k) else { return nil }
        let len = t.tokens[k].length
        if len == 4 { return v >= 1900 && v <= 2099 ? v : nil }
        if len == 2 && twoDigitAllowed { return v < 50 ? 2000 + v : 1900 + v }
        return nil
    }

    /// "12/03/2019", "2019-03-12", "3.12.19", "03/2019", "2019-03", "20190312".
    private func numeric(_ k: Int) -> Match? {
        let tokens = t.tokens
        guard tokens[k].kind == .digits else { return nil }
        // A number glued to letters or another separator before it is part of something else ("c.1203-12").
        if k > 0, t.touching(k - 1, k), tokens[k - 1].kind != .punct || isSeparator(k - 1) != nil
            || t.isPunct(k - 1, "_") || t.isPunct(k - 1, "+") { return nil }
        let len = tokens[k].length
        if len == 8, let v = t.digitsValue(k) {
            let y = v / 10000, m = (v / 100) % 100, d = v % 100
            if y >= 1900, y <= 2099, CivilDate.isValid(year: y, month: m, day: d), !gluedAfter(k) {
                return (k, [(k, .year(y))], "date.compact")   // rewritten whole below
            }
            return nil
        }
        guard let sep = isSeparator(k + 1), t.touching(k, k + 1), k + 2 < tokens.count, t.touching(k + 1, k + 2),
              tokens[k + 2].kind == .digits, let a = t.digitsValue(k), let b = t.digitsValue(k + 2) else { return nil }
        let lenB = tokens[k + 2].length
        // Three parts.
        if isSeparator(k + 3) == sep, t.touching(k + 2, k + 3), k + 4 < tokens.count, t.touching(k + 3, k + 4),
           tokens[k + 4].kind == .digits, let c = t.digitsValue(k + 4), !gluedAfter(k + 4) {
            let lenC = tokens[k + 4].length
            if len == 4, lenB <= 2, lenC <= 2, let y = year(k, twoDigitAllowed: false), CivilDate.isValid(year: y, month: b, day: c) {
                return (k + 4, [(k, .year(y)), (k + 2, .month(b)), (k + 4, .day(c))], "date.ymd")
            }
            guard len <= 2, lenB <= 2, let y = year(k + 4, twoDigitAllowed: true) else { return nil }
            _ = lenC
            let dayFirst = a > 12 || (b <= 12 && sep == ".")
            let (m, d) = dayFirst ? (b, a) : (a, b)
            guard CivilDate.isValid(year: y, month: m, day: d) else {
                if CivilDate.isValid(year: y, month: a, day: b) {
                    return (k + 4, [(k, .month(a)), (k + 2, .day(b)), (k + 4, .year(y))], "date.mdy")
                }
                return nil
            }
            return dayFirst ? (k + 4, [(k, .day(d)), (k + 2, .month(m)), (k + 4, .year(y))], "date.dmy")
                            : (k + 4, [(k, .month(m)), (k + 2, .day(d)), (k + 4, .year(y))], "date.mdy")
        }
        // ISO date-time: "2019-03-19T13:45" (the time of day is kept).
        if len == 4, sep == "-", lenB == 2, isSeparator(k + 3) == "-", t.touching(k + 2, k + 3), k + 4 < tokens.count,
           t.touching(k + 3, k + 4), tokens[k + 4].kind == .alnum, let d = isoDayBeforeTime(k + 4),
           let y = year(k, twoDigitAllowed: false), CivilDate.isValid(year: y, month: b, day: d) {
            // The span takes the minutes (and seconds) too, which stay as written.
            var end = k + 4
            while t.isPunct(end + 1, ":"), t.touching(end, end + 1), end + 2 < tokens.count, t.touching(end + 1, end + 2),
                  tokens[end + 2].kind == .digits, tokens[end + 2].length == 2 { end += 2 }
            return (end, [(k, .year(y)), (k + 2, .month(b)), (k + 4, .dayBeforeTime(d))], "date.iso_time")
        }
        if gluedAfter(k + 2) || (isSeparator(k + 3) != nil && t.touching(k + 2, k + 3) && k + 4 < tokens.count
                                 && t.touching(k + 3, k + 4) && tokens[k + 4].kind == .digits) { return nil }
        // Month and year: "03/2019", "3-2019", "2019-03".
        if len <= 2, lenB == 4, a >= 1, a <= 12, let y = year(k + 2, twoDigitAllowed: false), sep != "." {
            return (k + 2, [(k, .month(a)), (k + 2, .year(y))], "date.my")
        }
        if len == 4, lenB == 2, b >= 1, b <= 12, sep == "-" || sep == "/", let y = year(k, twoDigitAllowed: false) {
            return (k + 2, [(k, .year(y)), (k + 2, .month(b))], "date.ym")
        }
        return nil
    }

    /// The day of a token shaped "DDThh" (two digits, "T", two digits), or nil.
    private func isoDayBeforeTime(_ k: Int) -> Int? {
        let token = t.tokens[k]
        guard token.length == 5 else { return nil }
        let c = Array(t.s[token.start..<token.end])
        guard DeidText.isDigit(c[0]), DeidText.isDigit(c[1]), c[2] == "T", DeidText.isDigit(c[3]), DeidText.isDigit(c[4]) else { return nil }
        return Int(c[0].value - 48) * 10 + Int(c[1].value - 48)
    }

    /// The token after `k` continues a longer code ("2019-03-12-0045", "12/03/2019/7").
    private func gluedAfter(_ k: Int) -> Bool {
        guard k + 1 < t.tokens.count, t.touching(k, k + 1) else { return false }
        let next = t.tokens[k + 1]
        if next.kind != .punct { return true }
        if let _ = isSeparator(k + 1), k + 2 < t.tokens.count, t.touching(k + 1, k + 2), t.tokens[k + 2].kind != .punct { return true }
        return false
    }

    private func monthAt(_ k: Int) -> Int? {
        guard k >= 0, k < t.tokens.count, t.tokens[k].kind == .alpha else { return nil }
        guard t.isCapitalised(k) || t.isAllCaps(k, minimum: 3) else { return nil }
        return Self.months[t.lower(k)]
    }

    /// A day token: "3", "03", "3rd", "21st".
    private func dayAt(_ k: Int) -> Int? {
        guard k >= 0, k < t.tokens.count else { return nil }
        let token = t.tokens[k]
        if token.kind == .digits, token.length <= 2, let v = t.digitsValue(k), v >= 1, v <= 31 { return v }
        if token.kind == .alnum {
            let w = t.lower(k)
            for suffix in ["st", "nd", "rd", "th"] where w.hasSuffix(suffix) {
                if let v = Int(w.dropLast(2)), v >= 1, v <= 31, w.count <= 4 { return v }
            }
        }
        return nil
    }

    /// Optional weekday before a date: "Monday, 3 March 2019", "Mon 3/4". Returns its index.
    private func weekdayBefore(_ k: Int) -> Int? {
        var j = k - 1
        if t.isPunct(j, ",") { j -= 1 }
        guard j >= 0, t.tokens[j].kind == .alpha, t.isCapitalised(j) || t.isAllCaps(j, minimum: 3),
              Self.weekdays[t.lower(j)] != nil else { return nil }
        return j
    }

    /// "3 March 2019", "3rd of March, 2019", "12-Mar-2019", "12 MAR 19", "3 March".
    private func textualDayFirst(_ k: Int) -> Match? {
        guard let d = dayAt(k) else { return nil }
        if k > 0, t.touching(k - 1, k), t.tokens[k - 1].kind != .punct || t.isPunct(k - 1, ".") { return nil }
        var j = k + 1
        var hyphenated = false
        if t.isPunct(j, "-") || t.isPunct(j, "/"), t.touching(k, j) { hyphenated = true; j += 1 }
        if !hyphenated, t.lower(j) == "of" { j += 1 }
        guard let m = monthAt(j) else { return nil }
        var parts: [(Int, Part)] = [(k, .day(d)), (j, .month(m))]
        var last = j
        var y = j + 1
        if t.isPunct(y, "."), t.touching(j, y) { y += 1; last = j + 1 }
        if t.isPunct(y, "-") || t.isPunct(y, "/") || t.isPunct(y, ",") { y += 1 }
        if let yr = year(y, twoDigitAllowed: hyphenated || t.isPunct(y - 1, "-")), !gluedAfter(y) {
            parts.append((y, .year(yr)))
            last = y
        }
        guard CivilDate.isValid(year: yearOf(parts) ?? Self.referenceYear, month: m, day: d) else { return nil }
        if k >= 2, t.isPunct(k - 1, "-") || t.isPunct(k - 1, "–"), t.touching(k - 2, k - 1), t.touching(k - 1, k),
           let first = dayAt(k - 2), first < d {
            parts.insert((k - 2, .rangeDay(first)), at: 0)
        } else if let w = weekdayBefore(k) {
            parts.insert((w, .weekday(0)), at: 0)
        }
        return (last, parts, "date.text_dmy")
    }

    /// "March 3, 2019", "Mar. 3rd 2019", "March 2019", "Mar-2019", "Mar '19", "March 3rd".
    private func textualMonthFirst(_ k: Int) -> Match? {
        guard let m = monthAt(k) else { return nil }
        var j = k + 1
        if t.isPunct(j, "."), t.touching(k, j) { j += 1 }
        // Month and year.
        var sepJ = j
        if t.isPunct(sepJ, "-") || t.isPunct(sepJ, "/") || t.isPunct(sepJ, ",") { sepJ += 1 }
        if let y = year(sepJ, twoDigitAllowed: t.isPunct(sepJ - 1, "-") || t.isPunct(sepJ - 1, "/")), !gluedAfter(sepJ) {
            return (sepJ, [(k, .month(m)), (sepJ, .year(y))], "date.text_my")
        }
        if t.isPunct(j, "'"), let v = t.digitsValue(j + 1), t.tokens[j + 1].length == 2 {
            return (j + 1, [(k, .month(m)), (j + 1, .year(v < 50 ? 2000 + v : 1900 + v))], "date.text_my")
        }
        // Month, day[, year].
        guard let d = dayAt(j), !(t.tokens[j].kind == .digits && t.touching(j, j + 1) && !t.isPunct(j + 1, ",") && !t.isPunct(j + 1, ".")) else { return nil }
        var parts: [(Int, Part)] = [(k, .month(m)), (j, .day(d))]
        var last = j
        var y = j + 1
        if t.isPunct(y, ",") { y += 1 }
        if let yr = year(y, twoDigitAllowed: false), !gluedAfter(y) {
            parts.append((y, .year(yr)))
            last = y
        }
        guard CivilDate.isValid(year: yearOf(parts) ?? Self.referenceYear, month: m, day: d) else { return nil }
        if let w = weekdayBefore(k) { parts.insert((w, .weekday(0)), at: 0) }
        return (last, parts, "date.text_mdy")
    }

    private func yearOf(_ parts: [(Int, Part)]) -> Int? {
        for (_, p) in parts { if case .year(let y) = p { return y } }
        return nil
    }

    // MARK: - Rewriting

    /// The original span with each component token replaced by the shifted value in the same style.
    private func rewrite(_ parts: [(Int, Part)], from start: Int, to end: Int) -> String {
        var year: Int?, month: Int?, day: Int?
        for (_, p) in parts {
            switch p {
            case .year(let y): year = y
            case .month(let m): month = m
            case .day(let d), .dayBeforeTime(let d): day = d
            case .weekday, .rangeDay: break
            }
        }
        // Compact "20190312": one token holds the whole date.
        if parts.count == 1, case .year = parts[0].1, let v = t.digitsValue(parts[0].0) {
            let shifted = CivilDate(year: v / 10000, month: (v / 100) % 100, day: v % 100).adding(days: shiftDays)
            return pad(shifted.year, 4) + pad(shifted.month, 2) + pad(shifted.day, 2)
        }
        guard let m = month else { return t.string(start, end) }
        let shifted: CivilDate
        let hasDay = day != nil
        if let d = day {
            shifted = CivilDate(year: year ?? Self.referenceYear, month: m, day: d).adding(days: shiftDays)
        } else {
            // Month precision: shift the middle of the month.
            shifted = CivilDate(year: year ?? Self.referenceYear, month: m, day: 15).adding(days: shiftDays)
        }
        var out = ""
        var cursor = start
        for (index, part) in parts.sorted(by: { $0.0 < $1.0 }) {
            let token = t.tokens[index]
            out += t.string(cursor, token.start)
            let original = t.text(token)
            switch part {
            case .year:
                out += token.length == 2 ? pad(shifted.year % 100, 2) : String(shifted.year)
            case .month:
                out += token.kind == .digits ? pad(shifted.month, token.length) : monthWord(shifted.month, like: original)
            case .day:
                if token.kind == .digits {
                    out += pad(shifted.day, token.length)
                } else {
                    out += String(shifted.day) + ordinalSuffix(shifted.day, upper: original.last?.isUppercase == true)
                }
            case .dayBeforeTime:
                out += pad(shifted.day, 2) + original.dropFirst(2)
            case .rangeDay(let first):
                let start = CivilDate(year: year ?? Self.referenceYear, month: m, day: first).adding(days: shiftDays)
                out += token.kind == .digits ? pad(start.day, token.length) : String(start.day) + ordinalSuffix(start.day, upper: false)
            case .weekday:
                out += hasDay && year != nil ? styled(Self.weekdayNames[shifted.weekday], like: original, abbreviated: original.count <= 4)
                                             : original
            }
            cursor = token.end
        }
        out += t.string(cursor, end)
        return out
    }

    private func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private func ordinalSuffix(_ d: Int, upper: Bool) -> String {
        let s: String
        if (11...13).contains(d % 100) { s = "th" } else {
            switch d % 10 { case 1: s = "st"; case 2: s = "nd"; case 3: s = "rd"; default: s = "th" }
        }
        return upper ? s.uppercased() : s
    }

    private func monthWord(_ m: Int, like original: String) -> String {
        let full = Self.monthNames[m - 1]
        let abbreviated = original.count < 5 && original.lowercased() != "june" && original.lowercased() != "july"
            && original.lowercased() != "may"
        let sept = original.lowercased() == "sept"
        var word = abbreviated ? (m == 9 && sept ? "Sept" : String(full.prefix(3))) : full
        if original.count >= 3, original == original.uppercased() { word = word.uppercased() }
        return word
    }

    private func styled(_ name: String, like original: String, abbreviated: Bool) -> String {
        var word = abbreviated ? String(name.prefix(3)) : name
        if original.count >= 3, original == original.uppercased() { word = word.uppercased() }
        return word
    }
}
