import COpenSSL

/// HMAC-SHA256 (RFC 2104 / RFC 4231).
public enum HMACSHA256 {
    public static let byteCount = 32

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: SecretKey) -> [UInt8] {
        message.withUnsafeBytes { authenticate($0, key: key) }
    }

    /// The 32-byte MAC of the bytes in `message` under `key`.
    public static func authenticate(_ message: UnsafeRawBufferPointer, key: SecretKey) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            mac.withUnsafeMutableBufferPointer { out in
                HMAC(OpenSSLAlgorithms.shared.sha256, keyBytes.nonNullBytes, Int32(keyBytes.count),
                     message.nonNullBytes, message.count, out.baseAddress, &length)
            }
        }
        // HMAC() fails only on allocation failure; never return an unauthenticated value.
        precondition(result != nil && length == UInt32(byteCount), "HMAC(SHA-256) failed")
        return mac
    }

    /// Whether `mac` is the MAC of `message` under `key` (constant-time comparison).
    public static func isValid(_ mac: [UInt8], for message: [UInt8], key: SecretKey) -> Bool {
        constantTimeEquals(authenticate(message, key: key), mac)
    }
}
