import Foundation
import MendelCore
import MendelCrypto
import Yams
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads and validates the policy directory (`Policies/`).
public enum PolicyLoader {
    /// The files a policy directory must hold. Any other `*.yaml`/`*.yml` file is refused.
    public static let requiredFiles = ["access.yaml", "fairness.yaml", "interpretation.yaml", "models.yaml", "privacy.yaml"]

    /// Reads, checks and parses every policy file.
    ///
    /// Refuses files (and the directory) that are group- or world-writable, or owned by a uid other than
    /// the effective uid or root; errors carry file, line and column.
    public static func load(directory: URL) throws(PolicyError) -> PolicySet {
        let directoryPath = directory.standardizedFileURL.path
        let label = directory.standardizedFileURL.lastPathComponent
        try checkOwnership(path: directoryPath, shownAs: label + "/", isDirectory: true)
        try refuseUnexpectedFiles(in: directoryPath, label: label)

        var contents: [String: [UInt8]] = [:]
        for name in requiredFiles {
            contents[name] = try readSecurely(path: directoryPath + "/" + name, shownAs: label + "/" + name)
        }
        func document(_ name: String) throws(PolicyError) -> (YAMLReader, Yams.Node) {
            let reader = YAMLReader(file: label + "/" + name)
            let bytes = contents[name] ?? []
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw PolicyError.invalid(file: reader.file, line: 1, column: 1, message: "the file is not valid UTF-8")
            }
            return (reader, try reader.root(of: text))
        }

        let (accessReader, accessRoot) = try document("access.yaml")
        let access = try AccessPolicy.parse(accessRoot, reader: accessReader)
        let (privacyReader, privacyRoot) = try document("privacy.yaml")
        let privacy = try PrivacyPolicy.parse(privacyRoot, reader: privacyReader)
        let (fairnessReader, fairnessRoot) = try document("fairness.yaml")
        let fairness = try FairnessPolicy.parse(fairnessRoot, reader: fairnessReader)
        let (interpretationReader, interpretationRoot) = try document("interpretation.yaml")
        let interpretation = try interpretationReader.json(interpretationRoot)
        guard interpretation.objectValue != nil else {
            throw interpretationReader.fail(interpretationRoot, "interpretation.yaml must be a mapping")
        }
        let (modelsReader, modelsRoot) = try document("models.yaml")
        let models = try ModelsPolicy.parse(modelsRoot, reader: modelsReader, privacy: privacy)

        var fileHashes: [String: String] = [:]
        for (name, bytes) in contents { fileHashes[name] = SHA256.hexHash(bytes) }
        return PolicySet(access: access, privacy: privacy, fairness: fairness, interpretation: interpretation,
                         models: models, hash: hash(files: contents), fileHashes: fileHashes)
    }

    /// The policy hash: SHA-256 over, for each file in byte order of its name: the UTF-8 name, a 0 byte,
    /// the content length as 8 bytes big-endian, then the content. Any changed byte or name changes it.
    public static func hash(files: [String: [UInt8]]) -> String {
        var message: [UInt8] = []
        for name in files.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let bytes = files[name] ?? []
            message.append(contentsOf: Array(name.utf8))
            message.append(0)
            let length = UInt64(bytes.count)
            for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
            message.append(contentsOf: bytes)
        }
        return SHA256.hexHash(message)
    }

    private static func refuseUnexpectedFiles(in directory: String, label: String) throws(PolicyError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadable(file: label + "/", reason: "cannot list the directory")
        }
        for name in names.sorted() where (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !requiredFiles.contains(name) {
            throw .unexpectedFile(file: label + "/" + name)
        }
    }

    private static func checkOwnership(path: String, shownAs: String, isDirectory: Bool) throws(PolicyError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw isDirectory ? .unreadable(file: shownAs, reason: "no such directory") : .missingFile(file: shownAs) }
            throw .unreadable(file: shownAs, reason: String(cString: strerror(errno)))
        }
        try checkMode(info, shownAs: shownAs, isDirectory: isDirectory)
    }

    private static func checkMode(_ info: stat, shownAs: String, isDirectory: Bool) throws(PolicyError) {
        let type = info.st_mode & S_IFMT
        let mode = "0" + String(info.st_mode & 0o7777, radix: 8)
        if isDirectory {
            guard type == S_IFDIR else { throw .unreadable(file: shownAs, reason: "not a directory") }
        } else {
            guard type == S_IFREG else { throw .unreadable(file: shownAs, reason: "not a regular file") }
        }
        if info.st_mode & 0o022 != 0 {
            throw .insecurePermissions(file: shownAs, mode: mode,
                                       reason: "it is writable by group or others; run chmod go-w")
        }
        let owner = UInt32(info.st_uid)
        let me = UInt32(geteuid())
        if owner != me && owner != 0 {
            throw .insecurePermissions(file: shownAs, mode: mode,
                                       reason: "it is owned by uid \(owner), not by uid \(me) or root")
        }
    }

    /// Opens the file, checks type/mode/owner on the open descriptor (no race with a swapped path), reads it.
    private static func readSecurely(path: String, shownAs: String) throws(PolicyError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw .missingFile(file: shownAs) }
            throw .unreadable(file: shownAs, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(file: shownAs, reason: String(cString: strerror(errno))) }
        try checkMode(info, shownAs: shownAs, isDirectory: false)
        guard info.st_size <= 4 << 20 else { throw .unreadable(file: shownAs, reason: "larger than 4 MiB") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(file: shownAs, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
