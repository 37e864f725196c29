import Foundation
import Synchronization
import MendelCrypto
import Testing
@testable import MendelVault

@Suite struct VaultRoundTripTests {
    @Test func storesAndReadsEverything() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let key = try SecretKey.random()
        let phenopacket = Array(#"{"id":"case-1","phenotypicFeatures":[{"type":{"id":"HP:0001250"}}]}"#.utf8)
        let notes = Array("Seizures since age 2. Father with similar history.".utf8)
        let vcf = vcfText(size: 200_000)
        let caseID: CaseID
        let patient: PatientID
        do {
            let vault = try Vault(path: dir.path, masterKey: key)
            patient = try vault.createPatient(mrn: "MRN-0042", displayName: "Ada Example", dateOfBirth: "2019-03-01")
            #expect(PatientID(patient.rawValue) == patient)
            caseID = try vault.storeCase(patient: patient, phenopacket: phenopacket, notes: notes, vcf: vcf,
                                         metadata: CaseMetadata(phenotypeCount: 1, variantCount: 1200, submittedByUID: 1000))
            #expect(try vault.document(.phenopacket, of: caseID) == phenopacket)
            #expect(try vault.document(.notes, of: caseID) == notes)
            #expect(try vault.document(.vcf, of: caseID) == vcf)

            let other = try vault.storeCase(patient: patient, phenopacket: phenopacket, notes: nil, vcf: nil, metadata: CaseMetadata())
            #expect(try vault.document(.notes, of: other) == nil)

            let identity = try vault.patientIdentity(patient)
            #expect(identity.mrn == "MRN-0042" && identity.displayName == "Ada Example" && identity.dateOfBirth == "2019-03-01")

            _ = try vault.storeResult(case: caseID, kind: "diagnosis", payload: Array("v1".utf8))
            let second = try vault.storeResult(case: caseID, kind: "diagnosis", payload: Array("v2".utf8))
            _ = try vault.storeResult(case: caseID, kind: "trace", payload: vcfText(size: 5000, seed: 9))
            #expect(try vault.latestResult(case: caseID, kind: "diagnosis") == Array("v2".utf8))
            #expect(try vault.result(second, of: caseID) == Array("v2".utf8))
            #expect(try vault.latestResult(case: caseID, kind: "report") == nil)
            #expect(try vault.results(of: caseID).filter { $0.kind == "diagnosis" }.map(\.version) == [1, 2])

            try vault.setCaseStatus(caseID, .analyzed)
            let summary = try vault.caseSummary(caseID)
            #expect(summary.status == .analyzed)
            #expect(summary.patient == patient)
            #expect(summary.documents == [.phenopacket, .notes, .vcf])
            #expect(summary.resultCount == 3)
            #expect(summary.metadata == CaseMetadata(phenotypeCount: 1, variantCount: 1200, submittedByUID: 1000))
            #expect(try vault.listCases(limit: 10, offset: 0).count == 2)
            #expect(try vault.listCases(limit: 1, offset: 1).count == 1)
            #expect(try vault.cases(of: patient).count == 2)
            #expect(try vault.integrityCheck())
            try vault.close()
        }
        // Reopen from disk with the same key.
        let reopened = try Vault(path: dir.path, masterKey: key)
        #expect(try reopened.document(.vcf, of: caseID) == vcf)
        #expect(try reopened.patientIdentity(patient).displayName == "Ada Example")
        #expect(try reopened.findPatient(mrn: "MRN-0042") == patient)
    }

