/// Format rules `AuditLog.append` enforces so that free text (and with it PHI) cannot slip into the log
/// through the structured fields: tokens for names and codes, pseudonyms for targets, bounded lengths.
enum EventValidation {
    static let maxTargets = 64
    static let maxDetails = 32
    static let maxValueBytes = 1024

    static func validate(_ event: AuditEvent) throws(AuditError) {
        try token(event.action, "action", max: 96)
        guard event.targets.count <= maxTargets else { throw .invalidEvent("more than \(maxTargets) targets") }
        for (i, target) in event.targets.enumerated() where !isPseudonym(target) {
            throw .invalidEvent("targets[\(i)] is not a pseudonym (kind_hex)")
        }
        if let purpose = event.purpose { try token(purpose, "purpose", max: 64) }
        if let code = event.code { try token(code, "code", max: 128) }
        try token(event.requestID, "requestID", max: 128)
        if let policyHash = event.policyHash { try text(policyHash, "policyHash", max: 256) }
        if let user = event.actor.user { try text(user, "actor.user", max: 64) }
        if let role = event.actor.role {   // one role or a comma-separated list of roles
            guard role.utf8.count <= 128, role.split(separator: ",", omittingEmptySubsequences: false).allSatisfy({ isToken(String($0)) })
            else { throw .invalidEvent("actor.role must be tokens [A-Za-z0-9._:/-] separated by commas") }
        }
        if let d = event.decision {
            try text(d.decisionID, "decision.decisionID", max: 128)
            try text(d.inputHash, "decision.inputHash", max: 256)
            try text(d.outputHash, "decision.outputHash", max: 256)
            try text(d.traceHash, "decision.traceHash", max: 256)
            if let kb = d.knowledgeBaseVersion { try text(kb, "decision.knowledgeBaseVersion", max: 256) }
            if let p = d.policyHash { try text(p, "decision.policyHash", max: 256) }
            // Model names and parameter names come from configuration, not people: any printable key.
            try map(d.modelDigests, "decision.modelDigests", tokenKeys: false)
            try map(d.parameters, "decision.parameters", tokenKeys: false)
        }
        try map(event.details, "details")
    }

    /// `kind_hex`: 1-16 lowercase letters/digits, `_`, 16-64 lowercase hex digits.
    static func isPseudonym(_ s: String) -> Bool {
        let parts = s.utf8.split(separator: UInt8(ascii: "_"), omittingEmptySubsequences: false)
        guard parts.count == 2, (1...16).contains(parts[0].count), (16...64).contains(parts[1].count) else { return false }
        return parts[0].allSatisfy { isLowerAlnum($0) } && parts[1].allSatisfy { isLowerHex($0) }
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }

    private static func isLowerHex(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }

    /// Letters, digits and `. _ - : /`; no spaces.
    static func isToken(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { c in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: ":") || c == UInt8(ascii: "/")
        }
    }

    private static func token(_ s: String, _ field: String, max: Int) throws(AuditError) {
        guard s.utf8.count <= max, isToken(s) else {
            throw .invalidEvent("\(field) must be a token of 1-\(max) characters [A-Za-z0-9._:/-]")
        }
    }

    private static func text(_ s: String, _ field: String, max: Int) throws(AuditError) {
        guard s.utf8.count <= max, !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) else {
            throw .invalidEvent("\(field) must be at most \(max) bytes without control characters")
        }
    }

    private static func map(_ m: [String: String], _ field: String, tokenKeys: Bool = true) throws(AuditError) {
        guard m.count <= maxDetails else { throw .invalidEvent("\(field) has more than \(maxDetails) entries") }
        for (key, value) in m {
            if tokenKeys { try token(key, "\(field) key", max: 64) } else { try text(key, "\(field) key", max: 128) }
            try text(value, "\(field) value", max: maxValueBytes)
        }
    }
}
