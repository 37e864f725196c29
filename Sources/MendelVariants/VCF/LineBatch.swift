/// Consecutive lines of a VCF body, copied out of the decoded stream by the (serial) line splitter so that they can be
/// parsed on any thread. Line breaks (LF or CRLF) are not part of the lines.
struct LineBatch: Sendable {
    /// The lines' bytes, back to back.
    var bytes: [UInt8] = []
    /// Start and end offset of line i in `bytes`: `bounds[2 * i] ..< bounds[2 * i + 1]`.
    var bounds: [Int] = []
    /// Line number (1-based, in the file) of the first line.
    var firstLine = 0
    /// The last line ended at the end of the input without a line break.
    var lastLineUnterminated = false
    /// No lines follow this batch (end of input, or `error`).
    var atEnd = false
    /// A read error (gzip) after these lines.
    var error: VCFError?

    var lineCount: Int { bounds.count / 2 }
}

/// Counts and issues of the lines of one `LineBatch` (what `VCFReader` reports about the lines it read).
struct LineCounts: Sendable {
    var dataLines = 0
    var referenceOnlyLines = 0
    var skippedLines = 0
    /// Issues of skipped lines, in file order (at most `maxIssuesKept`).
    var issues: [VCFIssue] = []
}

/// The records of one `LineBatch` with the counts and issues of its lines.
struct ParsedLines: Sendable {
    var records: [VariantRecord] = []
    var counts = LineCounts()
    /// The error that ends the file here: the first malformed line under `stop`, or the batch's read error.
    /// `records` holds the records of the lines before it.
    var error: VCFError?
}

extension LineReader {
    /// Fills `batch` with the next lines (at most `maxLines`, and fewer once `maxBytes` are collected). The batch's
    /// buffers keep their capacity (a parsed batch is refilled in place, without mapping fresh memory).
    /// A read error ends the batch after the lines before it.
    func fill(_ batch: inout LineBatch, maxLines: Int, maxBytes: Int = 1 << 22) {
        batch.bytes.removeAll(keepingCapacity: true)
        batch.bounds.removeAll(keepingCapacity: true)
        batch.firstLine = lineNumber + 1
        batch.atEnd = false
        batch.error = nil
        batch.bounds.reserveCapacity(2 * maxLines)
        batch.bytes.reserveCapacity(min(maxBytes, maxLines * 1024))
        do {
            while batch.bounds.count < 2 * maxLines && batch.bytes.count < maxBytes {
                guard let range = try next() else { batch.atEnd = true; break }
                let start = batch.bytes.count
                batch.bytes.append(contentsOf: buffer[range])
                batch.bounds.append(start)
                batch.bounds.append(batch.bytes.count)
            }
        } catch {
            batch.error = error
            batch.atEnd = true
        }
        batch.lastLineUnterminated = lastLineUnterminated
    }
}

extension RecordParser {
    /// Parses every line of `batch` as `VCFReader.next()` would: empty lines skipped, a `#` line or a malformed line is
    /// skipped and counted (`skip_and_count`) or ends the batch with the error (`stop`).
    mutating func parse(_ batch: LineBatch) -> ParsedLines {
        var out = ParsedLines()
        out.records.reserveCapacity(batch.lineCount + batch.lineCount / 8)
        let options = layout.options
        let last = batch.lineCount - 1
        batch.bytes.withUnsafeBufferPointer { p in
            for i in 0..<batch.lineCount {
                let start = batch.bounds[2 * i], end = batch.bounds[2 * i + 1]
                if start == end { continue }
                let line = batch.firstLine + i
                let issue: VCFIssue
                if p[start] == Bytes.hash {
                    issue = VCFIssue(file: layout.label, line: line, column: 0, reason: "header line after the #CHROM line")
                } else {
                    out.counts.dataLines += 1
                    do throws(VCFIssue) {
                        if try !parseLine(p, start..<end, line: line, unterminated: i == last && batch.lastLineUnterminated,
                                          into: &out.records) {
                            out.counts.referenceOnlyLines += 1
                        }
                        continue
                    } catch {
                        issue = error
                    }
                }
                if options.malformedLines == .stop { out.error = .malformedLine(issue); return }
                out.counts.skippedLines += 1
                if out.counts.issues.count < options.maxIssuesKept { out.counts.issues.append(issue) }
            }
        }
        if out.error == nil { out.error = batch.error }
        return out
    }
}
