import MendelCrypto

/// One line of `audit.log`, parsed. See docs/audit-format.md.
///
/// A line is the canonical JSON (sorted keys, no whitespace; `CanonicalValue`) of an object with the event
/// fields plus `v` (format version, 1), `seq` (1, 2, 3, … with no gaps), `time` (UTC, ms), `logID`,
/// `prev` and `hash`:
/// - `hash` = hex SHA-256 of the line's canonical bytes *without* the `hash` key;
/// - `prev` = the previous line's `hash`; for seq 1 it is hex SHA-256 of the UTF-8 log id.
/// A line therefore commits to its own content, its position and the whole history before it; the log id
/// in every line makes lines from another log fail.
public struct AuditRecord: Sendable, Hashable {
    public static let formatVersion: UInt64 = 1

    public let version: UInt64
    public let seq: UInt64
    public let time: String
    public let logID: String
    public let event: AuditEvent
    public let prev: String
    public let hash: String

    /// The line's canonical bytes without the `hash` key, and the offset at which `,"hash":"…"` belongs
    /// (keys in byte order: action, actor, code, decision, details, **hash**, logID, outcome, policyHash,
    /// prev, purpose, requestID, seq, targets, time, v). Written directly, without building a tree.
    func encodedWithoutHash() -> (bytes: [UInt8], hashOffset: Int) {
        var w = CanonicalWriter()
        w.open()
        w.key("action"); w.string(event.action)
        w.key("actor"); w.open()
        w.key("gid"); w.unsigned(UInt64(event.actor.gid))
        w.key("pid"); w.signed(Int64(event.actor.pid))
        if let role = event.actor.role { w.key("role"); w.string(role) }
        w.key("uid"); w.unsigned(UInt64(event.actor.uid))
        if let user = event.actor.user { w.key("user"); w.string(user) }
        w.close()
        if let code = event.code { w.key("code"); w.string(code) }
        if let d = event.decision {
            w.key("decision"); w.open()
            w.key("decisionID"); w.string(d.decisionID)
            w.key("inputHash"); w.string(d.inputHash)
            if let kb = d.knowledgeBaseVersion { w.key("knowledgeBaseVersion"); w.string(kb) }
            w.key("modelDigests"); w.stringMap(d.modelDigests)
            w.key("outputHash"); w.string(d.outputHash)
            w.key("parameters"); w.stringMap(d.parameters)
            if let policy = d.policyHash { w.key("policyHash"); w.string(policy) }
            w.key("traceHash"); w.string(d.traceHash)
            w.close()
        }
        w.key("details"); w.stringMap(event.details)
        let hashOffset = w.bytes.count
        w.key("logID"); w.string(logID)
        w.key("outcome"); w.string(event.outcome.rawValue)
        if let policyHash = event.policyHash { w.key("policyHash"); w.string(policyHash) }
        w.key("prev"); w.string(prev)
        if let purpose = event.purpose { w.key("purpose"); w.string(purpose) }
        w.key("requestID"); w.string(event.requestID)
        w.key("seq"); w.unsigned(seq)
        w.key("targets"); w.stringArray(event.targets)
        w.key("time"); w.string(time)
        w.key("v"); w.unsigned(version)
        w.close()
        return (w.bytes, hashOffset)
    }

    /// Inserts `,"hash":"<hash>"` into bytes from `encodedWithoutHash()`.
    static func insertingHash(_ hash: String, into encoded: (bytes: [UInt8], hashOffset: Int)) -> [UInt8] {
        var entry: [UInt8] = [UInt8(ascii: ",")]
        CanonicalValue.writeString("hash", into: &entry)
        entry.append(UInt8(ascii: ":"))
        CanonicalValue.writeString(hash, into: &entry)
        var line = encoded.bytes
        line.insert(contentsOf: entry, at: encoded.hashOffset)
        return line
    }

