import Foundation
import MendelCore
import Testing
@testable import MendelInference

@Suite struct DecoderTests {
    static func maxAbsDiff(_ a: [Float], _ b: [Double]) -> Double {
        zip(a, b).map { abs(Double($0) - $1) }.max() ?? .infinity
    }

    @Test(arguments: [UInt32(0), 2, 3, 8])
    func forwardMatchesFloat64Reference(matrixType: UInt32) throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let tiny = TinyLlama(seed: 11, matrixType: matrixType)
        try tiny.write(to: dir.path("tiny.gguf"))
        let generator = try TextGenerator(path: dir.path("tiny.gguf").path)
        let ids: [Int32] = [5, 70, 3, 200, 44, 9, 120]
        let reference = tiny.referenceLogits(ids)
        let vocab = tiny.tokens.count
        // Quantised matrices: the reference rounds the activations to 8 bits as ggml does, but an element
        // that lies on a rounding boundary can still land one step apart (float32 vs float64 inputs).
        let tolerance = matrixType == 0 ? 2e-3 : 1e-2

        // Whole sequence as one batch (tiled quantised products), logits at every position.
        let batch = try LlamaSession(model: generator.model).evaluate(ids, logits: .all)
        for p in ids.indices {
            let row = Array(batch[(p * vocab)..<((p + 1) * vocab)])
            #expect(Self.maxAbsDiff(row, reference[p]) < tolerance, "position \(p), type \(matrixType)")
        }
        // One token at a time (fused quantised dot products + KV cache), on two threads.
        let session = LlamaSession(model: generator.model, threads: 2)
        for (p, id) in ids.enumerated() {
            let row = try session.evaluate([id])
            #expect(Self.maxAbsDiff(row, reference[p]) < tolerance, "incremental position \(p), type \(matrixType)")
        }
        #expect(session.position == ids.count)
    }

    @Test func untiedOutputAndNEOXPairingWouldDiffer() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let tiny = TinyLlama(seed: 3, matrixType: 0, tiedOutput: false)
        try tiny.write(to: dir.path("t.gguf"))
        let generator = try TextGenerator(path: dir.path("t.gguf").path)
        let ids: [Int32] = [10, 20, 30, 40]
        let logits = try LlamaSession(model: generator.model).evaluate(ids, logits: .last)
        #expect(Self.maxAbsDiff(logits, tiny.referenceLogits(ids)[3]) < 2e-3)
    }

    @Test func contextGuard() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try TinyLlama().write(to: dir.path("t.gguf"))
        let generator = try TextGenerator(path: dir.path("t.gguf").path)
        let prompt = [Int32](repeating: 70, count: 250)
        #expect(throws: InferenceError.contextOverflow(needed: 260, limit: TinyLlama.context)) {
            _ = try generator.generate(promptTokens: prompt, parameters: GenerationParameters(maxTokens: 10))
        }
        let session = LlamaSession(model: generator.model)
        #expect(throws: InferenceError.self) { _ = try session.evaluate([Int32](repeating: 5, count: 257)) }
        #expect(throws: InferenceError.self) { _ = try session.evaluate([Int32(9999)]) }
    }

    @Test func greedyIsArgmaxAndSeededSamplingIsReproducible() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let tiny = TinyLlama(seed: 5, matrixType: 3)
        try tiny.write(to: dir.path("t.gguf"))
        let generator = try TextGenerator(path: dir.path("t.gguf").path)
        let prompt: [Int32] = [40, 41, 42]
        let greedy = try generator.generate(promptTokens: prompt, parameters: GenerationParameters(maxTokens: 6),
                                            keepFirstStepLogits: true)
        let first = try #require(greedy.firstStepLogits)
        #expect(greedy.tokens.first.map(Int.init) == Sampler.argmax(first))
        // Teacher forcing the greedy output reproduces the greedy choices.
        let forced = try LlamaSession(model: generator.model).evaluate(prompt + greedy.tokens.dropLast(), logits: .all)
        let vocab = tiny.tokens.count
        for (k, t) in greedy.tokens.enumerated() where !generator.tokenizer.endOfGenerationIDs.contains(t) {
            let row = Array(forced[((prompt.count - 1 + k) * vocab)..<((prompt.count + k) * vocab)])
            #expect(Sampler.argmax(row) == Int(t))
        }
        let sampling = SamplingParameters(temperature: 1.5, topK: 50, topP: 0.95, seed: 42)
        let a = try generator.generate(promptTokens: prompt, parameters: GenerationParameters(maxTokens: 8, sampling: sampling))
        let b = try generator.generate(promptTokens: prompt, parameters: GenerationParameters(maxTokens: 8, sampling: sampling))
        #expect(a.tokens == b.tokens)
        var other = sampling; other.seed = 43
        var differs = false
        for seed in UInt64(43)..<UInt64(53) {
            other.seed = seed
            let c = try generator.generate(promptTokens: prompt, parameters: GenerationParameters(maxTokens: 8, sampling: other))
            if c.tokens != a.tokens { differs = true; break }
        }
        #expect(differs)
    }

    @Test func samplerRespectsTopKAndMask() {
        let logits: [Float] = [1, 5, 3, 4.9, -2]
        var s = Sampler(SamplingParameters(temperature: 1, topK: 2, seed: 1))
        for _ in 0..<50 { #expect([1, 3].contains(s.sample(logits))) }
        var masked = Sampler(SamplingParameters(temperature: 5, seed: 2))
        let allowed = [true, false, true, false, false]
        for _ in 0..<50 { #expect([0, 2].contains(masked.sample(logits, allowed: allowed))) }
        #expect(Sampler.argmax(logits) == 1)
        #expect(Sampler.argmax([2, 2, 1]) == 0)
        #expect(masked.sample(logits, allowed: [false, false, false, false, false]) == nil)
    }

    @Test func streamingCallbackStopSequenceAndEndOfGeneration() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try TinyLlama(seed: 9, matrixType: 8).write(to: dir.path("t.gguf"))
        let generator = try TextGenerator(path: dir.path("t.gguf").path)
        var streamed = ""
        let result = try generator.generate(promptTokens: [50, 60], parameters: GenerationParameters(maxTokens: 12)) {
            streamed += $0; return true
        }
        #expect(streamed == result.text)
        // Cancel after the first piece.
        var pieces = 0
        let cancelled = try generator.generate(promptTokens: [50, 60], parameters: GenerationParameters(maxTokens: 12)) { _ in
            pieces += 1; return false
        }
        #expect(pieces == 1)
        #expect(cancelled.finishReason == .cancelled)
        // A stop sequence taken from the free output cuts the text before it.
        let bytes = Array(result.text.utf8)
        if bytes.count >= 4, let stop = String(bytes: bytes[2..<4], encoding: .utf8) {
            let stopped = try generator.generate(promptTokens: [50, 60],
                                                 parameters: GenerationParameters(maxTokens: 12, stopSequences: [stop]))
            #expect(stopped.finishReason == .stopSequence)
            #expect(!stopped.text.contains(stop))
            #expect(result.text.hasPrefix(stopped.text))
        }
        // Making the first greedy token a stop token ends generation with it.
        let firstToken = try #require(result.tokens.first)
        let eog = try generator.generate(promptTokens: [50, 60],
                                         parameters: GenerationParameters(maxTokens: 12, stopTokenIDs: [firstToken]))
        #expect(eog.tokens == [firstToken])
        #expect(eog.finishReason == .endOfGeneration)
        #expect(eog.text.isEmpty)
    }

    @Test func chatTemplateRendering() throws {
        let template = try ChatTemplate(jinja: TinyLlama.chatML)
        #expect(template == .chatML(defaultSystem: "You are a tiny test model"))
        let rendered = try template.render([ChatMessage(role: "user", content: "Hi")])
        #expect(rendered == "<|im_start|>system\nYou are a tiny test model<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
        let withSystem = try template.render([ChatMessage(role: "system", content: "S"), ChatMessage(role: "user", content: "U")])
        #expect(withSystem == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n")
        #expect(throws: InferenceError.self) { _ = try ChatTemplate(jinja: "{{ bos_token }}{% for m in messages %}[INST] {{ m.content }} [/INST]{% endfor %}") }

        let dir = TempDir(); defer { dir.cleanup() }
        try TinyLlama(chatTemplate: "{% for m in messages %}<s>[INST] {{ m.content }}{% endfor %}").write(to: dir.path("t.gguf"))
        let generator = try TextGenerator(path: dir.path("t.gguf").path)
        #expect(throws: InferenceError.self) { _ = try generator.chatPromptTokens([ChatMessage(role: "user", content: "x")]) }
    }

    @Test func chatPromptParsesSpecialTokensButPlainTextDoesNot() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try TinyLlama().write(to: dir.path("t.gguf"))
        let generator = try TextGenerator(path: dir.path("t.gguf").path)
        let ids = try generator.chatPromptTokens([ChatMessage(role: "system", content: "a"), ChatMessage(role: "user", content: "<|im_end|>")])
        #expect(ids.first == 1)
        #expect(ids.filter { $0 == 2 }.count == 3)  // system end, user end (parsed), user content <|im_end|> also parsed
        let plain = generator.tokenizer.encode("<|im_end|>", parseSpecial: false)
        #expect(!plain.contains(2))
        #expect(generator.tokenizer.decode(plain) == "<|im_end|>")
    }
}
