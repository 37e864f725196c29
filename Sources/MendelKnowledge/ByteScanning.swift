import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers shared by the importers: whole-file reads, line iteration and tab splitting
/// without creating Strings for bytes that are not kept.
enum ByteScanning {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let tab = UInt8(ascii: "\t")

    /// Reads a whole file. Throws `.missingFile` when it does not exist.
    static func readFile(_ url: URL) throws(KnowledgeError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .missingFile(name: url.lastPathComponent, directory: url.deletingLastPathComponent().path)
        }
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw .io(path: url.path, reason: "cannot open for reading") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(path: url.path, reason: "cannot stat") }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
            var offset = 0
            while offset < size {
                let count = read(descriptor, buffer.baseAddress! + offset, size - offset)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                offset += count
            }
            failed = offset != size
            initialised = offset
        }
        guard !failed else { throw .io(path: url.path, reason: "short read (file changed while reading?)") }
        return bytes
    }

    /// Byte-wise equality of two ranges of the same buffer.
    static func equalRanges(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        guard let base = bytes.baseAddress else { return true }
        return memcmp(base + a.lowerBound, base + b.lowerBound, a.count) == 0
    }

    /// Calls `body` with each line (without the line terminator) and its 1-based number.
    static func forEachLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (Slice<UnsafeBufferPointer<UInt8>>, Int) throws(KnowledgeError) -> Void
    ) throws(KnowledgeError) {
        var start = 0
        var lineNumber = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count && bytes[end] != newline { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == carriageReturn { lineEnd -= 1 }
            try body(bytes[start..<lineEnd], lineNumber)
            start = end + 1
        }
    }

    /// Splits a line on TAB into at most `maxFields` ranges (the last field keeps any remaining tabs).
    static func splitTabs(_ line: Slice<UnsafeBufferPointer<UInt8>>, into fields: inout [Range<Int>]) {
        fields.removeAll(keepingCapacity: true)
        var fieldStart = line.startIndex
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == tab {
                fields.append(fieldStart..<index)
                fieldStart = index + 1
            }
            index += 1
        }
        fields.append(fieldStart..<line.endIndex)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        var offset = 0
        for index in range {
            if bytes[index] != pointer[offset] { return false }
            offset += 1
        }
        return true
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count >= literal.utf8CodeUnitCount else { return false }
        return equals(bytes, range.lowerBound..<(range.lowerBound + literal.utf8CodeUnitCount), literal)
    }

    /// Parses `HP:nnnnnnn` exactly (10 bytes).
    static func hpoTermNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32? {
        guard range.count == 10, bytes[range.lowerBound] == UInt8(ascii: "H"),
              bytes[range.lowerBound + 1] == UInt8(ascii: "P"), bytes[range.lowerBound + 2] == UInt8(ascii: ":")
        else { return nil }
        return unsignedInteger(bytes, (range.lowerBound + 3)..<range.upperBound)
    }

    /// Parses a non-empty run of ASCII digits.
    static func unsignedInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32? {
        guard !range.isEmpty, range.count <= 9 else { return nil }
        var value: UInt32 = 0
        for index in range {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && (bytes[lower] == UInt8(ascii: " ") || bytes[lower] == tab) { lower += 1 }
        while upper > lower && (bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == tab) { upper -= 1 }
        return lower..<upper
    }

    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }
}
