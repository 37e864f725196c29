import ArgumentParser
import Foundation
import MendelCore
import MendelVariants

/// A tab-separated table with a header line (benchmark input files).
struct AcmgBenchTSV {
    let header: [String]
    let rows: [[String]]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { line -> [String] in
            var l = Substring(line)
            if l.last == "\r" { l = l.dropLast() }
            return l.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        guard !lines.isEmpty else { throw ValidationError("\(path): empty file") }
        header = lines.removeFirst()
        rows = lines
    }

    func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else { throw ValidationError("missing column '\(name)'") }
        return i
    }

    static func field(_ row: [String], _ index: Int?) -> String {
        guard let index, index < row.count else { return "" }
        return row[index]
    }
}

/// `mendel-bench acmg-combine`: criteria codes → class with the default interpretation policy.
struct AcmgCombineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acmg-combine",
        abstract: "Combine ACMG/AMP criteria (column criteria_met) into P/LP/VUS/LB/B; writes id<TAB>class.")

    @Option(help: "TSV with columns id, criteria_met and (optional) gene.") var `in`: String
    @Option(help: "Output TSV: id<TAB>class.") var out: String
    @Option(help: "Write the trace of every row as JSON lines here.") var trace: String?

    func run() throws {
        let table = try AcmgBenchTSV(path: `in`)
        let idColumn = try table.column("id"), criteriaColumn = try table.column("criteria_met")
        let geneColumn = table.header.firstIndex(of: "gene")
        let classifier = ACMGClassifier(policy: .default)
        var output = "id\tclass\n"
        var traces = ""
        var counts: [String: Int] = [:]
        for row in table.rows {
            let id = AcmgBenchTSV.field(row, idColumn)
            let gene = AcmgBenchTSV.field(row, geneColumn)
            let criteria = try AppliedCriterion.parseList(AcmgBenchTSV.field(row, criteriaColumn))
            let result = classifier.classify(criteria, gene: gene.isEmpty ? nil : gene)
            output += "\(id)\t\(result.classification.rawValue)\n"
            counts[result.classification.rawValue, default: 0] += 1
            if trace != nil, let line = String(data: try CanonicalJSON.encode(result), encoding: .utf8) { traces += line + "\n" }
        }
        try output.write(toFile: out, atomically: true, encoding: .utf8)
        if let trace { try traces.write(toFile: trace, atomically: true, encoding: .utf8) }
        print("acmg-combine: \(table.rows.count) rows → \(out)  " + counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}

/// `mendel-bench acmg-frequency`: one cited population frequency → BA1/BS1/PM2 and the class from them alone.
struct AcmgFrequencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acmg-frequency",
        abstract: "Apply the frequency criteria alone to cited group frequencies; writes case_id<TAB>criteria_met<TAB>class.")

    @Option(help: "TSV with case_id, gene, population, af_cited, ac, an, af_is_filtering_af.") var `in`: String
    @Option(help: "Output TSV.") var out: String
    @Option(help: "Write the criterion evaluations of every row as JSON lines here.") var trace: String?

    func run() throws {
        let table = try AcmgBenchTSV(path: `in`)
        let c = (id: try table.column("case_id"), gene: try table.column("gene"), population: try table.column("population"),
                 af: try table.column("af_cited"), ac: table.header.firstIndex(of: "ac"), an: table.header.firstIndex(of: "an"),
                 faf: table.header.firstIndex(of: "af_is_filtering_af"))
        let hgvsColumn = table.header.firstIndex(of: "variation")
        let criteria = FrequencyCriteria(policy: .default)
        let classifier = ACMGClassifier(policy: .default)
        var output = "case_id\tcriteria_met\tclass\n"
        var traces = ""
        for row in table.rows {
            let gene = AcmgBenchTSV.field(row, c.gene)
            let af = Double(AcmgBenchTSV.field(row, c.af))
            let isFiltering = AcmgBenchTSV.field(row, c.faf).lowercased() == "yes"
            let group = PopulationFrequency(
                group: AcmgBenchTSV.field(row, c.population),
                alleleCount: Int(AcmgBenchTSV.field(row, c.ac)), alleleNumber: Int(AcmgBenchTSV.field(row, c.an)),
                alleleFrequency: isFiltering ? nil : af, filteringAF: isFiltering ? af : nil)
            // The cited value is an already-computed group maximum (the README: "give the engine {population: af_cited}
            // as grpmax/popmax"): supplied, taken as given with its group named, not a per-group count table.
            let evidence = FrequencyEvidence(groups: [], dataset: "cited", covered: false,
                                             supplied: af == nil && group.alleleNumber == nil ? nil
                                                 : SuppliedGroupMaximum(frequency: group, origin: "cited group maximum"))
            let hgvsc = AcmgHGVSText.coding(in: AcmgBenchTSV.field(row, hgvsColumn))
            let evaluations = criteria.evaluate(evidence, gene: gene, hgvsc: hgvsc)
            let applied = evaluations.compactMap(\.applied)
            let result = classifier.classify(applied, gene: gene)
            output += "\(AcmgBenchTSV.field(row, c.id))\t\(applied.map(\.description).joined(separator: ";"))\t\(result.classification.rawValue)\n"
            if trace != nil, let line = String(data: try CanonicalJSON.encode(evaluations), encoding: .utf8) { traces += line + "\n" }
        }
        try output.write(toFile: out, atomically: true, encoding: .utf8)
        if let trace { try traces.write(toFile: trace, atomically: true, encoding: .utf8) }
        print("acmg-frequency: \(table.rows.count) rows → \(out)")
    }
}

