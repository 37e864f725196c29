import Foundation

extension BPETokenizer {
    /// Loads a byte-level BPE tokenizer from a HF `tokenizer.json` (model type BPE, ByteLevel
    /// pre-tokenizer/decoder). The pre-tokenizer is chosen from its configuration: individual digits →
    /// `smollm`, a `\p{N}{1,3}` split → `llama3`, otherwise `gpt2`. Added tokens marked special become
    /// control tokens, other added tokens user-defined.
    public static func load(tokenizerJSON url: URL) throws(InferenceError) -> BPETokenizer {
        guard let data = try? Data(contentsOf: url) else { throw .io(path: url.path, reason: "cannot read") }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .tokenizer(reason: "tokenizer.json is not a JSON object")
        }
        guard let model = root["model"] as? [String: Any], (model["type"] as? String) == "BPE" else {
            throw .tokenizer(reason: "tokenizer.json model.type is not BPE")
        }
        guard let vocab = model["vocab"] as? [String: NSNumber] else {
            throw .tokenizer(reason: "tokenizer.json model.vocab is not a token→id object")
        }
        var size = vocab.values.map(\.intValue).max().map { $0 + 1 } ?? 0
        let added = (root["added_tokens"] as? [[String: Any]]) ?? []
        for token in added { if let id = (token["id"] as? NSNumber)?.intValue { size = max(size, id + 1) } }
        guard size > 0, size < 10_000_000 else { throw .tokenizer(reason: "tokenizer.json vocabulary size \(size) is implausible") }
        var tokens = [String](repeating: "", count: size)
        var types = [TokenType](repeating: .unused, count: size)
        for (token, id) in vocab {
            guard id.intValue >= 0 else { throw .tokenizer(reason: "tokenizer.json has a negative token id") }
            tokens[id.intValue] = token
            types[id.intValue] = .normal
        }
        for token in added {
            guard let id = (token["id"] as? NSNumber)?.intValue, id >= 0, let content = token["content"] as? String else { continue }
            tokens[id] = content
            types[id] = (token["special"] as? Bool) == true ? .control : .userDefined
        }
        var merges: [String] = []
        for m in (model["merges"] as? [Any]) ?? [] {
            if let s = m as? String { merges.append(s) }
            else if let pair = m as? [String], pair.count == 2 { merges.append(pair[0] + " " + pair[1]) }
            else { throw .tokenizer(reason: "tokenizer.json merge entry \(merges.count) is malformed") }
        }
        let preText = String(describing: root["pre_tokenizer"] ?? "")
        let pre: BPEPreTokenizer
        if preText.contains("individual_digits") && preText.contains("1") { pre = .smollm }
        else if preText.contains("\\p{N}{1,3}") { pre = .llama3 }
        else { pre = .gpt2 }
        var eog = Set<Int32>()
        let eogTexts: Set<String> = ["<|eot_id|>", "<|im_end|>", "<|endoftext|>", "<|end_of_text|>", "<|end|>", "<end_of_turn>"]
        for (i, t) in tokens.enumerated() where types[i] == .control && eogTexts.contains(t) { eog.insert(Int32(i)) }
        return try BPETokenizer(tokens: tokens, types: types, merges: merges, preTokenizer: pre, bosID: nil,
                                eosID: eog.min(), addBOS: false, endOfGeneration: eog)
    }
}
