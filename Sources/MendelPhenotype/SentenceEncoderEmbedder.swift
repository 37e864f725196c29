import MendelInference

/// Adapts MendelInference's BERT sentence encoder (e.g. all-MiniLM-L6-v2) to `SpanEmbedder`.
public struct SentenceEncoderEmbedder: SpanEmbedder {
    public let encoder: SentenceEncoder
    public var batchSize: Int

    public init(encoder: SentenceEncoder, batchSize: Int = 64) {
        self.encoder = encoder
        self.batchSize = batchSize
    }

    public var dimension: Int { encoder.dimension }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        try encoder.embed(texts, batchSize: batchSize)
    }
}
