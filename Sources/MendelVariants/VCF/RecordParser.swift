#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every record parser of one file shares, fixed once the header is read.
struct RecordLayout: Sendable {
    /// The file's label in issues.
    let label: String
    let options: VCFReaderOptions
    /// 8 for a sites-only file, else 9 + the number of samples.
    let expectedColumns: Int
    /// The header names no sample (a 9th FORMAT column alone is tolerated).
    let noSamples: Bool
    /// Sample columns kept (0-based among the samples), in selection order.
    let sampleColumns: [Int]
    let csq: AnnotationLayout?
    let ann: AnnotationLayout?
    /// Report order of the gnomAD-style INFO groups: group code → rank, in order of the header's `##INFO` declarations.
    /// Groups no `##INFO` line declares follow, in their order of appearance in the record. The order depends on the
    /// header and the record only (never on the records before), so parsers working on different parts of a file agree.
    let groupOrder: [String: Int]
}

/// Parses VCF data lines into `VariantRecord`s (one per ALT). A value type: each thread parsing part of a file has
/// its own copy, with its own caches (last CHROM, last FORMAT, INFO key table, scratch buffers).
/// Parses bytes; Strings are made only for the values a record keeps.
struct RecordParser {
    let layout: RecordLayout
    private var bounds: [Int] = []
    private var lastChromBytes: [UInt8] = []
    private var lastChrom = ("", "")
    private var lastFormat: [UInt8] = []
    private var formatIndex = FormatIndex()
    /// Field bounds reused by every CSQ/ANN value.
    private var annotationScratch: [Int] = []
    /// The ALT alleles of the line being parsed (reused like `infoScratch`).
    private var altsScratch: [String] = []
    /// The INFO values of the line being parsed (reused: its arrays keep their capacity from line to line).
    private var infoScratch = InfoValues()
    /// INFO keys seen so far (gnomAD-style group fields and the others): FNV-1a hash, (kind, group index), key bytes.
    private var groupKeyEntries: [(hash: UInt64, kind: UInt8, slot: Int, key: [UInt8])] = []
    /// Open-addressing index into `groupKeyEntries` by hash (−1 = empty); size a power of two, at most half full.
    private var groupKeyTable = [Int](repeating: -1, count: 64)
    /// Group codes seen by this parser, and their rank in `layout.groupOrder` (Int.max: not declared).
    private var groupNames: [String] = []
    private var groupRanks: [Int] = []

    struct FormatIndex { var gt = -1, ad = -1, dp = -1, gq = -1, ps = -1, count = 0 }

    init(layout: RecordLayout) {
        self.layout = layout
    }

