import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (`RAND_bytes`).
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        guard count >= 0 else { throw .invalidInput("negative random byte count") }
        var output = [UInt8](repeating: 0, count: count)
        let result: Result<Void, CryptoError> = output.withUnsafeMutableBytes { buffer in
            do throws(CryptoError) { try fill(buffer); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
        return output
    }

    /// Fills `buffer` with random bytes.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(CryptoError) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        var offset = 0
        while offset < buffer.count {
            let chunk = min(buffer.count - offset, Int(Int32.max))
            guard RAND_bytes(base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), Int32(chunk)) == 1 else {
                throw openSSLError("RAND_bytes")
            }
            offset += chunk
        }
    }
}
