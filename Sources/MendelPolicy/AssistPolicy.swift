import Yams

/// The LLM-assisted step (`models.yaml` `assist:`): whether it runs, on which backend and model, and
/// whether its grounded differential may be fused into the ranking. Off by default.
public struct AssistPolicy: Sendable, Hashable {
    public enum Fusion: String, Sendable, Hashable, CaseIterable {
        /// The knowledge-base ranking is authoritative; the model's differential is shown beside it.
        case none
        /// Reciprocal-rank fusion with `fusionWeight` (see docs/llm-assist.md).
        case rrf
    }

    public var enabled = false
    /// Backend of the step; nil = `default_backend`.
    public var backend: ModelsPolicy.Backend?
    /// Registry id (embedded) or the server's model name (endpoint).
    public var model = "smollm2-135m-instruct-q4_1"
    /// Base URL for the endpoint backend; must be listed in `allowed_endpoints`. Nil = the first listed.
    public var endpoint: String?
    public var timeoutSeconds = 120.0
    public var maxRetries = 2
    public var stream = false
    /// `json_schema` (OpenAI, vLLM, llama.cpp server, Ollama) or `json_object` (llama-cpp-python).
    public var responseFormat = "json_schema"
    public var maxCandidates = 8
    public var maxDifferential = 3
    public var geneCards = 5
    public var geneSummaries = 3
    public var maxTokens = 640
    public var seed = 0
    public var fusion = Fusion.none
    public var fusionWeight = 0.05

    public init() {}

    static let keys: Set<String> = ["enabled", "backend", "model", "endpoint", "timeout_seconds", "max_retries", "stream", "response_format",
                                    "max_candidates", "max_differential", "gene_cards", "gene_summaries", "max_tokens", "seed",
                                    "fusion", "fusion_weight"]

    static func parse(_ node: Node, reader: YAMLReader) throws(PolicyError) -> AssistPolicy {
        var policy = AssistPolicy()
        func bounded(_ value: Node, _ what: String, _ range: ClosedRange<Int>) throws(PolicyError) -> Int {
            let number = try reader.int(value, what: "assist.\(what)")
            guard range.contains(number) else { throw reader.fail(value, "assist.\(what) must be in \(range.lowerBound)...\(range.upperBound)") }
            return number
        }
        for pair in try reader.mapping(node, what: "assist", allowed: keys) {
            switch pair.key {
            case "enabled": policy.enabled = try reader.bool(pair.value, what: "assist.enabled")
            case "backend":
                let name = try reader.string(pair.value, what: "assist.backend")
                guard let backend = ModelsPolicy.Backend(rawValue: name) else {
                    throw reader.fail(pair.value, "unknown backend '\(name)' (known: embedded, endpoint)")
                }
                policy.backend = backend
            case "model":
                policy.model = try reader.string(pair.value, what: "assist.model")
                guard !policy.model.isEmpty else { throw reader.fail(pair.value, "assist.model must not be empty") }
            case "endpoint": policy.endpoint = try reader.string(pair.value, what: "assist.endpoint")
            case "timeout_seconds":
                policy.timeoutSeconds = try reader.double(pair.value, what: "assist.timeout_seconds")
                guard policy.timeoutSeconds > 0, policy.timeoutSeconds <= 3600 else { throw reader.fail(pair.value, "assist.timeout_seconds must be in (0, 3600]") }
            case "max_retries": policy.maxRetries = try bounded(pair.value, "max_retries", 0...5)
            case "stream": policy.stream = try reader.bool(pair.value, what: "assist.stream")
            case "response_format":
                policy.responseFormat = try reader.string(pair.value, what: "assist.response_format")
                guard ["json_schema", "json_object"].contains(policy.responseFormat) else {
                    throw reader.fail(pair.value, "assist.response_format must be json_schema or json_object")
                }
            case "max_candidates": policy.maxCandidates = try bounded(pair.value, "max_candidates", 1...20)
            case "max_differential": policy.maxDifferential = try bounded(pair.value, "max_differential", 1...10)
            case "gene_cards": policy.geneCards = try bounded(pair.value, "gene_cards", 0...20)
            case "gene_summaries": policy.geneSummaries = try bounded(pair.value, "gene_summaries", 0...20)
            case "max_tokens": policy.maxTokens = try bounded(pair.value, "max_tokens", 64...4096)
            case "seed": policy.seed = try bounded(pair.value, "seed", 0...Int(Int32.max))
            case "fusion":
                let name = try reader.string(pair.value, what: "assist.fusion")
                guard let fusion = Fusion(rawValue: name) else { throw reader.fail(pair.value, "assist.fusion must be none or rrf") }
                policy.fusion = fusion
            default:
                policy.fusionWeight = try reader.double(pair.value, what: "assist.fusion_weight")
                guard policy.fusionWeight >= 0, policy.fusionWeight <= 1 else { throw reader.fail(pair.value, "assist.fusion_weight must be in [0, 1]") }
            }
        }
        return policy
    }
}
