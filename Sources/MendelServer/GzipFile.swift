import CZlib
import Foundation

/// Reads a whole file, inflating it when it is gzip-compressed (several members, as BGZF, included).
enum GzipFile {
    struct Corrupt: Error, CustomStringConvertible {
        var description: String { "the file is not valid gzip data" }
    }

    static func contents(path: String) throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count >= 2, bytes[0] == 0x1f, bytes[1] == 0x8b else { return bytes }
        return try inflateAll(bytes)
    }

    static func inflateAll(_ input: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var offset = 0
        while offset < input.count {
            var stream = z_stream()
            guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw Corrupt() }
            defer { inflateEnd(&stream) }
            var status: Int32 = Z_OK
            try input.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { throw Corrupt() }
                stream.next_in = UnsafeMutablePointer(mutating: base + offset)
                stream.avail_in = uInt(input.count - offset)
                repeat {
                    try chunk.withUnsafeMutableBufferPointer { target in
                        stream.next_out = target.baseAddress
                        stream.avail_out = uInt(target.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        guard status == Z_OK || status == Z_STREAM_END else { throw Corrupt() }
                        output.append(contentsOf: target[0..<(target.count - Int(stream.avail_out))])
                    }
                } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
                offset = input.count - Int(stream.avail_in)
            }
            guard status == Z_STREAM_END else { throw Corrupt() }
        }
        return output
    }
}
