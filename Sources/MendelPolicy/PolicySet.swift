import MendelCore

/// Every policy the daemon enforces, loaded and validated together, with the hash recorded in audit lines.
public struct PolicySet: Sendable, Hashable {
    public var access: AccessPolicy
    public var privacy: PrivacyPolicy
    public var fairness: FairnessPolicy
    /// The YAML tree of `interpretation.yaml`; its keys are defined by the variant engine.
    public var interpretation: JSONValue
    public var models: ModelsPolicy
    /// Lowercase hex SHA-256 over the policy files (see `PolicyLoader.hash`).
    public var hash: String
    /// File name → lowercase hex SHA-256 of its bytes.
    public var fileHashes: [String: String]

    public init(access: AccessPolicy, privacy: PrivacyPolicy, fairness: FairnessPolicy, interpretation: JSONValue,
                models: ModelsPolicy, hash: String, fileHashes: [String: String]) {
        self.access = access
        self.privacy = privacy
        self.fairness = fairness
        self.interpretation = interpretation
        self.models = models
        self.hash = hash
        self.fileHashes = fileHashes
    }
}