    /// Builds the record for `event` at `seq` after `prev`, computing its hash; returns it with its line
    /// bytes (without the newline).
    static func make(
        event: AuditEvent, seq: UInt64, time: String, logID: String, prev: String
    ) -> (record: AuditRecord, line: [UInt8]) {
        let draft = AuditRecord(version: formatVersion, seq: seq, time: time, logID: logID, event: event,
                                prev: prev, hash: "")
        let encoded = draft.encodedWithoutHash()
        let hash = SHA256.hexHash(encoded.bytes)
        let record = AuditRecord(version: formatVersion, seq: seq, time: time, logID: logID, event: event,
                                 prev: prev, hash: hash)
        return (record, insertingHash(hash, into: encoded))
    }

    /// The `prev` of seq 1 for a log id.
    static func genesisHash(logID: String) -> String {
        SHA256.hexHash(Array(logID.utf8))
    }

    /// The record's line in `audit.log` (canonical JSON, without the newline).
    public var canonicalLine: String {
        String(decoding: Self.insertingHash(hash, into: encodedWithoutHash()), as: UTF8.self)
    }

    /// Hash the line's content should have (recomputed, not read from the line).
    var computedHash: String {
        SHA256.hexHash(encodedWithoutHash().bytes)
    }

    /// Why a line could not be accepted as a record.
    enum ParseFailure: Error, Equatable {
        case malformed(String)
        case nonCanonical
    }

    /// Parses a line and checks that it is in canonical form (re-encoding gives the same bytes), so no
    /// byte of a line can change without changing its parsed value.
    static func parse(line: ArraySlice<UInt8>) -> Result<AuditRecord, ParseFailure> {
        let record: AuditRecord
        do throws(CanonicalParser.Failure) {
            let f = try CanonicalFields(try CanonicalParser.parse(line), path: "")
            let a = try f.object("actor")
            let pid = try a.signed("pid")
            let uid = try a.unsigned("uid"), gid = try a.unsigned("gid")
            guard uid <= UInt64(UInt32.max), gid <= UInt64(UInt32.max), let pid32 = Int32(exactly: pid) else {
                throw CanonicalParser.Failure(message: "actor id out of range")
            }
            let actor = AuditActor(uid: UInt32(uid), gid: UInt32(gid), pid: pid32,
                                   user: try a.optionalString("user"), role: try a.optionalString("role"))
            guard let outcome = AuditOutcome(rawValue: try f.string("outcome")) else {
                throw CanonicalParser.Failure(message: "invalid value at outcome")
            }
            var decision: DecisionRecord?
            if let d = try f.optionalObject("decision") {
                decision = DecisionRecord(
                    decisionID: try d.string("decisionID"), inputHash: try d.string("inputHash"),
                    outputHash: try d.string("outputHash"), traceHash: try d.string("traceHash"),
                    knowledgeBaseVersion: try d.optionalString("knowledgeBaseVersion"),
                    modelDigests: try d.stringMap("modelDigests"), policyHash: try d.optionalString("policyHash"),
                    parameters: try d.stringMap("parameters"))
            }
            let event = AuditEvent(
                actor: actor, action: try f.string("action"), targets: try f.stringArray("targets"),
                purpose: try f.optionalString("purpose"), outcome: outcome, code: try f.optionalString("code"),
                requestID: try f.string("requestID"), policyHash: try f.optionalString("policyHash"),
                decision: decision, details: try f.stringMap("details"))
            record = AuditRecord(version: try f.unsigned("v"), seq: try f.unsigned("seq"), time: try f.string("time"),
                                 logID: try f.string("logID"), event: event, prev: try f.string("prev"),
                                 hash: try f.string("hash"))
        } catch {
            return .failure(.malformed(error.message))
        }
        guard insertingHash(record.hash, into: record.encodedWithoutHash()).elementsEqual(line) else {
            return .failure(.nonCanonical)
        }
        return .success(record)
    }
}
