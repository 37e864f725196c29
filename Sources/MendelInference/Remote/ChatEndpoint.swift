/// An OpenAI-compatible base URL (`http://host[:port]/v1`), checked against the policy's allow-list
/// before any connection is made.
public struct ChatEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The base URL as configured (no trailing slash).
    public let baseURL: String
    public let host: String
    public let port: UInt16
    /// Path prefix, e.g. `/v1` (empty for the root).
    public let basePath: String

    /// Parses `baseURL` and refuses it unless it equals, or lies below, one of `allowed`
    /// (`…/v1` admits `…/v1/chat/completions`). Only plain `http://` is spoken by the built-in client;
    /// put a TLS-terminating proxy on loopback in front of a remote `https://` server.
    public init(_ baseURL: String, allowed: [String]) throws(ChatBackendError) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        guard Self.isAllowed(url, by: allowed) else { throw .endpointNotAllowed(endpoint: url) }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") else {
            throw .invalidEndpoint(endpoint: url, reason: lowered.hasPrefix("https://")
                ? "https is not spoken by the built-in client; use a loopback TLS proxy"
                : "expected an http:// URL")
        }
        let rest = url.dropFirst("http://".count)
        let authority = rest.firstIndex(of: "/").map { rest[..<$0] } ?? rest
        let path = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
        guard !authority.isEmpty, !authority.contains("@") else { throw .invalidEndpoint(endpoint: url, reason: "no host") }
        var host = Substring(authority)
        var port: UInt16 = 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidEndpoint(endpoint: url, reason: "unterminated IPv6 literal") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = UInt16(after.dropFirst()), p > 0 else { throw .invalidEndpoint(endpoint: url, reason: "bad port") }
                port = p
            } else if !after.isEmpty { throw .invalidEndpoint(endpoint: url, reason: "bad authority") }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let p = UInt16(authority[authority.index(after: colon)...]), p > 0 else {
                throw .invalidEndpoint(endpoint: url, reason: "bad port")
            }
            port = p
        }
        guard !host.isEmpty else { throw .invalidEndpoint(endpoint: url, reason: "no host") }
        self.baseURL = url
        self.host = String(host)
        self.port = port
        self.basePath = path
    }

    /// Whether `url` is one of `allowed` or below one of them (compared case-insensitively, at a path boundary).
    public static func isAllowed(_ url: String, by allowed: [String]) -> Bool {
        let lowered = url.lowercased()
        return allowed.contains { entry in
            var prefix = entry.lowercased()
            while prefix.hasSuffix("/") { prefix.removeLast() }
            return lowered == prefix || lowered.hasPrefix(prefix + "/")
        }
    }

    /// `localhost`, `127.0.0.0/8` or `::1`.
    public var isLoopback: Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public var description: String { baseURL }
}
