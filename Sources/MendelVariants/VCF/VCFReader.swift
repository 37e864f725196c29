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
    /// Which transcript annotations each record keeps in `VariantRecord.annotations`.
    public var transcripts: TranscriptSelection

    public init(samples: [String]? = nil, malformedLines: MalformedLinePolicy = .stop, parseAnnotations: Bool = true,
                maxIssuesKept: Int = 1000, transcripts: TranscriptSelection = .all) {
        self.samples = samples; self.malformedLines = malformedLines
        self.parseAnnotations = parseAnnotations; self.maxIssuesKept = maxIssuesKept; self.transcripts = transcripts
    }
}

/// Which CSQ/ANN transcript annotations a record keeps.
public enum TranscriptSelection: Sendable, Hashable {
    /// Every transcript, in file order.
    case all
    /// Only the one `VariantRecord.primaryAnnotation` picks from all of them (MANE Select, else canonical, else the most
    /// severe consequence), so the others' texts are never made. Every other field of the record (scores,
    /// `clinicalSignificance`, `frequencies`) is still taken from all transcripts, exactly as with `all`.
    case primary
}

/// Streaming VCF 4.2/4.3 reader (plain, gzip or bgzip). Records are split per ALT allele.
/// Reading is two stages: a `LineReader` splits the decoded bytes into lines, a `RecordParser` parses them. `next()`
/// runs both on the calling thread; `RecordPipeline` takes batches of lines from the reader and parses them on
/// several threads (each with its own parser), with the same records, counts and errors in the same order.
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
    /// Set once the `#CHROM` line is read (`init` throws otherwise).
    private(set) var parser = RecordParser(layout: RecordLayout(
        label: "", options: VCFReaderOptions(), expectedColumns: 8, noSamples: true, sampleColumns: [], csq: nil, ann: nil, groupOrder: [:]))
    /// gnomAD-style INFO groups in order of their first `##INFO` declaration.
    private var groupOrder: [String: Int] = [:]

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
            guard let range = try lines.next() else { return nil }
            if range.isEmpty { continue }
            if lines.buffer[range.lowerBound] == Bytes.hash {
                try fail(VCFIssue(file: label, line: lines.lineNumber, column: 0, reason: "header line after the #CHROM line"))
                continue
            }
            dataLines += 1
            let (line, unterminated) = (lines.lineNumber, lines.lastLineUnterminated)
            do {
                let carriesVariant = try lines.buffer.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(VCFIssue) in
                    try parser.parseLine(p, range, line: line, unterminated: unterminated, into: &pending)
                }
                if !carriesVariant { referenceOnlyLines += 1 }
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

    // MARK: parallel reading (RecordPipeline)

    /// Records `next()` has parsed but not returned yet; taken (the reader forgets them).
    func takePending() -> [VariantRecord] {
        defer { pending.removeAll(); pendingIndex = 0 }
        return pendingIndex < pending.count ? Array(pending[pendingIndex...]) : []
    }

    /// Fills `batch` with the next lines of the body, for a parser on another thread.
    func nextLines(into batch: inout LineBatch, maxLines: Int) {
        lines.fill(&batch, maxLines: maxLines)
    }

    /// Adds the counts and issues of lines parsed elsewhere (in file order).
    func absorb(_ counts: LineCounts) {
        dataLines += counts.dataLines
        referenceOnlyLines += counts.referenceOnlyLines
        skippedLines += counts.skippedLines
        for issue in counts.issues where issues.count < options.maxIssuesKept { issues.append(issue) }
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
                if text.hasPrefix("##INFO="), let id = VCFHeader.structuredFields(text.dropFirst(7))?.first(where: { $0.0 == "ID" })?.1,
                   let (_, group) = RecordParser.groupField(id), groupOrder[group] == nil {
                    groupOrder[group] = groupOrder.count
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
        var sampleColumns: [Int]
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
        parser = RecordParser(layout: RecordLayout(
            label: label, options: options, expectedColumns: header.samples.isEmpty ? 8 : 9 + header.samples.count,
            noSamples: header.samples.isEmpty, sampleColumns: sampleColumns,
            csq: header.csqFields.map { AnnotationLayout(vepFields: $0) }, ann: header.annFields.map { AnnotationLayout(snpEffFields: $0) },
            groupOrder: groupOrder))
    }

}
