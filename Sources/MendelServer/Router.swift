import Foundation
import MendelAudit
import MendelCore
import MendelCrypto
import MendelPolicy
import MendelVault
import NIOHTTP1

/// Who is asking, as established by the kernel and the access policy — never by the client.
public struct RequestContext: Sendable {
    public var principal: Principal
    public var roles: [String]
    public var permissions: Set<Permission>
    public var requestID: String
    public var parameters: [String: String]
}

/// One endpoint: method, path pattern (`:name` captures a segment), the permission it needs, the
/// audit action name, and the handler.
struct Route: Sendable {
    typealias Handler = @Sendable (HTTPRequest, RequestContext) async throws -> RouteResult

    var method: HTTPMethod
    var pattern: [String]
    var permission: Permission
    var action: String
    /// Only for `/v1/health`: when the audit log cannot be written the handler still runs, so the daemon
    /// can report that it is degraded (it reads no patient data and changes nothing).
    var answersWhenAuditFails: Bool
    var handler: Handler

    init(_ method: HTTPMethod, _ path: String, _ permission: Permission, action: String, answersWhenAuditFails: Bool = false,
         handler: @escaping Handler) {
        self.method = method
        self.pattern = path.split(separator: "/").map(String.init)
        self.permission = permission
        self.action = action
        self.answersWhenAuditFails = answersWhenAuditFails
        self.handler = handler
    }

    func match(_ components: [Substring]) -> [String: String]? {
        guard components.count == pattern.count else { return nil }
        var parameters: [String: String] = [:]
        for (part, expected) in zip(components, pattern) {
            if expected.hasPrefix(":") { parameters[String(expected.dropFirst())] = String(part) }
            else if part != expected { return nil }
        }
        return parameters
    }
}

/// A handler's answer plus what the audit completion line should say.
struct RouteResult: Sendable {
    var response: HTTPResponse
    /// Targets (pseudonymised) created or touched, known only after the action.
    var targets: [String] = []
    var details: [String: String] = [:]
    /// Mutations write a completion line after the action; reads are covered by the intent line.
    var recordCompletion = false
    var decision: DecisionRecord? = nil
    var purpose: String? = nil
}

/// Routes requests: identify → authorise → audit (fail closed) → act → audit outcome → respond.
struct Router: Sendable {
    let context: DaemonContext
    let routes: [Route]

    init(context: DaemonContext) {
        self.context = context
        self.routes = APIRoutes(context: context).all
    }

    func handle(_ request: HTTPRequest, peer: PeerCredentials, requestID: String) async -> HTTPResponse {
        let principal = AccessPolicy.resolvePrincipal(uid: peer.uid, gid: peer.gid, pid: peer.pid)
        let policy = await context.policies.current
        let roles = policy.access.roles(for: principal)
        let components = request.pathComponents

        guard let (route, parameters) = routes.lazy.compactMap({ route in
            route.method == request.method ? route.match(components).map { (route, $0) } : nil
        }).first else {
            let exists = routes.contains { $0.match(components) != nil }
            let error = exists
                ? APIError(status: .methodNotAllowed, code: "request.method_not_allowed", "\(request.method) is not supported on \(Self.safePath(request.path))")
                : APIError.notFound(code: "request.unknown_endpoint", "no such endpoint: \(Self.safePath(request.path)) (see docs/api.md)")
            return await failedBeforeRouting(error, action: "http.unknown", principal: principal, roles: roles, requestID: requestID)
        }

        let decision = policy.access.authorize(principal, route.permission)
        guard decision.allowed else {
            do {
                try await context.record(action: route.action, principal: principal, roles: roles,
                                         outcome: .denied, code: "access.denied", requestID: requestID,
                                         details: ["permission": route.permission.rawValue])
            } catch {
                return .error(Self.auditUnavailable)
            }
            return .error(.forbidden(decision.reason))
        }

        let requestContext = RequestContext(principal: principal, roles: roles, permissions: policy.access.permissions(for: principal),
                                            requestID: requestID, parameters: parameters)
        // A request about a case also names the case's patient, so `audit export --patient` accounts for every
        // disclosure of that patient's data.
        var patientID = parameters["patient"]
        if patientID == nil, let raw = parameters["case"], let id = CaseID(raw), let summary = try? context.vault.caseSummary(id) {
            patientID = summary.patient.rawValue
        }
        let intentTargets = context.targets(caseID: parameters["case"], patientID: patientID)
        do {
            try await context.record(action: route.action, principal: principal, roles: roles, outcome: .allowed,
                                     requestID: requestID, targets: intentTargets)
        } catch {
            if route.answersWhenAuditFails, let result = try? await route.handler(request, requestContext) {
                return result.response
            }
            return .error(Self.auditUnavailable) // fail closed: the action is not performed
        }

        do {
            let result = try await route.handler(request, requestContext)
            if result.recordCompletion || result.decision != nil {
                do {
                    try await context.record(action: route.action + ".completed", principal: principal, roles: roles, outcome: .allowed,
                                             requestID: requestID, targets: Array(Set(intentTargets + result.targets)).sorted(),
                                             purpose: result.purpose, details: result.details, decision: result.decision)
                } catch {
                    return .error(Self.auditUnavailable)
                }
            }
            return result.response
        } catch {
            let apiError = APIError.from(error)
            do {
                try await context.record(action: route.action, principal: principal, roles: roles,
                                         outcome: .error, code: apiError.code, requestID: requestID, targets: intentTargets)
            } catch {
                return .error(Self.auditUnavailable)
            }
            return .error(apiError)
        }
    }

    /// Audits a request that never reached a route (unknown endpoint, unreadable request).
    func failedBeforeRouting(_ error: APIError, action: String, principal: Principal, roles: [String], requestID: String) async -> HTTPResponse {
        do {
            try await context.record(action: action, principal: principal, roles: roles,
                                     outcome: roles.isEmpty ? .denied : .error, code: error.code,
                                     requestID: requestID)
        } catch {
            return .error(Self.auditUnavailable)
        }
        if roles.isEmpty {
            return .error(.forbidden("uid \(principal.uid) has no role in \(context.configuration.policiesDirectory)/access.yaml"))
        }
        return .error(error)
    }

    /// Audits a connection-level problem (oversized, slow or malformed request) for a peer.
    func recordRejectedRequest(_ failure: RequestReadFailure, peer: PeerCredentials, requestID: String = Router.newRequestID()) async -> HTTPResponse {
        let principal = AccessPolicy.resolvePrincipal(uid: peer.uid, gid: peer.gid, pid: peer.pid)
        let roles = await context.policies.current.access.roles(for: principal)
        let error = failure.apiError
        do {
            try await context.record(action: "http.rejected", principal: principal, roles: roles,
                                     outcome: .error, code: error.code, requestID: requestID)
        } catch {
            return .error(Self.auditUnavailable)
        }
        return .error(error)
    }

    static let auditUnavailable = APIError.unavailable(
        code: "audit.unavailable",
        "the audit log cannot be written, so the action was not performed (fail closed); an administrator must fix AuditLogs/")

    static func newRequestID() -> String {
        ((try? SecureRandom.bytes(8)) ?? Array(UUID().uuidString.utf8.prefix(8))).hexString
    }

    /// A path for error messages: the route shape only, never ids that could identify a patient.
    static func safePath(_ path: String) -> String {
        let parts = path.split(separator: "/").prefix(3).map { $0.count > 24 ? "…" : String($0) }
        return "/" + parts.joined(separator: "/")
    }
}
