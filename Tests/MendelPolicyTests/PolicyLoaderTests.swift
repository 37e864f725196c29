import Foundation
import MendelCore
import Testing
@testable import MendelPolicy

@Suite struct PolicyLoaderTests {
    @Test func shippedPoliciesLoad() throws {
        let set = try PolicyLoader.load(directory: PolicyDirectory.shipped)
        #expect(set.access.roles["auditor"] == [.daemonStatus, .auditVerify, .auditExport, .auditRead, .policyRead, .fairnessReport])
        #expect(set.access.roles["lab"]?.contains(.caseSubmit) == true)
        #expect(set.fairness.ratioLower == 0.8 && set.fairness.ratioUpper == 1.25 && set.fairness.maxDifference == 0.1)
        #expect(set.fairness.action == .flag)
        #expect(set.models.defaultBackend == .embedded)
        #expect(set.models.allowedEndpoints == ["http://127.0.0.1:8080/v1"])
        #expect(set.privacy.egressAllowList.isEmpty)
        #expect(set.privacy.deidentification.names)
        #expect(set.interpretation.objectValue?.isEmpty == false)  // content owned by the variant engine
        #expect(set.hash.count == 64)
        #expect(Set(set.fileHashes.keys) == Set(PolicyLoader.requiredFiles))
        let root = Principal(uid: 0, gid: 0, pid: 1)
        #expect(set.access.roles(for: root) == ["admin", "auditor", "clinician", "lab"])
    }