    /// Parses one data line (not empty, not a `#` line) at `p[range]`, appending one record per ALT to `records`
    /// (nothing is appended when it throws). Returns false for a line with no ALT (`.`), which carries no variant.
    mutating func parseLine(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line lineNumber: Int, unterminated: Bool,
                            into records: inout [VariantRecord]) throws(VCFIssue) -> Bool {
            let expectedColumns = layout.expectedColumns
            let label = layout.label
            func issue(_ column: Int, _ reason: String) -> VCFIssue {
                VCFIssue(file: label, line: lineNumber, column: column, reason: reason)
            }
            // Column bounds (memchr for TAB); bytes ≥ 0x80 (checked 8 at a time) need a UTF-8 check.
            bounds.removeAll(keepingCapacity: true)
            let end = range.upperBound
            let high = Bytes.hasHighByte(p, range.lowerBound, end)
            var s = range.lowerBound
            while let t = Bytes.find(Bytes.tab, p, s, end) { bounds.append(s); bounds.append(t); s = t + 1 }
            bounds.append(s); bounds.append(end)
            let columnCount = bounds.count / 2
            if columnCount != expectedColumns && !(layout.noSamples && columnCount == 9) {
                if unterminated && columnCount < expectedColumns {
                    throw issue(columnCount, "truncated line: \(columnCount) of \(expectedColumns) columns before end of file")
                }
                throw issue(min(columnCount, expectedColumns + 1), "expected \(expectedColumns) TAB-separated columns, found \(columnCount)")
            }
            if high {
                for c in 0..<columnCount where String(validating: UnsafeBufferPointer(rebasing: p[bounds[2 * c]..<bounds[2 * c + 1]]), as: UTF8.self) == nil {
                    throw issue(c + 1, "not valid UTF-8")
                }
            }
            @inline(__always) func col(_ c: Int) -> (Int, Int) { (bounds[2 * c], bounds[2 * c + 1]) }

            // CHROM
            let (c0, c1) = col(0)
            guard c0 < c1 else { throw issue(1, "empty CHROM") }
            let chromSame = lastChromBytes.count == c1 - c0 && lastChromBytes.withUnsafeBufferPointer { q in
                guard let a = q.baseAddress, let b = p.baseAddress else { return false }
                return memcmp(a, b + c0, c1 - c0) == 0
            }
            if !chromSame {
                lastChromBytes = Array(p[c0..<c1])
                let chrom = Bytes.string(p, c0, c1)
                lastChrom = (chrom, ContigName.normalise(chrom))
            }
            // POS
            let (p0, p1) = col(1)
            guard let pos = Bytes.int(p, p0, p1), pos >= 0 else { throw issue(2, "POS is not a non-negative integer") }
            // ID
            let (i0, i1) = col(2)
            let id: String? = (i1 - i0 == 1 && p[i0] == Bytes.dot) || i0 == i1 ? nil : Bytes.string(p, i0, i1)
            // REF
            let (r0, r1) = col(3)
            guard r0 < r1 else { throw issue(4, "empty REF") }
            for k in r0..<r1 where !RecordParser.isBase(p[k]) { throw issue(4, "REF has a character other than A, C, G, T, N") }
            let ref = Bytes.string(p, r0, r1)
            // ALT
            let (a0, a1) = col(4)
            guard a0 < a1 else { throw issue(5, "empty ALT") }
            if a1 - a0 == 1 && p[a0] == Bytes.dot { return false }
            var alts: [String] = []
            swap(&alts, &altsScratch)
            defer { swap(&alts, &altsScratch) }
            alts.removeAll(keepingCapacity: true)
            var s2 = a0
            var k = a0
            while k <= a1 {
                if k == a1 || p[k] == Bytes.comma {
                    guard s2 < k else { throw issue(5, "empty allele in ALT") }
                    if !RecordParser.validAlt(p, s2, k) { throw issue(5, "ALT allele is not bases, *, <symbolic> or a breakend") }
                    alts.append(Bytes.string(p, s2, k))
                    s2 = k + 1
                }
                k += 1
            }
            // QUAL
            let (q0, q1) = col(5)
            var qual: Double?
            if !(q1 - q0 == 1 && p[q0] == Bytes.dot) {
                guard let q = Bytes.double(p, q0, q1) else { throw issue(6, "QUAL is not a number or '.'") }
                qual = q
            }
            // FILTER
            let (f0, f1) = col(6)
            var filters: [String] = []
            if !(f1 - f0 == 1 && p[f0] == Bytes.dot) && !Bytes.equals(p, f0, f1, "PASS") && f0 < f1 {
                filters = Bytes.string(p, f0, f1).split(separator: ";").map(String.init)
            }
            // INFO
            var info = InfoValues()
            swap(&info, &infoScratch)
            defer { swap(&info, &infoScratch) }
            info.reset(altCount: alts.count)
            let (n0, n1) = col(7)
            try parseInfo(p, n0, n1, alts: alts, ref: ref, into: &info, issue: issue)
            // FORMAT + samples
            var genotypes: [Genotype] = []
            if columnCount > 8 && !layout.sampleColumns.isEmpty {
                let (fm0, fm1) = col(8)
                updateFormat(p, fm0, fm1)
                genotypes.reserveCapacity(layout.sampleColumns.count)
                for sc in layout.sampleColumns {
                    let (g0, g1) = col(9 + sc)
                    genotypes.append(try parseSample(p, g0, g1, altCount: alts.count, column: 10 + sc, issue: issue))
                }
            }
            for (index, alt) in alts.enumerated() {
                var frequencies: FrequencyEvidence?
                let groups = info.groups(forAlt: index, names: groupNames, p)
                if !groups.isEmpty {
                    frequencies = FrequencyEvidence(groups: groups, dataset: "VCF INFO (gnomAD-style keys)", covered: true)
                } else if !info.annotationGroups[index].isEmpty {
                    let fromAnnotation = info.annotationGroups[index]
                    frequencies = FrequencyEvidence(
                        groups: fromAnnotation.sorted { $0.key < $1.key }.map { PopulationFrequency(group: $0.key, alleleFrequency: $0.value) },
                        dataset: "VEP gnomAD AF fields", covered: true)
                }
                if let (maxAF, maxAFPopulations) = info.maxAF[index] {
                    // VEP MAX_AF / MAX_AF_POPS: a maximum VEP computed (its populations, its rules), taken as given.
                    let populations = maxAFPopulations ?? []
                    let supplied = SuppliedGroupMaximum(
                        frequency: PopulationFrequency(group: populations.first ?? "unspecified", alleleFrequency: maxAF),
                        origin: "VEP MAX_AF" + (populations.isEmpty ? "" : " (\(populations.joined(separator: ",")))"))
                    if frequencies == nil {
                        frequencies = FrequencyEvidence(groups: [], dataset: "VEP MAX_AF", covered: false, supplied: supplied)
                    } else {
                        frequencies?.supplied = supplied
                    }
                }
                records.append(VariantRecord(
                    chrom: lastChrom.0, contig: lastChrom.1, position: pos, id: id, ref: ref, alt: alt,
                    altIndex: index + 1, altCount: alts.count, qual: qual, filters: filters, genotypes: genotypes,
                    annotations: info.annotations[index], frequencies: frequencies,
                    scores: info.scores[index], clinicalSignificance: info.clinicalSignificance, line: lineNumber))
            }
            return true
    }


