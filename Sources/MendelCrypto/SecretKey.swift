import COpenSSL

/// Secret bytes (keys, seeds) owned by a reference type. The memory is allocated once, never copied into
/// `Data`, `String` or `[UInt8]` by this type, and zeroed with `OPENSSL_cleanse` on deinit.
/// Read the bytes only inside `withUnsafeBytes`, and do not let them escape.
public final class SecretKey: @unchecked Sendable {
    // Immutable after init; safe to share between threads.
    private let storage: UnsafeMutableRawBufferPointer
    /// Number of secret bytes.
    public let byteCount: Int
    /// AES-GCM contexts keyed with this key (see `AESGCMContextPool`).
    let aesContexts = AESGCMContextPool()

    /// Copies `bytes` into owned memory. The caller remains responsible for wiping its own copy.
    public init(copying bytes: UnsafeRawBufferPointer) {
        byteCount = bytes.count
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        if bytes.count > 0 { storage.copyMemory(from: bytes) }
    }

    /// Copies `bytes`; the caller should wipe its own array afterwards (e.g. with `wipe(_:)`).
    public convenience init(copying bytes: [UInt8]) {
        self.init(byteCount: bytes.count) { buffer in
            bytes.withUnsafeBytes { source in
                if source.count > 0 { buffer.copyMemory(from: source) }
            }
        }
    }

    /// Allocates `byteCount` zeroed bytes and lets `fill` write them (used to derive keys in place).
    init(byteCount: Int, fill: (UnsafeMutableRawBufferPointer) -> Void) {
        self.byteCount = byteCount
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(byteCount, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        fill(UnsafeMutableRawBufferPointer(rebasing: storage[0..<byteCount]))
    }

    /// Like `init(byteCount:fill:)`, but `fill` may fail; the buffer is wiped before the error propagates.
    static func filling(
        byteCount: Int, _ fill: (UnsafeMutableRawBufferPointer) throws(CryptoError) -> Void
    ) throws(CryptoError) -> SecretKey {
        var failure: CryptoError?
        let key = SecretKey(byteCount: byteCount) { buffer in
            do throws(CryptoError) { try fill(buffer) } catch { failure = error }
        }
        if let failure { throw failure }   // `key` is released and cleansed here
        return key
    }

    /// A new key of `byteCount` bytes from OpenSSL's CSPRNG.
    public static func random(byteCount: Int = 32) throws(CryptoError) -> SecretKey {
        guard byteCount >= 0 else { throw .invalidInput("negative key length") }
        return try filling(byteCount: byteCount) { (buffer) throws(CryptoError) in
            try SecureRandom.fill(buffer)
        }
    }

    /// Gives read access to the secret bytes for the duration of `body`. Do not copy them out.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<byteCount]))
    }

    deinit {
        if let base = storage.baseAddress { OPENSSL_cleanse(base, storage.count) }
        storage.deallocate()
    }
}

/// Overwrites an array's bytes with zeros in place (for caller-owned copies of secrets).
public func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
    }
}
