import COpenSSL

/// SHA-256 (FIPS 180-4).
public enum SHA256 {
    public static let byteCount = 32

    /// Digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { hash($0) }
    }

    /// Digest of the bytes in `data`.
    public static func hash(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { out in
            EVP_Digest(UnsafeRawPointer(data.nonNullBytes), data.count,
                       out.baseAddress, &length, OpenSSLAlgorithms.shared.sha256, nil)
        }
        // EVP_Digest fails only on allocation failure; a wrong digest must never be returned silently.
        precondition(ok == 1 && length == UInt32(byteCount), "EVP_Digest(SHA-256) failed")
        return digest
    }

    /// Lowercase hex digest of `data`.
    public static func hexHash(_ data: [UInt8]) -> String {
        hash(data).hexString
    }
}

/// Incremental SHA-256 for large inputs (files, model weights). `finalize()` returns the digest and
/// resets the hasher so it can be reused.
public final class SHA256Hasher {
    private let context: OpaquePointer

    public init() {
        guard let ctx = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed") }
        context = ctx
        reset()
    }

    private func reset() {
        let ok = EVP_DigestInit_ex(context, OpenSSLAlgorithms.shared.sha256, nil)
        precondition(ok == 1, "EVP_DigestInit_ex(SHA-256) failed")
    }

    /// Adds bytes to the running digest.
    public func update(_ data: UnsafeRawBufferPointer) {
        guard data.count > 0, let base = data.baseAddress else { return }
        let ok = EVP_DigestUpdate(context, base, data.count)
        precondition(ok == 1, "EVP_DigestUpdate failed")
    }

    /// Adds bytes to the running digest.
    public func update(_ data: [UInt8]) {
        data.withUnsafeBytes { update($0) }
    }

    /// The digest of everything added since creation or the last `finalize()`.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        precondition(ok == 1, "EVP_DigestFinal_ex failed")
        reset()
        return digest
    }

    deinit { EVP_MD_CTX_free(context) }
}
