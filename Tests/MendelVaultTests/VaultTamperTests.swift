import Foundation
import MendelCrypto
import Testing
@testable import MendelVault

/// The AAD binds every ciphertext to its table, column, row and patient: moved ciphertext must not open.
@Suite struct VaultTamperTests {
    @Test func ciphertextSwappedBetweenRowsFailsToDecrypt() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())
        // Two patients: a DEK mismatch alone would already fail, so also swap within ONE patient below.
        let alice = try vault.createPatient(mrn: "A-1", displayName: "Alice", dateOfBirth: "2001-01-01")
        let bob = try vault.createPatient(mrn: "B-2", displayName: "Bob", dateOfBirth: "2002-02-02")
        let aliceName = try #require(try vault.rawBlob("SELECT display_name FROM patients WHERE id = ?", [alice.rawValue]))
        try vault.rawExecute("UPDATE patients SET display_name = ? WHERE id = ?", [Data(aliceName), bob.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "patients", column: "display_name")) { try vault.patientIdentity(bob) }
        #expect(try vault.patientIdentity(alice).displayName == "Alice")

        // Same patient, same DEK: notes of case 1 copied into the notes row of case 2.
        let first = try vault.storeCase(patient: alice, phenopacket: [1, 2, 3], notes: Array("first notes".utf8), vcf: nil, metadata: CaseMetadata())
        let second = try vault.storeCase(patient: alice, phenopacket: [4, 5, 6], notes: Array("second notes".utf8), vcf: nil, metadata: CaseMetadata())
        let firstNotes = try #require(try vault.rawBlob("SELECT payload FROM documents WHERE case_id = ? AND kind = 'notes'", [first.rawValue]))
        try vault.rawExecute("UPDATE documents SET payload = ? WHERE case_id = ? AND kind = 'notes'", [Data(firstNotes), second.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "documents", column: "payload")) { try vault.document(.notes, of: second) }
        #expect(try vault.document(.notes, of: first) == Array("first notes".utf8))

        // A result moved to another case of the same patient, or renumbered to look newest, fails too.
        _ = try vault.storeResult(case: first, kind: "diagnosis", payload: Array("first diagnosis".utf8))
        try vault.rawExecute("UPDATE results SET case_id = ? WHERE case_id = ?", [second.rawValue, first.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "results", column: "payload")) { try vault.latestResult(case: second, kind: "diagnosis") }
        try vault.rawExecute("UPDATE results SET case_id = ?, version = 7 WHERE case_id = ?", [first.rawValue, second.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "results", column: "payload")) { try vault.latestResult(case: first, kind: "diagnosis") }

        // A wrapped DEK copied to another patient does not unwrap.
        let aliceDEK = try #require(try vault.rawBlob("SELECT wrapped_dek FROM patients WHERE id = ?", [alice.rawValue]))
        try vault.rawExecute("UPDATE patients SET wrapped_dek = ? WHERE id = ?", [Data(aliceDEK), bob.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "patients", column: "wrapped_dek")) { try vault.patientIdentity(bob) }
    }

    @Test func ciphertextSwappedBetweenColumnsFailsToDecrypt() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())
        let patient = try vault.createPatient(mrn: "C-3", displayName: "Carol", dateOfBirth: "2003-03-03")
        try vault.rawExecute("UPDATE patients SET display_name = date_of_birth WHERE id = ?", [patient.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "patients", column: "display_name")) { try vault.patientIdentity(patient) }

        // Same case, same DEK: the VCF payload placed in the notes row (documents.kind is bound too).
        let caseID = try vault.storeCase(patient: patient, phenopacket: [9], notes: Array("notes".utf8), vcf: vcfText(size: 3000), metadata: CaseMetadata())
        let vcf = try #require(try vault.rawBlob("SELECT payload FROM documents WHERE case_id = ? AND kind = 'vcf'", [caseID.rawValue]))
        try vault.rawExecute("UPDATE documents SET payload = ? WHERE case_id = ? AND kind = 'notes'", [Data(vcf), caseID.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "documents", column: "payload")) { try vault.document(.notes, of: caseID) }

        // A document ciphertext placed into a result row of the same case.
        _ = try vault.storeResult(case: caseID, kind: "report", payload: Array("report".utf8))
        try vault.rawExecute("UPDATE results SET payload = ?, encoding = 'deflate', plain_size = 3000 WHERE case_id = ?", [Data(vcf), caseID.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "results", column: "payload")) { try vault.latestResult(case: caseID, kind: "report") }

        // A flipped bit anywhere in a sealed value is caught by the tag.
        var name = try #require(try vault.rawBlob("SELECT date_of_birth FROM patients WHERE id = ?", [patient.rawValue]))
        name[name.count / 2] ^= 0x01
        try vault.rawExecute("UPDATE patients SET display_name = NULL, date_of_birth = ? WHERE id = ?", [Data(name), patient.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "patients", column: "date_of_birth")) { try vault.patientIdentity(patient) }
    }

    @Test func wrongMasterKeyIsRefusedAndNothingIsWritten() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let key = try SecretKey.random()
        do {
            let vault = try Vault(path: dir.path, masterKey: key)
            let patient = try vault.createPatient(mrn: "D-4", displayName: "Dan", dateOfBirth: nil)
            _ = try vault.storeCase(patient: patient, phenopacket: [1], notes: [2], vcf: nil, metadata: CaseMetadata())
            try vault.close()  // checkpoints: the data is in the .db file now
        }
        let before = dir.fileBytes()
        #expect(before["vault.db", default: []].count > 4096)
        #expect(throws: VaultError.wrongMasterKey) { try Vault(path: dir.path, masterKey: try SecretKey.random()) }
        #expect(throws: VaultError.masterKeyKindMismatch(expected: "key file")) {
            try Vault(path: dir.path, masterKeySource: .passphrase(Array("guess".utf8)))
        }
        let after = dir.fileBytes()
        let unchanged = after["vault.db"] == before["vault.db"] && after["vault.db-wal"] == before["vault.db-wal"]
        #expect(unchanged, "the wrong key must not change the .db or -wal bytes")
        // And the right key still works.
        #expect(try Vault(path: dir.path, masterKey: key).listCases().count == 1)
    }

    @Test func passphraseVaultOpensOnlyWithItsPassphrase() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let passphrase = Array("correct horse battery staple".utf8)
        do {
            let vault = try Vault(path: dir.path, masterKeySource: .passphrase(passphrase), newVaultScrypt: testScrypt)
            _ = try vault.createPatient(mrn: "E-5", displayName: "Eve", dateOfBirth: nil)
            try vault.close()
        }
        let before = dir.fileBytes()["vault.db"]
        #expect(throws: VaultError.wrongMasterKey) { try Vault(path: dir.path, masterKeySource: .passphrase(Array("wrong horse".utf8))) }
        let unchanged = dir.fileBytes()["vault.db"] == before
        #expect(unchanged)
        let vault = try Vault(path: dir.path, masterKeySource: .passphrase(passphrase))
        let patient = try #require(try vault.findPatient(mrn: "E-5"))
        #expect(try vault.patientIdentity(patient).displayName == "Eve")
    }
}
