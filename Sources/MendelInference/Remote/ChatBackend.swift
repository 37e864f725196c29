import MendelCore
import MendelCrypto

/// One chat completion request, the same for every backend: messages, an optional JSON schema the answer
/// must satisfy, and deterministic decoding settings (greedy by default, fixed seed).
public struct ChatRequest: Sendable, Hashable {
    public var messages: [ChatMessage]
    /// A JSON Schema (the subset of `JSONSchema`) the answer must be valid for; nil = free text.
    public var schema: JSONValue?
    /// Name given to the schema in OpenAI's `response_format`.
    public var schemaName: String
    public var maxTokens: Int
    /// 0 = greedy.
    public var temperature: Double
    public var seed: UInt64

    public init(messages: [ChatMessage], schema: JSONValue? = nil, schemaName: String = "answer", maxTokens: Int = 512,
                temperature: Double = 0, seed: UInt64 = 0) {
        self.messages = messages; self.schema = schema; self.schemaName = schemaName
        self.maxTokens = maxTokens; self.temperature = temperature; self.seed = seed
    }

    /// How a server is told the schema: OpenAI's `{"type":"json_schema","json_schema":{…}}` (vLLM,
    /// llama.cpp server, Ollama) or `{"type":"json_object","schema":…}` (llama-cpp-python's server).
    public enum SchemaStyle: String, Sendable, Hashable, CaseIterable {
        case jsonSchema = "json_schema"
        case jsonObject = "json_object"
    }

    /// Canonical bytes of the request as sent to an OpenAI-compatible server for `model` (also hashed for
    /// the embedded backend, so the same request has the same hash whichever backend answers it).
    public func canonicalBody(model: String, stream: Bool = false, schemaStyle: SchemaStyle = .jsonSchema) -> [UInt8] {
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
            "max_tokens": .number(Double(maxTokens)),
            "temperature": .number(temperature),
            "seed": .number(Double(seed)),
            "stream": .bool(stream),
        ]
        if let schema {
            switch schemaStyle {
            case .jsonSchema:
                body["response_format"] = .object([
                    "type": "json_schema",
                    "json_schema": .object(["name": .string(schemaName), "strict": true, "schema": schema]),
                ])
            case .jsonObject:
                body["response_format"] = .object(["type": "json_object", "schema": schema])
            }
        }
        return ChatJSON.encode(.object(body))
    }

    /// Lowercase hex SHA-256 of `canonicalBody(model:)` (recorded in decision records).
    public func hash(model: String) -> String { SHA256.hexHash(canonicalBody(model: model)) }
}

/// What a backend answered, with everything a decision record needs.
public struct ChatResponse: Sendable, Hashable {
    /// The assistant message (for schema requests: the JSON text).
    public var text: String
    /// `embedded` or `openai-compatible`.
    public var backend: String
    /// Model id (registry id for embedded; the server's model name otherwise).
    public var model: String
    /// Weights digest for embedded models (ModelRegistry digest); nil when a server does not reveal it.
    public var modelDigest: String?
    /// Endpoint base URL for remote backends.
    public var endpoint: String?
    public var finishReason: String
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// SHA-256 of the canonical request body and of the raw response bytes.
    public var requestHash: String
    public var responseHash: String
    /// Attempts made (1 = no retry).
    public var attempts: Int
    public var seconds: Double

    public init(text: String, backend: String, model: String, modelDigest: String?, endpoint: String?, finishReason: String,
                promptTokens: Int?, completionTokens: Int?, requestHash: String, responseHash: String, attempts: Int, seconds: Double) {
        self.text = text; self.backend = backend; self.model = model; self.modelDigest = modelDigest; self.endpoint = endpoint
        self.finishReason = finishReason; self.promptTokens = promptTokens; self.completionTokens = completionTokens
        self.requestHash = requestHash; self.responseHash = responseHash; self.attempts = attempts; self.seconds = seconds
    }
}

/// A generative chat model Mendel may call: the in-process runtime or an on-prem OpenAI-compatible server.
public protocol ChatBackend: Sendable {
    /// `embedded` or `openai-compatible`.
    var kind: String { get }
    /// The model this backend answers with.
    var modelID: String { get }
    /// Weights digest when known (embedded models always; servers never).
    var modelDigest: String? { get }
    /// Runs one completion. Blocking work happens off the cooperative thread pool.
    func complete(_ request: ChatRequest) async throws(ChatBackendError) -> ChatResponse
}

/// Errors of chat backends. Messages name endpoints, statuses and fields, never prompt or answer text.
public enum ChatBackendError: MendelError, Equatable {
    /// The endpoint is not listed in `Policies/models.yaml` `allowed_endpoints` (refused before connecting).
    case endpointNotAllowed(endpoint: String)
    /// The endpoint URL is not a usable `http://host[:port]/path` URL.
    case invalidEndpoint(endpoint: String, reason: String)
    /// Nothing listens at the endpoint (connection refused / unreachable).
    case connectionFailed(endpoint: String, reason: String)
    /// No complete answer within the time limit.
    case timeout(endpoint: String, seconds: Double)
    /// The server answered with a non-2xx status.
    case httpStatus(endpoint: String, status: Int)
    /// The response is not the expected JSON / SSE shape.
    case malformedResponse(endpoint: String, reason: String)
    /// The embedded runtime failed (model, template, context, constraint).
    case runtime(InferenceError)

    public var code: String {
        switch self {
        case .endpointNotAllowed: "llm.endpoint_not_allowed"
        case .invalidEndpoint: "llm.invalid_endpoint"
        case .connectionFailed: "llm.connection_failed"
        case .timeout: "llm.timeout"
        case .httpStatus: "llm.http_status"
        case .malformedResponse: "llm.malformed_response"
        case .runtime: "llm.runtime"
        }
    }

    public var description: String {
        switch self {
        case .endpointNotAllowed(let endpoint):
            "\(code): \(endpoint) is not in Policies/models.yaml allowed_endpoints; refused before connecting"
        case .invalidEndpoint(let endpoint, let reason): "\(code): \(endpoint): \(reason)"
        case .connectionFailed(let endpoint, let reason): "\(code): \(endpoint): \(reason)"
        case .timeout(let endpoint, let seconds): "\(code): \(endpoint): no complete answer within \(seconds) s"
        case .httpStatus(let endpoint, let status): "\(code): \(endpoint) answered HTTP \(status)"
        case .malformedResponse(let endpoint, let reason): "\(code): \(endpoint): \(reason)"
        case .runtime(let error): "\(code): \(error.description)"
        }
    }

    /// Whether retrying the same request may succeed (transient network or server trouble).
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .timeout: true
        case .httpStatus(_, let status): status == 408 || status == 429 || status >= 500
        default: false
        }
    }
}
