import Foundation
import Testing
@testable import MendelPolicy

@Suite struct AccessPolicyTests {
    private func load(_ access: String) throws -> AccessPolicy {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try dir.write("access.yaml", access)
        return try PolicyLoader.load(directory: dir.url).access
    }

    private let roles = """
    roles:
      lab: [daemon.status, case.submit, case.list, case.read, case.analyze, case.report]
      admin: [daemon.status, patient.erase, keys.rotate]
      auditor: [audit.verify]

    """

    @Test func defaultDenyForUnlistedUID() throws {
        let policy = try load(roles + "principals:\n  - uid: 1000\n    roles: [lab]\n")
        let stranger = Principal(uid: 1003, gid: 1003, pid: 42, userName: "mallory", groupNames: ["mallory"])
        for permission in Permission.allCases {
            #expect(!policy.authorize(stranger, permission).allowed)
        }
        let decision = policy.authorize(stranger, .daemonStatus)
        #expect(decision.roles.isEmpty)
        #expect(decision.reason == "uid 1003 has no role in Policies/access.yaml")
    }

    @Test func rootWithoutEntryGetsNothing() throws {
        let policy = try load(roles + "principals:\n  - user: alice\n    roles: [admin]\n")
        let root = AccessPolicy.resolvePrincipal(uid: 0, gid: 0, pid: 1)
        #expect(policy.roles(for: root).isEmpty)
        #expect(policy.permissions(for: root).isEmpty)
        #expect(!policy.authorize(root, .patientErase).allowed)
        #expect(!policy.authorize(root, .keysRotate).allowed)
    }

    @Test func roleLacksPermission() throws {
        let policy = try load(roles + "principals:\n  - uid: 1000\n    roles: [lab]\n")
        let labUser = Principal(uid: 1000, gid: 1000, pid: 7)
        #expect(policy.authorize(labUser, .caseSubmit).allowed)
        let denied = policy.authorize(labUser, .patientErase)
        #expect(!denied.allowed)
        #expect(denied.roles == ["lab"])
        #expect(denied.reason == "roles [lab] lack permission patient.erase")
    }

    @Test func groupAndUserPrincipalsCombine() throws {
        let policy = try load(roles + """
        principals:
          - group: genetics-lab
            roles: [lab]
          - user: carol
            roles: [auditor]
        """)
        let carol = Principal(uid: 2001, gid: 2001, pid: 9, userName: "carol", groupNames: ["carol", "genetics-lab"])
        #expect(policy.roles(for: carol) == ["auditor", "lab"])
        #expect(policy.authorize(carol, .caseAnalyze).allowed)
        #expect(policy.authorize(carol, .auditVerify).allowed)
        #expect(!policy.authorize(carol, .keysRotate).allowed)
        let outsider = Principal(uid: 2002, gid: 2002, pid: 9, userName: "dave", groupNames: ["dave", "genetics"])
        #expect(policy.roles(for: outsider).isEmpty)
    }

    @Test func resolvePrincipalFindsSystemNames() {
        let root = AccessPolicy.resolvePrincipal(uid: 0, gid: 0, pid: 1)
        #expect(root.userName == "root")
        #expect(root.groupNames.contains("root"))
        let unknown = AccessPolicy.resolvePrincipal(uid: 3_999_999, gid: 3_999_999, pid: 1)
        #expect(unknown.userName == nil && unknown.groupNames.isEmpty)
    }
}
