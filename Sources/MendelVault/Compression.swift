import CLZ4
import CZlib
import MendelCrypto

/// LZ4 block compression of documents and results before encryption (the default, `encoding = 'lz4'`):
/// ~3.5 ms/MB to compress VCF text to a third, ~0.5 ms/MB to decompress, where deflate costs 25-29 ms/MB.
///
/// Payload framing (all of it inside the AES-GCM sealed box, so it is authenticated), integers little-endian:
///
///     payload := total:u64 | block*
///     block   := rawLength:u32 | packedLength:u32 | LZ4 block (packedLength bytes, LZ4_compress_default)
///
/// `total` is the sum of the blocks' `rawLength` (an empty input has no block). Blocks are independent
/// (each decodes on its own with `LZ4_decompress_safe`), `defaultBlockSize` each except the last, so inputs
/// larger than `LZ4_MAX_INPUT_SIZE` (~2 GB) fit. Nothing read from a payload is trusted before it is checked:
/// the whole framing is validated (bounds, sum, LZ4's 255:1 maximum ratio, `total` <= `maxDecodedSize` and
/// equal to the row's `plain_size`) before the output is allocated, exactly once, at `total` bytes.
enum LZ4Codec {
    /// Block size used when writing (readers accept any block size up to `maxBlockSize`).
    static let defaultBlockSize = 4 << 20
    /// LZ4's own limit on one block's input.
    static let maxBlockSize = Int(LZ4_MAX_INPUT_SIZE)
    /// Refuse to allocate for (or write) anything larger: 4 GiB.
    static let maxDecodedSize = 4 << 30
    /// An LZ4 block cannot expand by more than 255x (each extra match-length byte adds at most 255).
    static let maxRatio = 255
    static let headerSize = 8
    static let blockHeaderSize = 8

    static func compress(_ input: [UInt8], blockSize: Int = defaultBlockSize) throws(VaultError) -> [UInt8] {
        guard (1...maxBlockSize).contains(blockSize) else { throw .invalidArgument("lz4 block size out of range") }
        guard input.count <= maxDecodedSize else { throw .invalidArgument("a payload larger than 4 GiB cannot be stored") }
        let blocks = (input.count + blockSize - 1) / blockSize
        var capacity = headerSize
        for index in 0..<blocks {
            capacity += blockHeaderSize + Int(LZ4_compressBound(Int32(min(blockSize, input.count - index * blockSize))))
        }
        var output = [UInt8](repeating: 0, count: capacity)
        var written = 0
        let failed = input.withUnsafeBufferPointer { source -> Bool in
            output.withUnsafeMutableBufferPointer { target -> Bool in
                guard let out = target.baseAddress else { return true }
                store(UInt64(input.count), at: out, bytes: 8)
                written = headerSize
                guard let base = source.baseAddress else { return false }   // empty input: header only
                var offset = 0
                while offset < input.count {
                    let raw = min(blockSize, input.count - offset)
                    let room = capacity - written - blockHeaderSize
                    let packed = (base + offset).withMemoryRebound(to: CChar.self, capacity: raw) { src in
                        (out + written + blockHeaderSize).withMemoryRebound(to: CChar.self, capacity: room) { dst in
                            LZ4_compress_default(src, dst, Int32(raw), Int32(clamping: room))
                        }
                    }
                    guard packed > 0 else { return true }
                    store(UInt64(raw), at: out + written, bytes: 4)
                    store(UInt64(packed), at: out + written + 4, bytes: 4)
                    written += blockHeaderSize + Int(packed)
                    offset += raw
                }
                return false
            }
        }
        guard !failed else {
            wipe(&output)
            throw .corrupt("lz4 compression failed")
        }
        output.removeLast(output.count - written)   // keeps the capacity: no copy of the payload
        return output
    }

    /// Decompresses a framed payload that must decode to exactly `expectedSize` bytes (the row's
    /// `plain_size`); any inconsistency is `VaultError.corrupt`.
    static func decompress(_ input: [UInt8], expectedSize: Int) throws(VaultError) -> [UInt8] {
        let blocks = try parseFrame(input, expectedSize: expectedSize)
        var output = [UInt8](repeating: 0, count: expectedSize)
        let ok = input.withUnsafeBufferPointer { source -> Bool in
            output.withUnsafeMutableBufferPointer { target -> Bool in
                guard let src = source.baseAddress, let dst = target.baseAddress else { return blocks.isEmpty }
                for block in blocks {
                    let decoded = (src + block.packedOffset).withMemoryRebound(to: CChar.self, capacity: block.packedLength) { from in
                        (dst + block.rawOffset).withMemoryRebound(to: CChar.self, capacity: block.rawLength) { to in
                            LZ4_decompress_safe(from, to, Int32(block.packedLength), Int32(block.rawLength))
                        }
                    }
                    guard decoded == Int32(block.rawLength) else { return false }
                }
                return true
            }
        }
        guard ok else {
            wipe(&output)
            throw .corrupt("an lz4 block does not decompress to its recorded size")
        }
        return output
    }

    /// One block's place in the framed payload and in the decoded output.
    struct Block: Equatable {
        var rawOffset: Int
        var rawLength: Int
        var packedOffset: Int
        var packedLength: Int
    }

    /// Validates the whole framing without decompressing or allocating the output.
    static func parseFrame(_ input: [UInt8], expectedSize: Int) throws(VaultError) -> [Block] {
        guard input.count >= headerSize else { throw .corrupt("an lz4 payload is truncated") }
        let total = load(input, at: 0, bytes: 8)
        guard total <= UInt64(maxDecodedSize) else { throw .corrupt("an lz4 payload declares more than 4 GiB") }
        guard total == UInt64(max(expectedSize, 0)), expectedSize >= 0 else {
            throw .corrupt("an lz4 payload's length does not match its recorded size")
        }
        var blocks: [Block] = []
        var cursor = headerSize
        var decoded = 0
        while cursor < input.count {
            guard input.count - cursor >= blockHeaderSize else { throw .corrupt("an lz4 block header is truncated") }
            let raw = Int(load(input, at: cursor, bytes: 4))
            let packed = Int(load(input, at: cursor + 4, bytes: 4))
            cursor += blockHeaderSize
            guard (1...maxBlockSize).contains(raw) else { throw .corrupt("an lz4 block declares an invalid length") }
            guard packed >= 1, packed <= input.count - cursor, packed <= Int(LZ4_compressBound(Int32(raw))),
                  raw <= packed * maxRatio else {
                throw .corrupt("an lz4 block's compressed length is invalid")
            }
            guard raw <= expectedSize - decoded else { throw .corrupt("lz4 blocks exceed the payload's declared length") }
            blocks.append(Block(rawOffset: decoded, rawLength: raw, packedOffset: cursor, packedLength: packed))
            decoded += raw
            cursor += packed
        }
        guard decoded == expectedSize else { throw .corrupt("lz4 blocks do not add up to the payload's declared length") }
        return blocks
    }

    private static func store(_ value: UInt64, at pointer: UnsafeMutablePointer<UInt8>, bytes: Int) {
        for index in 0..<bytes { pointer[index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    private static func load(_ input: [UInt8], at offset: Int, bytes: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<bytes { value |= UInt64(input[offset + index]) << (8 * UInt64(index)) }
        return value
    }
}

/// zlib (deflate) compression of documents before encryption, streamed in chunks so a large VCF never
/// needs a second full-size scratch buffer. Written only with `compression: .deflate`; always readable.
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
