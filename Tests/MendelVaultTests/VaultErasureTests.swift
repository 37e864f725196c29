import Foundation
import MendelCrypto
import Testing
@testable import MendelVault

@Suite struct VaultErasureTests {
    @Test func erasureShredsKeyAndRows() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())
        let doomed = try vault.createPatient(mrn: "F-6", displayName: "Frank", dateOfBirth: "1990-06-06")
        let kept = try vault.createPatient(mrn: "G-7", displayName: "Gina", dateOfBirth: nil)
        let doomedCase = try vault.storeCase(patient: doomed, phenopacket: Array("{}".utf8), notes: Array("doomed notes text".utf8),
                                             vcf: vcfText(size: 50_000), metadata: CaseMetadata())
        _ = try vault.storeResult(case: doomedCase, kind: "diagnosis", payload: Array("dx".utf8))
        let keptCase = try vault.storeCase(patient: kept, phenopacket: Array("{}".utf8), notes: Array("kept notes".utf8), vcf: nil, metadata: CaseMetadata())
        try vault.checkpoint()  // put everything into the .db file first, so erasure must scrub it there

        // Keep copies of the doomed patient's key material and ciphertexts.
        let wrappedDEK = try #require(try vault.rawBlob("SELECT wrapped_dek FROM patients WHERE id = ?", [doomed.rawValue]))
        let sealedNotes = try #require(try vault.rawBlob("SELECT payload FROM documents WHERE case_id = ? AND kind = 'notes'", [doomedCase.rawValue]))
        let sealedName = try #require(try vault.rawBlob("SELECT display_name FROM patients WHERE id = ?", [doomed.rawValue]))
        #expect(dir.filesContain(wrappedDEK) && dir.filesContain(sealedNotes))

        try vault.erasePatient(doomed)

        // Rows gone; the other patient untouched; a second erase is an error and changes nothing.
        #expect(throws: VaultError.unknownPatient) { try vault.patientIdentity(doomed) }
        #expect(throws: VaultError.unknownCase) { try vault.document(.notes, of: doomedCase) }
        #expect(try vault.findPatient(mrn: "F-6") == nil)
        let afterFirst = dir.fileBytes()["vault.db"]
        #expect(throws: VaultError.unknownPatient) { try vault.erasePatient(doomed) }
        let unchanged = dir.fileBytes()["vault.db"] == afterFirst
        #expect(unchanged, "a repeated erase must not change the file")
        #expect(try vault.document(.notes, of: keptCase) == Array("kept notes".utf8))
        #expect(try vault.listCases().map(\.id) == [keptCase])
        #expect(try vault.integrityCheck())

        // The wrapped DEK and the ciphertexts are gone from the .db and the (truncated) -wal.
        let files = dir.fileBytes()
        #expect(files["vault.db-wal", default: []].count == 0)
        #expect(!dir.filesContain(wrappedDEK))
        #expect(!dir.filesContain(sealedNotes))
        #expect(!dir.filesContain(sealedName))

        // The saved ciphertexts cannot be opened with any key material that remains.
        let notesAAD = AssociatedData.bytes(table: "documents", column: "payload", rowID: Vault.documentRowID(doomedCase, .notes),
                                            patientID: doomed.rawValue, keyVersion: 1)
        let nameAAD = AssociatedData.bytes(table: "patients", column: "display_name", rowID: doomed.rawValue,
                                           patientID: doomed.rawValue, keyVersion: 1)
        let ring = vault.keys.withLock { $0 }
        var remaining = try vault.allPatientKeys().map(\.dek)
        remaining += [ring.current.kek, ring.current.blindIndex]
        #expect(remaining.count == 3)
        for key in remaining {
            #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealedNotes, key: key, aad: notesAAD) }
            #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealedName, key: key, aad: nameAAD) }
        }
        // The wrapped DEK copy still exists outside the vault, but the vault refuses to accept it back for
        // another patient (AAD binds the patient id), so there is no way to re-attach it.
        try vault.rawExecute("UPDATE patients SET wrapped_dek = ? WHERE id = ?", [Data(wrappedDEK), kept.rawValue])
        #expect(throws: VaultError.decryptionFailed(table: "patients", column: "wrapped_dek")) { try vault.patientIdentity(kept) }
    }

    @Test func erasingUnknownPatientIsAnError() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let vault = try Vault(path: dir.path, masterKey: try SecretKey.random())
        #expect(throws: VaultError.unknownPatient) { try vault.erasePatient(try #require(PatientID("P-00000000000000ff"))) }
    }
}
