import ArgumentParser
import Foundation
import MendelInference

/// Reads JSON-lines objects from a file.
private func readJSONLines(_ path: String) throws -> [[String: Any]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var objects: [[String: Any]] = []
    for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw ValidationError("line \(n + 1) of the input is not a JSON object")
        }
        objects.append(object)
    }
    return objects
}

/// Writes one JSON value as compact text; floats use Swift's shortest round-trip form.
private func jsonText(_ value: Any) -> String {
    switch value {
    case let s as String:
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let wrapped = String(decoding: data, as: UTF8.self)
        return String(wrapped.dropFirst().dropLast())
    case let f as Float: return f.isFinite ? "\(f)" : "null"
    case let d as Double: return d.isFinite ? "\(d)" : "null"
    case let i as Int: return "\(i)"
    case let i as Int32: return "\(i)"
    case let b as Bool: return b ? "true" : "false"
    case let a as [Any]: return "[" + a.map(jsonText).joined(separator: ",") + "]"
    case let pairs as KeyValuePairs<String, Any>:
        return "{" + pairs.map { jsonText($0.key) + ":" + jsonText($0.value) }.joined(separator: ",") + "}"
    default: return "null"
    }
}

/// Applies `--kernels NAME` (a `KernelLevel` name) process-wide; nil keeps the best level.
private func applyKernelLevel(_ name: String?) throws -> KernelLevel {
    guard let name else { return KernelLevel.current }
    guard let level = KernelLevel(name: name) else {
        throw ValidationError("--kernels must be one of \(KernelLevel.allCases.map(\.description).joined(separator: ", "))")
    }
    return KernelLevel.force(level)
}

private func idString(_ object: [String: Any], line: Int) -> String {
    if let s = object["id"] as? String { return s }
    if let n = object["id"] as? NSNumber { return n.stringValue }
    return "\(line + 1)"
}

