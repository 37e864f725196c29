import Foundation

/// A sentence-transformers style encoder loaded from a model directory: `config.json`,
/// `model.safetensors`, `tokenizer.json` or `vocab.txt`, optional `sentence_bert_config.json`
/// (max_seq_length), `1_Pooling/config.json` (mean pooling only) and `modules.json` (Normalize).
public final class SentenceEncoder: Sendable {
    public let tokenizer: WordPieceTokenizer
    public let encoder: BertEncoder
    /// Sequences are truncated to this many tokens including [CLS] and [SEP].
    public let maxSequenceLength: Int
    /// Whether embeddings are L2-normalised (a Normalize module is present).
    public let normalizes: Bool
    /// Embedding dimension.
    public var dimension: Int { encoder.config.hiddenSize }
    /// Registry identity (id + digest) when loaded through `ModelRegistry`; record it with every use.
    public let identity: ModelIdentity?

    /// Loads a model directory (unverified unless `identity` comes from `ModelRegistry`).
    public init(directory: URL, identity: ModelIdentity? = nil) throws(InferenceError) {
        self.identity = identity
        let config = try BertConfig.load(url: directory.appendingPathComponent("config.json"))
        let weights = try SafetensorsFile(path: directory.appendingPathComponent("model.safetensors").path)
        encoder = try BertEncoder(config: config, weights: weights)
        tokenizer = try WordPieceTokenizer.load(directory: directory)
        var maxLength = min(512, config.maxPositions)
        if let o = Self.jsonObject(directory.appendingPathComponent("sentence_bert_config.json")),
           let m = o["max_seq_length"] as? NSNumber {
            maxLength = m.intValue
        }
        guard maxLength >= 2, maxLength <= config.maxPositions else {
            throw .config(reason: "max_seq_length \(maxLength) outside 2...\(config.maxPositions)")
        }
        maxSequenceLength = maxLength
        if let pooling = Self.jsonObject(directory.appendingPathComponent("1_Pooling/config.json")) {
            let others = ["pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens"]
            if (pooling["pooling_mode_mean_tokens"] as? Bool) == false || others.contains(where: { (pooling[$0] as? Bool) == true }) {
                throw .config(reason: "1_Pooling/config.json asks for a pooling mode other than mean")
            }
        }
        if let data = try? Data(contentsOf: directory.appendingPathComponent("modules.json")),
           let modules = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] {
            normalizes = modules.contains { ($0["type"] as? String)?.hasSuffix("Normalize") == true }
        } else {
            normalizes = true
        }
    }

    private static func jsonObject(_ url: URL) -> [String: Any]? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Token ids of `text` as the encoder sees them ([CLS] … [SEP], truncated).
    public func tokenize(_ text: String) -> [Int32] { tokenizer.encode(text, maxLength: maxSequenceLength) }

    /// Embeds texts; batches sequences of similar length together (`batchSize` per forward pass).
    public func embed(_ texts: [String], batchSize: Int = 64) throws(InferenceError) -> [[Float]] {
        try embed(ids: texts.map(tokenize), batchSize: batchSize)
    }

    /// Embeds pre-tokenised sequences.
    public func embed(ids: [[Int32]], batchSize: Int = 64) throws(InferenceError) -> [[Float]] {
        guard batchSize > 0 else { throw .invalidArgument(reason: "batchSize must be positive") }
        let order = ids.indices.sorted { ids[$0].count < ids[$1].count }
        var result = [[Float]](repeating: [], count: ids.count)
        var start = 0
        while start < order.count {
            let chunk = Array(order[start..<min(start + batchSize, order.count)])
            let vectors = try encoder.embed(chunk.map { ids[$0] }, normalize: normalizes)
            for (i, index) in chunk.enumerated() { result[index] = vectors[i] }
            start += batchSize
        }
        return result
    }
}
