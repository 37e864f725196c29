import Foundation
import MendelCore
import Testing
@testable import MendelInference

/// Short checks on the real fetched models (scripts/fetch-models); full parity runs are in mendel-bench.
@Suite struct RealModelTests {
    static let minilm = repoRoot.appendingPathComponent("data/models/all-minilm-l6-v2")
    static let smollm = repoRoot.appendingPathComponent("data/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")

    static func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test func miniLMEmbeddings() throws {
        guard FileManager.default.fileExists(atPath: Self.minilm.appendingPathComponent("model.safetensors").path) else {
            print("SKIP: \(Self.minilm.path) absent (run scripts/fetch-models)")
            return
        }
        let encoder = try SentenceEncoder(directory: Self.minilm)
        #expect(encoder.dimension == 384 && encoder.maxSequenceLength == 256)
        #expect(encoder.tokenize("global developmental delay") == [101, 3795, 13908, 8536, 102])
        #expect(encoder.tokenize("seizures 😟") == [101, 25750, 100, 102])
        let e = try encoder.embed(["epileptic seizures", "seizures", "tall stature"])
        #expect(Self.cosine(e[0], e[1]) > Self.cosine(e[1], e[2]) + 0.2)
        #expect(abs(Self.cosine(e[0], e[0]) - 1) < 1e-5)
        let long = String(repeating: "hypotonia ", count: 400)
        #expect(encoder.tokenize(long).count == 256)
    }

    @Test func smolLMTokenizerChatAndShortGeneration() throws {
        guard FileManager.default.fileExists(atPath: Self.smollm.path) else {
            print("SKIP: \(Self.smollm.path) absent (run scripts/fetch-models)")
            return
        }
        let generator = try TextGenerator(path: Self.smollm.path)
        let t = generator.tokenizer
        #expect(t.encode("Hello world") == [19556, 905])
        #expect(t.encode("  leading spaces") == [216, 2899, 5600])
        let messages = [ChatMessage(role: "system", content: "You are a helpful assistant."), ChatMessage(role: "user", content: "Hi")]
        let prompt = try generator.chatPromptTokens(messages)
        #expect(Array(prompt.prefix(3)) == [1, 9690, 198])
        #expect(generator.tokenizer.decode(prompt) == "system\nYou are a helpful assistant.\nuser\nHi\nassistant\n")
        // Greedy decoding is deterministic and the batch and incremental paths agree on the first step.
        let a = try generator.generate(promptTokens: prompt, parameters: GenerationParameters(maxTokens: 3), keepFirstStepLogits: true)
        let session = LlamaSession(model: generator.model)
        _ = try session.evaluate(Array(prompt.dropLast()), logits: .none)
        let incremental = try session.evaluate([prompt.last!])
        let first = try #require(a.firstStepLogits)
        #expect(Sampler.argmax(incremental) == Sampler.argmax(first))
        #expect(zip(incremental, first).map { abs($0 - $1) }.max()! < 1.0)
        // Constrained output on the real model parses and uses an allowed value.
        let schema = try JSONSchema(["type": "object", "properties": ["inheritance": ["enum": ["autosomal dominant", "autosomal recessive", "X-linked"]]], "required": ["inheritance"]])
        let r = try generator.generate(messages: [ChatMessage(role: "user", content: "Marfan syndrome inheritance? Reply in JSON.")],
                                       schema: schema, parameters: GenerationParameters(maxTokens: 24))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: String])
        #expect(["autosomal dominant", "autosomal recessive", "X-linked"].contains(object["inheritance"] ?? ""))
    }
}
