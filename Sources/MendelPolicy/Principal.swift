#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The caller of a daemon request, as the kernel reported it (`SO_PEERCRED`), plus names looked up locally.
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    public var uid: UInt32
    public var gid: UInt32
    public var pid: Int32
    /// The user name of `uid` from the user database, if any.
    public var userName: String?
    /// Names of the groups the user belongs to (primary group and supplementary groups), sorted.
    public var groupNames: [String]

    public init(uid: UInt32, gid: UInt32, pid: Int32, userName: String? = nil, groupNames: [String] = []) {
        self.uid = uid
        self.gid = gid
        self.pid = pid
        self.userName = userName
        self.groupNames = groupNames
    }

    public var description: String { "uid \(uid)" + (userName.map { " (\($0))" } ?? "") }
}

extension AccessPolicy {
    /// Builds a `Principal` from kernel credentials, looking up the user name (`getpwuid_r`), the name of
    /// `gid` (`getgrgid_r`) and the user's supplementary groups (`getgrouplist`). `SO_PEERCRED` carries only
    /// the process's primary gid, so supplementary membership comes from the group database. Unknown ids
    /// give a principal without names (it can still match by `uid`).
    public static func resolvePrincipal(uid: UInt32, gid: UInt32, pid: Int32) -> Principal {
        var groupIDs: Set<UInt32> = [gid]
        let userName = SystemUsers.userName(uid: uid)
        if let userName, let primary = SystemUsers.primaryGroup(uid: uid) {
            groupIDs.insert(primary)
            for id in SystemUsers.groupList(user: userName, primary: primary) { groupIDs.insert(id) }
        }
        let names = Set(groupIDs.compactMap(SystemUsers.groupName(gid:))).sorted()
        return Principal(uid: uid, gid: gid, pid: pid, userName: userName, groupNames: names)
    }
}

/// Thin, thread-safe wrappers over the reentrant user/group database calls.
enum SystemUsers {
    static func userName(uid: UInt32) -> String? {
        withPasswd(uid: uid) { String(cString: $0.pw_name) }
    }

    static func primaryGroup(uid: UInt32) -> UInt32? {
        withPasswd(uid: uid) { UInt32($0.pw_gid) }
    }

    static func groupName(gid: UInt32) -> String? {
        var group = group()
        var result: UnsafeMutablePointer<group>? = nil
        var size = 1024
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            let status = getgrgid_r(gid_t(gid), &group, &buffer, size, &result)
            if status == ERANGE { size *= 4; continue }
            guard status == 0, result != nil, let name = group.gr_name else { return nil }
            return String(cString: name)
        }
        return nil
    }

    static func groupList(user: String, primary: UInt32) -> [UInt32] {
        var count: Int32 = 64
        while count <= 65536 {
            var groups = [gid_t](repeating: 0, count: Int(count))
            var n = count
            if getgrouplist(user, gid_t(primary), &groups, &n) >= 0 {
                return groups.prefix(Int(n)).map { UInt32($0) }
            }
            count = max(n, count * 2)
        }
        return []
    }

    private static func withPasswd<T>(uid: UInt32, _ body: (passwd) -> T) -> T? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>? = nil
        var size = 1024
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            let status = getpwuid_r(uid_t(uid), &entry, &buffer, size, &result)
            if status == ERANGE { size *= 4; continue }
            guard status == 0, result != nil else { return nil }
            return body(entry)
        }
        return nil
    }
}
