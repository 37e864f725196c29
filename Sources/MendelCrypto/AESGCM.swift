import COpenSSL

/// AES-256-GCM authenticated encryption with associated data (96-bit nonces, 128-bit tags).
/// The tag is always checked on open; a box whose tag was truncated or altered never yields plaintext.
public enum AESGCM {
    public static let keyByteCount = 32
    public static let nonceByteCount = 12
    public static let tagByteCount = 16

    /// Encrypts with a fresh random 96-bit nonce (from the kernel CSPRNG, `getrandom`, else `RAND_bytes`).
    /// Returns `nonce || ciphertext || tag`.
    public static func seal(_ plaintext: [UInt8], key: SecretKey, aad: [UInt8]) throws(CryptoError) -> [UInt8] {
        let total = nonceByteCount + plaintext.count + tagByteCount
        var failure: CryptoError?
        let sealed = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            initialized = 0
            guard let out = buffer.baseAddress else { return }
            do throws(CryptoError) {
                // The nonce goes straight from the kernel CSPRNG into the output (RAND_bytes if unavailable).
                if copenssl_kernel_random(out, nonceByteCount) != 1 {
                    try SecureRandom.fill(UnsafeMutableRawBufferPointer(start: out, count: nonceByteCount))
                }
                try encrypt(plaintext, key: key, nonce: UnsafePointer(out), aad: aad,
                            ciphertextOut: out + nonceByteCount, tagOut: out + nonceByteCount + plaintext.count)
                initialized = total
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return sealed
    }

    /// Decrypts `nonce || ciphertext || tag`. Throws `.invalidInput` if the box is shorter than nonce+tag,
    /// and `.authenticationFailed` if the tag, associated data or key do not match.
    public static func open(_ sealed: [UInt8], key: SecretKey, aad: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard sealed.count >= nonceByteCount + tagByteCount else {
            throw .invalidInput("sealed box shorter than nonce+tag")
        }
        return try sealed.withNonNullBytes { (base, count) throws(CryptoError) -> [UInt8] in
            let ciphertextCount = count - nonceByteCount - tagByteCount
            return try decrypt(
                ciphertext: base + nonceByteCount, count: ciphertextCount,
                tag: base + nonceByteCount + ciphertextCount, key: key, nonce: base, aad: aad)
        }
    }

    /// Encrypts with an explicit 12-byte nonce (for known-answer tests and callers that manage nonces).
    /// Never reuse a nonce with the same key.
    public static func seal(
        _ plaintext: [UInt8], key: SecretKey, nonce: [UInt8], aad: [UInt8]
    ) throws(CryptoError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard nonce.count == nonceByteCount else { throw .invalidInput("nonce must be 12 bytes") }
        var combined = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        try combined.withUnsafeMutableBufferPointer { (buffer) throws(CryptoError) in
            guard let base = buffer.baseAddress else { return }   // never nil: at least 16 bytes
            try nonce.withNonNullBytes { (n, _) throws(CryptoError) in
                try encrypt(plaintext, key: key, nonce: n, aad: aad, ciphertextOut: base, tagOut: base + plaintext.count)
            }
        }
        return (Array(combined[..<plaintext.count]), Array(combined[plaintext.count...]))
    }

    /// Decrypts with an explicit nonce and a separate 16-byte tag (any other tag length is rejected).
    public static func open(
        ciphertext: [UInt8], tag: [UInt8], key: SecretKey, nonce: [UInt8], aad: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        guard nonce.count == nonceByteCount else { throw .invalidInput("nonce must be 12 bytes") }
        guard tag.count == tagByteCount else { throw .authenticationFailed }
        return try ciphertext.withNonNullBytes { (ct, count) throws(CryptoError) -> [UInt8] in
            try tag.withNonNullBytes { (t, _) throws(CryptoError) -> [UInt8] in
                try nonce.withNonNullBytes { (n, _) throws(CryptoError) -> [UInt8] in
                    try decrypt(ciphertext: ct, count: count, tag: t, key: key, nonce: n, aad: aad)
                }
            }
        }
    }

    // MARK: - Core

    private static let chunk = 1 << 30

    /// A context keyed with `key` and set to `nonce`: a cached one from the key's pool (only the nonce is
    /// set, which also resets the GCM state), or a new one. Give it back with `key.aesContexts.give` after
    /// success only; free it on any failure.
    private static func makeContext(
        encrypting: Bool, key: SecretKey, nonce: UnsafePointer<UInt8>
    ) throws(CryptoError) -> OpaquePointer {
        guard key.byteCount == keyByteCount else {
            throw .invalidKeyLength(expected: keyByteCount, actual: key.byteCount)
        }
        if let cached = key.aesContexts.take(encrypting: encrypting) {
            guard EVP_CipherInit_ex(cached, nil, nil, nil, nonce, encrypting ? 1 : 0) == 1 else {
                EVP_CIPHER_CTX_free(cached)
                throw openSSLError("EVP_CipherInit_ex(nonce)")
            }
            return cached
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw openSSLError("EVP_CIPHER_CTX_new") }
        // AES-GCM's default IV length is 12 bytes, so cipher, key and nonce go in with one init call.
        let ok = key.withUnsafeBytes { keyBytes in
            EVP_CipherInit_ex(ctx, OpenSSLAlgorithms.shared.aes256gcm, nil,
                              keyBytes.nonNullBytes, nonce, encrypting ? 1 : 0)
        }
        guard ok == 1 else {
            EVP_CIPHER_CTX_free(ctx)
            throw openSSLError("EVP_CipherInit_ex")
        }
        return ctx
    }

    /// Feeds `count` bytes at `input` through the context, writing to `output` (nil for AAD).
    private static func update(
        _ ctx: OpaquePointer, output: UnsafeMutablePointer<UInt8>?, input: UnsafePointer<UInt8>, count: Int,
        function: String
    ) throws(CryptoError) {
        var offset = 0
        while offset < count {
            let n = min(chunk, count - offset)
            var written: Int32 = 0
            guard EVP_CipherUpdate(ctx, output.map { $0 + offset }, &written, input + offset, Int32(n)) == 1 else {
                throw openSSLError(function)
            }
            offset += n
        }
    }

    private static func encrypt(
        _ plaintext: [UInt8], key: SecretKey, nonce: UnsafePointer<UInt8>, aad: [UInt8],
        ciphertextOut: UnsafeMutablePointer<UInt8>, tagOut: UnsafeMutablePointer<UInt8>
    ) throws(CryptoError) {
        let ctx = try makeContext(encrypting: true, key: key, nonce: nonce)
        var succeeded = false
        defer { if succeeded { key.aesContexts.give(ctx, encrypting: true) } else { EVP_CIPHER_CTX_free(ctx) } }
        try aad.withNonNullBytes { (a, count) throws(CryptoError) in
            try update(ctx, output: nil, input: a, count: count, function: "EVP_EncryptUpdate(aad)")
        }
        try plaintext.withNonNullBytes { (p, count) throws(CryptoError) in
            try update(ctx, output: ciphertextOut, input: p, count: count, function: "EVP_EncryptUpdate")
        }
        var finalCount: Int32 = 0
        guard EVP_EncryptFinal_ex(ctx, ciphertextOut + plaintext.count, &finalCount) == 1 else {
            throw openSSLError("EVP_EncryptFinal_ex")
        }
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagByteCount), tagOut) == 1 else {
            throw openSSLError("EVP_CTRL_GCM_GET_TAG")
        }
        succeeded = true
    }

    private static func decrypt(
        ciphertext: UnsafePointer<UInt8>, count: Int, tag: UnsafePointer<UInt8>,
        key: SecretKey, nonce: UnsafePointer<UInt8>, aad: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        let ctx = try makeContext(encrypting: false, key: key, nonce: nonce)
        var succeeded = false
        defer { if succeeded { key.aesContexts.give(ctx, encrypting: false) } else { EVP_CIPHER_CTX_free(ctx) } }
        var expectedTag = [UInt8](unsafeUninitializedCapacity: tagByteCount) { buffer, initialized in
            buffer.baseAddress?.initialize(from: tag, count: tagByteCount)
            initialized = tagByteCount
        }
        let tagSet = expectedTag.withUnsafeMutableBytes { t in
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagByteCount), t.baseAddress)
        }
        guard tagSet == 1 else { throw openSSLError("EVP_CTRL_GCM_SET_TAG") }
        try aad.withNonNullBytes { (a, n) throws(CryptoError) in
            try update(ctx, output: nil, input: a, count: n, function: "EVP_DecryptUpdate(aad)")
        }
        var failure: CryptoError?
        var plaintext = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
            guard let out = buffer.baseAddress else { return }
            do throws(CryptoError) {
                try update(ctx, output: out, input: ciphertext, count: count, function: "EVP_DecryptUpdate")
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        // GCM's final step writes no bytes; it only checks the tag.
        var finalCount: Int32 = 0
        var scratch = (UInt64(0), UInt64(0))
        let verified = withUnsafeMutableBytes(of: &scratch) { out in
            EVP_DecryptFinal_ex(ctx, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &finalCount)
        }
        guard verified == 1 else {
            ERR_clear_error()
            wipe(&plaintext)
            throw .authenticationFailed
        }
        succeeded = true
        return plaintext
    }
}
