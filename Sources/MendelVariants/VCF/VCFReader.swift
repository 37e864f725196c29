/// Options for reading a VCF.
public struct VCFReaderOptions: Sendable {
    /// Samples to keep, by header name, in this order; nil = all samples.
    public var samples: [String]?
    /// Stop at the first malformed line, or skip it and count it (`issues`).
    public var malformedLines: MalformedLinePolicy
    /// Parse CSQ / ANN annotations.
    public var parseAnnotations: Bool
    /// At most this many issues are kept in `issues` (all are counted).
    public var maxIssuesKept: Int

    public init(samples: [String]? = nil, malformedLines: MalformedLinePolicy = .stop, parseAnnotations: Bool = true,
                maxIssuesKept: Int = 1000) {
        self.samples = samples; self.malformedLines = malformedLines
        self.parseAnnotations = parseAnnotations; self.maxIssuesKept = maxIssuesKept
    }
}

/// Streaming VCF 4.2/4.3 reader (plain, gzip or bgzip). Records are split per ALT allele.
/// Parses bytes; Strings are made only for the values a record keeps.
public final class VCFReader {
    public let label: String
    public let options: VCFReaderOptions
    public private(set) var header = VCFHeader()
    /// Lines skipped under `skip_and_count` (at most `maxIssuesKept` kept).
    public private(set) var issues: [VCFIssue] = []
    public private(set) var skippedLines = 0
    /// Data lines read (before splitting), and records with no ALT (`.`) that carry no variant.
    public private(set) var dataLines = 0
    public private(set) var referenceOnlyLines = 0

    private let lines: LineReader
    private var pending: [VariantRecord] = []
    private var pendingIndex = 0
    private var sampleColumns: [Int] = []
    private var csqLayout: AnnotationLayout?
    private var annLayout: AnnotationLayout?
    private var headerDone = false
    private var pendingFirstLine: Range<Int>?
    private var bounds: [Int] = []
    private var lastChromBytes: [UInt8] = []
    private var lastChrom = ("", "")
    private var lastFormat: [UInt8] = []
    private var formatIndex = FormatIndex()
    /// Field bounds reused by every CSQ/ANN value.
    private var annotationScratch: [Int] = []

    struct FormatIndex { var gt = -1, ad = -1, dp = -1, gq = -1, ps = -1, count = 0 }

    /// Opens a file; `label` names it in errors (defaults to the file name, not the full path).
    public convenience init(path: String, label: String? = nil, options: VCFReaderOptions = VCFReaderOptions()) throws(VCFError) {
        let name = label ?? String(path.split(separator: "/").last ?? Substring(path))
        try self.init(source: try ByteSource(path: path, label: name), label: name, options: options)
    }

    /// Reads VCF bytes held in memory (plain or gzip).
    public convenience init(bytes: [UInt8], label: String, options: VCFReaderOptions = VCFReaderOptions()) throws(VCFError) {
        try self.init(source: try ByteSource(bytes: bytes, label: label), label: label, options: options)
    }

    private init(source: ByteSource, label: String, options: VCFReaderOptions) throws(VCFError) {
        self.label = label
        self.options = options
        self.lines = LineReader(source: source)
        try readHeader()
    }

    /// The next variant (one ALT), or nil at the end of the file.
    public func next() throws(VCFError) -> VariantRecord? {
        while true {
            if pendingIndex < pending.count {
                defer { pendingIndex += 1 }
                return pending[pendingIndex]
            }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            let range: Range<Int>
            if let first = pendingFirstLine { range = first; pendingFirstLine = nil }
            else { guard let r = try lines.next() else { return nil }; range = r }
            if range.isEmpty { continue }
            if lines.buffer[range.lowerBound] == Bytes.hash {
                try fail(VCFIssue(file: label, line: lines.lineNumber, column: 0, reason: "header line after the #CHROM line"))
                continue
            }
            dataLines += 1
            do {
                try parseRecord(range)
            } catch {
                try fail(error)
            }
        }
    }

    /// Reads all remaining variants.
    public func readAll() throws(VCFError) -> [VariantRecord] {
        var out: [VariantRecord] = []
        while let r = try next() { out.append(r) }
        return out
    }

