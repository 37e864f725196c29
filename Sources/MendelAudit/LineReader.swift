#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line in 1 MiB chunks with `read(2)`, finding newlines with `memchr`. Lines are
/// returned without their `\n`; bytes after the last `\n` (a torn write) are not returned as a line but
/// kept in `trailingBytes`.
final class LineReader {
    private let fd: Int32
    private let path: String
    private var storage: UnsafeMutableRawPointer
    private var capacity = 1 << 20
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// Bytes after the last newline, available once `nextLine()` returned nil.
    private(set) var trailingBytes: [UInt8] = []

    /// Opens `path`; returns nil if it does not exist.
    init?(path: String) throws(AuditError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io(operation: "open", path: path, reason: errnoText())
        }
        self.fd = fd
        self.path = path
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        close(fd)
        storage.deallocate()
    }

    func nextLine() throws(AuditError) -> ArraySlice<UInt8>? {
        while true {
            if end > start, let hit = memchr(storage + start, Int32(UInt8(ascii: "\n")), end - start) {
                let newline = storage.distance(to: hit)
                let line = Array(UnsafeRawBufferPointer(start: storage + start, count: newline - start))
                start = newline + 1
                return line[...]
            }
            if atEOF {
                trailingBytes = Array(UnsafeRawBufferPointer(start: storage + start, count: end - start))
                start = end
                return nil
            }
            try fill()
        }
    }

    private func fill() throws(AuditError) {
        if start > 0 {
            memmove(storage, storage + start, end - start)
            end -= start
            start = 0
        }
        if end == capacity {   // a line longer than the buffer: grow
            let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
            bigger.copyMemory(from: storage, byteCount: end)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        var n: Int
        repeat { n = read(fd, storage + end, capacity - end) } while n < 0 && errno == EINTR
        guard n >= 0 else { throw .io(operation: "read", path: path, reason: errnoText()) }
        if n == 0 { atEOF = true }
        end += n
    }
}

func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
