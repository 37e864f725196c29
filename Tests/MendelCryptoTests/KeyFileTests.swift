import Foundation
import MendelCrypto
import Testing

@Suite struct KeyFileTests {
    @Test func createThenLoadRoundTrip() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("master.key").path
        let created = try KeyFile.create(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == 32)
        let loaded = try KeyFile.load(path: path)
        #expect(exposedBytes(loaded) == exposedBytes(created))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["master.key"])
    }

    @Test func createRefusesToOverwrite() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("master.key").path
        let first = try KeyFile.create(path: path)
        #expect(throws: CryptoError.self) { try KeyFile.create(path: path) }
        #expect(throws: CryptoError.self) { try KeyFile.write(try SecretKey.random(), to: path) }
        #expect(exposedBytes(try KeyFile.load(path: path)) == exposedBytes(first))
    }

    @Test func groupOrWorldReadableFileIsRefused() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("loose.key").path
        _ = try KeyFile.create(path: path)
        for mode in [0o644, 0o640, 0o604, 0o660, 0o602] {
            #expect(chmod(path, mode_t(mode)) == 0)
            #expect(throws: CryptoError.self) { try KeyFile.load(path: path) }
        }
        #expect(chmod(path, 0o600) == 0)
        _ = try KeyFile.load(path: path)
    }

    @Test func wrongSizeIsRefused() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for size in [0, 31, 33, 64] {
            let path = dir.appendingPathComponent("size-\(size).key").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: size),
                                                   attributes: [.posixPermissions: 0o600]))
            #expect(throws: CryptoError.self) { try KeyFile.load(path: path) }
        }
        let path = dir.appendingPathComponent("size-16.key").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 16),
                                               attributes: [.posixPermissions: 0o600]))
        #expect(try KeyFile.load(path: path, expectedByteCount: 16).byteCount == 16)
    }

    @Test func missingFileSymlinkAndDirectoryAreRefused() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: CryptoError.self) { try KeyFile.load(path: dir.appendingPathComponent("absent").path) }
        #expect(throws: CryptoError.self) { try KeyFile.load(path: dir.path) }
        let real = dir.appendingPathComponent("real.key").path
        _ = try KeyFile.create(path: real)
        let link = dir.appendingPathComponent("link.key").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        #expect(throws: CryptoError.self) { try KeyFile.load(path: link) }
    }

    @Test func fileOwnedByAnotherUserIsRefused() throws {
        guard geteuid() == 0 else {
            print("SKIP: changing a file's owner needs root")
            return
        }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("foreign.key").path
        _ = try KeyFile.create(path: path)
        #expect(chown(path, 12345, 12345) == 0)
        #expect(throws: CryptoError.self) { try KeyFile.load(path: path) }
    }
}