    private func fail(_ issue: VCFIssue) throws(VCFError) {
        if options.malformedLines == .stop { throw .malformedLine(issue) }
        skippedLines += 1
        if issues.count < options.maxIssuesKept { issues.append(issue) }
    }

    // MARK: header

    private func readHeader() throws(VCFError) {
        var sawMeta = false
        while let range = try lines.next() {
            let bytes = lines.buffer[range]
            guard let text = String(validating: bytes, as: UTF8.self) else {
                let issue = VCFIssue(file: label, line: lines.lineNumber, column: 0, reason: "header line is not valid UTF-8")
                throw .malformedHeader(issue)
            }
            if text.hasPrefix("##") {
                sawMeta = true
                if let reason = header.addMetaLine(Substring(text)) {
                    throw .malformedHeader(VCFIssue(file: label, line: lines.lineNumber, column: 0, reason: reason))
                }
                continue
            }
            if text.hasPrefix("#CHROM") {
                try parseColumnLine(text)
                return
            }
            if text.isEmpty { continue }
            if !sawMeta {
                // Text before the header (e.g. a log line written into the file).
                let issue = VCFIssue(file: label, line: lines.lineNumber, column: 0, reason: "line before the ## header is not VCF")
                if options.malformedLines == .stop { throw .malformedHeader(issue) }
                skippedLines += 1
                issues.append(issue)
                continue
            }
            throw .missingHeader(file: label, line: lines.lineNumber)
        }
        throw .missingHeader(file: label, line: lines.lineNumber)
    }

    private func parseColumnLine(_ text: String) throws(VCFError) {
        let columns = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let required = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"]
        guard columns.count >= 8, Array(columns[0..<8]) == required else {
            throw .malformedHeader(VCFIssue(file: label, line: lines.lineNumber, column: 0,
                                            reason: "#CHROM line must start with the 8 fixed VCF columns separated by TAB"))
        }
        if columns.count > 8 {
            guard columns[8] == "FORMAT" else {
                throw .malformedHeader(VCFIssue(file: label, line: lines.lineNumber, column: 9, reason: "column 9 must be FORMAT"))
            }
            header.samples = Array(columns[9...])
        }
        if let wanted = options.samples {
            var selected: [Int] = []
            for name in wanted {
                guard let i = header.samples.firstIndex(of: name) else { throw .unknownSample(file: label) }
                selected.append(i)
            }
            sampleColumns = selected
        } else {
            sampleColumns = Array(header.samples.indices)
        }
        if let fields = header.csqFields { csqLayout = AnnotationLayout(vepFields: fields) }
        if let fields = header.annFields { annLayout = AnnotationLayout(snpEffFields: fields) }
        headerDone = true
    }

    // MARK: records