/// `mendel-bench embed`: sentence embeddings with the in-process BERT encoder.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed", abstract: "Embed {\"id\",\"text\"} lines with a BERT-family sentence encoder.")

    @Option(help: "Model directory (config.json, model.safetensors, tokenizer.json).") var model: String
    @Option(name: .customLong("in"), help: "Input JSON lines {\"id\",\"text\"}.") var input: String
    @Option(help: "Output JSON lines {\"id\",\"input_ids\",\"embedding\"}.") var out: String
    @Option(help: "Sequences per forward pass.") var batchSize: Int = 64
    @Option(name: .customLong("repeat"), help: "Timed passes over the input (the best is reported; the first also warms the mapping).") var repeats: Int = 1
    @Flag(help: "Print timing to stderr.") var timing = false
    @Option(help: "Force a kernel level (scalar, avx2, avxvnni, avx512); default: the best this CPU supports.") var kernels: String?

    func run() throws {
        let level = try applyKernelLevel(kernels)
        let encoder = try SentenceEncoder(directory: URL(fileURLWithPath: model))
        let items = try readJSONLines(input)
        let texts = items.map { ($0["text"] as? String) ?? "" }
        let clock = ContinuousClock()
        var ids: [[Int32]] = []
        var embeddings: [[Float]] = []
        var elapsed = Duration.seconds(1_000_000)
        for _ in 0..<max(1, repeats) {
            let start = clock.now
            ids = texts.map(encoder.tokenize)
            embeddings = try encoder.embed(ids: ids, batchSize: batchSize)
            elapsed = min(elapsed, clock.now - start)
        }
        var lines = ""
        for (i, item) in items.enumerated() {
            let pairs: KeyValuePairs<String, Any> = [
                "id": idString(item, line: i), "input_ids": ids[i].map { Int($0) }, "embedding": embeddings[i],
            ]
            lines += jsonText(pairs) + "\n"
        }
        try lines.write(toFile: out, atomically: true, encoding: .utf8)
        if timing {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let line = String(format: "embed: %d texts in %.4f s (best of %d) = %.1f sentences/s (batch %d, kernels ",
                                                       texts.count, seconds, max(1, repeats), Double(texts.count) / seconds,
                                                       batchSize) + level.description + ")\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}

/// `mendel-bench generate`: greedy generation, teacher forcing and tokenisation with the in-process
/// llama runtime (GGUF).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Greedy generation from {\"id\",\"prompt\"|\"messages\",\"max_tokens\",\"force_ids\"} lines, or --tokenize.")

    @Option(help: "GGUF model file.") var model: String
    @Option(name: .customLong("in"), help: "Input JSON lines.") var input: String
    @Option(help: "Output JSON lines.") var out: String
    @Option(help: "Threads for matrix products.") var threads: Int = 1
    @Option(help: "Default max_tokens when a line has none.") var maxTokens: Int = 48
    @Flag(help: "Tokenize {\"id\",\"text\"} lines instead of generating.") var tokenize = false
    @Flag(help: "Print timing to stderr.") var timing = false
    @Option(help: "Force a kernel level (scalar, avx2, avxvnni, avx512); default: the best this CPU supports.") var kernels: String?

    func run() throws {
        let level = try applyKernelLevel(kernels)
        let generator = try TextGenerator(path: model)
        let items = try readJSONLines(input)
        var lines = ""
        var promptTokens = 0, genTokens = 0
        var promptSeconds = 0.0, genSeconds = 0.0, promptCPU = 0.0, genCPU = 0.0
        for (n, item) in items.enumerated() {
            let id = idString(item, line: n)
            if tokenize {
                let text = (item["text"] as? String) ?? ""
                let ids = generator.tokenizer.encode(text, parseSpecial: false)
                let pairs: KeyValuePairs<String, Any> = [
                    "id": id, "ids": ids.map { Int($0) }, "detokenized": generator.tokenizer.decode(ids),
                ]
                lines += jsonText(pairs) + "\n"
                continue
            }
            let promptIDs: [Int32]
            if let messages = item["messages"] as? [[String: Any]] {
                let chat = messages.map { ChatMessage(role: ($0["role"] as? String) ?? "", content: ($0["content"] as? String) ?? "") }
                promptIDs = try generator.chatPromptTokens(chat)
            } else if let prompt = item["prompt"] as? String {
                promptIDs = generator.tokenizer.encode(prompt, parseSpecial: false)
            } else {
                throw ValidationError("line \(n + 1) has neither prompt nor messages")
            }
            let maxNew = (item["max_tokens"] as? NSNumber)?.intValue ?? maxTokens
            let result = try generator.generate(promptTokens: promptIDs, parameters: GenerationParameters(maxTokens: maxNew),
                                                threads: threads, keepFirstStepLogits: true)
            promptTokens += promptIDs.count; genTokens += max(result.tokens.count - 1, 0)
            promptSeconds += result.promptSeconds; genSeconds += result.generationSeconds
            promptCPU += result.promptCPUSeconds; genCPU += result.generationCPUSeconds
            let first = result.firstStepLogits ?? []
            let top = first.indices.sorted { first[$0] > first[$1] || (first[$0] == first[$1] && $0 < $1) }.prefix(20)
            var pairs: [(String, Any)] = [
                ("id", id), ("prompt_ids", promptIDs.map { Int($0) }), ("output_ids", result.tokens.map { Int($0) }),
                ("text", result.text), ("first_step_top", top.map { [$0, first[$0]] as [Any] }),
            ]
            if let force = (item["force_ids"] as? [NSNumber])?.map({ Int32($0.intValue) }), !force.isEmpty {
                let session = LlamaSession(model: generator.model, threads: threads)
                let logits = try session.evaluate(promptIDs + force.dropLast(), logits: .all)
                let vocab = generator.model.config.vocabSize
                var argmaxes: [Int] = [], forced: [Float] = []
                for k in 0..<force.count {
                    let row = Array(logits[((promptIDs.count - 1 + k) * vocab)..<((promptIDs.count + k) * vocab)])
                    argmaxes.append(Sampler.argmax(row) ?? -1)
                    forced.append(row[Int(force[k])])
                }
                pairs.append(("forced_argmax", argmaxes))
                pairs.append(("forced_logit", forced))
            }
            lines += "{" + pairs.map { jsonText($0.0) + ":" + jsonText($0.1) }.joined(separator: ",") + "}\n"
        }
        try lines.write(toFile: out, atomically: true, encoding: .utf8)
        if timing && !tokenize {
            let line = String(
                format: "generate: prompt %d tokens in %.3f s = %.1f tok/s (%.1f per CPU-s); generated %d tokens in %.3f s = %.1f tok/s (%.1f per CPU-s) (threads %d, kernels ",
                promptTokens, promptSeconds, Double(promptTokens) / max(promptSeconds, 1e-9), Double(promptTokens) / max(promptCPU, 1e-9),
                genTokens, genSeconds, Double(genTokens) / max(genSeconds, 1e-9), Double(genTokens) / max(genCPU, 1e-9), threads) + level.description + ")\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
