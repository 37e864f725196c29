import Foundation
import Testing
@testable import MendelInference

@Suite struct WordPieceTests {
    static let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "cafe", "au", "lait", "-", "spots", "seizure", "##s",
                        "no", "中", "文", ",", "(", ")", "iq", "4", "##0", "un", "##know", "##n", "hello", "world", "naive"]

    func tokenizer() throws -> WordPieceTokenizer { try WordPieceTokenizer(tokens: Self.vocab) }
    func ids(_ tokens: [String]) -> [Int32] { tokens.map { Int32(Self.vocab.firstIndex(of: $0)!) } }

    @Test func normalisationAndSplitting() throws {
        let t = try tokenizer()
        // Lower-casing, accent stripping, punctuation split.
        #expect(t.encodeWithoutSpecials("Café-au-LAIT Spots") == ids(["cafe", "-", "au", "-", "lait", "spots"]))
        #expect(t.encodeWithoutSpecials("naïve") == ids(["naive"]))
        // Sub-words with ##, and [UNK] for a word that cannot be covered.
        #expect(t.encodeWithoutSpecials("seizures unknown") == ids(["seizure", "##s", "un", "##know", "##n"]))
        #expect(t.encodeWithoutSpecials("seizurex") == ids(["[UNK]"]))
        // CJK characters become separate words; punctuation splits; digits sub-word.
        #expect(t.encodeWithoutSpecials("中文") == ids(["中", "文"]))
        #expect(t.encodeWithoutSpecials("(IQ 40)") == ids(["(", "iq", "4", "##0", ")"]))
        // Zero-width space (format char) is removed and joins words; control chars removed; tabs/newlines split.
        #expect(t.encodeWithoutSpecials("hel\u{200B}lo") == ids(["hello"]))
        #expect(t.encodeWithoutSpecials("hello\u{0007}\tworld\n") == ids(["hello", "world"]))
        // Special tokens in the raw text are kept.
        #expect(t.encodeWithoutSpecials("hello [SEP] world") == ids(["hello", "[SEP]", "world"]))
        // Words longer than 100 characters are [UNK].
        #expect(t.encodeWithoutSpecials(String(repeating: "a", count: 101)) == ids(["[UNK]"]))
    }

    @Test func clsSepAndTruncation() throws {
        let t = try tokenizer()
        #expect(t.encode("hello world", maxLength: 16) == ids(["[CLS]", "hello", "world", "[SEP]"]))
        let long = String(repeating: "hello ", count: 20)
        let truncated = t.encode(long, maxLength: 8)
        #expect(truncated.count == 8)
        #expect(truncated.first == 2 && truncated.last == 3)
        #expect(t.encode("", maxLength: 8) == ids(["[CLS]", "[SEP]"]))
    }

    @Test func missingSpecialTokenIsAnError() {
        #expect(throws: InferenceError.self) { _ = try WordPieceTokenizer(tokens: ["a", "b"]) }
    }
}

@Suite struct BPETests {
    func split(_ pre: BPEPreTokenizer, _ s: String) -> [String] {
        pre.split(Array(s.unicodeScalars)).map { String(String.UnicodeScalarView($0)) }
    }

    @Test func gpt2PreTokenizer() {
        #expect(split(.gpt2, "Hello world") == ["Hello", " world"])
        #expect(split(.gpt2, "it's we'll") == ["it", "'s", " we", "'ll"])
        // \s+(?!\S): the last space of a run joins the next word.
        #expect(split(.gpt2, "a   b") == ["a", "  ", " b"])
        #expect(split(.gpt2, "  leading") == [" ", " leading"])
        #expect(split(.gpt2, "trailing   ") == ["trailing", "   "])
        #expect(split(.gpt2, "x\n\ny") == ["x", "\n", "\n", "y"])
        #expect(split(.gpt2, "abc123 456!?") == ["abc", "123", " 456", "!?"])
    }

    @Test func smollmSplitsEveryDigit() {
        #expect(split(.smollm, "G2P1 28+3") == ["G", "2", "P", "1", " ", "2", "8", "+", "3"])
        #expect(split(.smollm, "a 4-year") == ["a", " ", "4", "-", "year"])
    }

    @Test func llama3GroupsDigitsByThree() {
        #expect(split(.llama3, "12345 abc") == ["123", "45", " abc"])
        #expect(split(.llama3, "HELLO's") == ["HELLO", "'s"])
    }

    @Test func unknownPreTokenizerIsRefused() {
        #expect(throws: InferenceError.self) { _ = try BPEPreTokenizer(name: "no-such-pre") }
    }

    @Test func mergesByRankAndRoundTrip() throws {
        let tiny = TinyLlama()
        let t = try BPETokenizer(tokens: tiny.tokens, types: tiny.types.map { BPETokenizer.TokenType(rawValue: $0)! },
                                 merges: tiny.merges, preTokenizer: .smollm, bosID: 1, eosID: 2, addBOS: false,
                                 endOfGeneration: [2])
        // " the" → Ġ t h e → (Ġ t) → (h e) → (Ġt he) = "Ġthe".
        let the = t.encode(" the")
        #expect(the.count == 1)
        #expect(t.piece(the[0]) == "Ġthe")
        for text in ["Hello world", "café 中文 🧬", "  spaces\tand\nlines  ", "x1234", "<|im_start|>"] {
            #expect(t.decode(t.encode(text)) == text)
        }
        #expect(t.encode("<|im_start|>hi", parseSpecial: true).first == 1)
        #expect(t.encode("<|im_start|>hi", parseSpecial: false).first != 1)
        #expect(t.encode("a", addBOS: true).first == 1)
    }
}

@Suite struct TokenizerJSONTests {
    @Test func byteLevelBPEFromTokenizerJSON() throws {
        let tiny = TinyLlama()
        var vocab: [String: Int] = [:]
        for (i, t) in tiny.tokens.enumerated() where tiny.types[i] == 1 { vocab[t] = i }
        let added: [[String: Any]] = (0..<3).map { ["id": $0, "content": tiny.tokens[$0], "special": true] }
        let json: [String: Any] = [
            "added_tokens": added,
            "pre_tokenizer": ["type": "Sequence", "pretokenizers": [["type": "Digits", "individual_digits": true], ["type": "ByteLevel"]]],
            "model": ["type": "BPE", "vocab": vocab, "merges": tiny.merges],
        ]
        let dir = TempDir(); defer { dir.cleanup() }
        let url = dir.path("tokenizer.json")
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        let fromJSON = try BPETokenizer.load(tokenizerJSON: url)
        let fromParts = try BPETokenizer(tokens: tiny.tokens, types: tiny.types.map { BPETokenizer.TokenType(rawValue: $0)! },
                                         merges: tiny.merges, preTokenizer: .smollm, bosID: nil, eosID: nil, addBOS: false,
                                         endOfGeneration: [])
        #expect(fromJSON.preTokenizer == .smollm)
        for text in ["the theme 2024", "<|im_start|>user\nhi", " a  b\tc"] {
            #expect(fromJSON.encode(text, parseSpecial: true) == fromParts.encode(text, parseSpecial: true))
        }
        #expect(fromJSON.endOfGenerationIDs == [0, 2])
    }
}
