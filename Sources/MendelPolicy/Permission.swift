/// The fixed vocabulary of permissions a role can grant (`Policies/access.yaml`).
public enum Permission: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    case daemonStatus = "daemon.status"
    case caseSubmit = "case.submit"
    case caseList = "case.list"
    case caseRead = "case.read"
    case caseAnalyze = "case.analyze"
    case caseReport = "case.report"
    case caseSignoff = "case.signoff"
    case identityRead = "identity.read"
    case patientErase = "patient.erase"
    case keysRotate = "keys.rotate"
    case auditVerify = "audit.verify"
    case auditExport = "audit.export"
    case auditRead = "audit.read"
    case policyRead = "policy.read"
    case policyReload = "policy.reload"
    case kbImport = "kb.import"
    case modelList = "model.list"
    case fairnessReport = "fairness.report"
    case breakglass = "breakglass"

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
}
