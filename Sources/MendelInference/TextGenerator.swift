import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why generation stopped.
public enum FinishReason: String, Sendable, Codable {
    /// An end-of-generation token was produced (it is included in `tokens`, not in `text`).
    case endOfGeneration
    /// A stop sequence appeared (the text is cut before it).
    case stopSequence
    /// `maxTokens` was reached.
    case length
    /// The streaming callback asked to stop.
    case cancelled
    /// A constrained (schema) output is complete.
    case schemaComplete
}

/// Options of one generation.
public struct GenerationParameters: Sendable, Hashable, Codable {
    public var maxTokens: Int
    public var sampling: SamplingParameters
    /// Text sequences that end generation (not included in the output).
    public var stopSequences: [String]
    /// Extra token ids that end generation, besides the model's end-of-generation ids.
    public var stopTokenIDs: Set<Int32>

    public init(maxTokens: Int = 256, sampling: SamplingParameters = .greedy, stopSequences: [String] = [],
                stopTokenIDs: Set<Int32> = []) {
        self.maxTokens = maxTokens; self.sampling = sampling; self.stopSequences = stopSequences
        self.stopTokenIDs = stopTokenIDs
    }
}

/// Outcome of one generation.
public struct GenerationResult: Sendable {
    public var promptTokens: [Int32]
    /// Generated ids, including a final end-of-generation id if one was produced.
    public var tokens: [Int32]
    public var text: String
    public var finishReason: FinishReason
    /// Logits after the prompt (first step), if requested.
    public var firstStepLogits: [Float]?
    /// The model that produced this result (nil if not loaded through the registry).
    public var model: ModelIdentity?
    /// Parameters used (sampling includes the seed), for decision records.
    public var parameters: GenerationParameters
    /// Wall time of the prompt pass and of the generation steps.
    public var promptSeconds: Double = 0
    public var generationSeconds: Double = 0
    /// Process CPU time (all threads) of the prompt pass and of the generation steps.
    public var promptCPUSeconds: Double = 0
    public var generationCPUSeconds: Double = 0
}

/// A llama-family GGUF model with its tokenizer and chat template, ready to generate.
/// Immutable and shareable; each `generate` call uses its own `LlamaSession`.
public final class TextGenerator: Sendable {
    public let model: LlamaModel
    public let tokenizer: BPETokenizer
    /// Nil when the GGUF has no template or an unsupported one (`chatTemplateError` says why).
    public let chatTemplate: ChatTemplate?
    public let chatTemplateError: InferenceError?
    /// Registry identity (id + digest) when loaded through `ModelRegistry`; results carry it.
    public let identity: ModelIdentity?

    /// Maps and validates a GGUF file (unverified unless `identity` comes from `ModelRegistry`).
    public convenience init(path: String, identity: ModelIdentity? = nil) throws(InferenceError) {
        try self.init(gguf: GGUFFile(path: path), identity: identity)
    }

    public init(gguf: GGUFFile, identity: ModelIdentity? = nil) throws(InferenceError) {
        self.identity = identity
        model = try LlamaModel(gguf: gguf)
        tokenizer = try BPETokenizer(gguf: gguf)
        guard tokenizer.vocabularySize == model.config.vocabSize else {
            throw .tokenizer(reason: "vocabulary has \(tokenizer.vocabularySize) tokens, model has \(model.config.vocabSize)")
        }
        if let jinja = gguf.metadata["tokenizer.chat_template"]?.string {
            do {
                chatTemplate = try ChatTemplate(jinja: jinja)
                chatTemplateError = nil
            } catch {
                chatTemplate = nil
                chatTemplateError = error
            }
        } else {
            chatTemplate = nil
            chatTemplateError = .unsupportedChatTemplate(reason: "the model has no tokenizer.chat_template")
        }
    }

    /// Renders chat messages with the model's template.
    public func renderChat(_ messages: [ChatMessage]) throws(InferenceError) -> String {
        guard let chatTemplate else {
            throw chatTemplateError ?? .unsupportedChatTemplate(reason: "no chat template")
        }
        return try chatTemplate.render(messages)
    }

    /// Prompt ids for chat messages (template rendered, special tokens parsed, no extra BOS).
    public func chatPromptTokens(_ messages: [ChatMessage]) throws(InferenceError) -> [Int32] {
        tokenizer.encode(try renderChat(messages), parseSpecial: true)
    }

    /// Prompt ids for raw text (special tokens as plain text; BOS if the model asks for one).
    public func textPromptTokens(_ text: String) -> [Int32] {
        tokenizer.encode(text, parseSpecial: false, addBOS: tokenizer.addBOS)
    }