    @Test func unknownKeyGivesFileAndLine() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try dir.write("fairness.yaml", "version: 1\nratio_bounds: [0.8, 1.25]\nmax_diference: 0.2\n")
        let error = try #require(dir.loadError())
        guard case .invalid(let file, let line, let column, let message) = error else { Issue.record("\(error)"); return }
        #expect(file == "Policies/fairness.yaml")
        #expect(line == 3 && column == 1)
        #expect(message.contains("unknown key 'max_diference'"))
        #expect(error.description.hasPrefix("Policies/fairness.yaml:3:1: "))
    }

    @Test func unknownPermissionIsRefusedWithLine() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try dir.write("access.yaml", """
        roles:
          lab: [case.submit]
          admin:
            - keys.rotate
            - case.delete
        principals:
          - uid: 0
            roles: [admin]
        """)
        let error = try #require(dir.loadError())
        guard case .invalid(_, let line, _, let message) = error else { Issue.record("\(error)"); return }
        #expect(line == 5)
        #expect(message.contains("unknown permission 'case.delete'"))
    }

    @Test func wrongTypeAndYAMLSyntaxAndDuplicateKeyAreLineNumbered() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try dir.write("privacy.yaml", "version: 1\nretention_days: ten years\n")
        guard case .invalid(_, 2, _, let message)? = dir.loadError() else { Issue.record("expected line 2"); return }
        #expect(message.contains("must be an integer"))

        try dir.write("privacy.yaml", "version: 1\nretention_days: 10\n")
        try dir.write("models.yaml", "version: 1\nallowed_endpoints: [http://127.0.0.1:8080/v1\n")
        guard case .invalid(let file, let line, _, let syntax)? = dir.loadError() else { Issue.record("expected syntax error"); return }
        #expect(file == "Policies/models.yaml" && line >= 2 && syntax.hasPrefix("YAML syntax"))

        try dir.write("models.yaml", "version: 1\ndefault_backend: embedded\ndefault_backend: endpoint\n")
        guard case .invalid(_, let dupLine, _, let dup)? = dir.loadError() else { Issue.record("expected duplicate key"); return }
        #expect(dup.contains("duplicate key 'default_backend'") && dupLine >= 2)
    }

    @Test func duplicatePrincipalIsRefused() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try dir.write("access.yaml", """
        roles:
          lab: [case.submit]
        principals:
          - group: staff
            roles: [lab]
          - uid: 7
            roles: [lab]
          - group: staff
            roles: [lab]
        """)
        guard case .invalid(_, let line, _, let message)? = dir.loadError() else { Issue.record("expected error"); return }
        #expect(line == 8)
        #expect(message.contains("duplicate principal group staff (first listed on line 4)"))
    }

    @Test func unknownRoleAndAmbiguousPrincipalAreRefused() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try dir.write("access.yaml", "roles:\n  lab: [case.submit]\nprincipals:\n  - uid: 5\n    roles: [labb]\n")
        guard case .invalid(_, 5, _, let m1)? = dir.loadError() else { Issue.record("expected line 5"); return }
        #expect(m1.contains("unknown role 'labb'"))
        try dir.write("access.yaml", "roles:\n  lab: [case.submit]\nprincipals:\n  - uid: 5\n    user: bob\n    roles: [lab]\n")
        guard case .invalid(_, 5, _, let m2)? = dir.loadError() else { Issue.record("expected line 5"); return }
        #expect(m2.contains("exactly one of uid, user or group"))
    }

    @Test func worldWritableFileIsRefused() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        chmod(dir.url.appendingPathComponent("access.yaml").path, 0o666)
        let error = try #require(dir.loadError())
        #expect(error == .insecurePermissions(file: "Policies/access.yaml", mode: "0666",
                                             reason: "it is writable by group or others; run chmod go-w"))
        #expect(error.description.contains("Policies/access.yaml") && error.description.contains("0666"))
    }

    @Test func groupWritableDirectoryIsRefused() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        chmod(dir.url.path, 0o775)
        guard case .insecurePermissions(let file, let mode, _)? = dir.loadError() else { Issue.record("expected refusal"); return }
        #expect(file == "Policies/" && mode == "0775")
    }

    @Test func fileOwnedByAnotherUserIsRefused() throws {
        guard geteuid() == 0 else { print("SKIP: chown to another uid needs root"); return }
        let dir = try PolicyDirectory(); defer { dir.remove() }
        let path = dir.url.appendingPathComponent("models.yaml").path
        #expect(chown(path, 4242, 4242) == 0)
        guard case .insecurePermissions(let file, let mode, let reason)? = dir.loadError() else { Issue.record("expected refusal"); return }
        #expect(file == "Policies/models.yaml" && mode == "0644" && reason.contains("uid 4242"))
    }

    @Test func missingAndUnexpectedFiles() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("privacy.yaml"))
        #expect(dir.loadError() == .missingFile(file: "Policies/privacy.yaml"))
        try dir.write("privacy.yaml", "version: 1\n")
        try dir.write("acess.yaml", "version: 1\n")
        #expect(dir.loadError() == .unexpectedFile(file: "Policies/acess.yaml"))
    }

    @Test func hashChangesWhenOneByteChanges() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        let before = try PolicyLoader.load(directory: dir.url)
        let again = try PolicyLoader.load(directory: dir.url)
        #expect(before.hash == again.hash)
        let text = try dir.read("fairness.yaml")
        try dir.write("fairness.yaml", text.replacingOccurrences(of: "min_group_size: 30", with: "min_group_size: 31"))
        let after = try PolicyLoader.load(directory: dir.url)
        #expect(after.fairness.minGroupSize == 31)
        #expect(after.hash != before.hash)
        #expect(after.fileHashes["fairness.yaml"] != before.fileHashes["fairness.yaml"])
        #expect(after.fileHashes["access.yaml"] == before.fileHashes["access.yaml"])
        // A comment is part of the bytes too.
        try dir.write("fairness.yaml", text + "# note\n")
        #expect(try PolicyLoader.load(directory: dir.url).hash != before.hash)
    }

    @Test func nonLoopbackEndpointNeedsEgressAllowance() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try dir.write("models.yaml", "version: 1\nallowed_endpoints:\n  - https://llm.lab.example.org:8443/v1\n")
        guard case .invalid(_, 3, _, let message)? = dir.loadError() else { Issue.record("expected line 3"); return }
        #expect(message.contains("not loopback"))
        try dir.write("privacy.yaml", "version: 1\negress:\n  allow: [\"https://llm.lab.example.org:8443\"]\n")
        let set = try PolicyLoader.load(directory: dir.url)
        #expect(set.models.allowsEndpoint("https://llm.lab.example.org:8443/v1/chat/completions"))
        #expect(!set.models.allowsEndpoint("https://llm.lab.example.org:8443/v10"))
        #expect(!set.privacy.allowsEgress(to: "https://llm.lab.example.org.evil.com/v1"))
    }

    @Test func interpretationTreeBecomesJSON() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        try dir.write("interpretation.yaml", "version: 1\nthresholds:\n  ba1: 0.05\n  pm2_absent: true\n  genes: [GJB2, \"0.1\"]\n  note: null\n")
        let set = try PolicyLoader.load(directory: dir.url)
        #expect(set.interpretation["thresholds"] == [
            "ba1": 0.05, "pm2_absent": true, "genes": ["GJB2", "0.1"], "note": nil,
        ] as JSONValue)
    }
}
