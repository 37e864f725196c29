import ArgumentParser
import Foundation
import GRDB
import MendelCrypto
import MendelVault

/// `mendel-bench vault-overhead`: writes and reads N cases (2 KB notes + 1 MB VCF-like text + a small
/// phenopacket) into the encrypted vault and into the same schema in plaintext SQLite (GRDB, same pragmas),
/// in one run, and prints both times and the overhead ratio. The vault runs twice: with its default LZ4
/// compression and with `compression: .none` (encryption only). Rounds alternate stores; medians are reported.
struct VaultBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault-overhead",
        abstract: "Encrypted vault vs plaintext SQLite: case write + read time and overhead ratio.")

    @Option(help: "Cases per round.")
    var cases: Int = 50

    @Option(help: "Rounds (each writes and reads all cases into fresh databases); medians are reported.")
    var rounds: Int = 3

    @Option(name: .customLong("notes-bytes"), help: "Size of the notes document.")
    var notesBytes: Int = 2048

    @Option(name: .customLong("vcf-bytes"), help: "Size of the VCF document.")
    var vcfBytes: Int = 1 << 20

    @Option(help: "Directory for the databases (default: a new temporary directory, removed afterwards).")
    var dir: String?

    func validate() throws {
        guard cases > 0, rounds > 0, notesBytes >= 0, vcfBytes >= 0 else { throw ValidationError("sizes and counts must be positive") }
    }

    func run() throws {
        let base = dir.map(URL.init(fileURLWithPath:))
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("mendel-vault-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(at: base) } }

        let workload = BenchWorkload(cases: cases, notesBytes: notesBytes, vcfBytes: vcfBytes)
        print("vault-overhead: \(cases) cases x (notes \(notesBytes) B + VCF \(vcfBytes) B + phenopacket \(workload.phenopacket.count) B), \(rounds) rounds")
        var plain: [PhaseTimes] = []
        var compressed: [PhaseTimes] = []
        var uncompressed: [PhaseTimes] = []
        var sizes: [String: Int] = [:]
        for round in 0..<rounds {
            let plainPath = base.appendingPathComponent("plain-\(round).sqlite").path
            let lz4Path = base.appendingPathComponent("vault-lz4-\(round).sqlite").path
            let rawPath = base.appendingPathComponent("vault-none-\(round).sqlite").path
            plain.append(try PlainStore.measure(path: plainPath, workload: workload))
            compressed.append(try VaultStore.measure(path: lz4Path, workload: workload, compression: .lz4))
            uncompressed.append(try VaultStore.measure(path: rawPath, workload: workload, compression: .none))
            print(String(format: "round %d: plain %.3f+%.3f s | vault(lz4) %.3f+%.3f s | vault(none) %.3f+%.3f s  (write+read)",
                         round + 1, plain[round].write, plain[round].read, compressed[round].write, compressed[round].read,
                         uncompressed[round].write, uncompressed[round].read))
            for (name, path) in [("plain", plainPath), ("vault(lz4)", lz4Path), ("vault(none)", rawPath)] {
                sizes[name] = ["", "-wal"].reduce(0) { total, suffix in
                    total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0)
                }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        let p = PhaseTimes.median(plain)
        let mb = Double(cases) * Double(notesBytes + vcfBytes + workload.phenopacket.count) / 1_048_576
        func line(_ name: String, _ t: PhaseTimes) -> String {
            String(format: "%@: write %.3f s, read %.3f s, total %.3f s (%.1f MB/s), db+wal %.1f MB", name as NSString,
                   t.write, t.read, t.total, 2 * mb / t.total, Double(sizes[name] ?? 0) / 1_048_576)
        }
        print(line("plain", p))
        for (name, times) in [("vault(lz4)", compressed), ("vault(none)", uncompressed)] {
            let v = PhaseTimes.median(times)
            print(line(name, v))
            print(String(format: "  overhead %@ / plain: write %.2fx, read %.2fx, total %.2fx (target <= 1.30x)",
                         name as NSString, v.write / p.write, v.read / p.read, v.total / p.total))
        }
    }
}

/// Case documents shared by both stores; each case's VCF differs in its first line.
struct BenchWorkload {
    let cases: Int
    let notes: [UInt8]
    let vcf: [UInt8]
    let phenopacket: [UInt8]

    init(cases: Int, notesBytes: Int, vcfBytes: Int) {
        self.cases = cases
        let sentence = Array("Patient with global developmental delay, hypotonia and seizures from age 2; MRI normal. ".utf8)
        notes = (0..<notesBytes).map { sentence[$0 % sentence.count] }
        var text: [UInt8] = Array("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n".utf8)
        var state: UInt64 = 42
        var position = 10_000
        let bases: [String] = ["A", "C", "G", "T"]
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        while text.count < vcfBytes {
            position += Int(next() % 5000) + 1
            let line = "chr\(next() % 22 + 1)\t\(position)\trs\(next() % 99_999_999)\t\(bases[Int(next() % 4)])\t\(bases[Int(next() % 4)])\t\(next() % 90 + 10)\tPASS\tAC=1;AF=0.5;AN=2;DP=\(next() % 80);CSQ=missense_variant|MODERATE|GENE\(next() % 20000)\tGT:AD:DP\t0/1:\(next() % 40),\(next() % 40):\(next() % 80)\n"
            text.append(contentsOf: Array(line.utf8))
        }
        vcf = Array(text.prefix(vcfBytes))
        phenopacket = Array(#"{"id":"bench","subject":{"id":"s1","sex":"FEMALE"},"phenotypicFeatures":[{"type":{"id":"HP:0001263"}},{"type":{"id":"HP:0001250"}},{"type":{"id":"HP:0001252"}}]}"#.utf8)
    }

    func vcf(for index: Int) -> [UInt8] {
        var copy = vcf
        let tag = Array("##case=\(index)\n".utf8)
        if copy.count > tag.count { copy.replaceSubrange(0..<tag.count, with: tag) }
        return copy
    }
}

struct PhaseTimes {
    var write: Double
    var read: Double
    var total: Double { write + read }

    static func median(_ values: [PhaseTimes]) -> PhaseTimes {
        func mid(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
        return PhaseTimes(write: mid(values.map(\.write)), read: mid(values.map(\.read)))
    }
}

func benchSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

enum VaultStore {
    static func measure(path: String, workload: BenchWorkload, compression: Vault.Compression) throws -> PhaseTimes {
        let vault = try Vault(path: path, masterKey: try SecretKey.random(), compression: compression)
        var ids: [CaseID] = []
        let write = try benchSeconds {
            for index in 0..<workload.cases {
                let patient = try vault.createPatient(mrn: "BENCH-\(index)", displayName: "Bench Person \(index)", dateOfBirth: "2010-01-01")
                ids.append(try vault.storeCase(patient: patient, phenopacket: workload.phenopacket, notes: workload.notes,
                                               vcf: workload.vcf(for: index), metadata: CaseMetadata(phenotypeCount: 3, variantCount: 0)))
            }
        }
        var bytes = 0
        let read = try benchSeconds {
            for id in ids {
                for kind in DocumentKind.allCases { bytes += try vault.document(kind, of: id)?.count ?? 0 }
            }
        }
        guard bytes == workload.cases * (workload.notes.count + workload.vcf.count + workload.phenopacket.count) else {
            throw ValidationError("vault read back \(bytes) bytes, expected more")
        }
        try vault.close()
        return PhaseTimes(write: write, read: read)
    }
}

/// The vault's schema with plaintext columns, through GRDB with the same pragmas (WAL, secure_delete, temp_store).
enum PlainStore {
    static func measure(path: String, workload: BenchWorkload) throws -> PhaseTimes {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            try db.execute(sql: """
                CREATE TABLE patients (id TEXT PRIMARY KEY NOT NULL, mrn TEXT UNIQUE, display_name TEXT, date_of_birth TEXT, created_at INTEGER NOT NULL);
                CREATE TABLE cases (id TEXT PRIMARY KEY NOT NULL, patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, status TEXT NOT NULL,
                    phenotype_count INTEGER NOT NULL, variant_count INTEGER NOT NULL, submitted_by_uid INTEGER);
                CREATE INDEX cases_patient ON cases(patient_id);
                CREATE INDEX cases_created ON cases(created_at, id);
                CREATE TABLE documents (case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, kind TEXT NOT NULL,
                    encoding TEXT NOT NULL, plain_size INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (case_id, kind));
                """)
        }
        var ids: [String] = []
        let write = try benchSeconds {
            for index in 0..<workload.cases {
                let patient = "P-" + String(format: "%016x", index)
                let caseID = "C-" + String(format: "%016x", index)
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try pool.write { db in
                    try db.execute(sql: "INSERT INTO patients (id, mrn, display_name, date_of_birth, created_at) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [patient, "BENCH-\(index)", "Bench Person \(index)", "2010-01-01", now])
                }
                let documents: [(String, [UInt8])] = [("phenopacket", workload.phenopacket), ("notes", workload.notes), ("vcf", workload.vcf(for: index))]
                try pool.write { db in
                    try db.execute(sql: "INSERT INTO cases (id, patient_id, created_at, updated_at, status, phenotype_count, variant_count) VALUES (?, ?, ?, ?, 'submitted', 3, 0)",
                                   arguments: [caseID, patient, now, now])
                    for (kind, bytes) in documents {
                        try db.execute(sql: "INSERT INTO documents (case_id, kind, encoding, plain_size, payload) VALUES (?, ?, 'stored', ?, ?)",
                                       arguments: [caseID, kind, bytes.count, Data(bytes)])
                    }
                }
                ids.append(caseID)
            }
        }
        var bytes = 0
        let read = try benchSeconds {
            for id in ids {
                for kind in ["phenopacket", "notes", "vcf"] {
                    bytes += try pool.read { db in
                        _ = try String.fetchOne(db, sql: "SELECT patient_id FROM cases WHERE id = ?", arguments: [id])
                        return try Data.fetchOne(db, sql: "SELECT payload FROM documents WHERE case_id = ? AND kind = ?", arguments: [id, kind])
                            .map { [UInt8]($0) }?.count ?? 0
                    }
                }
            }
        }
        guard bytes == workload.cases * (workload.notes.count + workload.vcf.count + workload.phenopacket.count) else {
            throw ValidationError("plain store read back \(bytes) bytes")
        }
        try pool.close()
        return PhaseTimes(write: write, read: read)
    }
}
