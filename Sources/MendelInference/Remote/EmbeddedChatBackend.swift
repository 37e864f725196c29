import MendelCore
import MendelCrypto

/// The in-process runtime as a chat backend: a verified GGUF decoder (`ModelRegistry.loadDecoder`)
/// with the existing constrained decoder for schema requests. Greedy unless the request sets a
/// temperature, and then seeded, so the same request gives the same answer.
public struct EmbeddedChatBackend: ChatBackend {
    public let generator: TextGenerator
    public let threads: Int

    public var kind: String { "embedded" }
    public var modelID: String { generator.identity?.id ?? "unregistered" }
    public var modelDigest: String? { generator.identity?.digest }

    public init(generator: TextGenerator, threads: Int = LlamaSession.defaultThreads) {
        self.generator = generator
        self.threads = max(1, threads)
    }

    public func complete(_ request: ChatRequest) async throws(ChatBackendError) -> ChatResponse {
        let schema: JSONSchema?
        do {
            schema = try request.schema.map { value throws(InferenceError) in try JSONSchema(value) }
        } catch {
            throw .runtime(error)
        }
        let parameters = GenerationParameters(
            maxTokens: request.maxTokens,
            sampling: request.temperature > 0 ? SamplingParameters(temperature: Float(request.temperature), seed: request.seed) : .greedy)
        let (generator, threads) = (generator, threads)
        let result = await DedicatedThread.run(name: "mendel-llm-embedded") {
            Result { () throws(InferenceError) -> GenerationResult in
                try generator.generate(messages: request.messages, schema: schema, parameters: parameters, threads: threads)
            }
        }
        switch result {
        case .failure(let error): throw .runtime(error)
        case .success(let generated):
            return ChatResponse(text: generated.text, backend: kind, model: modelID, modelDigest: modelDigest, endpoint: nil,
                                finishReason: generated.finishReason.rawValue, promptTokens: generated.promptTokens.count,
                                completionTokens: generated.tokens.count, requestHash: request.hash(model: modelID),
                                responseHash: SHA256.hexHash(Array(generated.text.utf8)), attempts: 1,
                                seconds: generated.promptSeconds + generated.generationSeconds)
        }
    }
}
