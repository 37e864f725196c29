import Foundation
import GRDB
import MendelCrypto
import Testing
@testable import MendelVault

struct InjectedCrash: Error {}

@Suite struct VaultRotationTests {
    /// Creates `count` patients with MRNs and one case each; returns (patient, case) pairs.
    private func populate(_ vault: Vault, count: Int) throws -> [(PatientID, CaseID)] {
        try (0..<count).map { index in
            let patient = try vault.createPatient(mrn: "ROT-\(index)", displayName: "Person \(index)", dateOfBirth: nil)
            let caseID = try vault.storeCase(patient: patient, phenopacket: Array("{\"n\":\(index)}".utf8),
                                             notes: Array("notes \(index)".utf8), vcf: nil, metadata: CaseMetadata())
            return (patient, caseID)
        }
    }

    private func expectReadable(_ vault: Vault, _ entries: [(PatientID, CaseID)], only indices: [Int]? = nil) throws {
        for index in indices ?? Array(entries.indices) {
            let (patient, caseID) = entries[index]
            #expect(try vault.patientIdentity(patient).displayName == "Person \(index)")
            #expect(try vault.document(.notes, of: caseID) == Array("notes \(index)".utf8))
            #expect(try vault.findPatient(mrn: "ROT-\(index)") == patient)
        }
    }

    @Test func rotationRewrapsEveryKeyUnderTheNewKeyOnly() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let oldKey = try SecretKey.random()
        let newKey = try SecretKey.random()
        let entries: [(PatientID, CaseID)]
        do {
            let vault = try Vault(path: dir.path, masterKey: oldKey)
            entries = try populate(vault, count: 5)
            let wrappedBefore = try vault.rawBlob("SELECT wrapped_dek FROM patients WHERE id = ?", [entries[0].0.rawValue])
            try vault.rotateMasterKey(to: newKey)
            #expect(vault.keyVersion == 2)
            #expect(try vault.rawBlob("SELECT wrapped_dek FROM patients WHERE id = ?", [entries[0].0.rawValue]) != wrappedBefore)
            try expectReadable(vault, entries)  // same process, new keys
            try vault.close()
        }
        #expect(throws: VaultError.wrongMasterKey) { try Vault(path: dir.path, masterKey: oldKey) }
        let reopened = try Vault(path: dir.path, masterKey: newKey)
        try expectReadable(reopened, entries)
        // Every DEK unwraps under the new KEK; none under a KEK derived from the old master key.
        let keys = try reopened.allPatientKeys()
        #expect(keys.count == 5)
        let salt = try #require(try reopened.rawBlob("SELECT kek_salt FROM meta WHERE id = 1", []))
        let oldKeys = try KeySet(master: oldKey, salt: salt, version: 2)
        for (patient, _) in entries {
            let wrapped = try #require(try reopened.rawBlob("SELECT wrapped_dek FROM patients WHERE id = ?", [patient.rawValue]))
            #expect(throws: VaultError.self) { try oldKeys.unwrap(wrapped, patient: patient.rawValue) }
        }

        // Rotation to a passphrase and back keeps everything readable.
        try reopened.rotateMasterKey(to: .passphrase(Array("new passphrase".utf8)), scrypt: testScrypt)
        try reopened.close()
        let byPassphrase = try Vault(path: dir.path, masterKeySource: .passphrase(Array("new passphrase".utf8)))
        try expectReadable(byPassphrase, entries)
        #expect(byPassphrase.keyVersion == 3)
    }

    @Test func failedRotationRollsBackCompletely() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let oldKey = try SecretKey.random()
        let newKey = try SecretKey.random()
        let vault = try Vault(path: dir.path, masterKey: oldKey)
        let entries = try populate(vault, count: 6)
        var rewrapped = 0
        #expect(throws: VaultError.self) {
            try vault.rotateMasterKey(to: .key(newKey), scrypt: testScrypt, afterEachRewrap: {
                rewrapped += 1
                if rewrapped == 3 { throw InjectedCrash() }
            })
        }
        #expect(rewrapped == 3)
        #expect(vault.keyVersion == 1)
        try expectReadable(vault, entries)
        try vault.close()
        #expect(throws: VaultError.wrongMasterKey) { try Vault(path: dir.path, masterKey: newKey) }
        try expectReadable(try Vault(path: dir.path, masterKey: oldKey), entries)
    }

    /// Simulates `kill -9` in the middle of the rotation transaction: with a tiny page cache SQLite spills
    /// uncommitted pages into the WAL, and the hook copies `.db`, `-wal` and `-shm` exactly as a killed
    /// process would leave them. Opening that image must show the old state only: every DEK readable
    /// under the old key, the new key refused.
    @Test func crashImageMidRotationHoldsOnlyTheOldState() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let oldKey = try SecretKey.random()
        let newKey = try SecretKey.random()
        let vault = try Vault(path: dir.path, masterKey: oldKey)
        let entries = try populate(vault, count: 400)
        try vault.checkpoint()
        try vault.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = 2") }

        var copies: [(image: URL, withShm: Bool)] = []
        var walAtCrash = 0
        var rewrapped = 0
        #expect(throws: VaultError.self) {
            try vault.rotateMasterKey(to: .key(newKey), scrypt: testScrypt, afterEachRewrap: {
                rewrapped += 1
                guard rewrapped == 350 else { return }
                walAtCrash = (try? Data(contentsOf: URL(fileURLWithPath: dir.path + "-wal")).count) ?? 0
                for withShm in [true, false] {
                    let image = dir.url.appendingPathComponent("crash-\(withShm)")
                    try FileManager.default.createDirectory(at: image, withIntermediateDirectories: true)
                    for suffix in withShm ? ["", "-wal", "-shm"] : ["", "-wal"] {
                        try FileManager.default.copyItem(atPath: dir.path + suffix, toPath: image.appendingPathComponent("vault.db" + suffix).path)
                    }
                    copies.append((image, withShm))
                }
                throw InjectedCrash()  // the process "dies" here; the copies are what the disk held
            })
        }
        #expect(walAtCrash > 0, "uncommitted rotation pages should have spilled into the WAL")
        #expect(copies.count == 2)
        for (image, _) in copies {
            let path = image.appendingPathComponent("vault.db").path
            #expect(throws: VaultError.wrongMasterKey) { try Vault(path: path, masterKey: newKey) }
            let recovered = try Vault(path: path, masterKey: oldKey)
            #expect(recovered.keyVersion == 1)
            #expect(try recovered.integrityCheck())
            try expectReadable(recovered, entries, only: Array(0..<5) + Array(340..<400))
            #expect(try recovered.allPatientKeys().count == 400)
        }
    }
}
