import Foundation

/// Which records an export includes. All conditions must hold.
public struct AuditExportFilter: Sendable, Hashable {
    /// Records at or after this time.
    public var from: Date?
    /// Records strictly before this time.
    public var to: Date?
    /// Records naming this pseudonym among their targets.
    public var target: String?
    /// Records with one of these actions.
    public var actions: Set<String>?

    public init(from: Date? = nil, to: Date? = nil, target: String? = nil, actions: Set<String>? = nil) {
        self.from = from
        self.to = to
        self.target = target
        self.actions = actions
    }

    func matches(_ record: AuditRecord, from fromStamp: String?, to toStamp: String?) -> Bool {
        if let fromStamp, record.time < fromStamp { return false }
        if let toStamp, record.time >= toStamp { return false }
        if let target, !record.event.targets.contains(target) { return false }
        if let actions, !actions.contains(record.event.action) { return false }
        return true
    }
}

public enum AuditExportFormat: String, Sendable, CaseIterable {
    /// The selected lines verbatim (still hash-checkable line by line).
    case jsonl
    /// Accounting of disclosures: one row per record with the columns of `AuditExporter.csvHeader`.
    case csv
}

/// Exports a date range and/or one pseudonym's records as JSONL or CSV.
public enum AuditExporter {
    public static let csvHeader = "time,seq,actor_uid,actor_user,actor_role,action,purpose,outcome,code,targets,request_id"

    /// The export as text; the count of exported records is returned with it.
    public static func export(
        directory: URL, filter: AuditExportFilter = .init(), format: AuditExportFormat
    ) throws(AuditError) -> (text: String, count: Int) {
        var out: [UInt8] = []
        let count = try write(directory: directory, filter: filter, format: format) { out.append(contentsOf: $0) }
        return (String(decoding: out, as: UTF8.self), count)
    }

    /// Writes the export to a new file at `output` (mode 0640); returns the number of records.
    @discardableResult
    public static func export(
        directory: URL, filter: AuditExportFilter = .init(), format: AuditExportFormat, to output: URL
    ) throws(AuditError) -> Int {
        var out: [UInt8] = []
        let count = try write(directory: directory, filter: filter, format: format) { out.append(contentsOf: $0) }
        guard FileManager.default.createFile(atPath: output.path, contents: Data(out),
                                             attributes: [.posixPermissions: 0o640]) else {
            throw .io(operation: "create", path: output.path, reason: "cannot write export")
        }
        return count
    }

    private static func write(
        directory: URL, filter: AuditExportFilter, format: AuditExportFormat, _ emit: ([UInt8]) -> Void
    ) throws(AuditError) -> Int {
        let fromStamp = filter.from.map(AuditTime.format)
        let toStamp = filter.to.map(AuditTime.format)
        var count = 0
        if format == .csv { emit(Array((csvHeader + "\r\n").utf8)) }
        try AuditReader(directory: directory).forEachLine { record, line in
            guard filter.matches(record, from: fromStamp, to: toStamp) else { return true }
            count += 1
            switch format {
            case .jsonl:
                emit(Array(line) + [UInt8(ascii: "\n")])
            case .csv:
                let e = record.event
                let row = [
                    record.time, String(record.seq), String(e.actor.uid), e.actor.user ?? "", e.actor.role ?? "",
                    e.action, e.purpose ?? "", e.outcome.rawValue, e.code ?? "", e.targets.joined(separator: ";"),
                    e.requestID,
                ].map(csvField).joined(separator: ",")
                emit(Array((row + "\r\n").utf8))
            }
            return true
        }
        return count
    }

    /// RFC 4180 quoting; cells that a spreadsheet would run as a formula get a leading `'`.
    static func csvField(_ value: String) -> String {
        var v = value
        if let first = v.first, "=+-@\t\r".contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
