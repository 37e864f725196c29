import COpenSSL

/// scrypt password-based key derivation (RFC 7914).
public enum Scrypt {
    /// Cost parameters. Stored next to the salt so a key can be re-derived.
    public struct Parameters: Sendable, Codable, Hashable {
        /// CPU/memory cost; a power of two greater than 1.
        public var n: UInt64
        /// Block size.
        public var r: UInt64
        /// Parallelisation.
        public var p: UInt64

        public init(n: UInt64, r: UInt64, p: UInt64) {
            self.n = n
            self.r = r
            self.p = p
        }

        /// N=2^15, r=8, p=1 (about 32 MiB and 0.1 s here).
        public static let interactive = Parameters(n: 1 << 15, r: 8, p: 1)

        /// Bytes of memory scrypt needs: 128·r·(N+2) for V plus 128·r·p for B (OpenSSL's own accounting).
        /// nil on overflow.
        public var requiredMemory: UInt64? {
            let (vn, o1) = n.addingReportingOverflow(2)
            let (v1, o2) = vn.multipliedReportingOverflow(by: 128)
            let (v, o3) = v1.multipliedReportingOverflow(by: r)
            let (b1, o4) = r.multipliedReportingOverflow(by: 128)
            let (b, o5) = b1.multipliedReportingOverflow(by: p)
            let (total, o6) = v.addingReportingOverflow(b)
            return (o1 || o2 || o3 || o4 || o5 || o6) ? nil : total
        }
    }

    /// Parameters needing more memory than this are refused (they would come from a tampered file).
    public static let memoryCeiling: UInt64 = 4 << 30

    /// Derives a key from a passphrase. `maxmem` is sized from N and r (OpenSSL's default 32 MiB limit
    /// rejects N=2^15, r=8).
    public static func deriveKey(
        passphrase: [UInt8], salt: [UInt8], parameters: Parameters, outputByteCount: Int = 32
    ) throws(CryptoError) -> SecretKey {
        let n = parameters.n, r = parameters.r, p = parameters.p
        guard n > 1, n & (n - 1) == 0 else { throw .invalidInput("scrypt N must be a power of two > 1") }
        guard r > 0, p > 0 else { throw .invalidInput("scrypt r and p must be positive") }
        guard outputByteCount > 0 else { throw .invalidInput("scrypt output length must be positive") }
        guard let memory = parameters.requiredMemory, memory <= memoryCeiling else {
            throw .invalidInput("scrypt parameters need more than \(memoryCeiling >> 30) GiB")
        }
        let maxmem = memory + (1 << 20)
        return try SecretKey.filling(byteCount: outputByteCount) { (out) throws(CryptoError) in
            guard let base = out.baseAddress else { return }
            let ok = passphrase.withNonNullBytes { pass, passCount in
                salt.withNonNullBytes { s, saltCount in
                    pass.withMemoryRebound(to: CChar.self, capacity: max(passCount, 1)) { passChars in
                        EVP_PBE_scrypt(passChars, passCount, s, saltCount, n, r, p, maxmem,
                                       base.assumingMemoryBound(to: UInt8.self), out.count)
                    }
                }
            }
            guard ok == 1 else { throw openSSLError("EVP_PBE_scrypt") }
        }
    }
}
