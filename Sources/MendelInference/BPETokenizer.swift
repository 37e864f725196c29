/// Byte-level BPE tokenizer (GPT-2 style) built from GGUF metadata, matching llama.cpp's
/// `llm_tokenizer_bpe`: pre-tokenizer by `tokenizer.ggml.pre`, merges by rank, special (control and
/// user-defined) tokens parsed only when asked, byte fallback for pieces missing from the vocabulary.
public struct BPETokenizer: Sendable {
    /// llama.cpp token types.
    public enum TokenType: Int32, Sendable { case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6 }

    public let tokens: [String]
    public let types: [TokenType]
    public let preTokenizer: BPEPreTokenizer
    public let bosID: Int32?
    public let eosID: Int32?
    public let addBOS: Bool
    /// Tokens that end generation (eos, eot, im_end, … as llama.cpp's `is_eog`).
    public let endOfGenerationIDs: Set<Int32>
    let vocab: [String: Int32]
    /// (left id << 32 | right id) → (rank, merged id).
    let merges: [UInt64: (rank: Int32, id: Int32)]
    /// Id of each byte's mapped character, -1 if missing.
    let byteIDs: [Int32]
    /// Special tokens, longest first, as UTF-8 bytes.
    let specials: [(bytes: [UInt8], id: Int32)]
    /// Byte value of each token's characters (for decoding), nil for non-byte-level pieces.
    let decodedBytes: [[UInt8]]

    /// Reads `tokenizer.ggml.*` metadata (model `gpt2`).
    public init(gguf: GGUFFile) throws(InferenceError) {
        let md = gguf.metadata
        guard let model = md["tokenizer.ggml.model"]?.string else { throw .tokenizer(reason: "tokenizer.ggml.model missing") }
        guard model == "gpt2" else { throw .tokenizer(reason: "tokenizer model \(model) is not supported (only byte-level BPE, gpt2)") }
        guard case .stringArray(let tokens)? = md["tokenizer.ggml.tokens"] else {
            throw .tokenizer(reason: "tokenizer.ggml.tokens missing")
        }
        guard case .stringArray(let mergeStrings)? = md["tokenizer.ggml.merges"] else {
            throw .tokenizer(reason: "tokenizer.ggml.merges missing")
        }
        var types = [TokenType](repeating: .normal, count: tokens.count)
        if case .array(let values)? = md["tokenizer.ggml.token_type"] {
            guard values.count == tokens.count else { throw .tokenizer(reason: "token_type count differs from tokens") }
            for (i, v) in values.enumerated() {
                // llama.cpp stores token types as int32; a wider value is a corrupt file, not a trap.
                guard let raw = v.int.flatMap({ Int32(exactly: $0) }) else {
                    throw .tokenizer(reason: "tokenizer.ggml.token_type[\(i)] is not a 32-bit integer")
                }
                types[i] = TokenType(rawValue: raw) ?? .normal
            }
        }
        let pre = try BPEPreTokenizer(name: md["tokenizer.ggml.pre"]?.string ?? "default")
        func optionalID(_ key: String) throws(InferenceError) -> Int32? {
            guard let v = md[key]?.int else { return nil }
            guard v >= 0, v < tokens.count else { throw .tokenizer(reason: "\(key) \(v) outside the vocabulary") }
            return Int32(v)
        }
        let bos = try optionalID("tokenizer.ggml.bos_token_id")
        let eos = try optionalID("tokenizer.ggml.eos_token_id")
        var eog = Set<Int32>()
        for key in ["eos_token_id", "eot_token_id", "eom_token_id"] {
            if let id = try optionalID("tokenizer.ggml." + key) { eog.insert(id) }
        }
        // Like llama.cpp: control/user tokens whose text marks an end of turn also end generation.
        let eogTexts: Set<String> = ["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
                                     "<|eom_id|>", "<EOT>", "_<EOT>", "<|end_of_text|>"]
        for (i, t) in tokens.enumerated() where types[i] == .control || types[i] == .userDefined {
            if eogTexts.contains(t) { eog.insert(Int32(i)) }
        }
        try self.init(tokens: tokens, types: types, merges: mergeStrings, preTokenizer: pre, bosID: bos, eosID: eos,
                      addBOS: md["tokenizer.ggml.add_bos_token"]?.bool ?? false, endOfGeneration: eog)
    }