    @inline(__always) static func isBase(_ b: UInt8) -> Bool {
        switch b | 0x20 {
        case 0x61, 0x63, 0x67, 0x74, 0x6E: true  // a c g t n
        default: false
        }
    }

    static func validAlt(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if p[s] == 0x3C { return p[e - 1] == 0x3E }  // <DEL>
        if e - s == 1 && p[s] == 0x2A { return true }  // *
        var breakend = false
        for k in s..<e {
            let b = p[k]
            if b == 0x5B || b == 0x5D || b == Bytes.colon { breakend = true; continue }  // [ ] :
            if breakend { continue }
            if !isBase(b) && b != 0x2E { return false }
        }
        return true
    }

    private mutating func updateFormat(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
        if e > s, lastFormat.count == e - s,
           lastFormat.withUnsafeBufferPointer({ q in
               guard let a = q.baseAddress, let b = p.baseAddress else { return false }
               return memcmp(a, b + s, e - s) == 0
           }) {
            return
        }
        lastFormat = Array(p[s..<e])
        var index = FormatIndex()
        var n = 0
        var a = s
        var k = s
        while k <= e {
            if k == e || p[k] == Bytes.colon {
                switch k - a {
                case 2:
                    if p[a] == 0x47 && p[a + 1] == 0x54 { index.gt = n }        // GT
                    else if p[a] == 0x41 && p[a + 1] == 0x44 { index.ad = n }   // AD
                    else if p[a] == 0x44 && p[a + 1] == 0x50 { index.dp = n }   // DP
                    else if p[a] == 0x47 && p[a + 1] == 0x51 { index.gq = n }   // GQ
                    else if p[a] == 0x50 && p[a + 1] == 0x53 { index.ps = n }   // PS
                default: break
                }
                n += 1; a = k + 1
            }
            k += 1
        }
        index.count = n
        formatIndex = index
    }

