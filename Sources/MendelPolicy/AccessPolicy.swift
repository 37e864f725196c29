import Yams

/// Who may do what: roles grant permissions; principals (by uid, user name or group name) hold roles.
/// Default deny: a principal that matches no entry has no role. Root gets nothing implicitly.
public struct AccessPolicy: Sendable, Hashable {
    /// How an entry of `principals:` identifies callers.
    public enum Match: Sendable, Hashable, CustomStringConvertible {
        case uid(UInt32)
        case user(String)
        case group(String)

        public var description: String {
            switch self {
            case .uid(let uid): "uid \(uid)"
            case .user(let name): "user \(name)"
            case .group(let name): "group \(name)"
            }
        }
    }

    public struct PrincipalEntry: Sendable, Hashable {
        public var match: Match
        public var roles: [String]
        public init(match: Match, roles: [String]) { self.match = match; self.roles = roles }
    }

    /// Role name → permissions it grants.
    public var roles: [String: Set<Permission>]
    public var principals: [PrincipalEntry]
    /// The file the policy came from, for reasons (e.g. `Policies/access.yaml`).
    public var source: String

    public init(roles: [String: Set<Permission>], principals: [PrincipalEntry], source: String = "access.yaml") {
        self.roles = roles
        self.principals = principals
        self.source = source
    }

    /// The roles `principal` holds (sorted, unique).
    public func roles(for principal: Principal) -> [String] {
        var held: Set<String> = []
        for entry in principals where matches(entry.match, principal) { held.formUnion(entry.roles) }
        return held.sorted()
    }

    /// Whether `principal` may use `permission`, with the roles considered and a log-safe reason.
    public func authorize(_ principal: Principal, _ permission: Permission) -> AccessDecision {
        let held = roles(for: principal)
        guard !held.isEmpty else {
            return AccessDecision(allowed: false, roles: [], reason: "uid \(principal.uid) has no role in \(source)")
        }
        if let granting = held.first(where: { roles[$0]?.contains(permission) == true }) {
            return AccessDecision(allowed: true, roles: held, reason: "role \(granting) grants \(permission.rawValue)")
        }
        return AccessDecision(allowed: false, roles: held,
                              reason: "roles [\(held.joined(separator: ", "))] lack permission \(permission.rawValue)")
    }

    /// All permissions `principal` holds through its roles.
    public func permissions(for principal: Principal) -> Set<Permission> {
        roles(for: principal).reduce(into: Set<Permission>()) { $0.formUnion(roles[$1] ?? []) }
    }

    private func matches(_ match: Match, _ principal: Principal) -> Bool {
        switch match {
        case .uid(let uid): uid == principal.uid
        case .user(let name): principal.userName == name
        case .group(let name): principal.groupNames.contains(name)
        }
    }
}

/// The outcome of an access check; `reason` is safe to log and to show the caller.
public struct AccessDecision: Sendable, Hashable {
    public var allowed: Bool
    public var roles: [String]
    public var reason: String
    public init(allowed: Bool, roles: [String], reason: String) {
        self.allowed = allowed
        self.roles = roles
        self.reason = reason
    }
}

extension AccessPolicy {
    /// Parses `access.yaml`.
    static func parse(_ root: Node, reader: YAMLReader) throws(PolicyError) -> AccessPolicy {
        var roles: [String: Set<Permission>]? = nil
        var roleNodes: [String: Node] = [:]
        var principalsNode: Node? = nil
        for pair in try reader.mapping(root, what: "access.yaml", allowed: ["version", "roles", "principals"]) {
            switch pair.key {
            case "version": try reader.checkVersion(pair.value)
            case "roles":
                var parsed: [String: Set<Permission>] = [:]
                for role in try reader.mapping(pair.value, what: "roles") {
                    guard Self.isValidName(role.key) else {
                        throw reader.fail(role.keyNode, "role name '\(role.key)' must be lowercase letters, digits, '-' or '_'")
                    }
                    var permissions: Set<Permission> = []
                    for item in try reader.sequence(role.value, what: "permissions of role \(role.key)") {
                        let name = try reader.string(item, what: "a permission")
                        guard let permission = Permission(rawValue: name) else {
                            throw reader.fail(item, "unknown permission '\(name)' in role \(role.key) (known: \(Permission.allCases.map(\.rawValue).joined(separator: ", ")))")
                        }
                        guard permissions.insert(permission).inserted else {
                            throw reader.fail(item, "permission \(name) listed twice in role \(role.key)")
                        }
                    }
                    parsed[role.key] = permissions
                    roleNodes[role.key] = role.keyNode
                }
                roles = parsed
            default: principalsNode = pair.value
            }
        }
        guard let roles else { throw reader.fail(root, "missing required key 'roles'") }
        var entries: [PrincipalEntry] = []
        var seen: [Match: Int] = [:]
        if let principalsNode {
            for item in try reader.sequence(principalsNode, what: "principals") {
                let entry = try parsePrincipal(item, roles: roles, reader: reader)
                if let line = seen[entry.match] {
                    throw reader.fail(item, "duplicate principal \(entry.match) (first listed on line \(line))")
                }
                seen[entry.match] = item.mark?.line ?? 0
                entries.append(entry)
            }
        }
        return AccessPolicy(roles: roles, principals: entries, source: reader.file)
    }

    private static func parsePrincipal(_ node: Node, roles: [String: Set<Permission>], reader: YAMLReader) throws(PolicyError) -> PrincipalEntry {
        var match: Match? = nil
        var held: [String]? = nil
        for pair in try reader.mapping(node, what: "a principal", allowed: ["uid", "user", "group", "roles"]) {
            let next: Match?
            switch pair.key {
            case "uid":
                let value = try reader.int(pair.value, what: "uid")
                guard let uid = UInt32(exactly: value) else { throw reader.fail(pair.value, "uid \(value) is out of range") }
                next = .uid(uid)
            case "user": next = .user(try reader.string(pair.value, what: "user"))
            case "group": next = .group(try reader.string(pair.value, what: "group"))
            default:
                next = nil
                var names: [String] = []
                for item in try reader.sequence(pair.value, what: "roles") {
                    let name = try reader.string(item, what: "a role")
                    guard roles[name] != nil else {
                        throw reader.fail(item, "unknown role '\(name)' (defined roles: \(roles.keys.sorted().joined(separator: ", ")))")
                    }
                    if !names.contains(name) { names.append(name) }
                }
                held = names
            }
            if let next {
                guard match == nil else { throw reader.fail(pair.keyNode, "a principal has exactly one of uid, user or group") }
                match = next
            }
        }
        guard let match else { throw reader.fail(node, "a principal needs one of uid, user or group") }
        guard let held, !held.isEmpty else { throw reader.fail(node, "principal \(match) needs a non-empty 'roles' list") }
        return PrincipalEntry(match: match, roles: held)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
