import Foundation
import MendelCrypto
import Testing

/// Parses hex test vectors; records a test failure for a malformed literal.
func hex(_ string: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    try #require([UInt8](hex: string), "malformed hex literal", sourceLocation: sourceLocation)
}

/// The secret bytes of a key, for comparing against test vectors only.
func exposedBytes(_ key: SecretKey) -> [UInt8] {
    key.withUnsafeBytes { Array($0) }
}

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("mendel-crypto-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