    private func parseSample(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, altCount: Int, column: Int,
                             issue: (Int, String) -> VCFIssue) throws(VCFIssue) -> Genotype {
        var genotype = Genotype(alleles: [], phased: false)
        var sawGT = false
        var n = 0
        var a = s
        var k = s
        let fi = formatIndex
        while k <= e {
            if k == e || p[k] == Bytes.colon {
                if n == fi.gt {
                    sawGT = true
                    genotype.alleles.reserveCapacity(2)
                    var phased = false
                    var t = a
                    var j = a
                    guard a < k else { throw issue(column, "empty GT") }
                    while j <= k {
                        if j == k || p[j] == Bytes.slash || p[j] == Bytes.pipe {
                            if j < k && p[j] == Bytes.pipe { phased = true }
                            if j - t == 1 && p[t] == Bytes.dot {
                                genotype.alleles.append(nil)
                            } else {
                                guard let allele = Bytes.int(p, t, j), allele >= 0 else { throw issue(column, "GT is not a genotype (allele indices separated by / or |)") }
                                guard allele <= altCount else { throw issue(column, "GT allele index is larger than the number of ALT alleles") }
                                genotype.alleles.append(allele)
                            }
                            t = j + 1
                        }
                        j += 1
                    }
                    genotype.phased = phased
                } else if n == fi.ad, !(k - a == 1 && p[a] == Bytes.dot), a < k {
                    var depths: [Int?] = []
                    depths.reserveCapacity(altCount + 1)
                    var t = a
                    var j = a
                    while j <= k {
                        if j == k || p[j] == Bytes.comma {
                            if j - t == 1 && p[t] == Bytes.dot { depths.append(nil) }
                            else {
                                guard let v = Bytes.int(p, t, j) else { throw issue(column, "AD is not a list of integers") }
                                depths.append(v)
                            }
                            t = j + 1
                        }
                        j += 1
                    }
                    genotype.alleleDepths = depths
                } else if n == fi.dp {
                    genotype.depth = Bytes.int(p, a, k)
                } else if n == fi.gq {
                    genotype.quality = Bytes.int(p, a, k) ?? Bytes.double(p, a, k).map { Int($0.rounded()) }
                } else if n == fi.ps {
                    genotype.phaseSet = Bytes.int(p, a, k)
                }
                n += 1; a = k + 1
            }
            k += 1
        }
        if n > fi.count && fi.count > 0 { throw issue(column, "sample has more fields than FORMAT") }
        if !sawGT { genotype.alleles = [nil] }
        return genotype
    }

    // MARK: INFO

    /// One ancestry group's INFO values as byte ranges (parsed per ALT when the record is built).
    struct GroupSlot {
        var ac: Range<Int>?, an: Range<Int>?, af: Range<Int>?, hom: Range<Int>?, faf: Range<Int>?
    }

    /// What is known of the transcript kept so far for one ALT when only the primary one is kept (`TranscriptSelection
    /// .primary`): an entry replaces it exactly when `VariantRecord.primaryAnnotation` would pick the entry over it
    /// (the first MANE Select, else the first canonical, else the first of the most severe consequence).
    struct PrimaryChoice {
        var taken = false, mane = false, canonical = false
        /// `severityRank` (set when neither MANE Select nor canonical).
        var rank = 0

        /// Whether `candidate` (MANE/canonical flags set; its rank worked out here with `rank` when needed) is picked
        /// over this choice.
        func isBeaten(by candidate: inout PrimaryChoice, _ rank: () -> Int) -> Bool {
            if !taken { return true }
            if mane { return false }
            if candidate.mane { return true }
            if canonical { return false }
            if candidate.canonical { return true }
            candidate.rank = rank()
            return candidate.rank < self.rank
        }
    }

    /// One record's INFO values while it is parsed. One per parser, reset per line (its arrays keep their capacity).
    struct InfoValues {
        /// Per ALT: the transcript annotations kept (all, or the primary one).
        var annotations: [[TranscriptAnnotation]] = []
        var scores: [PredictorScores] = []
        var clinicalSignificance: [String] = []
        /// Per ALT, from every CSQ/ANN entry (kept or not): distinct CLIN_SIG terms in order of appearance, the group AFs of
        /// the first entry that has any, the first MAX_AF (with MAX_AF_POPS).
        var annotationClinicalSignificance: [[String]] = []
        var annotationGroups: [[String: Double]] = []
        var maxAF: [(Double, [String]?)?] = []
        /// Per ALT, with `TranscriptSelection.primary`.
        var primary: [PrimaryChoice] = []
        /// The record's groups in the order they are reported (see `RecordParser.groupOrder`), by index into
        /// `RecordParser.groupNames`.
        var slots: [(group: Int, values: GroupSlot)] = []

