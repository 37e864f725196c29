import Foundation
import GRDB
import MendelCrypto
@testable import MendelVault

/// A temporary directory holding one vault file; removed by `remove()`.
struct TestVaultDirectory {
    let url: URL
    var path: String { url.appendingPathComponent("vault.db").path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mendel-vault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Bytes of the `.db`, `-wal` and `-shm` files (missing files give empty arrays).
    func fileBytes() -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for suffix in ["", "-wal", "-shm"] {
            out["vault.db" + suffix] = (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))).map { [UInt8]($0) } ?? []
        }
        return out
    }

    /// Whether `needle` occurs in any vault file.
    func filesContain(_ needle: [UInt8]) -> Bool {
        fileBytes().values.contains { contains($0, needle) }
    }
}

/// Fast scrypt settings for tests (production default is `.interactive`).
let testScrypt = Scrypt.Parameters(n: 1 << 10, r: 8, p: 1)

func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    let first = needle[0]
    var index = 0
    let last = haystack.count - needle.count
    return haystack.withUnsafeBufferPointer { hay in
        needle.withUnsafeBufferPointer { pin in
            while index <= last {
                if hay[index] == first && memcmp(hay.baseAddress! + index, pin.baseAddress!, pin.count) == 0 { return true }
                index += 1
            }
            return false
        }
    }
}

/// VCF-like text of about `size` bytes.
func vcfText(size: Int, seed: UInt64 = 1) -> [UInt8] {
    var generator = SplitMix(seed: seed)
    var out = Array("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n".utf8)
    var position = 10_000
    let bases = ["A", "C", "G", "T"]
    while out.count < size {
        position += Int(generator.next() % 5000) + 1
        let line = "chr\(generator.next() % 22 + 1)\t\(position)\trs\(generator.next() % 99_999_999)\t\(bases[Int(generator.next() % 4)])\t\(bases[Int(generator.next() % 4)])\t\(generator.next() % 90 + 10)\tPASS\tAC=1;AF=0.5;AN=2;DP=\(generator.next() % 80);CSQ=missense_variant|MODERATE|GENE\(generator.next() % 20000)\tGT:AD:DP\t0/1:\(generator.next() % 40),\(generator.next() % 40):\(generator.next() % 80)\n"
        out.append(contentsOf: Array(line.utf8))
    }
    return Array(out.prefix(size))
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Vault {
    /// Raw column bytes of one row, read straight from SQLite (for tamper and erasure tests).
    func rawBlob(_ sql: String, _ arguments: StatementArguments) throws -> [UInt8]? {
        try pool.read { db in try Data.fetchOne(db, sql: sql, arguments: arguments).map { [UInt8]($0) } }
    }

    /// Runs raw SQL on the writer (tampering in tests).
    func rawExecute(_ sql: String, _ arguments: StatementArguments = []) throws {
        try pool.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// Unwrapped DEKs of every remaining patient.
    func allPatientKeys() throws -> [PatientKey] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM patients").map { try patientKey($0, db: db) }
        }
    }
}
