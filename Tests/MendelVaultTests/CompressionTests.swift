import Foundation
import GRDB
import MendelCrypto
import Testing
@testable import MendelVault

/// LZ4 framing and the choice of encoding. Payloads are sealed after compression, so a corrupted frame can
/// only come from a bug or a key holder; the decompressor must still refuse it cleanly, never trust its lengths.
@Suite struct CompressionTests {
    @Test func lz4RoundTrips() throws {
        let random = try SecureRandom.bytes(300_000)
        let text = vcfText(size: 5_000_000)
        for input in [[], [0x41], random, text] as [[UInt8]] {
            let packed = try LZ4Codec.compress(input)
            #expect(try LZ4Codec.decompress(packed, expectedSize: input.count) == input)
        }
        // 5 MB of text: two 4 MiB blocks, and well compressed.
        let packed = try LZ4Codec.compress(text)
        #expect(try LZ4Codec.parseFrame(packed, expectedSize: text.count).count == 2)
        #expect(packed.count < text.count / 2)
        // Incompressible input grows by at most LZ4's bound plus the framing.
        #expect(try LZ4Codec.compress(random).count <= random.count + random.count / 255 + 16 + 16)
    }

    @Test func lz4SplitsLargeInputsIntoIndependentBlocks() throws {
        let text = vcfText(size: 1_000_000, seed: 3)
        let packed = try LZ4Codec.compress(text, blockSize: 64 << 10)
        let blocks = try LZ4Codec.parseFrame(packed, expectedSize: text.count)
        #expect(blocks.count == (text.count + (64 << 10) - 1) / (64 << 10))
        #expect(blocks.allSatisfy { $0.rawLength == 64 << 10 } == false)   // the last one is shorter
        #expect(blocks.dropLast().allSatisfy { $0.rawLength == 64 << 10 })
        #expect(try LZ4Codec.decompress(packed, expectedSize: text.count) == text)
        // One block decodes on its own.
        let second = blocks[1]
        let alone = frame(total: UInt64(second.rawLength), blocks: [(UInt32(second.rawLength), Array(packed[second.packedOffset..<(second.packedOffset + second.packedLength)]))])
        #expect(try LZ4Codec.decompress(alone, expectedSize: second.rawLength) == Array(text[second.rawOffset..<(second.rawOffset + second.rawLength)]))
        #expect(throws: VaultError.self) { try LZ4Codec.compress(text, blockSize: 0) }
        #expect(throws: VaultError.self) { try LZ4Codec.compress(text, blockSize: LZ4Codec.maxBlockSize + 1) }
    }

    @Test func corruptedLZ4PayloadsAreRefused() throws {
        let text = vcfText(size: 200_000, seed: 9)
        let packed = try LZ4Codec.compress(text, blockSize: 64 << 10)
        let blocks = try LZ4Codec.parseFrame(packed, expectedSize: text.count)

        expectCorrupt { try LZ4Codec.decompress(Array(packed.dropLast(10)), expectedSize: text.count) }          // truncated
        expectCorrupt { try LZ4Codec.decompress(packed + [1, 2, 3], expectedSize: text.count) }                  // trailing bytes
        expectCorrupt { try LZ4Codec.decompress(Array(packed.prefix(5)), expectedSize: text.count) }             // no header
        expectCorrupt { try LZ4Codec.decompress(packed, expectedSize: text.count - 1) }                          // wrong recorded size
        expectCorrupt { try LZ4Codec.decompress(packed, expectedSize: text.count + 1) }
        // A block's data overwritten: 0xFF tokens make literal runs that overrun the block.
        var garbled = packed
        for index in blocks[1].packedOffset..<(blocks[1].packedOffset + blocks[1].packedLength) { garbled[index] = 0xFF }
        expectCorrupt { try LZ4Codec.decompress(garbled, expectedSize: text.count) }
        // Block lengths swapped between two blocks of different sizes: the sum still matches, the blocks do not.
        var swapped = packed
        let first = blocks[0], last = blocks[blocks.count - 1]
        swapped.replaceSubrange((first.packedOffset - 8)..<(first.packedOffset - 4), with: le32(UInt32(last.rawLength)))
        swapped.replaceSubrange((last.packedOffset - 8)..<(last.packedOffset - 4), with: le32(UInt32(first.rawLength)))
        expectCorrupt { try LZ4Codec.decompress(swapped, expectedSize: text.count) }
        // A hand-made block whose match points before the start of the output.
        let backReference: [UInt8] = [0x04, 0x00, 0x01, 0x50, 0x61, 0x62, 0x63, 0x64, 0x65]  // match 8 at offset 256, then 5 literals
        expectCorrupt { try LZ4Codec.decompress(frame(total: 13, blocks: [(13, backReference)]), expectedSize: 13) }
        // The untouched payload still decodes.
        #expect(try LZ4Codec.decompress(packed, expectedSize: text.count) == text)
    }