        /// Empties every field for a record with `altCount` ALTs (arrays moved into records are not shared any more).
        mutating func reset(altCount: Int) {
            slots.removeAll(keepingCapacity: true)
            clinicalSignificance = []
            if annotations.count == altCount {
                // The common case (as many ALTs as the line before): every slot emptied in place.
                for i in 0..<altCount {
                    annotations[i] = []; scores[i] = PredictorScores(); annotationClinicalSignificance[i] = []
                    annotationGroups[i] = [:]; maxAF[i] = nil; primary[i] = PrimaryChoice()
                }
                return
            }
            annotations.removeAll(keepingCapacity: true)
            scores.removeAll(keepingCapacity: true)
            annotationClinicalSignificance.removeAll(keepingCapacity: true)
            annotationGroups.removeAll(keepingCapacity: true)
            maxAF.removeAll(keepingCapacity: true)
            primary.removeAll(keepingCapacity: true)
            slots.removeAll(keepingCapacity: true)
            clinicalSignificance = []
            for _ in 0..<altCount {
                annotations.append([]); scores.append(PredictorScores()); annotationClinicalSignificance.append([])
                annotationGroups.append([:]); maxAF.append(nil); primary.append(PrimaryChoice())
            }
        }

        /// Takes what the record keeps from every transcript out of a parsed annotation of ALT `alt`.
        mutating func takeParts(of ann: TranscriptAnnotation, alt: Int) {
            scores[alt] = scores[alt].filling(from: ann.scores)
            if !ann.clinicalSignificance.isEmpty { addClinicalSignificance(ann.clinicalSignificance, alt: alt) }
            if annotationGroups[alt].isEmpty { annotationGroups[alt] = ann.groupFrequencies }
            if maxAF[alt] == nil, let value = ann.maxAF { maxAF[alt] = (value, ann.maxAFPopulations) }
        }

        mutating func addClinicalSignificance(_ terms: [String], alt: Int) {
            if annotationClinicalSignificance[alt].isEmpty {
                // Distinct already unless a term repeats within the entry.
                var distinct = true
                for (i, t) in terms.enumerated() where terms[..<i].contains(t) { distinct = false; break }
                if distinct { annotationClinicalSignificance[alt] = terms; return }
            }
            for term in terms where !annotationClinicalSignificance[alt].contains(term) { annotationClinicalSignificance[alt].append(term) }
        }

        /// The distinct CLIN_SIG terms of every ALT's transcripts, ALT by ALT, in order of first appearance.
        var allAnnotationClinicalSignificance: [String] {
            if annotationClinicalSignificance.count == 1 { return annotationClinicalSignificance[0] }
            var terms: [String] = []
            for list in annotationClinicalSignificance {
                for term in list where !terms.contains(term) { terms.append(term) }
            }
            return terms
        }

        /// Stores one `AC_/AN_/AF_/nhomalt_/faf95_` value of group `group` (`rank`: its place in the report order).
        mutating func set(_ group: Int, rank: Int, ranks: [Int], _ kind: UInt8, _ range: Range<Int>) {
            var i = slots.firstIndex(where: { $0.group == group }) ?? -1
            if i < 0 {
                // Insert after every group with a rank ≤ this one (stable: equal ranks keep their order of appearance).
                i = slots.count
                while i > 0 && ranks[slots[i - 1].group] > rank { i -= 1 }
                if i == slots.count { slots.append((group, GroupSlot())) } else { slots.insert((group, GroupSlot()), at: i) }
            }
            switch kind {
            case 0: slots[i].values.ac = range
            case 1: slots[i].values.an = range
            case 2: slots[i].values.af = range
            case 3: slots[i].values.hom = range
            default: slots[i].values.faf = range
            }
        }

        func groups(forAlt index: Int, names: [String], _ p: UnsafeBufferPointer<UInt8>) -> [PopulationFrequency] {
            var out: [PopulationFrequency] = []
            out.reserveCapacity(slots.count)
            for (group, slot) in slots {
                func nth(_ r: Range<Int>?) -> Range<Int>? {
                    guard let r else { return nil }
                    var n = 0, a = r.lowerBound, k = r.lowerBound
                    while k <= r.upperBound {
                        if k == r.upperBound || p[k] == Bytes.comma {
                            if n == index { return a..<k }
                            n += 1; a = k + 1
                        }
                        k += 1
                    }
                    return nil
                }
                func int(_ r: Range<Int>?) -> Int? { r.flatMap { Bytes.int(p, $0.lowerBound, $0.upperBound) } }
                func dbl(_ r: Range<Int>?) -> Double? { r.flatMap { Bytes.double(p, $0.lowerBound, $0.upperBound) } }
                out.append(PopulationFrequency(normalisedGroup: names[group], alleleCount: int(nth(slot.ac)), alleleNumber: int(slot.an),
                                               homozygotes: int(nth(slot.hom)), alleleFrequency: dbl(nth(slot.af)),
                                               filteringAF: dbl(nth(slot.faf))))
            }
            return out
        }
    }

