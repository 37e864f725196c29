#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Key files: raw key bytes, mode 0600, owned by the current effective uid.
/// Error messages name the path and the rule broken, never the key bytes.
public enum KeyFile {
    /// Loads a key. Refuses (`CryptoError.keyFile`) if the file is missing, not a regular file (symlinks are
    /// not followed), of the wrong size, readable or writable by group/others, or owned by another uid.
    /// Bytes go straight from `read(2)` into the `SecretKey`; no other copy is made.
    public static func load(path: String, expectedByteCount: Int = 32) throws(CryptoError) -> SecretKey {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .keyFile(path: path, reason: "cannot open (\(errnoName()))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .keyFile(path: path, reason: "cannot stat (\(errnoName()))") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .keyFile(path: path, reason: "not a regular file") }
        guard info.st_uid == geteuid() else {
            throw .keyFile(path: path, reason: "owned by uid \(info.st_uid), not by the current user")
        }
        let permissions = info.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw .keyFile(path: path, reason: "mode \(String(permissions, radix: 8)) lets group/others access it; use 0600")
        }
        guard Int(info.st_size) == expectedByteCount else {
            throw .keyFile(path: path, reason: "size \(info.st_size) bytes, expected \(expectedByteCount)")
        }
        return try SecretKey.filling(byteCount: expectedByteCount) { (buffer) throws(CryptoError) in
            var offset = 0
            while offset < buffer.count {
                guard let base = buffer.baseAddress else { return }
                let n = read(fd, base + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw .keyFile(path: path, reason: "short read") }
                offset += n
            }
            // The file must end here (it could have grown since fstat).
            var extra: UInt8 = 0
            guard read(fd, &extra, 1) == 0 else { throw .keyFile(path: path, reason: "file changed while reading") }
        }
    }

    /// Creates a new random key file with mode 0600; refuses to overwrite an existing path.
    public static func create(path: String, byteCount: Int = 32) throws(CryptoError) -> SecretKey {
        let key = try SecretKey.random(byteCount: byteCount)
        try write(key, to: path)
        return key
    }

    /// Writes `key` to a new file at `path` with mode 0600, atomically: the bytes go to a temporary file in
    /// the same directory (O_CREAT|O_EXCL), are fsynced, then `link(2)`ed into place, which fails if `path`
    /// exists. A crash never leaves a partial key at `path`.
    public static func write(_ key: SecretKey, to path: String) throws(CryptoError) {
        let suffix = ((try? SecureRandom.bytes(8)) ?? []).hexString
        let temporary = path + ".tmp-" + suffix
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .keyFile(path: path, reason: "cannot create (\(errnoName()))") }
        var closed = false
        defer {
            if !closed { close(fd) }
            unlink(temporary)
        }
        guard fchmod(fd, 0o600) == 0 else { throw .keyFile(path: path, reason: "cannot set mode 0600") }
        try key.withUnsafeBytes { (bytes) throws(CryptoError) in
            var offset = 0
            while offset < bytes.count {
                guard let base = bytes.baseAddress else { return }
                let n = systemWrite(fd, base + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw .keyFile(path: path, reason: "write failed (\(errnoName()))") }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw .keyFile(path: path, reason: "fsync failed (\(errnoName()))") }
        closed = true
        guard close(fd) == 0 else { throw .keyFile(path: path, reason: "close failed (\(errnoName()))") }
        guard link(temporary, path) == 0 else {
            throw .keyFile(path: path, reason: errno == EEXIST ? "already exists; refusing to overwrite"
                                                                : "cannot link into place (\(errnoName()))")
        }
        syncParentDirectory(of: path)
    }

    private static func syncParentDirectory(of path: String) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func errnoName() -> String {
        String(cString: strerror(errno))
    }
}

/// `write(2)` (the name `write` is taken by `KeyFile.write` inside the enum).
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
