/// One chat message.
public struct ChatMessage: Sendable, Codable, Hashable {
    public var role: String
    public var content: String
    public init(role: String, content: String) { self.role = role; self.content = content }
}

/// Chat prompt formats recognised from a GGUF `tokenizer.chat_template` (Jinja source). Only known
/// formats are rendered; anything else is refused with a clear error rather than guessed.
public enum ChatTemplate: Sendable, Equatable {
    /// ChatML (`<|im_start|>role\ncontent<|im_end|>\n`), with the template's default system prompt if it has one.
    case chatML(defaultSystem: String?)
    /// Llama 3 (`<|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>`).
    case llama3(bos: String)

    /// Recognises a Jinja chat template.
    public init(jinja: String) throws(InferenceError) {
        if jinja.contains("<|im_start|>") && jinja.contains("<|im_end|>") {
            self = .chatML(defaultSystem: Self.defaultSystem(in: jinja))
        } else if jinja.contains("<|start_header_id|>") && jinja.contains("<|eot_id|>") {
            self = .llama3(bos: "<|begin_of_text|>")
        } else {
            throw .unsupportedChatTemplate(reason: "chat template is neither ChatML nor Llama 3")
        }
    }

    /// The literal default system message of a ChatML template, e.g. SmolLM2's
    /// `{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\n…<|im_end|>\n' }}`.
    static func defaultSystem(in jinja: String) -> String? {
        guard let cond = jinja.firstRange(of: "!= 'system'") ?? jinja.firstRange(of: "!= \"system\"") else { return nil }
        let rest = jinja[cond.upperBound...]
        guard let open = rest.firstRange(of: "<|im_start|>system") else { return nil }
        // The literal must start right after the condition's `{{ '`.
        let between = rest[..<open.lowerBound]
        guard between.count < 20, between.contains("{{") else { return nil }
        let after = rest[open.upperBound...]
        guard let close = after.firstRange(of: "<|im_end|>") else { return nil }
        var text = String(after[..<close.lowerBound])
        text = text.replacing("\\n", with: "\n")
        if text.hasPrefix("\n") { text.removeFirst() }
        return text
    }

    /// Renders messages with the assistant generation prompt appended.
    public func render(_ messages: [ChatMessage]) throws(InferenceError) -> String {
        guard !messages.isEmpty else { throw .invalidArgument(reason: "no chat messages") }
        var out = ""
        switch self {
        case .chatML(let defaultSystem):
            if messages[0].role != "system", let system = defaultSystem {
                out += "<|im_start|>system\n\(system)<|im_end|>\n"
            }
            for m in messages { out += "<|im_start|>\(m.role)\n\(m.content)<|im_end|>\n" }
            out += "<|im_start|>assistant\n"
        case .llama3(let bos):
            out = bos
            for m in messages {
                out += "<|start_header_id|>\(m.role)<|end_header_id|>\n\n\(m.content.trimmingWhitespace())<|eot_id|>"
            }
            out += "<|start_header_id|>assistant<|end_header_id|>\n\n"
        }
        return out
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
