import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why the daemon refused to start on its socket.
public enum StartupError: Error, CustomStringConvertible, Sendable {
    case socketPathTooLong(path: String, length: Int, maximum: Int)
    case alreadyRunning(path: String)
    case notASocket(path: String)
    case lockFailed(path: String, errno: Int32)
    case directory(path: String, reason: String)
    case keys(reason: String)
    case component(name: String, reason: String)

    public var description: String {
        switch self {
        case .socketPathTooLong(let path, let length, let maximum):
            "socket path is too long (\(length) bytes, the kernel allows \(maximum)): \(path) — choose a shorter --socket path"
        case .alreadyRunning(let path):
            "mendeld is already running on \(path) (it answered a connect probe); stop it first"
        case .notASocket(let path):
            "\(path) exists and is not a socket; refusing to replace it"
        case .lockFailed(let path, let code):
            "cannot lock \(path): \(String(cString: strerror(code)))"
        case .directory(let path, let reason):
            "cannot prepare directory \(path): \(reason)"
        case .keys(let reason):
            "keys: \(reason)"
        case .component(let name, let reason):
            "\(name): \(reason)"
        }
    }
}

/// Claims the socket path safely: a lock file prevents two daemons, a stale socket (nobody answers a
/// connect probe) is removed, a live one is never unlinked, and the directory is created with mode 0750.
public struct SocketPreparation: Sendable {
    /// `sun_path` is 108 bytes including the terminating NUL.
    public static let maximumPathLength = 107

    public let socketPath: String
    public var lockPath: String { socketPath + ".lock" }

    public init(socketPath: String) { self.socketPath = socketPath }

    /// Validates the path, creates the directory, takes the lock and removes a stale socket.
    /// Returns the lock file descriptor, which must stay open for the daemon's lifetime.
    public func claim() throws(StartupError) -> Int32 {
        let length = socketPath.utf8.count
        guard length <= Self.maximumPathLength else {
            throw .socketPathTooLong(path: socketPath, length: length, maximum: Self.maximumPathLength)
        }
        let directory = (socketPath as NSString).deletingLastPathComponent
        try Self.ensureDirectory(directory, mode: 0o750)

        let lockFD = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw .lockFailed(path: lockPath, errno: errno) }
        if flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            close(lockFD)
            // Another daemon holds the lock: it is running (or starting).
            throw .alreadyRunning(path: socketPath)
        }

        var info = stat()
        if lstat(socketPath, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                close(lockFD)
                throw .notASocket(path: socketPath)
            }
            if Self.someoneIsListening(on: socketPath) {
                close(lockFD)
                throw .alreadyRunning(path: socketPath)
            }
            unlink(socketPath) // stale: the previous daemon died without cleaning up
        }
        return lockFD
    }

    /// Creates a directory (and parents) if missing and sets its mode.
    public static func ensureDirectory(_ path: String, mode: mode_t) throws(StartupError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .directory(path: path, reason: "could not create it")
        }
        guard chmod(path, mode) == 0 else {
            throw .directory(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// True if a process accepts connections on the socket.
    public static func someoneIsListening(on path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }
}
