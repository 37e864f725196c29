import Foundation

/// Reads an audit log directory line by line (for `mendel audit tail`, exports and replay). Reading does
/// not verify the chain; use `AuditVerifier` for that.
public struct AuditReader: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Calls `body` with each record in file order until it returns false. Throws `.malformed` at the
    /// first line that cannot be parsed. A torn last line (no newline) is skipped.
    public func forEachRecord(_ body: (AuditRecord) throws(AuditError) -> Bool) throws(AuditError) {
        try forEachLine { (record, _) throws(AuditError) in try body(record) }
    }

    /// All records.
    public func records() throws(AuditError) -> [AuditRecord] {
        var result: [AuditRecord] = []
        try forEachRecord { record in result.append(record); return true }
        return result
    }

    /// The last `count` records.
    public func tail(_ count: Int) throws(AuditError) -> [AuditRecord] {
        guard count > 0 else { return [] }
        var ring: [AuditRecord] = []
        ring.reserveCapacity(count)
        var next = 0
        try forEachRecord { record in
            if ring.count < count { ring.append(record) } else { ring[next] = record }
            next = (next + 1) % count
            return true
        }
        return ring.count < count ? ring : Array(ring[next...] + ring[..<next])
    }

    /// All checkpoints, in file order (signatures not checked).
    public func checkpoints() throws(AuditError) -> [AuditCheckpoint] {
        var result: [AuditCheckpoint] = []
        guard let reader = try LineReader(path: directory.appendingPathComponent(AuditFiles.checkpointName).path) else {
            return result
        }
        var number = 0
        while let line = try reader.nextLine() {
            number += 1
            switch AuditCheckpoint.parse(line: line) {
            case .success(let checkpoint): result.append(checkpoint)
            case .failure(.malformed(let why)): throw .malformed(file: AuditFiles.checkpointName, line: number, reason: why)
            case .failure(.nonCanonical):
                throw .malformed(file: AuditFiles.checkpointName, line: number, reason: "not in canonical form")
            }
        }
        return result
    }

    /// Records with their exact line bytes (without newline).
    func forEachLine(_ body: (AuditRecord, ArraySlice<UInt8>) throws(AuditError) -> Bool) throws(AuditError) {
        guard let reader = try LineReader(path: directory.appendingPathComponent(AuditFiles.logName).path) else {
            throw .io(operation: "open", path: directory.appendingPathComponent(AuditFiles.logName).path,
                      reason: "no such file")
        }
        var number = 0
        while let line = try reader.nextLine() {
            number += 1
            switch AuditRecord.parse(line: line) {
            case .success(let record): if try !body(record, line) { return }
            case .failure(.malformed(let why)): throw .malformed(file: AuditFiles.logName, line: number, reason: why)
            case .failure(.nonCanonical): throw .malformed(file: AuditFiles.logName, line: number, reason: "not in canonical form")
            }
        }
    }
}
