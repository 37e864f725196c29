import Foundation
import GRDB
import MendelCrypto

extension Vault {
    /// Stores a new version of a result (`diagnosis`, `variants`, `trace`, `report`...), compressed and sealed.
    /// `kind` is 1–64 characters of `[a-z0-9_.-]`.
    public func storeResult(case caseID: CaseID, kind: String, payload: [UInt8]) throws(VaultError) -> ResultID {
        guard Self.isValidKind(kind) else { throw .invalidArgument("result kind must be 1-64 characters of [a-z0-9_.-]") }
        let id = try ResultID.random()
        var packed = try Self.compress(payload, compression)
        try Self.run {
            try pool.write { db in
                guard let patient = try String.fetchOne(db, sql: "SELECT patient_id FROM cases WHERE id = ?", arguments: [caseID.rawValue]) else {
                    throw VaultError.unknownCase
                }
                let key = try patientKey(patient, db: db)
                let version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM results WHERE case_id = ? AND kind = ?",
                                                arguments: [caseID.rawValue, kind]) ?? 0) + 1
                let sealed = try Self.sealPacked(&packed, key: key, table: "results",
                                                 rowID: Self.resultRowID(id, caseID, kind, version))
                try db.execute(sql: """
                    INSERT INTO results (id, case_id, kind, version, created_at, encoding, plain_size, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id.rawValue, caseID.rawValue, kind, version, Self.now(), sealed.encoding, sealed.plainSize, Data(sealed.bytes)])
                try db.execute(sql: "UPDATE cases SET updated_at = ? WHERE id = ?", arguments: [Self.now(), caseID.rawValue])
            }
        }
        return id
    }

    /// Stores several results of one case and, optionally, its new status in ONE transaction: after a crash
    /// either all of them are there or none (an analysis must never be visible without its receipt).
    public func storeResults(case caseID: CaseID, _ items: [(kind: String, payload: [UInt8])],
                             status: CaseStatus? = nil) throws(VaultError) -> [ResultID] {
        guard items.allSatisfy({ Self.isValidKind($0.kind) }) else {
            throw .invalidArgument("result kind must be 1-64 characters of [a-z0-9_.-]")
        }
        var ids: [ResultID] = []
        var packs: [(encoding: String, plainSize: Int, bytes: [UInt8])] = []
        for item in items {
            ids.append(try ResultID.random())
            packs.append(try Self.compress(item.payload, compression))
        }
        try Self.run {
            try pool.write { db in
                guard let patient = try String.fetchOne(db, sql: "SELECT patient_id FROM cases WHERE id = ?", arguments: [caseID.rawValue]) else {
                    throw VaultError.unknownCase
                }
                let key = try patientKey(patient, db: db)
                for index in items.indices {
                    let (id, kind) = (ids[index], items[index].kind)
                    let version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM results WHERE case_id = ? AND kind = ?",
                                                    arguments: [caseID.rawValue, kind]) ?? 0) + 1
                    let sealed = try Self.sealPacked(&packs[index], key: key, table: "results",
                                                     rowID: Self.resultRowID(id, caseID, kind, version))
                    try db.execute(sql: """
                        INSERT INTO results (id, case_id, kind, version, created_at, encoding, plain_size, payload)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [id.rawValue, caseID.rawValue, kind, version, Self.now(), sealed.encoding, sealed.plainSize, Data(sealed.bytes)])
                }
                if let status {
                    try db.execute(sql: "UPDATE cases SET status = ?, updated_at = ? WHERE id = ?", arguments: [status.rawValue, Self.now(), caseID.rawValue])
                } else {
                    try db.execute(sql: "UPDATE cases SET updated_at = ? WHERE id = ?", arguments: [Self.now(), caseID.rawValue])
                }
            }
        }
        return ids
    }

    /// The newest version of a result kind, decrypted; nil if none. Throws `unknownCase`.
    public func latestResult(case caseID: CaseID, kind: String) throws(VaultError) -> [UInt8]? {
        try fetchResult(caseID: caseID, sql: "SELECT * FROM results WHERE case_id = ? AND kind = ? ORDER BY version DESC LIMIT 1",
                        arguments: [caseID.rawValue, kind])
    }

    /// One stored result by id, decrypted; nil if the case has no such result. Throws `unknownCase`.
    public func result(_ id: ResultID, of caseID: CaseID) throws(VaultError) -> [UInt8]? {
        try fetchResult(caseID: caseID, sql: "SELECT * FROM results WHERE case_id = ? AND id = ?", arguments: [caseID.rawValue, id.rawValue])
    }

    /// Headers of every stored result of a case (oldest first).
    public func results(of caseID: CaseID) throws(VaultError) -> [ResultSummary] {
        try Self.run {
            try pool.read { db in
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM cases WHERE id = ?", arguments: [caseID.rawValue]) == true else {
                    throw VaultError.unknownCase
                }
                return try Row.fetchAll(db, sql: "SELECT id, kind, version, created_at FROM results WHERE case_id = ? ORDER BY created_at, kind, version",
                                        arguments: [caseID.rawValue]).map { row in
                    ResultSummary(id: ResultID(unchecked: row["id"]), kind: row["kind"], version: row["version"], created: Self.date(row["created_at"]))
                }
            }
        }
    }

    private func fetchResult(caseID: CaseID, sql: String, arguments: StatementArguments) throws(VaultError) -> [UInt8]? {
        try Self.run {
            try pool.read { db -> [UInt8]? in
                guard let patient = try String.fetchOne(db, sql: "SELECT patient_id FROM cases WHERE id = ?", arguments: [caseID.rawValue]) else {
                    throw VaultError.unknownCase
                }
                guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
                let key = try patientKey(patient, db: db)
                let rowID = Self.resultRowID(ResultID(unchecked: row["id"]), caseID, row["kind"], row["version"])
                return try Self.openPacked(row, key: key, table: "results", rowID: rowID)
            }
        }
    }

    static func resultRowID(_ id: ResultID, _ caseID: CaseID, _ kind: String, _ version: Int) -> String {
        "\(id.rawValue)/\(caseID.rawValue)/\(kind)/v\(version)"
    }

    static func isValidKind(_ kind: String) -> Bool {
        (1...64).contains(kind.utf8.count) && kind.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }
}
