import Yams

/// Retention, egress and de-identification rules (`Policies/privacy.yaml`).
public struct PrivacyPolicy: Sendable, Hashable {
    /// Which kinds of identifiers are removed from text before it leaves the daemon (e.g. to an LLM endpoint).
    public struct Deidentification: Sendable, Hashable {
        public var names = true
        public var dates = true
        public var identifiers = true
        public var contacts = true
        public var locations = true
        public var agesOver89 = true
        public init() {}

        static let keys: Set<String> = ["names", "dates", "identifiers", "contacts", "locations", "ages_over_89"]

        mutating func set(_ key: String, _ value: Bool) {
            switch key {
            case "names": names = value
            case "dates": dates = value
            case "identifiers": identifiers = value
            case "contacts": contacts = value
            case "locations": locations = value
            default: agesOver89 = value
            }
        }
    }

    /// Days a case is kept after creation before it is due for erasure (0 = keep until erased by hand).
    public var retentionDays: Int
    /// Destinations data may be sent to (URL prefixes like `https://llm.lab.local:8443`). Empty = nothing leaves.
    public var egressAllowList: [String]
    public var deidentification: Deidentification

    public init(retentionDays: Int = 3650, egressAllowList: [String] = [], deidentification: Deidentification = .init()) {
        self.retentionDays = retentionDays
        self.egressAllowList = egressAllowList
        self.deidentification = deidentification
    }

    /// Whether `url` starts with one of the allowed destinations (compared case-insensitively).
    public func allowsEgress(to url: String) -> Bool {
        let lowered = url.lowercased()
        return egressAllowList.contains { allowed in
            let prefix = allowed.lowercased()
            guard lowered.hasPrefix(prefix) else { return false }
            // `https://a.b` must not admit `https://a.b.evil`: the prefix must end at a boundary.
            let rest = lowered.dropFirst(prefix.count)
            return prefix.hasSuffix("/") || rest.isEmpty || rest.first == "/" || rest.first == ":"
        }
    }

    static func parse(_ root: Node, reader: YAMLReader) throws(PolicyError) -> PrivacyPolicy {
        var policy = PrivacyPolicy()
        for pair in try reader.mapping(root, what: "privacy.yaml", allowed: ["version", "retention_days", "egress", "deidentification"]) {
            switch pair.key {
            case "version": try reader.checkVersion(pair.value)
            case "retention_days":
                let days = try reader.int(pair.value, what: "retention_days")
                guard days >= 0 else { throw reader.fail(pair.value, "retention_days must be 0 or more") }
                policy.retentionDays = days
            case "egress":
                for inner in try reader.mapping(pair.value, what: "egress", allowed: ["allow"]) {
                    for item in try reader.sequence(inner.value, what: "egress.allow") {
                        let url = try reader.string(item, what: "an egress destination")
                        guard EndpointURL(url) != nil else {
                            throw reader.fail(item, "egress destination must be an http:// or https:// URL with a host")
                        }
                        guard !policy.egressAllowList.contains(url) else { throw reader.fail(item, "egress destination listed twice") }
                        policy.egressAllowList.append(url)
                    }
                }
            default:
                for inner in try reader.mapping(pair.value, what: "deidentification", allowed: Deidentification.keys) {
                    policy.deidentification.set(inner.key, try reader.bool(inner.value, what: "deidentification.\(inner.key)"))
                }
            }
        }
        return policy
    }
}

/// A minimal parse of `scheme://host[:port][/path]`, enough to validate policy URLs and spot loopback hosts.
struct EndpointURL: Hashable {
    var scheme: String
    var host: String
    var port: Int?

    init?(_ text: String) {
        let lowered = text.lowercased()
        let scheme: String
        if lowered.hasPrefix("http://") { scheme = "http" } else if lowered.hasPrefix("https://") { scheme = "https" } else { return nil }
        var rest = lowered.dropFirst(scheme.count + 3)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        guard !rest.isEmpty, !rest.contains("@") else { return nil }
        var host = Substring(rest)
        var port: Int? = nil
        if rest.hasPrefix("[") {  // IPv6 literal
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { guard let p = Int(after.dropFirst()) else { return nil }; port = p } else if !after.isEmpty { return nil }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = p
        }
        guard !host.isEmpty else { return nil }
        if let port, !(1...65535).contains(port) { return nil }
        self.scheme = scheme
        self.host = String(host)
        self.port = port
    }

    /// `localhost`, `127.0.0.0/8` or `::1`.
    var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