    /// Generates from chat messages. With `schema`, the output is a JSON value valid for it.
    public func generate(messages: [ChatMessage], schema: JSONSchema? = nil, parameters: GenerationParameters = .init(),
                         threads: Int = LlamaSession.defaultThreads, onText: ((String) -> Bool)? = nil) throws(InferenceError) -> GenerationResult {
        try generate(promptTokens: chatPromptTokens(messages), schema: schema, parameters: parameters,
                     threads: threads, onText: onText)
    }

    /// Generates a continuation of `promptTokens`. `onText` receives each new piece of text as soon as it
    /// is valid UTF-8 and returns false to stop.
    public func generate(promptTokens: [Int32], schema: JSONSchema? = nil, parameters: GenerationParameters = .init(),
                         threads: Int = LlamaSession.defaultThreads, keepFirstStepLogits: Bool = false,
                         onText: ((String) -> Bool)? = nil) throws(InferenceError) -> GenerationResult {
        guard !promptTokens.isEmpty else { throw .invalidArgument(reason: "empty prompt") }
        guard parameters.maxTokens >= 0 else { throw .invalidArgument(reason: "maxTokens must be >= 0") }
        let limit = model.config.contextLength
        guard promptTokens.count + parameters.maxTokens <= limit else {
            throw .contextOverflow(needed: promptTokens.count + parameters.maxTokens, limit: limit)
        }
        let session = LlamaSession(model: model, threads: threads)
        var sampler = Sampler(parameters.sampling)
        var constraint = try schema.map { s throws(InferenceError) in try JSONConstraint(schema: s, tokenizer: tokenizer) }
        let stopIDs = tokenizer.endOfGenerationIDs.union(parameters.stopTokenIDs)
        let clock = ContinuousClock()
        let t0 = clock.now, c0 = Self.processCPUSeconds()
        var logits = try session.evaluate(promptTokens)
        let t1 = clock.now, c1 = Self.processCPUSeconds()
        let firstStep = keepFirstStepLogits ? logits : nil
        var tokens: [Int32] = []
        var bytes: [UInt8] = []
        var emitted = 0
        var finish = FinishReason.length
        var text = ""
        generation: while tokens.count < parameters.maxTokens {
            let next: Int32
            if var c = constraint {
                guard let id = c.choose(logits: logits, sampler: &sampler, endIDs: stopIDs,
                                       remaining: parameters.maxTokens - tokens.count) else { throw .constraintDeadEnd }
                next = id
                if !stopIDs.contains(id) { c.advance(token: id) }
                constraint = c
            } else {
                guard let id = sampler.sample(logits) else { throw .constraintDeadEnd }
                next = Int32(id)
            }
            tokens.append(next)
            if stopIDs.contains(next) { finish = .endOfGeneration; break }
            bytes.append(contentsOf: tokenizer.bytes(of: next))
            // Stop sequences.
            text = String(decoding: bytes, as: UTF8.self)
            for stop in parameters.stopSequences where !stop.isEmpty {
                if let r = text.firstRange(of: stop) {
                    text = String(text[..<r.lowerBound])
                    finish = .stopSequence
                    if let onText, text.utf8.count > emitted {
                        _ = onText(String(decoding: Array(text.utf8)[emitted...], as: UTF8.self))
                    }
                    break generation
                }
            }
            if let onText {
                let valid = Self.validUTF8Prefix(bytes)
                let holdBack = parameters.stopSequences.map { $0.utf8.count - 1 }.max() ?? 0
                let ready = max(emitted, valid - max(holdBack, 0))
                if ready > emitted {
                    let piece = String(decoding: bytes[emitted..<ready], as: UTF8.self)
                    emitted = ready
                    if !onText(piece) { finish = .cancelled; break }
                }
            }
            if let c = constraint, c.isComplete, !c.canContinue { finish = .schemaComplete; break }
            if tokens.count >= parameters.maxTokens { break }
            logits = try session.evaluate([next])
        }
        if finish != .stopSequence { text = String(decoding: bytes, as: UTF8.self) }
        if let onText, finish != .stopSequence, finish != .cancelled, bytes.count > emitted {
            _ = onText(String(decoding: bytes[emitted...], as: UTF8.self))
        }
        let t2 = clock.now, c2 = Self.processCPUSeconds()
        return GenerationResult(promptTokens: promptTokens, tokens: tokens, text: text, finishReason: finish,
                                firstStepLogits: firstStep, model: identity, parameters: parameters, promptSeconds: Self.seconds(t1 - t0),
                                generationSeconds: Self.seconds(t2 - t1), promptCPUSeconds: c1 - c0,
                                generationCPUSeconds: c2 - c1)
    }

    static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Length of the longest prefix of `bytes` that ends on a UTF-8 character boundary.
    static func validUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var i = bytes.count
        var back = 0
        while i > 0 && back < 4 {
            let b = bytes[i - 1]
            if b & 0xC0 == 0x80 { i -= 1; back += 1; continue }
            let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            return need == back + 1 ? bytes.count : i - 1
        }
        return bytes.count - back
    }
}