    /// `AC_/AN_/AF_/nhomalt_/faf95_<group>` → (kind 0–4, group code); nil for other INFO keys.
    static func groupField(_ key: String) -> (UInt8, String)? {
        for (prefix, kind) in [("AC_", UInt8(0)), ("AN_", 1), ("AF_", 2), ("nhomalt_", 3), ("faf95_", 4)] where key.hasPrefix(prefix) {
            return (kind, PopulationFrequency.normalisedGroup(String(key.dropFirst(prefix.count))))
        }
        return nil
    }

    /// Returns (kind, group index) for `AC_/AN_/AF_/nhomalt_/faf95_<group>` keys, nil for other keys. The key table is
    /// a per-parser cache; group indices are per parser too (only the names and `groupRanks` leave it).
    private mutating func groupKey(_ p: UnsafeBufferPointer<UInt8>, _ k0: Int, _ k1: Int) -> (UInt8, Int)? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in k0..<k1 { hash = (hash ^ UInt64(p[k])) &* 0x100_0000_01b3 }
        let mask = groupKeyTable.count - 1
        var probe = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while groupKeyTable[probe] >= 0 {
            let hit = groupKeyEntries[groupKeyTable[probe]]
            if hit.hash == hash, hit.key.count == k1 - k0,
               hit.key.withUnsafeBufferPointer({ q in
                   guard let a = q.baseAddress, let b = p.baseAddress else { return false }
                   return memcmp(a, b + k0, k1 - k0) == 0
               }) {
                return hit.kind == 255 ? nil : (hit.kind, hit.slot)
            }
            probe = (probe + 1) & mask
        }
        let key = Array(p[k0..<k1])
        var entry: (UInt8, Int, [UInt8]) = (255, 0, key)
        if let (kind, group) = RecordParser.groupField(String(decoding: key, as: UTF8.self)) {
            let index = groupNames.firstIndex(of: group) ?? {
                groupNames.append(group)
                groupRanks.append(layout.groupOrder[group] ?? Int.max)
                return groupNames.count - 1
            }()
            entry = (kind, index, key)
        }
        groupKeyEntries.append((hash, entry.0, entry.1, entry.2))
        if groupKeyEntries.count * 2 > groupKeyTable.count {
            // Grow and re-index every key.
            groupKeyTable = [Int](repeating: -1, count: groupKeyTable.count * 2)
            let m = groupKeyTable.count - 1
            for (index, e) in groupKeyEntries.enumerated() {
                var q = Int(truncatingIfNeeded: e.hash ^ (e.hash >> 29)) & m
                while groupKeyTable[q] >= 0 { q = (q + 1) & m }
                groupKeyTable[q] = index
            }
        } else {
            groupKeyTable[probe] = groupKeyEntries.count - 1
        }
        return entry.0 == 255 ? nil : (entry.0, entry.1)
    }

    private mutating func parseInfo(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, alts: [String], ref: String,
                           into info: inout InfoValues, issue: (Int, String) -> VCFIssue) throws(VCFIssue) {
        if e - s == 1 && p[s] == Bytes.dot { return }
        var a = s
        var vepAlleles: [String]?
        while a <= e {
            // memchr for ';': the CSQ/ANN value (most of INFO) is skipped at memchr speed.
            let k = Bytes.find(Bytes.semicolon, p, a, e) ?? e
            if a < k {
                var eq = a
                while eq < k && p[eq] != Bytes.equals { eq += 1 }
                let v0 = eq + 1, v1 = k
                if eq < k && eq > a {
                    try infoField(p, a, eq, v0, v1, alts: alts, ref: ref, vepAlleles: &vepAlleles, into: &info, issue: issue)
                }
            }
            a = k + 1
        }
    }

    private mutating func infoField(_ p: UnsafeBufferPointer<UInt8>, _ k0: Int, _ k1: Int, _ v0: Int, _ v1: Int, alts: [String], ref: String,
                           vepAlleles: inout [String]?, into info: inout InfoValues,
                           issue: (Int, String) -> VCFIssue) throws(VCFIssue) {
        let first = p[k0]
        if first == 0x43 && Bytes.equals(p, k0, k1, "CSQ") {   // C
            guard layout.options.parseAnnotations else { return }
            guard let annotationLayout = layout.csq else {
                throw issue(8, "CSQ present but the header's CSQ description has no 'Format:' field list")
            }
            if vepAlleles == nil { vepAlleles = AnnotationParser.vepAlleles(ref: ref, alts: alts) }
            // Transcript scores fill the gaps of `info.scores` (entry by entry, as they are parsed).
            AnnotationParser.parse(p, v0, v1, layout: annotationLayout, alts: alts, vepAlleles: vepAlleles ?? [],
                                   primaryOnly: layout.options.transcripts == .primary, scratch: &annotationScratch, into: &info)
            if info.clinicalSignificance.isEmpty {
                // Distinct CLIN_SIG terms of all transcripts (kept or not), ALT by ALT, in order of first appearance.
                info.clinicalSignificance = info.allAnnotationClinicalSignificance
            }
        } else if first == 0x41 && Bytes.equals(p, k0, k1, "ANN") {
            guard layout.options.parseAnnotations else { return }
            guard let annotationLayout = layout.ann else {
                throw issue(8, "ANN present but the header has no ANN definition")
            }
            AnnotationParser.parse(p, v0, v1, layout: annotationLayout, alts: alts, vepAlleles: alts,
                                   primaryOnly: layout.options.transcripts == .primary, scratch: &annotationScratch, into: &info)
        } else if Bytes.equals(p, k0, k1, "REVEL") || Bytes.equals(p, k0, k1, "REVEL_score") {
            perAlt(p, v0, v1, alts.count) { i, v in info.scores[i].revel = v }
        } else if Bytes.equals(p, k0, k1, "CADD_PHRED") {
            perAlt(p, v0, v1, alts.count) { i, v in info.scores[i].caddPhred = v }
        } else if Bytes.equals(p, k0, k1, "am_pathogenicity") {
            perAlt(p, v0, v1, alts.count) { i, v in info.scores[i].alphaMissense = v }
        } else if Bytes.equals(p, k0, k1, "SpliceAI") {
            // SpliceAI=ALLELE|SYMBOL|DS_AG|DS_AL|DS_DG|DS_DL|DP_AG|DP_AL|DP_DG|DP_DL[,…]
            let text = Bytes.string(p, v0, v1)
            for entry in text.split(separator: ",") {
                let f = entry.split(separator: "|", omittingEmptySubsequences: false)
                guard f.count >= 6, let i = alts.firstIndex(of: String(f[0])) else { continue }
                let ds = f[2...5].compactMap { Double($0) }
                if let m = ds.max() { info.scores[i].spliceAI = max(info.scores[i].spliceAI ?? m, m) }
            }
        } else if Bytes.equals(p, k0, k1, "CLNSIG") {
            info.clinicalSignificance = Bytes.string(p, v0, v1).split(whereSeparator: { $0 == "/" || $0 == "," || $0 == "|" || $0 == "&" })
                .map { $0.lowercased() }
        } else if let (kind, slot) = groupKey(p, k0, k1) {
            info.set(slot, rank: groupRanks[slot], ranks: groupRanks, kind, v0..<v1)
        }
    }

    private func perAlt(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ count: Int, _ set: (Int, Double) -> Void) {
        let values = doubles(p, s, e)
        if values.count == count { for (i, v) in values.enumerated() { if let v { set(i, v) } } }
        else if let m = values.compactMap({ $0 }).max() { for i in 0..<count { set(i, m) } }
    }

    private func doubles(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> [Double?] {
        var out: [Double?] = []
        var a = s
        var k = s
        while k <= e {
            if k == e || p[k] == Bytes.comma { out.append(Bytes.double(p, a, k)); a = k + 1 }
            k += 1
        }
        return out
    }

}