    private func parseRecord(_ range: Range<Int>) throws(VCFIssue) {
        let lineNumber = lines.lineNumber
        let expectedColumns = header.samples.isEmpty ? 8 : 9 + header.samples.count
        let unterminated = lines.lastLineUnterminated
        let label = self.label
        pending.removeAll(keepingCapacity: true)
        try lines.buffer.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(VCFIssue) in
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
            if columnCount != expectedColumns && !(header.samples.isEmpty && columnCount == 9) {
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
            for k in r0..<r1 where !VCFReader.isBase(p[k]) { throw issue(4, "REF has a character other than A, C, G, T, N") }
            let ref = Bytes.string(p, r0, r1)
            // ALT
            let (a0, a1) = col(4)
            guard a0 < a1 else { throw issue(5, "empty ALT") }
            if a1 - a0 == 1 && p[a0] == Bytes.dot {
                referenceOnlyLines += 1
                return
            }
            var alts: [String] = []
            var s2 = a0
            var k = a0
            while k <= a1 {
                if k == a1 || p[k] == Bytes.comma {
                    guard s2 < k else { throw issue(5, "empty allele in ALT") }
                    if !VCFReader.validAlt(p, s2, k) { throw issue(5, "ALT allele is not bases, *, <symbolic> or a breakend") }
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
            var info = InfoValues(altCount: alts.count)
            let (n0, n1) = col(7)
            try parseInfo(p, n0, n1, alts: alts, ref: ref, into: &info, issue: issue)
            // FORMAT + samples
            var genotypes: [Genotype] = []
            if columnCount > 8 && !sampleColumns.isEmpty {
                let (fm0, fm1) = col(8)
                updateFormat(p, fm0, fm1)
                genotypes.reserveCapacity(sampleColumns.count)
                for sc in sampleColumns {
                    let (g0, g1) = col(9 + sc)
                    genotypes.append(try parseSample(p, g0, g1, altCount: alts.count, column: 10 + sc, issue: issue))
                }
            }
            for (index, alt) in alts.enumerated() {
                var frequencies: FrequencyEvidence?
                let groups = info.groups(forAlt: index, names: groupNames, p)
                if !groups.isEmpty {
                    frequencies = FrequencyEvidence(groups: groups, dataset: "VCF INFO (gnomAD-style keys)", covered: true)
                } else if let fromAnnotation = info.annotations[index].first(where: { !$0.groupFrequencies.isEmpty })?.groupFrequencies {
                    frequencies = FrequencyEvidence(
                        groups: fromAnnotation.sorted { $0.key < $1.key }.map { PopulationFrequency(group: $0.key, alleleFrequency: $0.value) },
                        dataset: "VEP gnomAD AF fields", covered: true)
                }
                if let vep = info.annotations[index].first(where: { $0.maxAF != nil }), let maxAF = vep.maxAF {
                    // VEP MAX_AF / MAX_AF_POPS: a maximum VEP computed (its populations, its rules), taken as given.
                    let populations = vep.maxAFPopulations ?? []
                    let supplied = SuppliedGroupMaximum(
                        frequency: PopulationFrequency(group: populations.first ?? "unspecified", alleleFrequency: maxAF),
                        origin: "VEP MAX_AF" + (populations.isEmpty ? "" : " (\(populations.joined(separator: ",")))"))
                    if frequencies == nil {
                        frequencies = FrequencyEvidence(groups: [], dataset: "VEP MAX_AF", covered: false, supplied: supplied)
                    } else {
                        frequencies?.supplied = supplied
                    }
                }
                pending.append(VariantRecord(
                    chrom: lastChrom.0, contig: lastChrom.1, position: pos, id: id, ref: ref, alt: alt,
                    altIndex: index + 1, altCount: alts.count, qual: qual, filters: filters, genotypes: genotypes,
                    annotations: info.annotations[index], frequencies: frequencies,
                    scores: info.scores[index], clinicalSignificance: info.clinicalSignificance, line: lineNumber))
            }
        }
        pendingIndex = 0
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

    private func updateFormat(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
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

    struct InfoValues {
        var annotations: [[TranscriptAnnotation]]
        var scores: [PredictorScores]
        var clinicalSignificance: [String] = []
        /// Indexed like `VCFReader.groupNames`.
        var slots: [GroupSlot?] = []

        init(altCount: Int) {
            annotations = Array(repeating: [], count: altCount)
            scores = Array(repeating: PredictorScores(), count: altCount)
        }

        mutating func set(_ slot: Int, _ kind: UInt8, _ range: Range<Int>) {
            if slots.count <= slot { slots.append(contentsOf: repeatElement(nil, count: slot + 1 - slots.count)) }
            var s = slots[slot] ?? GroupSlot()
            switch kind {
            case 0: s.ac = range
            case 1: s.an = range
            case 2: s.af = range
            case 3: s.hom = range
            default: s.faf = range
            }
            slots[slot] = s
        }

        func groups(forAlt index: Int, names: [String], _ p: UnsafeBufferPointer<UInt8>) -> [PopulationFrequency] {
            var out: [PopulationFrequency] = []
            out.reserveCapacity(slots.count)
            for (i, slot) in slots.enumerated() {
                guard let slot else { continue }
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
                out.append(PopulationFrequency(normalisedGroup: names[i], alleleCount: int(nth(slot.ac)), alleleNumber: int(slot.an),
                                               homozygotes: int(nth(slot.hom)), alleleFrequency: dbl(nth(slot.af)),
                                               filteringAF: dbl(nth(slot.faf))))
            }
            return out
        }
    }

    /// INFO keys seen so far (gnomAD-style group fields and the others): FNV-1a hash, (kind, group slot), key bytes.
    private var groupKeyEntries: [(hash: UInt64, kind: UInt8, slot: Int, key: [UInt8])] = []
    /// Open-addressing index into `groupKeyEntries` by hash (−1 = empty); size a power of two, at most half full.
    private var groupKeyTable = [Int](repeating: -1, count: 64)
    private var groupNames: [String] = []

    /// Returns (kind, slot) for `AC_/AN_/AF_/nhomalt_/faf95_<group>` keys, nil for other keys.
    private func groupKey(_ p: UnsafeBufferPointer<UInt8>, _ k0: Int, _ k1: Int) -> (UInt8, Int)? {
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
        let text = String(decoding: key, as: UTF8.self)
        var entry: (UInt8, Int, [UInt8]) = (255, 0, key)
        for (prefix, kind) in [("AC_", UInt8(0)), ("AN_", 1), ("AF_", 2), ("nhomalt_", 3), ("faf95_", 4)] where text.hasPrefix(prefix) {
            let group = PopulationFrequency.normalisedGroup(String(text.dropFirst(prefix.count)))
            let slot = groupNames.firstIndex(of: group) ?? { groupNames.append(group); return groupNames.count - 1 }()
            entry = (kind, slot, key)
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


    private func parseInfo(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, alts: [String], ref: String,
                           into info: inout InfoValues, issue: (Int, String) -> VCFIssue) throws(VCFIssue) {
        if e - s == 1 && p[s] == Bytes.dot { return }
        info.slots.reserveCapacity(groupNames.count)
        var a = s
        var k = s
        var vepAlleles: [String]?
        while k <= e {
            if k == e || p[k] == Bytes.semicolon {
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
            k += 1
        }
    }

    private func infoField(_ p: UnsafeBufferPointer<UInt8>, _ k0: Int, _ k1: Int, _ v0: Int, _ v1: Int, alts: [String], ref: String,
                           vepAlleles: inout [String]?, into info: inout InfoValues,
                           issue: (Int, String) -> VCFIssue) throws(VCFIssue) {
        let first = p[k0]
        if first == 0x43 && Bytes.equals(p, k0, k1, "CSQ") {   // C
            guard options.parseAnnotations else { return }
            guard let layout = csqLayout else {
                throw issue(8, "CSQ present but the header's CSQ description has no 'Format:' field list")
            }
            if vepAlleles == nil { vepAlleles = AnnotationParser.vepAlleles(ref: ref, alts: alts) }
            AnnotationParser.parse(p, v0, v1, layout: layout, alts: alts, vepAlleles: vepAlleles ?? [], scratch: &annotationScratch,
                                   into: &info.annotations)
            // By index: iterating by value would copy (retain and release) every annotation's fields.
            for i in info.annotations.indices {
                for j in info.annotations[i].indices { info.scores[i] = info.scores[i].filling(from: info.annotations[i][j].scores) }
            }
            if info.clinicalSignificance.isEmpty {
                // Distinct CLIN_SIG terms of all transcripts, in order of first appearance (no temporaries).
                var terms: [String] = []
                for i in info.annotations.indices {
                    for j in info.annotations[i].indices where !info.annotations[i][j].clinicalSignificance.isEmpty {
                        for term in info.annotations[i][j].clinicalSignificance where !terms.contains(term) { terms.append(term) }
                    }
                }
                info.clinicalSignificance = terms
            }
        } else if first == 0x41 && Bytes.equals(p, k0, k1, "ANN") {
            guard options.parseAnnotations else { return }
            guard let layout = annLayout else {
                throw issue(8, "ANN present but the header has no ANN definition")
            }
            AnnotationParser.parse(p, v0, v1, layout: layout, alts: alts, vepAlleles: alts, scratch: &annotationScratch,
                                   into: &info.annotations)
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
            info.set(slot, kind, v0..<v1)
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

    private func ints(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> [Int?] {
        var out: [Int?] = []
        var a = s
        var k = s
        while k <= e {
            if k == e || p[k] == Bytes.comma { out.append(Bytes.int(p, a, k)); a = k + 1 }
            k += 1
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
