/// Who caused an audited action, as the kernel reported it (SO_PEERCRED) plus the role from policy.
/// `user` is a login name of staff, never a patient's.
public struct AuditActor: Codable, Sendable, Hashable {
    public var uid: UInt32
    public var gid: UInt32
    public var pid: Int32
    public var user: String?
    public var role: String?

    public init(uid: UInt32, gid: UInt32, pid: Int32, user: String? = nil, role: String? = nil) {
        self.uid = uid
        self.gid = gid
        self.pid = pid
        self.user = user
        self.role = role
    }
}

/// Whether the audited action was performed.
public enum AuditOutcome: String, Codable, Sendable, Hashable, CaseIterable {
    case allowed, denied, error
}

/// What a model-assisted decision depended on, by hash: enough to replay and check it, with no PHI.
public struct DecisionRecord: Codable, Sendable, Hashable {
    public var decisionID: String
    /// Hashes (e.g. hex SHA-256) of the decision's input, output and explanation trace.
    public var inputHash: String
    public var outputHash: String
    public var traceHash: String
    public var knowledgeBaseVersion: String?
    /// Model name → weights digest.
    public var modelDigests: [String: String]
    public var policyHash: String?
    /// Non-PHI parameters (thresholds, versions), as strings so the canonical form has no floats.
    public var parameters: [String: String]

    public init(
        decisionID: String, inputHash: String, outputHash: String, traceHash: String,
        knowledgeBaseVersion: String? = nil, modelDigests: [String: String] = [:], policyHash: String? = nil,
        parameters: [String: String] = [:]
    ) {
        self.decisionID = decisionID
        self.inputHash = inputHash
        self.outputHash = outputHash
        self.traceHash = traceHash
        self.knowledgeBaseVersion = knowledgeBaseVersion
        self.modelDigests = modelDigests
        self.policyHash = policyHash
        self.parameters = parameters
    }
}

/// One audited action. **No PHI**: targets are pseudonyms (see `Pseudonymizer`), decision inputs are
/// hashes, and `details`/`purpose`/`code` hold codes and counts, never names, ids, note text or genotypes.
/// `AuditLog.append` enforces the formats it can check (pseudonym-shaped targets, token-shaped
/// action/purpose/code/keys, bounded lengths).
public struct AuditEvent: Codable, Sendable, Hashable {
    public var actor: AuditActor
    /// Dotted action name, e.g. `case.submit`, `report.read`, `audit.recovery`.
    public var action: String
    /// Pseudonyms of the patients/cases/documents touched, e.g. `pt_3f2a…`.
    public var targets: [String]
    /// Purpose of use code, e.g. `treatment`, `quality`, `break-glass`.
    public var purpose: String?
    public var outcome: AuditOutcome
    /// Error or denial code (e.g. `policy.denied`) when the outcome is not `allowed`.
    public var code: String?
    public var requestID: String
    /// Hash of the policy set that authorised (or denied) the action.
    public var policyHash: String?
    public var decision: DecisionRecord?
    /// Extra non-PHI key/value pairs.
    public var details: [String: String]

    public init(
        actor: AuditActor, action: String, targets: [String] = [], purpose: String? = nil,
        outcome: AuditOutcome, code: String? = nil, requestID: String, policyHash: String? = nil,
        decision: DecisionRecord? = nil, details: [String: String] = [:]
    ) {
        self.actor = actor
        self.action = action
        self.targets = targets
        self.purpose = purpose
        self.outcome = outcome
        self.code = code
        self.requestID = requestID
        self.policyHash = policyHash
        self.decision = decision
        self.details = details
    }
}

/// Proof that an event is durable: its sequence number and line hash (hex SHA-256), returned only after
/// the line was written and fsynced.
public struct AuditReceipt: Sendable, Hashable, Codable {
    public let seq: UInt64
    public let hash: String
    public let time: String
}
