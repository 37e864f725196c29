#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the database file with mode 0600 if it does not exist (SQLite gives the -wal and -shm files
/// the same mode), so a new vault is never readable by group or others, whatever the umask.
func createPrivateFile(path: String) throws(VaultError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if fd >= 0 {
        close(fd)
        return
    }
    if errno == EEXIST { return }
    throw .sqlite(code: 14, message: "cannot create the database file: \(String(cString: strerror(errno)))")
}
