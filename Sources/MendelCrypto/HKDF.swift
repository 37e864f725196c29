import COpenSSL

/// HKDF-SHA256 (RFC 5869), extract-then-expand.
public enum HKDF {
    /// Largest output RFC 5869 allows for SHA-256 (255 blocks).
    public static let maximumOutputByteCount = 255 * SHA256.byteCount

    /// Derives `outputByteCount` bytes of key material from `inputKey`, `salt` and `info`.
    public static func deriveKey(
        from inputKey: SecretKey, salt: [UInt8], info: [UInt8], outputByteCount: Int = 32
    ) throws(CryptoError) -> SecretKey {
        guard outputByteCount > 0, outputByteCount <= maximumOutputByteCount else {
            throw .invalidInput("HKDF output length must be 1...\(maximumOutputByteCount) bytes")
        }
        guard salt.count <= Int(Int32.max), info.count <= 1024 else {
            throw .invalidInput("HKDF salt or info too long")
        }
        return try SecretKey.filling(byteCount: outputByteCount) { (out) throws(CryptoError) in
            guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nil) else { throw openSSLError("EVP_PKEY_CTX_new_id") }
            defer { EVP_PKEY_CTX_free(ctx) }
            // The EVP_PKEY_CTX_set_hkdf_* functions copy their inputs, so no pointer outlives its call.
            guard EVP_PKEY_derive_init(ctx) == 1 else { throw openSSLError("EVP_PKEY_derive_init") }
            guard EVP_PKEY_CTX_set_hkdf_md(ctx, OpenSSLAlgorithms.shared.sha256) == 1 else {
                throw openSSLError("EVP_PKEY_CTX_set_hkdf_md")
            }
            let saltOK = salt.withNonNullBytes { p, n in EVP_PKEY_CTX_set1_hkdf_salt(ctx, p, Int32(n)) }
            guard saltOK == 1 else { throw openSSLError("EVP_PKEY_CTX_set1_hkdf_salt") }
            let keyOK = inputKey.withUnsafeBytes { k in
                EVP_PKEY_CTX_set1_hkdf_key(ctx, k.nonNullBytes, Int32(k.count))
            }
            guard keyOK == 1 else { throw openSSLError("EVP_PKEY_CTX_set1_hkdf_key") }
            if !info.isEmpty {
                let infoOK = info.withNonNullBytes { p, n in EVP_PKEY_CTX_add1_hkdf_info(ctx, p, Int32(n)) }
                guard infoOK == 1 else { throw openSSLError("EVP_PKEY_CTX_add1_hkdf_info") }
            }
            var length = out.count
            guard let base = out.baseAddress,
                  EVP_PKEY_derive(ctx, base.assumingMemoryBound(to: UInt8.self), &length) == 1,
                  length == out.count
            else { throw openSSLError("EVP_PKEY_derive(HKDF)") }
        }
    }
}
