import COpenSSL

/// An Ed25519 public key (RFC 8032), 32 raw bytes. Verification needs only this.
public struct Ed25519PublicKey: Sendable, Hashable {
    public static let byteCount = 32
    public static let signatureByteCount = 64

    public let rawRepresentation: [UInt8]

    public init(rawRepresentation: [UInt8]) throws(CryptoError) {
        guard rawRepresentation.count == Self.byteCount else {
            throw .invalidKeyLength(expected: Self.byteCount, actual: rawRepresentation.count)
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` under this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == Self.signatureByteCount else { return false }
        let pkey = rawRepresentation.withNonNullBytes { p, n in
            EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, p, n)
        }
        guard let pkey else { ERR_clear_error(); return false }
        defer { EVP_PKEY_free(pkey) }
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1 else { ERR_clear_error(); return false }
        let result = signature.withNonNullBytes { s, sn in
            message.withNonNullBytes { m, mn in EVP_DigestVerify(ctx, s, sn, m, mn) }
        }
        if result != 1 { ERR_clear_error() }
        return result == 1
    }
}

/// An Ed25519 signing key made from a 32-byte seed. The seed lives in a `SecretKey`; OpenSSL keeps its
/// own (cleansed-on-free) copy inside the `EVP_PKEY`.
public final class Ed25519PrivateKey: @unchecked Sendable {
    // Immutable after init; EVP_PKEY is safe to use for signing from several threads at once.
    private let pkey: OpaquePointer
    public let seed: SecretKey
    public let publicKey: Ed25519PublicKey

    /// Builds the key pair from a 32-byte seed (the RFC 8032 "secret key").
    public init(seed: SecretKey) throws(CryptoError) {
        guard seed.byteCount == 32 else { throw .invalidKeyLength(expected: 32, actual: seed.byteCount) }
        let made = seed.withUnsafeBytes { s in
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, s.nonNullBytes, s.count)
        }
        guard let made else { throw openSSLError("EVP_PKEY_new_raw_private_key") }
        var raw = [UInt8](repeating: 0, count: Ed25519PublicKey.byteCount)
        var length = raw.count
        let ok = raw.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(made, $0.baseAddress, &length) }
        guard ok == 1, length == Ed25519PublicKey.byteCount else {
            EVP_PKEY_free(made)
            throw openSSLError("EVP_PKEY_get_raw_public_key")
        }
        pkey = made
        self.seed = seed
        publicKey = try Ed25519PublicKey(rawRepresentation: raw)
    }

    /// A new key from a random seed.
    public static func generate() throws(CryptoError) -> Ed25519PrivateKey {
        try Ed25519PrivateKey(seed: SecretKey.random(byteCount: 32))
    }

    /// The 64-byte signature of `message` (deterministic, RFC 8032).
    public func signature(for message: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw openSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, nil, nil, pkey) == 1 else { throw openSSLError("EVP_DigestSignInit") }
        var signature = [UInt8](repeating: 0, count: Ed25519PublicKey.signatureByteCount)
        var length = signature.count
        let ok = signature.withUnsafeMutableBufferPointer { out in
            message.withNonNullBytes { m, n in EVP_DigestSign(ctx, out.baseAddress, &length, m, n) }
        }
        guard ok == 1, length == Ed25519PublicKey.signatureByteCount else { throw openSSLError("EVP_DigestSign") }
        return signature
    }

    deinit { EVP_PKEY_free(pkey) }
}
