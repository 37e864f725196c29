import MendelCore

/// Growth measurements stated as SD scores or percentiles ("head circumference < -3 SD",
/// "OFC 29.5 cm (<1st percentile)", "height +2.5 SD") mapped to the HPO growth terms.
/// Thresholds: ≤ −2 SD or ≤ 3rd percentile is low; ≥ +2 SD or ≥ 97th percentile is high.
enum MeasurementRules {
    struct Measure {
        var keyword: [String]
        var low: HPOTermID
        var high: HPOTermID
    }

    static let measures: [Measure] = [
        Measure(keyword: ["head", "circumference"], low: HPOTermID(number: 252), high: HPOTermID(number: 256)),
        Measure(keyword: ["ofc"], low: HPOTermID(number: 252), high: HPOTermID(number: 256)),
        Measure(keyword: ["hc"], low: HPOTermID(number: 252), high: HPOTermID(number: 256)),
        Measure(keyword: ["height"], low: HPOTermID(number: 4322), high: HPOTermID(number: 98)),
        Measure(keyword: ["stature"], low: HPOTermID(number: 4322), high: HPOTermID(number: 98)),
        Measure(keyword: ["length"], low: HPOTermID(number: 4322), high: HPOTermID(number: 98)),
        Measure(keyword: ["weight"], low: HPOTermID(number: 4325), high: HPOTermID(number: 4324)),
    ]

    static let below: Set<String> = ["<", "≤", "below", "under", "less", "lower", "beneath"]
    static let above: Set<String> = [">", "≥", "above", "over", "greater", "more", "higher", "exceeding"]
    static let minus: Set<String> = ["-", "−", "–", "minus"]
    static let percentileWords: Set<String> = ["percentile", "percentiles", "centile", "centiles", "pct", "p", "%"]
    static let sdWords: Set<String> = ["sd", "sds", "standard", "z"]

    struct Finding {
        var tokens: Range<Int>
        var term: HPOTermID
        var rule: String
    }

    /// Scans one sentence for measurements.
    static func findings(tokens: [Token], sentence: Range<Int>) -> [Finding] {
        var results: [Finding] = []
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            guard let measure = measures.first(where: { matches($0.keyword, tokens: tokens, at: i, end: sentence.upperBound) }) else {
                i += 1
                continue
            }
            let afterKeyword = i + measure.keyword.count
            let limit = min(sentence.upperBound, afterKeyword + 10)
            var comparator = 0  // -1 below, +1 above
            var negative = false
            var j = afterKeyword
            var found: Finding?
            while j < limit {
                let t = tokens[j]
                if t.lower == ";" || t.lower == "," && comparator == 0 && !negative && j > afterKeyword + 3 { break }
                if below.contains(t.lower) { comparator = -1 }
                if above.contains(t.lower) { comparator = 1 }
                if minus.contains(t.lower) { negative = true }
                if let value = leadingNumber(t.lower) {
                    let next = j + 1 < limit ? tokens[j + 1].lower : ""
                    if sdWords.contains(next) || t.lower.hasSuffix("sd") {
                        let sd = negative || comparator < 0 && value > 0 ? -value : value
                        if sd <= -2 { found = Finding(tokens: i..<(j + 2), term: measure.low, rule: "sd_score") }
                        if sd >= 2 && !negative && comparator >= 0 { found = Finding(tokens: i..<(j + 2), term: measure.high, rule: "sd_score") }
                        break
                    }
                    if percentileWords.contains(next) {
                        if value <= 3 && comparator <= 0 || comparator < 0 && value <= 5 {
                            found = Finding(tokens: i..<(j + 2), term: measure.low, rule: "percentile")
                        } else if value >= 97 && comparator >= 0 || comparator > 0 && value >= 95 {
                            found = Finding(tokens: i..<(j + 2), term: measure.high, rule: "percentile")
                        }
                        break
                    }
                }
                j += 1
            }
            if let found { results.append(found); i = found.tokens.upperBound } else { i = afterKeyword }
        }
        return results
    }

    private static func matches(_ keyword: [String], tokens: [Token], at i: Int, end: Int) -> Bool {
        guard i + keyword.count <= end else { return false }
        for (k, word) in keyword.enumerated() where tokens[i + k].lower != word { return false }
        return true
    }

    /// The number at the start of a token ("3rd" → 3, "2.5" → 2.5, "2,5" → 2.5).
    static func leadingNumber(_ text: String) -> Double? {
        var digits = ""
        for c in text {
            if c.isASCII, c.isNumber { digits.append(c) } else if c == "." || c == "," { digits.append(".") } else { break }
        }
        guard !digits.isEmpty, let first = digits.first, first.isNumber else { return nil }
        return Double(digits)
    }
}
