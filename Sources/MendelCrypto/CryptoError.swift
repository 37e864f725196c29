import MendelCore

/// Errors of MendelCrypto. Messages name functions, fields and paths, never key material or plaintext.
public enum CryptoError: MendelError, Equatable {
    /// Tag, associated data or key did not match when opening a sealed box.
    case authenticationFailed
    /// A key had the wrong number of bytes.
    case invalidKeyLength(expected: Int, actual: Int)
    /// Malformed input, e.g. "sealed box shorter than nonce+tag".
    case invalidInput(String)
    /// An OpenSSL call failed; `reason` is OpenSSL's error string.
    case openSSL(function: String, reason: String)
    /// A key file was missing, had wrong permissions, owner or size, or could not be written.
    case keyFile(path: String, reason: String)

    public var code: String {
        switch self {
        case .authenticationFailed: "crypto.authentication_failed"
        case .invalidKeyLength: "crypto.invalid_key_length"
        case .invalidInput: "crypto.invalid_input"
        case .openSSL: "crypto.openssl"
        case .keyFile: "crypto.key_file"
        }
    }

    public var description: String {
        switch self {
        case .authenticationFailed:
            "authentication failed: ciphertext, tag, associated data or key do not match"
        case .invalidKeyLength(let expected, let actual):
            "invalid key length: expected \(expected) bytes, got \(actual)"
        case .invalidInput(let message):
            "invalid input: \(message)"
        case .openSSL(let function, let reason):
            "OpenSSL \(function) failed: \(reason)"
        case .keyFile(let path, let reason):
            "key file \(path): \(reason)"
        }
    }
}
