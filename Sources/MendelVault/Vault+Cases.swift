import Foundation
import GRDB
import MendelCrypto

extension Vault {
    /// Stores a new case with its documents in one transaction. Documents are compressed, then sealed
    /// under the patient's DEK; the (slow) compression happens before the write lock is taken.
    public func storeCase(patient: PatientID, phenopacket: [UInt8], notes: [UInt8]?, vcf: [UInt8]?,
                          metadata: CaseMetadata) throws(VaultError) -> CaseID {
        try storeCase(patient: patient, phenopacket: phenopacket, notes: notes, vcf: vcf, metadata: metadata, beforeCommit: nil)
    }

    /// `beforeCommit` is a test hook: it runs inside the transaction after every insert; throwing rolls back.
    func storeCase(patient: PatientID, phenopacket: [UInt8], notes: [UInt8]?, vcf: [UInt8]?, metadata: CaseMetadata,
                   beforeCommit: (() throws -> Void)?) throws(VaultError) -> CaseID {
        guard metadata.phenotypeCount >= 0, metadata.variantCount >= 0 else { throw .invalidArgument("negative count in case metadata") }
        let caseID = try CaseID.random()
        var documents: [(DocumentKind, [UInt8])] = [(.phenopacket, phenopacket)]
        if let notes { documents.append((.notes, notes)) }
        if let vcf { documents.append((.vcf, vcf)) }

        let key: PatientKey = try Self.run { try pool.read { db in try patientKey(patient.rawValue, db: db) } }
        var sealed: [(DocumentKind, PackedPayload)] = []
        for (kind, bytes) in documents {
            var packed = try Self.compress(bytes, compression)
            sealed.append((kind, try Self.sealPacked(&packed, key: key, table: "documents", rowID: Self.documentRowID(caseID, kind))))
        }

        try Self.run {
            try pool.write { db in
                guard let version = try Int.fetchOne(db, sql: "SELECT dek_version FROM patients WHERE id = ?", arguments: [patient.rawValue]) else {
                    throw VaultError.unknownPatient   // erased meanwhile
                }
                guard version == key.dekVersion else { throw VaultError.corrupt("data key changed during the write") }
                let now = Self.now()
                try db.execute(sql: """
                    INSERT INTO cases (id, patient_id, created_at, updated_at, status, phenotype_count, variant_count, submitted_by_uid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [caseID.rawValue, patient.rawValue, now, now, CaseStatus.submitted.rawValue,
                                     metadata.phenotypeCount, metadata.variantCount, metadata.submittedByUID.map { Int64($0) }])
                for (kind, payload) in sealed {
                    try db.execute(sql: "INSERT INTO documents (case_id, kind, encoding, plain_size, payload) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [caseID.rawValue, kind.rawValue, payload.encoding, payload.plainSize, Data(payload.bytes)])
                    try beforeCommit?()
                }
            }
        }
        return caseID
    }

    static func documentRowID(_ caseID: CaseID, _ kind: DocumentKind) -> String { caseID.rawValue + "/" + kind.rawValue }

    /// Case summaries, newest first. Non-PHI only: usable without any key.
    public func listCases(limit: Int = 100, offset: Int = 0) throws(VaultError) -> [CaseSummary] {
        guard limit >= 0, offset >= 0 else { throw .invalidArgument("negative limit or offset") }
        return try Self.run {
            try pool.read { db in
                try Row.fetchAll(db, sql: Self.summarySQL + " ORDER BY c.created_at DESC, c.id LIMIT ? OFFSET ?",
                                 arguments: [limit, offset]).map(Self.summary)
            }
        }
    }

    /// All cases of one patient, newest first.
    public func cases(of patient: PatientID) throws(VaultError) -> [CaseSummary] {
        try Self.run {
            try pool.read { db in
                try Row.fetchAll(db, sql: Self.summarySQL + " WHERE c.patient_id = ? ORDER BY c.created_at DESC, c.id",
                                 arguments: [patient.rawValue]).map(Self.summary)
            }
        }
    }

    /// One case's summary; throws `unknownCase`.
    public func caseSummary(_ id: CaseID) throws(VaultError) -> CaseSummary {
        try Self.run {
            try pool.read { db in
                guard let row = try Row.fetchOne(db, sql: Self.summarySQL + " WHERE c.id = ?", arguments: [id.rawValue]) else {
                    throw VaultError.unknownCase
                }
                return Self.summary(row)
            }
        }
    }

    /// Number of cases in the vault.
    public func caseCount() throws(VaultError) -> Int {
        try Self.run { try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM cases") ?? 0 } }
    }

    /// A decrypted, decompressed document; nil when the case has no document of that kind.
    public func document(_ kind: DocumentKind, of caseID: CaseID) throws(VaultError) -> [UInt8]? {
        try Self.run {
            try pool.read { db -> [UInt8]? in
                guard let patient = try String.fetchOne(db, sql: "SELECT patient_id FROM cases WHERE id = ?", arguments: [caseID.rawValue]) else {
                    throw VaultError.unknownCase
                }
                guard let row = try Row.fetchOne(db, sql: "SELECT encoding, plain_size, payload FROM documents WHERE case_id = ? AND kind = ?",
                                                 arguments: [caseID.rawValue, kind.rawValue]) else { return nil }
                let key = try patientKey(patient, db: db)
                return try Self.openPacked(row, key: key, table: "documents", rowID: Self.documentRowID(caseID, kind))
            }
        }
    }

    /// Sets a case's workflow status; throws `unknownCase`.
    public func setCaseStatus(_ id: CaseID, _ status: CaseStatus) throws(VaultError) {
        try Self.run {
            try pool.write { db in
                try db.execute(sql: "UPDATE cases SET status = ?, updated_at = ? WHERE id = ?",
                               arguments: [status.rawValue, Self.now(), id.rawValue])
                guard db.changesCount == 1 else { throw VaultError.unknownCase }
            }
        }
    }

    static let summarySQL = """
        SELECT c.id, c.patient_id, c.created_at, c.updated_at, c.status, c.phenotype_count, c.variant_count, c.submitted_by_uid,
               (SELECT group_concat(kind) FROM documents d WHERE d.case_id = c.id) AS document_kinds,
               (SELECT count(*) FROM results r WHERE r.case_id = c.id) AS result_count
        FROM cases c
        """

    static func summary(_ row: Row) -> CaseSummary {
        let kinds = ((row["document_kinds"] as String?) ?? "").split(separator: ",").compactMap { DocumentKind(rawValue: String($0)) }
        return CaseSummary(
            id: CaseID(unchecked: row["id"]),
            patient: PatientID(unchecked: row["patient_id"]),
            created: date(row["created_at"]),
            updated: date(row["updated_at"]),
            status: CaseStatus(rawValue: row["status"]) ?? .submitted,
            metadata: CaseMetadata(phenotypeCount: row["phenotype_count"], variantCount: row["variant_count"],
                                   submittedByUID: (row["submitted_by_uid"] as Int64?).flatMap { UInt32(exactly: $0) }),
            documents: DocumentKind.allCases.filter(kinds.contains),
            resultCount: row["result_count"])
    }
}
