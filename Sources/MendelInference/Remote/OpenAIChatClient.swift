import Foundation
import MendelCore
import MendelCrypto

/// A client for OpenAI-compatible chat servers run on-premise (vLLM, llama.cpp server, Ollama):
/// `POST {base}/chat/completions` with `response_format: json_schema`, optionally streamed (SSE).
/// Only endpoints listed in the models policy are accepted (checked at construction, before any
/// connection); every attempt has a deadline; transient failures (connection refused, timeout, 408,
/// 429, 5xx) are retried a bounded number of times with exponential backoff.
public struct OpenAIChatClient: ChatBackend {
    public let endpoint: ChatEndpoint
    public let modelID: String
    public var timeoutSeconds: Double
    public var maxRetries: Int
    public var backoffSeconds: Double
    /// Ask for a server-sent-event stream (`stream: true`) and assemble the deltas.
    public var stream: Bool
    /// How the schema is sent (`json_schema` for OpenAI, vLLM, llama.cpp server, Ollama; `json_object`
    /// for llama-cpp-python's server).
    public var schemaStyle: ChatRequest.SchemaStyle

    public var kind: String { "openai-compatible" }
    /// Servers do not reveal their weights; the decision records the endpoint and model name instead.
    public var modelDigest: String? { nil }

    public init(baseURL: String, allowedEndpoints: [String], model: String, timeoutSeconds: Double = 60, maxRetries: Int = 2,
                backoffSeconds: Double = 0.5, stream: Bool = false, schemaStyle: ChatRequest.SchemaStyle = .jsonSchema) throws(ChatBackendError) {
        endpoint = try ChatEndpoint(baseURL, allowed: allowedEndpoints)
        modelID = model
        self.timeoutSeconds = max(0.05, timeoutSeconds)
        self.maxRetries = max(0, min(maxRetries, 5))
        self.backoffSeconds = max(0, backoffSeconds)
        self.stream = stream
        self.schemaStyle = schemaStyle
    }

    public func complete(_ request: ChatRequest) async throws(ChatBackendError) -> ChatResponse {
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            let result = await DedicatedThread.run(name: "mendel-llm-http") { [self] in
                Result { () throws(ChatBackendError) -> ChatResponse in try exchange(request) }
            }
            switch result {
            case .success(var response):
                response.attempts = attempt
                response.seconds = Self.seconds(ContinuousClock.now - started)
                return response
            case .failure(let error):
                guard error.isTransient, attempt <= maxRetries else { throw error }
                let delay = backoffSeconds * pow(2, Double(attempt - 1))
                try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                if Task.isCancelled { throw error }
            }
        }
    }

    /// One attempt: send, read, parse.
    func exchange(_ request: ChatRequest) throws(ChatBackendError) -> ChatResponse {
        let body = request.canonicalBody(model: modelID, stream: stream, schemaStyle: schemaStyle)
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeoutSeconds * 1000))
        let connection = HTTPClientConnection(endpoint: endpoint, deadline: deadline, timeoutSeconds: timeoutSeconds)
        var raw: [UInt8] = []
        var sse = SSEAccumulator()
        let head = try connection.post(path: endpoint.basePath + "/chat/completions", body: body,
                                       accept: stream ? "text/event-stream" : "application/json") { piece in
            raw.append(contentsOf: piece)
            guard raw.count <= 16 << 20 else { return false }
            if stream { sse.feed(piece) }
            return !(stream && sse.done)
        }
        guard (200..<300).contains(head.status) else { throw .httpStatus(endpoint: endpoint.baseURL, status: head.status) }
        let requestHash = SHA256.hexHash(body)
        let responseHash = SHA256.hexHash(raw)
        if stream {
            guard let parsed = try sse.result(endpoint: endpoint.baseURL) else {
                throw .malformedResponse(endpoint: endpoint.baseURL, reason: "the event stream carried no completion")
            }
            return ChatResponse(text: parsed.text, backend: kind, model: parsed.model ?? modelID, modelDigest: nil, endpoint: endpoint.baseURL,
                                finishReason: parsed.finishReason ?? "unknown", promptTokens: parsed.promptTokens,
                                completionTokens: parsed.completionTokens, requestHash: requestHash, responseHash: responseHash,
                                attempts: 1, seconds: 0)
        }
        guard let json = ChatJSON.decode(raw) else { throw .malformedResponse(endpoint: endpoint.baseURL, reason: "the body is not JSON") }
        guard let choice = json["choices"]?.arrayValue?.first, let content = choice["message"]?["content"]?.stringValue else {
            throw .malformedResponse(endpoint: endpoint.baseURL, reason: "no choices[0].message.content")
        }
        return ChatResponse(text: content, backend: kind, model: json["model"]?.stringValue ?? modelID, modelDigest: nil,
                            endpoint: endpoint.baseURL, finishReason: choice["finish_reason"]?.stringValue ?? "unknown",
                            promptTokens: json["usage"]?["prompt_tokens"]?.doubleValue.map { Int($0) },
                            completionTokens: json["usage"]?["completion_tokens"]?.doubleValue.map { Int($0) },
                            requestHash: requestHash, responseHash: responseHash, attempts: 1, seconds: 0)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// Assembles an OpenAI chat-completion SSE stream: `data: {json}` events with `choices[0].delta.content`,
/// ended by `data: [DONE]`.
struct SSEAccumulator {
    struct Parsed { var text: String; var model: String?; var finishReason: String?; var promptTokens: Int?; var completionTokens: Int? }

    private var pending: [UInt8] = []
    private var text: [UInt8] = []
    private var events = 0
    private var model: String?
    private var finishReason: String?
    private var promptTokens: Int?
    private var completionTokens: Int?
    private var malformed = false
    private(set) var done = false

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        pending.append(contentsOf: bytes)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending[..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            handle(Array(line))
            pending.removeSubrange(...newline)
        }
    }

    private mutating func handle(_ line: [UInt8]) {
        let prefix = Array("data:".utf8)
        guard line.starts(with: prefix) else { return }  // comments (`:`), `event:`, `id:`, blank separators
        var payload = line[prefix.count...]
        while payload.first == UInt8(ascii: " ") { payload = payload.dropFirst() }
        if Array(payload) == Array("[DONE]".utf8) { done = true; return }
        guard let json = ChatJSON.decode(payload) else { malformed = true; return }
        events += 1
        if model == nil { model = json["model"]?.stringValue }
        if let choice = json["choices"]?.arrayValue?.first {
            if let piece = choice["delta"]?["content"]?.stringValue { text += Array(piece.utf8) }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        }
        if let usage = json["usage"] {
            promptTokens = usage["prompt_tokens"]?.doubleValue.map { Int($0) } ?? promptTokens
            completionTokens = usage["completion_tokens"]?.doubleValue.map { Int($0) } ?? completionTokens
        }
    }

    func result(endpoint: String) throws(ChatBackendError) -> Parsed? {
        if malformed { throw .malformedResponse(endpoint: endpoint, reason: "an event is not JSON") }
        guard events > 0 else { return nil }
        return Parsed(text: String(decoding: text, as: UTF8.self), model: model, finishReason: finishReason,
                      promptTokens: promptTokens, completionTokens: completionTokens)
    }
}
