import Yams

/// Which models may run and where (`Policies/models.yaml`).
public struct ModelsPolicy: Sendable, Hashable {
    public enum Backend: String, Sendable, Hashable, CaseIterable {
        /// The in-process encoder (no network).
        case embedded
        /// An OpenAI-compatible server named in `allowedEndpoints`.
        case endpoint
    }

    /// Directory holding model folders (relative paths are resolved by the daemon against its working directory).
    public var modelDirectory: String
    /// OpenAI-compatible base URLs the daemon may call. Loopback only by default; any other host must
    /// also be allowed by `privacy.yaml` `egress.allow`.
    public var allowedEndpoints: [String]
    public var defaultBackend: Backend
    /// The LLM-assisted differential, narrative and gene-card summaries (`assist:`).
    public var assist = AssistPolicy()

    public init(modelDirectory: String = "data/models", allowedEndpoints: [String] = ["http://127.0.0.1:8080/v1"], defaultBackend: Backend = .embedded) {
        self.modelDirectory = modelDirectory
        self.allowedEndpoints = allowedEndpoints
        self.defaultBackend = defaultBackend
    }

    /// Whether `url` is one of the allowed endpoints or below one (`…/v1` admits `…/v1/chat/completions`).
    public func allowsEndpoint(_ url: String) -> Bool {
        allowedEndpoints.contains { url == $0 || url.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    static func parse(_ root: Node, reader: YAMLReader, privacy: PrivacyPolicy) throws(PolicyError) -> ModelsPolicy {
        var policy = ModelsPolicy()
        var assistNode: Node?
        for pair in try reader.mapping(root, what: "models.yaml", allowed: ["version", "model_directory", "allowed_endpoints", "default_backend", "assist"]) {
            switch pair.key {
            case "version": try reader.checkVersion(pair.value)
            case "model_directory":
                let path = try reader.string(pair.value, what: "model_directory")
                guard !path.isEmpty else { throw reader.fail(pair.value, "model_directory must not be empty") }
                policy.modelDirectory = path
            case "allowed_endpoints":
                var urls: [String] = []
                for item in try reader.sequence(pair.value, what: "allowed_endpoints") {
                    let url = try reader.string(item, what: "an endpoint")
                    guard let parsed = EndpointURL(url) else {
                        throw reader.fail(item, "endpoint must be an http:// or https:// URL with a host")
                    }
                    guard parsed.isLoopback || privacy.allowsEgress(to: url) else {
                        throw reader.fail(item, "endpoint host \(parsed.host) is not loopback and not in privacy.yaml egress.allow")
                    }
                    guard !urls.contains(url) else { throw reader.fail(item, "endpoint listed twice") }
                    urls.append(url)
                }
                policy.allowedEndpoints = urls
            case "assist":
                assistNode = pair.value
                policy.assist = try AssistPolicy.parse(pair.value, reader: reader)
            default:
                let name = try reader.string(pair.value, what: "default_backend")
                guard let backend = Backend(rawValue: name) else {
                    throw reader.fail(pair.value, "unknown backend '\(name)' (known: \(Backend.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                policy.defaultBackend = backend
            }
        }
        if let endpoint = policy.assist.endpoint, !policy.allowsEndpoint(endpoint) {
            throw reader.fail(assistNode, "assist.endpoint is not listed in allowed_endpoints")
        }
        if policy.defaultBackend == .endpoint, policy.allowedEndpoints.isEmpty {
            throw reader.fail(root, "default_backend endpoint needs at least one allowed_endpoints entry")
        }
        return policy
    }
}
