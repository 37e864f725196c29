import MendelCore

extension AuditVerificationReport {
    /// The report as the API/CLI document (`mendel audit verify --json`).
    public var apiDocument: API.AuditVerification {
        API.AuditVerification(valid: isValid, logID: logID, lines: lineCount, lastSequence: lastSequence,
                              validCheckpoints: validCheckpointCount, lastSignedSequence: lastSignedSequence,
                              unsignedLines: unsignedLineCount, firstProblem: firstProblem?.description,
                              problems: problems.map(\.description))
    }
}
