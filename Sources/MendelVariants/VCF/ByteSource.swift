import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or an in-memory buffer) in chunks, inflating gzip / bgzip transparently, on the calling thread.
/// Multi-member gzip (bgzip blocks, concatenated .gz files) is decoded member after member.
/// `ByteSource` wraps it and moves the inflating of gzip files to a background thread.
final class DecodingByteSource {
    private let label: String
    private var file: UnsafeMutablePointer<FILE>?
    private var memory: [UInt8]
    private var memoryOffset = 0
    private var gzip: Bool
    /// True when the input is gzip / bgzip.
    var isGzip: Bool { gzip }
    private var stream = z_stream()
    private var streamReady = false
    private var inBuffer: [UInt8]
    /// Inflate output, allocated once (not per chunk).
    private var outChunk: [UInt8] = []
    private var inStart = 0, inEnd = 0
    private var rawEOF = false
    private var finished = false
    private static let chunk = 1 << 18

    init(path: String, label: String) throws(VCFError) {
        self.label = label
        guard let f = fopen(path, "rb") else { throw .cannotOpen(file: label) }
        file = f
        memory = []
        inBuffer = [UInt8](repeating: 0, count: DecodingByteSource.chunk)
        gzip = false
        try fillRaw()
        gzip = inEnd - inStart >= 2 && inBuffer[inStart] == 0x1f && inBuffer[inStart + 1] == 0x8b
        if gzip { try startInflate() }
    }

    init(bytes: [UInt8], label: String) throws(VCFError) {
        self.label = label
        file = nil
        memory = bytes
        inBuffer = [UInt8](repeating: 0, count: DecodingByteSource.chunk)
        gzip = bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
        try fillRaw()
        if gzip { try startInflate() }
    }

    deinit {
        if streamReady { inflateEnd(&stream) }
        if let file { fclose(file) }
    }

    private func fillRaw() throws(VCFError) {
        if inStart > 0 {
            let n = inEnd - inStart
            if n > 0 { inBuffer.withUnsafeMutableBufferPointer { p in
                guard let base = p.baseAddress else { return }
                memmove(base, base + inStart, n)
            } }
            inEnd = n; inStart = 0
        }
        guard !rawEOF, inEnd < inBuffer.count else { return }
        if let file {
            let got = inBuffer.withUnsafeMutableBufferPointer { p in fread(p.baseAddress! + inEnd, 1, p.count - inEnd, file) }
            if got == 0 {
                if ferror(file) != 0 { throw .cannotOpen(file: label) }
                rawEOF = true
            }
            inEnd += got
        } else {
            let n = min(inBuffer.count - inEnd, memory.count - memoryOffset)
            if n == 0 { rawEOF = true; return }
            inBuffer.withUnsafeMutableBufferPointer { dst in
                memory.withUnsafeBufferPointer { src in
                    _ = memcpy(dst.baseAddress! + inEnd, src.baseAddress! + memoryOffset, n)
                }
            }
            memoryOffset += n; inEnd += n
        }
    }

    private func startInflate() throws(VCFError) {
        stream = z_stream()
        let rc = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw .decompression(file: label, reason: "inflateInit failed (\(rc))") }
        streamReady = true
    }

    /// Appends up to about one chunk of decoded bytes to `out`; returns false at the end of input.
    func read(into out: inout [UInt8]) throws(VCFError) -> Bool {
        if finished { return false }
        if !gzip {
            if inEnd == inStart { try fillRaw() }
            if inEnd == inStart { finished = true; return false }
            out.append(contentsOf: inBuffer[inStart..<inEnd])
            inStart = inEnd
            return true
        }
        var produced = 0
        if outChunk.isEmpty { outChunk = [UInt8](repeating: 0, count: DecodingByteSource.chunk) }
        while produced == 0 {
            if inEnd == inStart { try fillRaw() }
            let available = inEnd - inStart
            if available == 0 && rawEOF { finished = true; return false }
            var rc: Int32 = Z_OK
            var consumed = 0
            inBuffer.withUnsafeMutableBufferPointer { inp in
                outChunk.withUnsafeMutableBufferPointer { outp in
                    stream.next_in = inp.baseAddress! + inStart
                    stream.avail_in = UInt32(available)
                    stream.next_out = outp.baseAddress!
                    stream.avail_out = UInt32(outp.count)
                    rc = inflate(&stream, Z_NO_FLUSH)
                    consumed = available - Int(stream.avail_in)
                    produced = outp.count - Int(stream.avail_out)
                }
            }
            inStart += consumed
            if produced > 0 { out.append(contentsOf: outChunk[0..<produced]) }
            switch rc {
            case Z_STREAM_END:
                // Another member may follow (bgzip: many members plus an empty EOF block).
                if inEnd == inStart { try fillRaw() }
                if inEnd == inStart && rawEOF { finished = true; return produced > 0 }
                inflateReset(&stream)
            case Z_OK:
                break
            case Z_BUF_ERROR:
                if available == 0 && rawEOF { throw .decompression(file: label, reason: "truncated gzip stream") }
                if consumed == 0 && produced == 0 {
                    if rawEOF { throw .decompression(file: label, reason: "truncated gzip stream") }
                    try fillRaw()
                }
            default:
                throw .decompression(file: label, reason: "corrupt gzip data (\(rc))")
            }
        }
        return true
    }
}
