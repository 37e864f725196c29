/// Splits a byte stream into lines (LF or CRLF), keeping the line number.
final class LineReader {
    private let source: ByteSource
    private(set) var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private(set) var lineNumber = 0
    /// True when the most recent line ended at end of input without a newline.
    private(set) var lastLineUnterminated = false

    init(source: ByteSource) {
        self.source = source
        buffer.reserveCapacity(1 << 19)
    }

    /// The next line as a range into `buffer` (without the line break), or nil at the end.
    /// The range is valid until the next call.
    func next() throws(VCFError) -> Range<Int>? {
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { p -> Int? in
                guard position < p.count, let base = p.baseAddress else { return nil }
                guard let hit = memchr(base + position, 0x0A, p.count - position) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let newline = found {
                var end = newline
                if end > position && buffer[end - 1] == 0x0D { end -= 1 }
                let range = position..<end
                position = newline + 1
                lineNumber += 1
                lastLineUnterminated = false
                return range
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == 0x0D { end -= 1 }
                let range = position..<end
                position = buffer.count
                lineNumber += 1
                lastLineUnterminated = true
                return range
            }
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            if try !source.read(into: &buffer) { atEnd = true }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
