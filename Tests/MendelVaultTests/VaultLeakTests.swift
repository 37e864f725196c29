import Foundation
import GRDB
import MendelCrypto
import Testing
@testable import MendelVault

/// Plaintext must never reach the disk: not in the .db, -wal, -shm, a crash image, or a temp file.
@Suite struct VaultLeakTests {
    @Test func markerNeverReachesTheDisk() throws {
        let started = Date().addingTimeInterval(-1)
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let marker = "LEAKMARK-" + (try SecureRandom.bytes(12)).hexString
        let markerBytes = Array(marker.utf8)
        let mrn = "MRN-" + marker
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())

        // Connections run with the pragmas that keep plaintext off the disk.
        let pragmas: (Int?, Int?) = try vault.pool.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA secure_delete"), try Int.fetchOne(db, sql: "PRAGMA temp_store"))
        }
        #expect(pragmas.0 == 1 && pragmas.1 == 2)

        let notes = Array(("Consultation notes. " + String(repeating: "Developmental delay, hypotonia. ", count: 50)
            + marker + " family history noted. " + String(repeating: "x", count: 200)).utf8)
        let patient = try vault.createPatient(mrn: mrn, displayName: "Name " + marker, dateOfBirth: "2011-11-11")
        let caseID = try vault.storeCase(patient: patient, phenopacket: Array("{\"subject\":\"\(marker)\"}".utf8), notes: notes,
                                         vcf: vcfText(size: 100_000) + Array("##note=\(marker)\n".utf8), metadata: CaseMetadata())
        _ = try vault.storeResult(case: caseID, kind: "report", payload: Array("Report for \(marker)".utf8))

        // Queries.
        #expect(try vault.document(.notes, of: caseID) == notes)
        #expect(try vault.findPatient(mrn: mrn) == patient)
        #expect(try vault.listCases().count == 1)
        #expect(try vault.patientIdentity(patient).displayName == "Name " + marker)

        // An interrupted write: a second case is inserted, then the transaction fails before commit.
        // With a tiny cache its pages spill into the WAL first; a copy taken at that moment is a crash image.
        try vault.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = 2") }
        let image = dir.url.appendingPathComponent("crash")
        try FileManager.default.createDirectory(at: image, withIntermediateDirectories: true)
        #expect(throws: VaultError.self) {
            try vault.storeCase(patient: patient, phenopacket: Array(marker.utf8), notes: notes + notes,
                                vcf: vcfText(size: 400_000, seed: 5) + markerBytes, metadata: CaseMetadata(), beforeCommit: {
                for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: dir.path + suffix) {
                    if !FileManager.default.fileExists(atPath: image.appendingPathComponent("vault.db" + suffix).path) {
                        try FileManager.default.copyItem(atPath: dir.path + suffix, toPath: image.appendingPathComponent("vault.db" + suffix).path)
                    }
                }
                throw InjectedCrash()
            })
        }
        #expect(try vault.caseCount() == 1)

        // VACUUM rewrites every page (through the WAL, with in-memory temp storage).
        try vault.vacuum()
        #expect(try vault.document(.notes, of: caseID) == notes)

        // Documents are compressed (LZ4 keeps a first occurrence as a literal run) and then sealed: the marker is
        // in the compressed bytes, so only the encryption keeps it off the disk.
        #expect(try vault.compression == .lz4 && contains(LZ4Codec.compress(notes), markerBytes))

        // Scan everything. Positive control: the (non-PHI) case id is stored in clear, so the scan can see it.
        #expect(dir.filesContain(Array(caseID.rawValue.utf8)))
        #expect(!dir.filesContain(markerBytes), "marker found in .db/-wal/-shm")
        var imageHasCaseID = false
        for file in try FileManager.default.contentsOfDirectory(atPath: image.path) {
            let bytes = [UInt8](try Data(contentsOf: image.appendingPathComponent(file)))
            imageHasCaseID = imageHasCaseID || contains(bytes, Array(caseID.rawValue.utf8))
            #expect(!contains(bytes, markerBytes), "marker found in crash image \(file)")
        }
        #expect(imageHasCaseID)
        for file in recentTempFiles(since: started, excluding: dir.url) {
            #expect(!contains(file.bytes, markerBytes), "marker found in temp file \(file.path)")
        }

        // The blind index holds neither the MRN nor an unkeyed hash of it.
        let index = try #require(try vault.rawBlob("SELECT mrn_index FROM patients WHERE id = ?", [patient.rawValue]))
        #expect(!contains(index, markerBytes))
        #expect(index != SHA256.hash(Array(mrn.utf8)))
        #expect(index != SHA256.hash(KeySet.normalizedMRN(mrn)))
    }

    /// Regular files directly under the temp directory (or one level down) modified since `date`.
    private func recentTempFiles(since date: Date, excluding: URL) -> [(path: String, bytes: [UInt8])] {
        let fm = FileManager.default
        let root = fm.temporaryDirectory
        var out: [(String, [UInt8])] = []
        func visit(_ url: URL, depth: Int) {
            guard let names = try? fm.contentsOfDirectory(atPath: url.path) else { return }
            for name in names {
                let child = url.appendingPathComponent(name)
                guard child.path != excluding.path,
                      let attributes = try? fm.attributesOfItem(atPath: child.path),
                      let modified = attributes[.modificationDate] as? Date, modified >= date else { continue }
                let type = attributes[.type] as? FileAttributeType
                if type == .typeRegular, let size = attributes[.size] as? Int, size < 64 << 20,
                   let data = try? Data(contentsOf: child) {
                    out.append((child.path, [UInt8](data)))
                } else if type == .typeDirectory, depth < 1 {
                    visit(child, depth: depth + 1)
                }
            }
        }
        visit(root, depth: 0)
        return out
    }
}