/// Pulls `c.…` out of `NM_000352.6(GJB2):c.109G>A (p.Val37Ile)`.
enum AcmgHGVSText {
    static func coding(in text: String) -> String? {
        guard let r = text.range(of: ":c.") else { return nil }
        let rest = text[text.index(after: r.lowerBound)...]
        return String(rest.prefix { $0 != " " && $0 != ";" })
    }
}

/// `mendel-bench acmg-policy`: prints the built-in default interpretation policy as JSON (the tree that
/// `Policies/interpretation.yaml` mirrors).
struct AcmgPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acmg-policy", abstract: "Print the default interpretation policy (JSON), or check a policy tree in JSON.")

    @Option(help: "Check this JSON policy tree instead: prints whether it equals the default.") var check: String?

    func run() throws {
        if let check {
            let tree = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: check)))
            let policy = try ACMGPolicy(json: tree)
            print(policy == .default ? "policy equals the built-in default" : "policy differs from the built-in default")
            if policy != .default { throw ExitCode(1) }
            return
        }
        print(String(decoding: try CanonicalJSON.encodePretty(ACMGPolicy.default.jsonValue), as: UTF8.self))
    }
}

/// `mendel-bench vcf-generate`: a synthetic VEP-annotated single-sample VCF for throughput measurements.
/// Deterministic (seeded); genes, consequences, scores and gnomAD-style group counts are drawn at random.
struct VcfGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcf-generate", abstract: "Write a synthetic VEP-annotated VCF (plain text) for throughput benchmarks.")

    @Option(help: "Output VCF path (plain text; compress with bgzip for the gz benchmark).") var out: String
    @Option(help: "Number of records.") var records: Int = 2_000_000
    @Option(help: "Random seed.") var seed: UInt64 = 42

    func run() throws {
        guard let file = fopen(out, "wb") else { throw ValidationError("cannot create \(out)") }
        defer { fclose(file) }
        var rng = VcfGeneratorRandom(seed: seed)
        let csqFields = "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|STRAND|CANONICAL|MANE_SELECT|HGNC_ID|REVEL|am_pathogenicity|SpliceAI_pred_DS_AG|SpliceAI_pred_DS_AL|SpliceAI_pred_DS_DG|SpliceAI_pred_DS_DL|CADD_PHRED|CLIN_SIG"
        var text = """
        ##fileformat=VCFv4.2
        ##source=mendel-bench vcf-generate seed=\(seed)
        ##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: \(csqFields)">

        """
        for g in ["afr", "amr", "asj", "eas", "fin", "nfe", "sas"] {
            text += "##INFO=<ID=AC_\(g),Number=A,Type=Integer,Description=\"Alternate allele count, \(g)\">\n"
            text += "##INFO=<ID=AN_\(g),Number=1,Type=Integer,Description=\"Total allele number, \(g)\">\n"
        }
        text += "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
        text += "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Genotype quality\">\n"
        for c in 1...22 { text += "##contig=<ID=chr\(c)>\n" }
        text += "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tSAMPLE 1\n"
        let bases = ["A", "C", "G", "T"]
        let consequences = ["missense_variant", "synonymous_variant", "intron_variant", "stop_gained", "frameshift_variant",
                            "splice_region_variant&intron_variant", "3_prime_UTR_variant", "inframe_deletion", "splice_donor_variant"]
        let impacts = ["MODERATE", "LOW", "MODIFIER", "HIGH", "HIGH", "LOW", "MODIFIER", "MODERATE", "HIGH"]
        let aminoAcids = ["Arg", "Gly", "Leu", "Ser", "Trp", "Cys", "Lys", "Glu"]
        var position = 10_000
        var chrom = 1
        let perChrom = max(1, records / 22 + 1)
        for i in 0..<records {
            if i > 0 && i % perChrom == 0 { chrom += 1; position = 10_000 }
            position += 1 + Int(rng.next() % 400)
            let ref = bases[Int(rng.next() % 4)]
            var alt = bases[Int(rng.next() % 4)]
            if alt == ref { alt = bases[(bases.firstIndex(of: ref)! + 1) % 4] }
            let k = Int(rng.next() % UInt64(consequences.count))
            let gene = "GENE\(rng.next() % 20000)"
            let exonCount = 2 + Int(rng.next() % 30)
            let exon = 1 + Int(rng.next() % UInt64(exonCount))
            let aaPos = 1 + Int(rng.next() % 1500)
            let a1 = aminoAcids[Int(rng.next() % 8)], a2 = aminoAcids[Int(rng.next() % 8)]
            let revel = Double(rng.next() % 1000) / 1000
            let splice = Double(rng.next() % 100) / 1000
            let common = rng.next() % 4 == 0
            var info = ""
            for g in ["afr", "amr", "asj", "eas", "fin", "nfe", "sas"] {
                let an = 5000 + Int(rng.next() % 60000)
                let ac = common ? Int(rng.next() % UInt64(an / 10)) : Int(rng.next() % 3)
                info += "AC_\(g)=\(ac);AN_\(g)=\(an);"
            }
            let hgvsc = "ENST\(100000 + rng.next() % 900000).1:c.\(aaPos * 3)\(ref)>\(alt)"
            let hgvsp = consequences[k] == "synonymous_variant" ? "ENSP1.1:p.\(a1)\(aaPos)%3D" : "ENSP1.1:p.\(a1)\(aaPos)\(a2)"
            let t1 = "\(alt)|\(consequences[k])|\(impacts[k])|\(gene)|ENSG\(rng.next() % 100000)|Transcript|ENST\(rng.next() % 1000000).1|protein_coding|\(exon)/\(exonCount)||\(hgvsc)|\(hgvsp)|\(aaPos * 3 + 50)|\(aaPos * 3)|\(aaPos)|R/W|Cgg/Tgg|rs\(rng.next() % 100000000)|1|YES|NM_\(rng.next() % 1000000).1|HGNC:\(rng.next() % 50000)|\(revel)|\(revel * 0.9)|\(splice)|0.00|\(splice / 2)|0.01|\(Double(rng.next() % 400) / 10)|"
            let t2 = "\(alt)|intron_variant|MODIFIER|\(gene)|ENSG1|Transcript|ENST\(rng.next() % 1000000).2|protein_coding||\(exon)/\(exonCount)|ENST2.2:c.\(aaPos)+12\(ref)>\(alt)||||||||1||||||||||"
            let dp = 10 + Int(rng.next() % 90)
            let altReads = dp / 2
            let gt = rng.next() % 5 == 0 ? "1/1" : "0/1"
            text += "chr\(chrom)\t\(position)\t.\t\(ref)\t\(alt)\t\(50 + rng.next() % 5000).0\tPASS\t\(info)CSQ=\(t1),\(t2)\tGT:AD:DP:GQ\t\(gt):\(dp - altReads),\(altReads):\(dp):\(20 + rng.next() % 79)\n"
            if text.utf8.count > 1 << 20 {
                _ = text.withCString { fputs($0, file) }
                text.removeAll(keepingCapacity: true)
            }
        }
        _ = text.withCString { fputs($0, file) }
        print("vcf-generate: \(records) records → \(out)")
    }
}

