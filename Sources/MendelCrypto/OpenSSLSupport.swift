import COpenSSL

/// Holds OpenSSL algorithm objects fetched once per process (explicit fetch avoids the implicit
/// per-call fetch of `EVP_sha256()` / `EVP_aes_256_gcm()` in OpenSSL 3).
final class OpenSSLAlgorithms: @unchecked Sendable {
    static let shared = OpenSSLAlgorithms()

    /// `EVP_MD*` for SHA-256.
    let sha256: OpaquePointer
    /// `EVP_CIPHER*` for AES-256-GCM.
    let aes256gcm: OpaquePointer

    private init() {
        // These algorithms are built into OpenSSL's default provider; failing to fetch them means the
        // library is unusable, so fall back to the legacy accessors, which never return NULL.
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256(),
              let cipher = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil) ?? EVP_aes_256_gcm()
        else { preconditionFailure("OpenSSL lacks SHA-256 or AES-256-GCM") }
        sha256 = md
        aes256gcm = cipher
    }
}

/// Builds a `CryptoError.openSSL` from the first error on OpenSSL's thread-local queue, and clears it.
func openSSLError(_ function: String) -> CryptoError {
    let code = ERR_get_error()
    ERR_clear_error()
    guard code != 0 else { return .openSSL(function: function, reason: "unknown error") }
    var buffer = [CChar](repeating: 0, count: 256)
    buffer.withUnsafeMutableBufferPointer { buf in ERR_error_string_n(code, buf.baseAddress, buf.count) }
    let end = buffer.firstIndex(of: 0) ?? buffer.count
    let reason = String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return .openSSL(function: function, reason: reason)
}

/// A non-null pointer for possibly empty inputs (OpenSSL rejects NULL even with length 0 in places).
nonisolated(unsafe) private let emptyByte: UnsafeMutablePointer<UInt8> = {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()

extension Array where Element == UInt8 {
    /// Calls `body` with a pointer that is never nil, even for an empty array.
    @inline(__always)
    func withNonNullBytes<R, E: Error>(_ body: (UnsafePointer<UInt8>, Int) throws(E) -> R) throws(E) -> R {
        try self.withUnsafeBufferPointer { (buffer) throws(E) -> R in
            try body(buffer.baseAddress ?? UnsafePointer(emptyByte), buffer.count)
        }
    }
}

extension UnsafeRawBufferPointer {
    /// A typed, never-nil pointer to the bytes (OpenSSL takes `unsigned char*`).
    @inline(__always)
    var nonNullBytes: UnsafePointer<UInt8> {
        guard let base = baseAddress else { return UnsafePointer(emptyByte) }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}
