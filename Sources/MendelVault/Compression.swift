import CZlib
import MendelCrypto

/// zlib (deflate) compression of documents before encryption, streamed in chunks so a large VCF never
/// needs a second full-size scratch buffer.
enum Deflate {
    /// Level 1: about 4x smaller VCF text at several times the speed of the default level 6.
    static let defaultLevel: Int32 = 1
    private static let chunk = 256 * 1024

    static func compress(_ input: [UInt8], level: Int32 = defaultLevel) throws(VaultError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib deflateInit failed")
        }
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(Int(deflateBound(&stream, uLong(input.count))))
        var buffer = [UInt8](repeating: 0, count: chunk)
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { source in
            var offset = 0
            repeat {
                let take = min(chunk, input.count - offset)
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + offset })
                stream.avail_in = uInt(take)
                offset += take
                let flush = offset == input.count ? Z_FINISH : Z_NO_FLUSH
                repeat {
                    buffer.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        status = deflate(&stream, flush)
                        output.append(contentsOf: out[0..<(out.count - Int(stream.avail_out))])
                    }
                } while stream.avail_out == 0 && status == Z_OK
            } while offset < input.count && status == Z_OK
        }
        guard status == Z_STREAM_END else { throw .corrupt("zlib deflate failed") }
        wipe(&buffer)
        return output
    }

    /// Inflates exactly `expectedSize` bytes; anything else is corruption.
    static func decompress(_ input: [UInt8], expectedSize: Int) throws(VaultError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: expectedSize)
        var status: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(expectedSize)
                status = inflate(&stream, Z_FINISH)
                produced = expectedSize - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END, produced == expectedSize, stream.avail_in == 0 else {
            wipe(&output)
            throw .corrupt("a compressed payload does not inflate to its recorded size")
        }
        return output
    }

    /// gzip / BGZF magic: already-compressed input (e.g. `.vcf.gz`) is stored as is.
    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }
}