    /// Builds a tokenizer from parts (used by tests and by `init(gguf:)`).
    public init(tokens: [String], types: [TokenType], merges mergeStrings: [String], preTokenizer: BPEPreTokenizer,
                bosID: Int32?, eosID: Int32?, addBOS: Bool, endOfGeneration: Set<Int32>) throws(InferenceError) {
        self.tokens = tokens
        self.types = types
        self.preTokenizer = preTokenizer
        self.bosID = bosID
        self.eosID = eosID
        self.addBOS = addBOS
        self.endOfGenerationIDs = endOfGeneration
        var vocab: [String: Int32] = [:]
        vocab.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where vocab[t] == nil { vocab[t] = Int32(i) }
        self.vocab = vocab
        var merges: [UInt64: (rank: Int32, id: Int32)] = [:]
        merges.reserveCapacity(mergeStrings.count)
        for (rank, m) in mergeStrings.enumerated() {
            guard let space = m.firstIndex(of: " ") else { throw .tokenizer(reason: "merge \(rank) has no space") }
            let left = String(m[..<space]), right = String(m[m.index(after: space)...])
            guard let l = vocab[left], let r = vocab[right], let merged = vocab[left + right] else { continue }
            let key = UInt64(UInt32(bitPattern: l)) << 32 | UInt64(UInt32(bitPattern: r))
            if merges[key] == nil { merges[key] = (Int32(rank), merged) }
        }
        self.merges = merges
        let byteToChar = ByteLevel.byteToUnicode
        byteIDs = (0..<256).map { vocab[String(Character(byteToChar[$0]))] ?? -1 }
        var specials: [(bytes: [UInt8], id: Int32)] = []
        for (i, t) in tokens.enumerated() where (types[i] == .control || types[i] == .userDefined) && !t.isEmpty {
            specials.append((Array(t.utf8), Int32(i)))
        }
        self.specials = specials.sorted { $0.bytes.count > $1.bytes.count }
        let charToByte = ByteLevel.unicodeToByte
        decodedBytes = tokens.enumerated().map { i, t in
            switch types[i] {
            case .control, .unknown, .unused: return []
            case .userDefined: return Array(t.utf8)
            case .byte:
                // <0xAB> style byte tokens.
                if t.count == 6, t.hasPrefix("<0x"), let v = UInt8(t.dropFirst(3).prefix(2), radix: 16) { return [v] }
                return Array(t.utf8)
            case .normal:
                var out: [UInt8] = []
                for s in t.unicodeScalars {
                    if let b = charToByte[s.value] { out.append(b) } else { out.append(contentsOf: Array(String(s).utf8)) }
                }
                return out
            }
        }
    }

    public var vocabularySize: Int { tokens.count }

    /// Token ids of `text`. With `parseSpecial`, control/user-defined token texts become their ids;
    /// otherwise they are tokenised as plain text. A BOS is added only if `addBOS` is true here.
    public func encode(_ text: String, parseSpecial: Bool = false, addBOS: Bool = false) -> [Int32] {
        var out: [Int32] = []
        if addBOS, let bos = bosID { out.append(bos) }
        let bytes = Array(text.utf8)
        guard parseSpecial, !specials.isEmpty else {
            encodePlain(bytes[...], into: &out)
            return out
        }
        var start = 0, i = 0
        outer: while i < bytes.count {
            for special in specials where special.bytes.first == bytes[i] && special.bytes.count <= bytes.count - i {
                if bytes[i..<(i + special.bytes.count)].elementsEqual(special.bytes) {
                    encodePlain(bytes[start..<i], into: &out)
                    out.append(special.id)
                    i += special.bytes.count
                    start = i
                    continue outer
                }
            }
            i += 1
        }
        encodePlain(bytes[start..<bytes.count], into: &out)
        return out
    }

    private func encodePlain(_ bytes: ArraySlice<UInt8>, into out: inout [Int32]) {
        guard !bytes.isEmpty else { return }
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        for word in preTokenizer.split(scalars) {
            var wordBytes: [UInt8] = []
            for s in word { wordBytes.append(contentsOf: String(s).utf8) }
            bpe(wordBytes, into: &out)
        }
    }

    /// Merges byte symbols of one pre-tokenised word by merge rank (lowest first, leftmost on ties).
    private func bpe(_ bytes: [UInt8], into out: inout [Int32]) {
        var symbols = bytes.map { byteIDs[Int($0)] }
        if symbols.contains(-1) {
            out.append(contentsOf: symbols.filter { $0 >= 0 })
            return
        }
        while symbols.count > 1 {
            var bestRank = Int32.max, bestIndex = -1, bestID: Int32 = 0
            for i in 0..<(symbols.count - 1) {
                let key = UInt64(UInt32(bitPattern: symbols[i])) << 32 | UInt64(UInt32(bitPattern: symbols[i + 1]))
                if let m = merges[key], m.rank < bestRank { bestRank = m.rank; bestIndex = i; bestID = m.id }
            }
            if bestIndex < 0 { break }
            symbols[bestIndex] = bestID
            symbols.remove(at: bestIndex + 1)
        }
        out.append(contentsOf: symbols)
    }

    /// Raw bytes of a token (empty for control tokens).
    public func bytes(of id: Int32) -> [UInt8] {
        guard id >= 0, Int(id) < decodedBytes.count else { return [] }
        return decodedBytes[Int(id)]
    }

    /// Text of `ids` (control tokens omitted; invalid UTF-8 repaired).
    public func decode(_ ids: [Int32]) -> String {
        var out: [UInt8] = []
        for id in ids { out.append(contentsOf: bytes(of: id)) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Vocabulary string of a token (e.g. `Ġworld`).
    public func piece(_ id: Int32) -> String { id >= 0 && Int(id) < tokens.count ? tokens[Int(id)] : "" }

    /// Id of an exact vocabulary string.
    public func id(of piece: String) -> Int32? { vocab[piece] }
}

/// GPT-2's reversible byte ↔ printable-character mapping.
enum ByteLevel {
    static let byteToUnicode: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var n: UInt32 = 0
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            if printable { table[b] = Unicode.Scalar(UInt32(b))! } else { table[b] = Unicode.Scalar(256 + n)!; n += 1 }
        }
        return table
    }()
    static let unicodeToByte: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (b, s) in byteToUnicode.enumerated() { map[s.value] = UInt8(b) }
        return map
    }()
}
