import Foundation

/// Everything `mendeld` needs to know about where things live and what the limits are.
/// Paths are absolute after `resolved(relativeTo:)`.
public struct ServerConfiguration: Sendable, Codable {
    /// Unix socket the daemon listens on.
    public var socketPath: String
    /// SQLite vault file.
    public var vaultPath: String
    /// Directory with `master.key`, `audit-signing.key`, `audit-signing.pub`, `pseudonym.key` (mode 0700).
    public var keysDirectory: String
    /// Audit log directory (`AuditLogs/` in a checkout).
    public var auditDirectory: String
    /// Policy files (`Policies/` in a checkout).
    public var policiesDirectory: String
    /// Knowledge-base snapshot or plain HPO directory; analyses without it skip the diagnosis step (and say so).
    public var knowledgeBaseDirectory: String?
    /// Group that may connect to the socket (socket mode 0660, directory 0750); nil keeps the daemon's group.
    public var socketGroup: String?
    /// Census given/family name lists for the de-identifier (`scripts/fetch-names`); nil or missing files: the
    /// de-identifier uses its built-in name rules only.
    public var nameListsDirectory: String?

    /// Largest accepted request body (bytes). Default 512 MiB: a gzipped exome VCF, base64-encoded, fits.
    public var maxBodyBytes: Int = 512 * 1024 * 1024
    /// Largest accepted request head (request line + headers), bytes.
    public var maxHeaderBytes: Int = 16 * 1024
    /// A request must arrive completely within this many seconds of its first byte (slow clients are cut off).
    public var requestDeadlineSeconds: Double = 30
    /// Idle keep-alive connections are closed after this many seconds.
    public var idleTimeoutSeconds: Double = 60
    /// Open connections allowed per uid.
    public var maxConnectionsPerUID: Int = 64
    /// Analysis jobs that run at the same time.
    public var jobConcurrency: Int = 2
    /// Signed audit checkpoint every N lines…
    public var auditCheckpointEveryLines: Int = 1000
    /// …or every T seconds.
    public var auditCheckpointIntervalSeconds: Double = 60

    public init(socketPath: String, vaultPath: String, keysDirectory: String, auditDirectory: String,
                policiesDirectory: String, knowledgeBaseDirectory: String? = nil, socketGroup: String? = nil,
                nameListsDirectory: String? = nil) {
        self.socketPath = socketPath
        self.vaultPath = vaultPath
        self.keysDirectory = keysDirectory
        self.auditDirectory = auditDirectory
        self.policiesDirectory = policiesDirectory
        self.knowledgeBaseDirectory = knowledgeBaseDirectory
        self.socketGroup = socketGroup
        self.nameListsDirectory = nameListsDirectory
    }

    /// Development defaults, relative to a checkout: `./var/` for runtime state, `AuditLogs/`, `Policies/`, `data/hpo`.
    public static func development(root: String) -> ServerConfiguration {
        ServerConfiguration(
            socketPath: root + "/var/run/mendeld.sock",
            vaultPath: root + "/var/vault.db",
            keysDirectory: root + "/var/keys",
            auditDirectory: root + "/AuditLogs",
            policiesDirectory: root + "/Policies",
            knowledgeBaseDirectory: root + "/data/hpo",
            nameListsDirectory: root + "/data/names"
        )
    }

    /// System defaults for a packaged install (see packaging/mendeld.service).
    public static let system = ServerConfiguration(
        socketPath: "/run/mendel/mendeld.sock",
        vaultPath: "/var/lib/mendel/vault.db",
        keysDirectory: "/var/lib/mendel/keys",
        auditDirectory: "/var/log/mendel/audit",
        policiesDirectory: "/etc/mendel/policies",
        knowledgeBaseDirectory: "/var/lib/mendel/kb",
        socketGroup: "mendel",
        nameListsDirectory: "/var/lib/mendel/names"
    )
}
