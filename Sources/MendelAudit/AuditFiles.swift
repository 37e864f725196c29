#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MendelCrypto

/// The two files of an audit log directory and the system calls on them. Not thread-safe by itself:
/// `AuditLog` calls it from its initializer and then only from its serial I/O queue.
final class AuditFiles: @unchecked Sendable {
    static let logName = "audit.log"
    static let checkpointName = "checkpoints.log"

    let directory: String
    let logPath: String
    let checkpointPath: String
    private let logFD: Int32
    private let checkpointFD: Int32
    private var logIdentity: (dev: UInt64, ino: UInt64)
    private(set) var logSize: off_t
    private(set) var checkpointSize: off_t
    private var isClosed = false

    /// State of the checkpoint chain (`index`, `prev`, last signed `seq`), kept here so that checkpoints are
    /// built and written in one step on the I/O queue.
    var nextCheckpointIndex: UInt64 = 0
    var checkpointPrev: String = ""
    var lastCheckpointSeq: UInt64?

    /// For tests that simulate a failing disk (they replace the descriptor with `dup2`).
    var logDescriptor: Int32 { logFD }

    /// Opens (creating if needed) the directory and both files, and takes an exclusive `flock` on the log.
    init(directory: URL, fileMode: mode_t) throws(AuditError) {
        let dir = directory.standardizedFileURL.path
        self.directory = dir
        logPath = dir + "/" + Self.logName
        checkpointPath = dir + "/" + Self.checkpointName
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o750])
        } catch {
            throw .io(operation: "mkdir", path: dir, reason: "cannot create directory")
        }
        let flags = O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW
        let logFD = open(logPath, flags, fileMode)
        guard logFD >= 0 else { throw .io(operation: "open", path: logPath, reason: errnoText()) }
        guard flock(logFD, LOCK_EX | LOCK_NB) == 0 else {
            close(logFD)
            throw .locked(path: logPath)
        }
        let checkpointFD = open(checkpointPath, flags, fileMode)
        guard checkpointFD >= 0 else {
            let reason = errnoText()
            close(logFD)
            throw .io(operation: "open", path: checkpointPath, reason: reason)
        }
        self.logFD = logFD
        self.checkpointFD = checkpointFD
        var info = stat()
        fstat(logFD, &info)
        logIdentity = (UInt64(info.st_dev), UInt64(info.st_ino))
        logSize = info.st_size
        fstat(checkpointFD, &info)
        checkpointSize = info.st_size
        Self.syncDirectory(dir)
    }

    deinit { closeFiles() }

    func closeFiles() {
        guard !isClosed else { return }
        isClosed = true
        close(checkpointFD)
        // Unlock explicitly before closing: a process forked elsewhere in this process (posix_spawn of a
        // helper) holds a copy of the descriptor until its exec, and a flock belongs to the open file
        // description, so `close` alone could leave the log locked for that moment.
        flock(logFD, LOCK_UN)
        close(logFD)
    }

    // MARK: Appending

    /// Appends `bytes` (whole lines) to the log, then `fdatasync`s and checks that the path still names
    /// this file. On a failed write the file is truncated back to its previous length (best effort).
    func appendLog(_ bytes: [UInt8]) throws(AuditError) {
        guard !isClosed else { throw .closed }
        let before = logSize
        do {
            try Self.writeAll(logFD, bytes, path: logPath)
        } catch {
            _ = ftruncate(logFD, before)
            throw error
        }
        guard Self.dataSync(logFD) == 0 else { throw .io(operation: "fsync", path: logPath, reason: errnoText()) }
        try checkLogIdentity()
        logSize = before + off_t(bytes.count)
    }

    /// Signs and appends a checkpoint over (`seq`, `head`) unless one at or beyond `seq` exists.
    func appendCheckpoint(
        logID: String, seq: UInt64, head: String, signingKey: Ed25519PrivateKey, force: Bool
    ) throws(AuditError) -> AuditCheckpoint? {
        guard !isClosed else { throw .closed }
        if let last = lastCheckpointSeq, seq < last || (seq == last && !force) { return nil }
        if checkpointPrev.isEmpty { checkpointPrev = AuditRecord.genesisHash(logID: logID) }
        let (checkpoint, line) = try AuditCheckpoint.make(index: nextCheckpointIndex, logID: logID, seq: seq, head: head,
                                                          prev: checkpointPrev, signingKey: signingKey)
        let before = checkpointSize
        do {
            try Self.writeAll(checkpointFD, line + [UInt8(ascii: "\n")], path: checkpointPath)
        } catch {
            _ = ftruncate(checkpointFD, before)
            throw error
        }
        guard Self.dataSync(checkpointFD) == 0 else {
            throw .io(operation: "fsync", path: checkpointPath, reason: errnoText())
        }
        checkpointSize = before + off_t(line.count + 1)
        nextCheckpointIndex += 1
        checkpointPrev = SHA256.hexHash(line)
        lastCheckpointSeq = seq
        return checkpoint
    }

    /// Fails if the log file was unlinked, or the path now names another file (renamed, replaced).
    private func checkLogIdentity() throws(AuditError) {
        var own = stat()
        guard fstat(logFD, &own) == 0 else { throw .io(operation: "fstat", path: logPath, reason: errnoText()) }
        guard own.st_nlink > 0 else { throw .logFileReplaced(path: logPath) }
        var current = stat()
        guard lstat(logPath, &current) == 0,
              UInt64(current.st_dev) == logIdentity.dev, UInt64(current.st_ino) == logIdentity.ino
        else { throw .logFileReplaced(path: logPath) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(AuditError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(fd, base + offset, raw.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .io(operation: "write", path: path, reason: n < 0 ? errnoText() : "no progress") }
            offset += n
        }
    }

    /// `fdatasync` where available: appended data and the new file size reach the disk, which is all a
    /// reader needs; plain `fsync` elsewhere.
    static func dataSync(_ fd: Int32) -> Int32 {
        #if os(Linux)
        fdatasync(fd)
        #else
        fsync(fd)
        #endif
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    // MARK: Torn-write recovery

    /// A torn tail moved out of a file on open.
    struct QuarantinedTail: Sendable {
        let file: String
        let byteCount: Int
        let quarantineFile: String
    }

    /// Moves bytes after the last newline of each file (a torn write) to `quarantine-<time>.log`
    /// (`quarantine-checkpoints-<time>.log`), fsyncs, and truncates the file to its last complete line.
    func quarantineTornTails() throws(AuditError) -> [QuarantinedTail] {
        var result: [QuarantinedTail] = []
        if let tail = try quarantine(fd: logFD, path: logPath, size: &logSize, prefix: "quarantine-") {
            result.append(tail)
        }
        if let tail = try quarantine(fd: checkpointFD, path: checkpointPath, size: &checkpointSize,
                                     prefix: "quarantine-checkpoints-") {
            result.append(tail)
        }
        return result
    }

    private func quarantine(fd: Int32, path: String, size: inout off_t, prefix: String) throws(AuditError) -> QuarantinedTail? {
        let end = try Self.endOfLastLine(fd: fd, size: size, path: path)
        guard end < size else { return nil }
        let count = Int(size - end)
        var tail = [UInt8](repeating: 0, count: count)
        let n = tail.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return -1 }
            return pread(fd, base, count, end)
        }
        guard n == count else { throw .io(operation: "read", path: path, reason: "cannot read torn tail") }
        let stamp = AuditTime.fileStamp(AuditTime.now())
        var name = "\(prefix)\(stamp).log"
        var qfd = open(directory + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        var attempt = 1
        while qfd < 0 && errno == EEXIST && attempt < 100 {
            name = "\(prefix)\(stamp)-\(attempt).log"
            qfd = open(directory + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            attempt += 1
        }
        guard qfd >= 0 else { throw .io(operation: "create", path: directory + "/" + name, reason: errnoText()) }
        defer { close(qfd) }
        try Self.writeAll(qfd, tail, path: directory + "/" + name)
        guard fsync(qfd) == 0 else { throw .io(operation: "fsync", path: directory + "/" + name, reason: errnoText()) }
        Self.syncDirectory(directory)
        guard ftruncate(fd, end) == 0 else { throw .io(operation: "truncate", path: path, reason: errnoText()) }
        guard fsync(fd) == 0 else { throw .io(operation: "fsync", path: path, reason: errnoText()) }
        size = end
        return QuarantinedTail(file: (path as NSString).lastPathComponent, byteCount: count, quarantineFile: name)
    }

    /// Offset just past the last `\n` (0 if none), scanning backwards in 64 KiB blocks.
    private static func endOfLastLine(fd: Int32, size: off_t, path: String) throws(AuditError) -> off_t {
        let block = 64 * 1024
        var position = size
        var buffer = [UInt8](repeating: 0, count: block)
        while position > 0 {
            let count = Int(min(off_t(block), position))
            let start = position - off_t(count)
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return pread(fd, base, count, start)
            }
            guard n == count else { throw .io(operation: "read", path: path, reason: errnoText()) }
            if let index = buffer[0..<count].lastIndex(of: UInt8(ascii: "\n")) {
                return start + off_t(index) + 1
            }
            position = start
        }
        return 0
    }
}
