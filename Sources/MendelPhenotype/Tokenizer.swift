/// A token of a note. Offsets are **Unicode scalar** offsets into the note (the same as Python string
/// offsets used by the benchmark gold), end exclusive.
public struct Token: Sendable, Hashable {
    public enum Kind: UInt8, Sendable { case word, number, punctuation }
    public var start: Int
    public var end: Int
    public var kind: Kind
    /// Lower-cased surface text (punctuation: the character itself).
    public var lower: String
    /// The surface text as written.
    public var surface: String
    /// True when every letter of the surface text is upper case and it has at least two letters.
    public var isAllCaps: Bool
}

/// A sentence: a range of token indices and its scalar span.
public struct Sentence: Sendable, Hashable {
    public var tokens: Range<Int>
    public var start: Int
    public var end: Int
}

/// Splits a note into tokens and sentences. Hyphens and possessive "'s" are separators that produce no
/// token; other punctuation characters are one token each. Decimal numbers ("1.92", "3,5") are one token.
public struct Tokenizer: Sendable {
    public init() {}

    /// Abbreviations after which a full stop does not end a sentence.
    static let noBreakAbbreviations: Set<String> = [
        "e.g", "i.e", "eg", "ie", "dr", "drs", "vs", "al", "fig", "figs", "approx", "mr", "mrs", "ms", "st", "no",
        "ca", "cf", "resp", "incl", "pt", "pts", "yo", "y.o", "wk", "wks", "mo", "mos", "yr", "yrs",
    ]

    public func tokenize(_ scalars: [Unicode.Scalar]) -> (tokens: [Token], sentences: [Sentence]) {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5)
        // Sentence breaks are recorded as the token index at which a new sentence starts.
        var breaksBefore: [Int] = []
        var i = 0
        let n = scalars.count
        var pendingParagraphBreak = false
        while i < n {
            let s = scalars[i]
            if s == "\n" || s == "\r" {
                // A blank line, or a line starting with a bullet / upper-case letter / digit, starts a sentence.
                var j = i
                var newlines = 0
                while j < n, scalars[j].properties.isWhitespace {
                    if scalars[j] == "\n" { newlines += 1 }
                    j += 1
                }
                if j < n {
                    let next = scalars[j]
                    if newlines >= 2 || next.properties.isUppercase || next == "-" || next == "*" || next == "•"
                        || Tokenizer.isDigit(next) {
                        pendingParagraphBreak = true
                    }
                }
                i = j
                continue
            }
            if s.properties.isWhitespace { i += 1; continue }
            if pendingParagraphBreak {
                breaksBefore.append(tokens.count)
                pendingParagraphBreak = false
            }
            if Tokenizer.isWordScalar(s) {
                let start = i
                var isNumber = Tokenizer.isDigit(s)
                var letters = 0, uppers = 0
                var j = i
                while j < n {
                    let c = scalars[j]
                    if Tokenizer.isWordScalar(c) {
                        if c.properties.isAlphabetic {
                            letters += 1
                            if c.properties.isUppercase { uppers += 1 }
                            isNumber = false
                        }
                        j += 1
                    } else if isNumber, c == "." || c == ",", j + 1 < n, Tokenizer.isDigit(scalars[j + 1]),
                              j > start, Tokenizer.isDigit(scalars[j - 1]) {
                        j += 1
                    } else {
                        break
                    }
                }
                var surface = String.UnicodeScalarView()
                surface.append(contentsOf: scalars[start..<j])
                let text = String(surface)
                tokens.append(Token(start: start, end: j, kind: isNumber ? .number : .word,
                                    lower: Tokenizer.lowercase(text), surface: text,
                                    isAllCaps: letters >= 2 && uppers == letters))
                i = j
                continue
            }
            // Possessive 's / s' : skip the apostrophe and a following lone "s".
            if s == "'" || s == "\u{2019}" {
                if i + 1 < n, scalars[i + 1] == "s" || scalars[i + 1] == "S",
                   i + 2 >= n || !Tokenizer.isWordScalar(scalars[i + 2]) {
                    i += 2
                } else {
                    i += 1
                }
                continue
            }
            if s == "-" || s == "\u{2010}" || s == "\u{2011}" {
                // A hyphen is a separator, except a minus sign directly before a number ("-2 SD").
                let prevIsWord = i > 0 && Tokenizer.isWordScalar(scalars[i - 1])
                if !prevIsWord, i + 1 < n, Tokenizer.isDigit(scalars[i + 1]) {
                    tokens.append(Token(start: i, end: i + 1, kind: .punctuation, lower: "-", surface: "-", isAllCaps: false))
                }
                i += 1
                continue
            }
            let character = String(Character(s))
            tokens.append(Token(start: i, end: i + 1, kind: .punctuation, lower: character, surface: character, isAllCaps: false))
            if s == "." || s == "!" || s == "?" {
                if endsSentence(at: tokens.count - 1, tokens: tokens, scalars: scalars) {
                    breaksBefore.append(tokens.count)
                }
            }
            i += 1
        }
        var sentences: [Sentence] = []
        var first = 0
        for b in breaksBefore + [tokens.count] where b > first {
            sentences.append(Sentence(tokens: first..<b, start: tokens[first].start, end: tokens[b - 1].end))
            first = b
        }
        return (tokens, sentences)
    }

    private func endsSentence(at index: Int, tokens: [Token], scalars: [Unicode.Scalar]) -> Bool {
        let dot = tokens[index]
        guard dot.lower == "." else { return true }
        if index > 0 {
            let previous = tokens[index - 1]
            if previous.end == dot.start, previous.kind == .word,
               Tokenizer.noBreakAbbreviations.contains(previous.lower) || previous.lower.count == 1 {
                return false
            }
        }
        // Next non-space scalar must be upper case, a digit, an opening bracket/quote, or the end.
        var j = dot.end
        while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
        guard j < scalars.count else { return true }
        if j == dot.end { return false }
        let next = scalars[j]
        return next.properties.isUppercase || Tokenizer.isDigit(next) || next == "(" || next == "[" || next == "\""
    }

    @inline(__always) static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    @inline(__always) static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.value < 128 {
            let v = s.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// Latin letters with diacritics folded to ASCII ("café" → "cafe", "Sjögren" → "sjogren").
    static let diacritics: [Character: Character] = {
        var map: [Character: Character] = [:]
        let groups: [(String, Character)] = [
            ("àáâãäåā", "a"), ("çć", "c"), ("èéêëē", "e"), ("ìíîïī", "i"), ("ñ", "n"), ("òóôõöøō", "o"),
            ("ùúûüū", "u"), ("ýÿ", "y"),
        ]
        for (letters, base) in groups { for letter in letters { map[letter] = base } }
        return map
    }()

    /// ASCII fast path; other scripts use the Unicode lower-case mapping with Latin diacritics folded.
    static func lowercase(_ text: String) -> String {
        var ascii = true
        for b in text.utf8 where b >= 128 { ascii = false; break }
        guard ascii else { return String(text.lowercased().map { diacritics[$0] ?? $0 }) }
        var hasUpper = false
        for b in text.utf8 where b >= 65 && b <= 90 { hasUpper = true; break }
        guard hasUpper else { return text }
        return String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