    @Test func declaredLengthsAreBoundedBeforeAllocating() throws {
        // More than 4 GiB in the header: refused even when the recorded size agrees.
        let huge = (UInt64(4) << 30) + 1
        expectRefusedBeforeAllocating(frame(total: huge, blocks: []), expectedSize: Int(huge))
        // A block larger than LZ4 can produce (LZ4_MAX_INPUT_SIZE).
        let tooBig = UInt32(LZ4Codec.maxBlockSize + 1)
        expectRefusedBeforeAllocating(frame(total: UInt64(tooBig), blocks: [(tooBig, [0x00])]), expectedSize: Int(tooBig))
        // A 2-byte block claiming 1 GiB exceeds LZ4's 255:1 maximum ratio.
        expectRefusedBeforeAllocating(frame(total: 1 << 30, blocks: [(1 << 30, [0x10, 0x41])]), expectedSize: 1 << 30)
        // Zero-length block, and a compressed length running past the end.
        expectRefusedBeforeAllocating(frame(total: 0, blocks: [(0, [0x00])]), expectedSize: 0)
        expectRefusedBeforeAllocating(le64(1) + le32(1) + le32(50) + [0x10, 0x41], expectedSize: 1)
        // The maximum ratio itself is reachable: zeros compress ~250:1 and decode.
        let zeros = [UInt8](repeating: 0, count: 3_000_000)
        let packedZeros = try LZ4Codec.compress(zeros)
        #expect(packedZeros.count < zeros.count / 200)
        #expect(try LZ4Codec.decompress(packedZeros, expectedSize: zeros.count) == zeros)
    }

    @Test func encodingTagFollowsTheCompressionSetting() throws {
        let text = vcfText(size: 100_000)
        let lz4 = try Vault.compress(text)
        #expect(lz4.encoding == "lz4" && lz4.plainSize == text.count && lz4.bytes.count < text.count / 2)
        #expect(try Vault.compress(text, .deflate).encoding == "deflate")
        let none = try Vault.compress(text, .none)
        #expect(none.encoding == "stored" && none.plainSize == text.count && none.bytes == text)
        #expect(try Vault.compress(Array(text.prefix(63))).encoding == "stored")         // tiny
        #expect(try Vault.compress([0x1f, 0x8b] + text).encoding == "stored")            // gzip/BGZF as is
        #expect(try Vault.compress(try SecureRandom.bytes(10_000)).encoding == "stored") // does not shrink
    }

