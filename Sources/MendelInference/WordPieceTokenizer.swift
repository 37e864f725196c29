import Foundation

/// BERT WordPiece tokenizer, matching HF `tokenizers` (BertNormalizer + BertPreTokenizer + WordPiece
/// + [CLS]/[SEP] template): control characters removed, whitespace unified, CJK characters isolated,
/// accents stripped (NFD, drop non-spacing marks), lower-cased, punctuation split, greedy
/// longest-match-first sub-words with `##` continuation, [UNK] for unknown words.
public struct WordPieceTokenizer: Sendable {
    public struct Options: Sendable, Equatable {
        public var cleanText = true
        public var handleChineseChars = true
        public var lowercase = true
        /// nil follows `lowercase` (HF semantics).
        public var stripAccents: Bool? = nil
        public var continuingSubwordPrefix = "##"
        public var maxInputCharsPerWord = 100
        public init() {}
    }

    public let vocab: [String: Int32]
    public let idToToken: [String]
    public let options: Options
    public let unkID: Int32
    public let clsID: Int32
    public let sepID: Int32
    public let padID: Int32
    /// Special tokens matched verbatim in the raw text before normalisation (HF "added tokens").
    let specialTokens: [(text: [Unicode.Scalar], id: Int32)]

    /// Builds a tokenizer from a vocabulary in id order.
    public init(tokens: [String], options: Options = Options(), specialTokens: [String] = []) throws(InferenceError) {
        var vocab: [String: Int32] = [:]
        vocab.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where vocab[t] == nil { vocab[t] = Int32(i) }
        func id(_ t: String) throws(InferenceError) -> Int32 {
            guard let v = vocab[t] else { throw .tokenizer(reason: "vocabulary has no \(t) token") }
            return v
        }
        self.vocab = vocab
        self.idToToken = tokens
        self.options = options
        unkID = try id("[UNK]")
        clsID = try id("[CLS]")
        sepID = try id("[SEP]")
        padID = vocab["[PAD]"] ?? 0
        let specials = Set(specialTokens + ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
        self.specialTokens = specials.compactMap { t in vocab[t].map { (Array(t.unicodeScalars), $0) } }
            .sorted { $0.text.count > $1.text.count }
    }

    /// Loads `tokenizer.json` (preferred) or `vocab.txt` (+ `tokenizer_config.json`) from a model directory.
    public static func load(directory: URL) throws(InferenceError) -> WordPieceTokenizer {
        let jsonURL = directory.appendingPathComponent("tokenizer.json")
        if FileManager.default.fileExists(atPath: jsonURL.path) { return try load(tokenizerJSON: jsonURL) }
        let vocabURL = directory.appendingPathComponent("vocab.txt")
        guard let text = try? String(contentsOf: vocabURL, encoding: .utf8) else {
            throw .io(path: vocabURL.path, reason: "neither tokenizer.json nor a readable vocab.txt")
        }
        var tokens = text.components(separatedBy: "\n")
        if tokens.last == "" { tokens.removeLast() }
        tokens = tokens.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        var options = Options()
        let configURL = directory.appendingPathComponent("tokenizer_config.json")
        if let data = try? Data(contentsOf: configURL),
           let config = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let lower = config["do_lower_case"] as? Bool { options.lowercase = lower }
            if let strip = config["strip_accents"] as? Bool { options.stripAccents = strip }
            if let cjk = config["tokenize_chinese_chars"] as? Bool { options.handleChineseChars = cjk }
        }
        return try WordPieceTokenizer(tokens: tokens, options: options)
    }