private func roundedMillis(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

/// A small deterministic PRNG (VcfGeneratorRandom).
struct VcfGeneratorRandom {
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

/// A value the command leaves to the process exit (see `VcfThroughputCommand.freeResult`).
private final class KeptUntilExit: Sendable {
    let value: VariantAnalysisResult
    init(_ value: consuming VariantAnalysisResult) { self.value = value }
}

/// `mendel-bench vcf-throughput`: records/s of parse, parse + annotate + classify on one VCF.
struct VcfThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcf-throughput", abstract: "Measure VCF parse and parse+annotate+classify throughput (records/s).")

    @Option(help: "VCF (plain, gzip or bgzip).") var `in`: String
    @Flag(help: "Only parse (no annotation parsing, no classification).") var parseOnly = false
    @Option(help: "Stop after this many records (0 = all).") var limit: Int = 0
    @Option(help: "Trace detail: all, reportable (full trace for non-B/LB) or decisions.") var detail: String = "reportable"
    @Option(help: "1: read and classify on one thread; 2: parse and classify batches of lines on two threads (the analyzer's default).") var threads: Int = 2
    @Flag(help: "End to end through VariantAnalyzer.analyze(path:) (keeps every variant and trace; ignores --threads, --limit).") var analyze = false
    @Flag(help: "With --analyze: free the kept variants before the totals (by default the process exit reclaims them).") var freeResult = false

    func run() throws {
        guard let traceDetail = TraceDetail(rawValue: detail) else { throw ValidationError("--detail: all, reportable or decisions") }
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = clock()
        var records = 0
        var classes: [ACMGClass: Int] = [:]
        if parseOnly {
            let reader = try VCFReader(path: `in`, options: VCFReaderOptions(parseAnnotations: false))
            while let _ = try reader.next() {
                records += 1
                if limit > 0 && records >= limit { break }
            }
        } else if analyze {
            // End to end as the daemon runs it: VariantAnalyzer.analyze(path:) keeps every classified variant with its
            // trace, applies PM3 and builds the run trace.
            let callingStart = RecordPipeline.threadCPUSeconds()
            var result = try VariantAnalyzer(options: VariantAnalysisOptions(traceDetail: traceDetail)).analyze(path: `in`)
            let returnedWall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let returnedCPU = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
            print("analyze returned after \(roundedMillis(returnedWall)) s wall, \(roundedMillis(returnedCPU)) CPU-s "
                  + (freeResult ? "(the totals below also free the \(result.variants.count) kept variants)"
                                : "(the \(result.variants.count) kept variants are left to the process exit)"))
            records = result.stats.alleles
            // By index: a `for v in` loop would copy every variant (retain + release of each of its fields).
            for i in result.variants.indices { classes[result.variants[i].classification.classification, default: 0] += 1 }
            if freeResult {
                let freeStart = DispatchTime.now().uptimeNanoseconds
                result.variants = []
                print("freeing the kept variants took \(roundedMillis(Double(DispatchTime.now().uptimeNanoseconds - freeStart) / 1e9)) s wall")
            } else {
                // A one-shot command: freeing 100k variants one allocation at a time returns nothing the exit does not
                // (the daemon frees a case's variants after it has answered). Kept, deliberately, until the process exits.
                _ = Unmanaged.passRetained(KeptUntilExit(result))
            }
            let calling = RecordPipeline.threadCPUSeconds() - callingStart
            let total = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC), critical = max(calling, total / 2)
            print("threads: calling (parse + classify + collect + PM3 + trace) \(roundedMillis(calling)) CPU-s, worker + inflate "
                  + "\(roundedMillis(max(0, total - calling))) CPU-s; critical path ≈ \(roundedMillis(critical)) s "
                  + "(calling thread or half the total CPU) = \(Int(Double(records) / critical)) records/s on 2 free cores")
        } else {
            // Only the primary transcript's annotation, as `VariantAnalyzer.analyze(path:)` reads (the one classified).
            let reader = try VCFReader(path: `in`, options: VCFReaderOptions(transcripts: .primary))
            let analyzer = VariantAnalyzer(options: VariantAnalysisOptions(traceDetail: traceDetail))
            if threads > 1 {
                // --threads 2: batches of lines parsed and classified on a worker and the calling thread, inflate on a
                // third thread (RecordPipeline), as VariantAnalyzer.analyze does.
                let limit = self.limit
                let cpu = try RecordPipeline.run(reader: reader, process: { batch in
                    var counts = [Int](repeating: 0, count: ACMGClass.allCases.count)
                    for record in batch {
                        let v = analyzer.classify(record, genotype: record.genotypes.first)
                        if let k = ACMGClass.allCases.firstIndex(of: v.classification.classification) { counts[k] += 1 }
                    }
                    return counts
                }, consume: { counts in
                    for (k, c) in ACMGClass.allCases.enumerated() where counts[k] > 0 { classes[c, default: 0] += counts[k] }
                    records += counts.reduce(0, +)
                    return limit == 0 || records < limit
                })
                let total = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
                // Gzip input is inflated on a third thread ("other": inflate + setup). On two free cores the run takes
                // about as long as the busier thread or half the total CPU, whichever is more (the critical path).
                let other = max(0, total - cpu.reading - cpu.calling), critical = max(cpu.reading, cpu.calling, total / 2)
                print("threads: worker (parse + classify) \(roundedMillis(cpu.reading)) CPU-s, calling (parse + classify) \(roundedMillis(cpu.calling)) CPU-s, "
                      + "other (inflate) \(roundedMillis(other)) CPU-s; "
                      + "critical path \(roundedMillis(critical)) s = \(Int(Double(records) / critical)) records/s on 2 free cores")
            } else {
                while let record = try reader.next() {
                    let v = analyzer.classify(record, genotype: record.genotypes.first)
                    classes[v.classification.classification, default: 0] += 1
                    records += 1
                    if limit > 0 && records >= limit { break }
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
        let mode = parseOnly ? "parse only" : analyze ? "VariantAnalyzer.analyze end to end, trace detail \(traceDetail.rawValue)"
            : "parse + annotate + classify, trace detail \(traceDetail.rawValue), \(min(threads, 2)) threads"
        print("vcf-throughput: \(records) records in \(roundedMillis(seconds)) s wall = \(Int(Double(records) / seconds)) records/s; "
              + "CPU \(roundedMillis(cpu)) s = \(Int(Double(records) / cpu)) records/CPU-s (\(mode))")
        if !classes.isEmpty {
            print("classes: " + ACMGClass.allCases.map { "\($0.rawValue)=\(classes[$0] ?? 0)" }.joined(separator: " "))
        }
    }
}