    @Test func vaultsReadEveryEncodingWhateverTheirSetting() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let key = try SecretKey.random()
        let notes = Array(String(repeating: "Hypotonia and seizures since infancy. ", count: 60).utf8)
        let vcf = vcfText(size: 300_000, seed: 4)
        var cases: [(CaseID, String)] = []
        for mode in [Vault.Compression.deflate, .none, .lz4] {
            let vault = try Vault(path: dir.path, masterKey: key, compression: mode)
            let patient = try vault.createPatient(mrn: "ENC-\(mode.rawValue)", displayName: nil, dateOfBirth: nil)
            let caseID = try vault.storeCase(patient: patient, phenopacket: [0x7b, 0x7d], notes: notes, vcf: vcf, metadata: CaseMetadata())
            _ = try vault.storeResult(case: caseID, kind: "report", payload: notes)
            cases.append((caseID, mode == .none ? "stored" : mode.rawValue))
            try vault.close()
        }
        let vault = try Vault(path: dir.path, masterKey: key)
        #expect(vault.compression == .lz4)
        for (caseID, encoding) in cases {
            let stored = try vault.pool.read { db in
                try String.fetchAll(db, sql: "SELECT encoding FROM documents WHERE case_id = ? AND kind != 'phenopacket' UNION ALL SELECT encoding FROM results WHERE case_id = ?",
                                    arguments: [caseID.rawValue, caseID.rawValue])
            }
            #expect(stored == [encoding, encoding, encoding])
            #expect(try vault.document(.vcf, of: caseID) == vcf)
            #expect(try vault.document(.notes, of: caseID) == notes)
            #expect(try vault.document(.phenopacket, of: caseID) == [0x7b, 0x7d])
            #expect(try vault.latestResult(case: caseID, kind: "report") == notes)
        }
    }

    @Test func v1VaultTablesMigrateAndKeepTheirRows() throws {
        let dir = try TestVaultDirectory(); defer { dir.remove() }
        let pool = try DatabasePool(path: dir.path)
        try Schema.migrator.migrate(pool, upTo: "v1")
        try pool.write { db in
            try db.execute(sql: "INSERT INTO patients (id, wrapped_dek, kek_version, dek_version, created_at) VALUES ('p', x'00', 1, 1, 0)")
            try db.execute(sql: "INSERT INTO cases (id, patient_id, created_at, updated_at, status, phenotype_count, variant_count) VALUES ('c', 'p', 0, 0, 'submitted', 0, 0)")
            try db.execute(sql: "INSERT INTO documents (case_id, kind, encoding, plain_size, payload) VALUES ('c', 'vcf', 'deflate', 9, x'0102')")
            try db.execute(sql: "INSERT INTO results (id, case_id, kind, version, created_at, encoding, plain_size, payload) VALUES ('r', 'c', 'report', 1, 0, 'stored', 2, x'0304')")
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO documents (case_id, kind, encoding, plain_size, payload) VALUES ('c', 'notes', 'lz4', 1, x'00')")
            }
        }
        try Schema.migrator.migrate(pool)
        try pool.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT encoding, plain_size, payload FROM documents")
            #expect(rows.count == 1)
            #expect(rows.first.map { ($0["encoding"] as String) == "deflate" && ($0["plain_size"] as Int) == 9 && ($0["payload"] as Data) == Data([1, 2]) } == true)
            #expect(try String.fetchAll(db, sql: "SELECT encoding FROM results") == ["stored"])
            try db.execute(sql: "INSERT INTO documents (case_id, kind, encoding, plain_size, payload) VALUES ('c', 'notes', 'lz4', 1, x'00')")
            try db.execute(sql: "INSERT INTO results (id, case_id, kind, version, created_at, encoding, plain_size, payload) VALUES ('r2', 'c', 'report', 2, 0, 'lz4', 1, x'00')")
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO documents (case_id, kind, encoding, plain_size, payload) VALUES ('c', 'phenopacket', 'zstd', 1, x'00')")
            }
            // The cascade still works on the rebuilt tables (GRDB connections have foreign keys on).
            try db.execute(sql: "DELETE FROM cases")
            #expect(try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM results)") == 0)
        }
        try pool.close()
    }

    // MARK: Helpers

    private func expectCorrupt(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> [UInt8]) {
        let error = #expect(throws: VaultError.self, sourceLocation: sourceLocation) { _ = try body() }
        #expect(error?.code == "vault.corrupt", sourceLocation: sourceLocation)
    }

    /// The framing check (which runs before the output is allocated) refuses it, and so does `decompress`.
    private func expectRefusedBeforeAllocating(_ payload: [UInt8], expectedSize: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: VaultError.self, sourceLocation: sourceLocation) { _ = try LZ4Codec.parseFrame(payload, expectedSize: expectedSize) }
        #expect(error?.code == "vault.corrupt", sourceLocation: sourceLocation)
        expectCorrupt(sourceLocation: sourceLocation) { try LZ4Codec.decompress(payload, expectedSize: expectedSize) }
    }

    private func frame(total: UInt64, blocks: [(UInt32, [UInt8])]) -> [UInt8] {
        var out = le64(total)
        for (raw, packed) in blocks { out += le32(raw) + le32(UInt32(packed.count)) + packed }
        return out
    }

    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    private func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
}