    @Test func unknownIdsAndBadArguments() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())
        let ghost = try #require(PatientID("P-0123456789abcdef"))
        let ghostCase = try #require(CaseID("C-0123456789abcdef"))
        #expect(throws: VaultError.unknownPatient) { try vault.patientIdentity(ghost) }
        #expect(throws: VaultError.unknownPatient) {
            try vault.storeCase(patient: ghost, phenopacket: [1], notes: nil, vcf: nil, metadata: CaseMetadata())
        }
        #expect(throws: VaultError.unknownCase) { try vault.document(.notes, of: ghostCase) }
        #expect(throws: VaultError.unknownCase) { try vault.setCaseStatus(ghostCase, .failed) }
        #expect(throws: VaultError.unknownCase) { try vault.storeResult(case: ghostCase, kind: "diagnosis", payload: [1]) }
        let patient = try vault.createPatient(mrn: nil, displayName: nil, dateOfBirth: nil)
        let caseID = try vault.storeCase(patient: patient, phenopacket: [1], notes: nil, vcf: nil, metadata: CaseMetadata())
        #expect(throws: VaultError.self) { try vault.storeResult(case: caseID, kind: "Ada Example", payload: [1]) }
        #expect(PatientID("P-XYZ") == nil && CaseID("P-0123456789abcdef") == nil)
        #expect(try vault.patientIdentity(patient).mrn == nil)
    }

    @Test func blindIndexFindsMRNWithoutStoringIt() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())
        let mrn = "MRN-77123-QX"
        let patient = try vault.createPatient(mrn: mrn, displayName: "Grace Example", dateOfBirth: nil)
        _ = try vault.createPatient(mrn: "MRN-1", displayName: nil, dateOfBirth: nil)
        #expect(try vault.findPatient(mrn: mrn) == patient)
        #expect(try vault.findPatient(mrn: "  mrn-77123-qx ") == patient)  // normalised
        #expect(try vault.findPatient(mrn: "MRN-77123-QY") == nil)
        #expect(throws: VaultError.duplicateMRN) { try vault.createPatient(mrn: "mrn-77123-qx", displayName: nil, dateOfBirth: nil) }

        // The index is a keyed HMAC, not the MRN and not an unkeyed hash of it.
        let index = try #require(try vault.rawBlob("SELECT mrn_index FROM patients WHERE id = ?", [patient.rawValue]))
        #expect(index.count == 32)
        #expect(index != SHA256.hash(Array(mrn.utf8)))
        #expect(!contains(index, Array(mrn.utf8)))
        // Neither the MRN nor the name is anywhere in the files, before or after a checkpoint.
        #expect(!dir.filesContain(Array(mrn.utf8)))
        #expect(!dir.filesContain(Array("Grace Example".utf8)))
        try vault.checkpoint()
        #expect(!dir.filesContain(Array(mrn.utf8)))
        #expect(!dir.filesContain(Array("Grace Example".utf8)))
    }

    @Test func compressionRoundTripsAndStoresGzipAsIs() throws {
        let text = vcfText(size: 1_100_000)
        let packed = try Vault.compress(text, .deflate)
        #expect(packed.encoding == "deflate" && packed.bytes.count < text.count / 2)
        #expect(try Deflate.decompress(packed.bytes, expectedSize: text.count) == text)
        #expect(throws: VaultError.self) { try Deflate.decompress(packed.bytes, expectedSize: text.count - 1) }
        let gzipLike: [UInt8] = [0x1f, 0x8b] + vcfText(size: 4000)
        #expect(try Vault.compress(gzipLike).encoding == "stored")
        let random = try SecureRandom.bytes(10_000)
        #expect(try Vault.compress(random).encoding == "stored")
        #expect(try Deflate.decompress(try Deflate.compress([]), expectedSize: 0) == [])
    }

    @Test func associatedDataIsUnambiguous() {
        let a = AssociatedData.bytes(table: "ab", column: "c", rowID: "r", patientID: "p", keyVersion: 1)
        let b = AssociatedData.bytes(table: "a", column: "bc", rowID: "r", patientID: "p", keyVersion: 1)
        let c = AssociatedData.bytes(table: "ab", column: "c", rowID: "r", patientID: "p", keyVersion: 2)
        #expect(a != b && a != c)
    }

    @Test func refusesFilesThatAreNotVaults() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        try Data("this is not sqlite at all, just text padding padding padding padding padding padding padding padding padding padding".utf8)
            .write(to: URL(fileURLWithPath: dir.path))
        #expect(throws: VaultError.notAVault) { try Vault(path: dir.path, masterKey: try SecretKey.random()) }
    }
}

@Suite struct VaultConcurrencyAndFileTests {
    @Test func databaseFilesArePrivate() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())
        _ = try vault.createPatient(mrn: "X", displayName: nil, dateOfBirth: nil)
        for suffix in ["", "-wal", "-shm"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: dir.path + suffix)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "vault.db\(suffix) has mode \(String(mode, radix: 8))")
        }
    }

    @Test func concurrentWritersAndReaders() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            do {
                let patient = try vault.createPatient(mrn: "CC-\(index)", displayName: "P\(index)", dateOfBirth: nil)
                let notes = Array("notes of \(index)".utf8)
                let caseID = try vault.storeCase(patient: patient, phenopacket: [UInt8(index)], notes: notes, vcf: nil, metadata: CaseMetadata())
                _ = try vault.listCases()
                guard try vault.document(.notes, of: caseID) == notes,
                      try vault.findPatient(mrn: "CC-\(index)") == patient else { failures.withLock { $0 += 1 }; return }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(try vault.caseCount() == 16)
    }
}