    /// Loads a HF `tokenizer.json` whose model is WordPiece.
    public static func load(tokenizerJSON url: URL) throws(InferenceError) -> WordPieceTokenizer {
        guard let data = try? Data(contentsOf: url) else { throw .io(path: url.path, reason: "cannot read") }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .tokenizer(reason: "tokenizer.json is not a JSON object")
        }
        guard let model = root["model"] as? [String: Any], (model["type"] as? String) == "WordPiece" else {
            throw .tokenizer(reason: "tokenizer.json model.type is not WordPiece")
        }
        guard let vocabObject = model["vocab"] as? [String: NSNumber] else {
            throw .tokenizer(reason: "tokenizer.json model.vocab is not a token→id object")
        }
        var tokens = [String](repeating: "", count: vocabObject.count)
        for (token, idNumber) in vocabObject {
            let id = idNumber.intValue
            guard id >= 0, id < tokens.count else { throw .tokenizer(reason: "tokenizer.json vocab id \(id) out of range") }
            tokens[id] = token
        }
        var options = Options()
        if let prefix = model["continuing_subword_prefix"] as? String { options.continuingSubwordPrefix = prefix }
        if let maxChars = model["max_input_chars_per_word"] as? NSNumber { options.maxInputCharsPerWord = maxChars.intValue }
        if let normalizer = root["normalizer"] as? [String: Any] {
            guard (normalizer["type"] as? String) == "BertNormalizer" else {
                throw .tokenizer(reason: "tokenizer.json normalizer type is not BertNormalizer")
            }
            if let v = normalizer["clean_text"] as? Bool { options.cleanText = v }
            if let v = normalizer["handle_chinese_chars"] as? Bool { options.handleChineseChars = v }
            if let v = normalizer["lowercase"] as? Bool { options.lowercase = v }
            if let v = normalizer["strip_accents"] as? Bool { options.stripAccents = v }
        }
        var specials: [String] = []
        if let added = root["added_tokens"] as? [[String: Any]] {
            for token in added where (token["special"] as? Bool) == true {
                if let content = token["content"] as? String { specials.append(content) }
            }
        }
        return try WordPieceTokenizer(tokens: tokens, options: options, specialTokens: specials)
    }

    /// Token ids of `text` with [CLS] … [SEP], truncated to `maxLength` ids in total.
    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        var ids: [Int32] = [clsID]
        let room = max(maxLength - 2, 0)
        var body = encodeWithoutSpecials(text)
        if body.count > room { body.removeLast(body.count - room) }
        ids.append(contentsOf: body)
        ids.append(sepID)
        return ids
    }

    /// Word-piece ids without [CLS]/[SEP] and without truncation.
    public func encodeWithoutSpecials(_ text: String) -> [Int32] {
        var out: [Int32] = []
        let scalars = Array(text.unicodeScalars)
        var segmentStart = 0
        var i = 0
        while i < scalars.count {
            if let (length, id) = matchSpecial(scalars, at: i) {
                encodeSegment(scalars[segmentStart..<i], into: &out)
                out.append(id)
                i += length
                segmentStart = i
            } else {
                i += 1
            }
        }
        encodeSegment(scalars[segmentStart..<scalars.count], into: &out)
        return out
    }

    private func matchSpecial(_ s: [Unicode.Scalar], at i: Int) -> (Int, Int32)? {
        for special in specialTokens where special.text.first == s[i] && special.text.count <= s.count - i {
            var ok = true
            for k in 0..<special.text.count where s[i + k] != special.text[k] { ok = false; break }
            if ok { return (special.text.count, special.id) }
        }
        return nil
    }

    private func encodeSegment(_ raw: ArraySlice<Unicode.Scalar>, into out: inout [Int32]) {
        guard !raw.isEmpty else { return }
        let normalized = normalize(raw)
        for word in preTokenize(normalized) { wordPiece(word, into: &out) }
    }

    /// BertNormalizer.
    func normalize(_ raw: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var s: [Unicode.Scalar] = []
        s.reserveCapacity(raw.count + 8)
        for c in raw {
            if options.cleanText {
                if c.value == 0 || c.value == 0xFFFD || Self.isControl(c) { continue }
                if Self.isWhitespace(c) { s.append(" "); continue }
            }
            if options.handleChineseChars && Self.isChineseChar(c) {
                s.append(" "); s.append(c); s.append(" ")
            } else {
                s.append(c)
            }
        }
        if options.stripAccents ?? options.lowercase {
            if s.contains(where: { !$0.isASCII }) {
                let decomposed = String(String.UnicodeScalarView(s)).decomposedStringWithCanonicalMapping
                s = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
            }
        }
        if options.lowercase {
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(s.count)
            for c in s {
                if c.isASCII {
                    let v = c.value
                    lowered.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : c)
                } else {
                    lowered.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
                }
            }
            s = lowered
        }
        return s
    }

    /// BertPreTokenizer: split on whitespace (dropped) and isolate each punctuation character.
    func preTokenize(_ s: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var words: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        for (i, c) in s.enumerated() {
            if c.properties.isWhitespace {
                if start < i { words.append(s[start..<i]) }
                start = i + 1
            } else if Self.isPunctuation(c) {
                if start < i { words.append(s[start..<i]) }
                words.append(s[i..<(i + 1)])
                start = i + 1
            }
        }
        if start < s.count { words.append(s[start..<s.count]) }
        return words
    }

    private func wordPiece(_ word: ArraySlice<Unicode.Scalar>, into out: inout [Int32]) {
        if word.count > options.maxInputCharsPerWord { out.append(unkID); return }
        let chars = Array(word)
        var pieces: [Int32] = []
        var start = 0
        while start < chars.count {
            var end = chars.count
            var found: Int32? = nil
            while start < end {
                var piece = start > 0 ? options.continuingSubwordPrefix : ""
                piece.unicodeScalars.append(contentsOf: chars[start..<end])
                if let id = vocab[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else { out.append(unkID); return }
            pieces.append(id)
            start = end
        }
        out.append(contentsOf: pieces)
    }

    /// Token strings for ids (for diagnostics).
    public func tokens(_ ids: [Int32]) -> [String] {
        ids.map { Int($0) < idToToken.count && $0 >= 0 ? idToToken[Int($0)] : "[?]" }
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == "\t" || c == "\n" || c == "\r" || c.properties.isWhitespace
    }

    /// Rust `char::is_other` (Cc, Cf, Cs, Co, Cn) except tab, newline and carriage return.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .closePunctuation, .finalPunctuation,
             .initialPunctuation, .otherPunctuation, .openPunctuation: return true
        default: return false
        }
    }

    static func isChineseChar(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }
}
