import MendelCrypto
import Testing

/// Any change to a sealed box, its associated data or its key must be rejected.
@Suite struct AESGCMTamperTests {
    let key: SecretKey
    let aad: [UInt8] = Array("patients/notes/42/v1".utf8)
    let message: [UInt8] = Array("short note".utf8)
    let sealed: [UInt8]

    init() throws {
        key = try SecretKey.random()
        sealed = try AESGCM.seal(message, key: key, aad: aad)
    }

    @Test func everySingleBitFlipIsRejected() throws {
        #expect(try AESGCM.open(sealed, key: key, aad: aad) == message)
        var rejected = 0
        for byteIndex in sealed.indices {
            for bit in 0..<8 {
                var tampered = sealed
                tampered[byteIndex] ^= UInt8(1) << UInt8(bit)
                #expect(throws: CryptoError.authenticationFailed) {
                    try AESGCM.open(tampered, key: key, aad: aad)
                }
                rejected += 1
            }
        }
        // nonce (12) + ciphertext (10) + tag (16) bytes, 8 bits each.
        #expect(rejected == (12 + message.count + 16) * 8)
    }

    @Test func everyTruncationIsRejected() throws {
        for length in 0..<sealed.count {
            let truncated = Array(sealed[..<length])
            #expect(throws: CryptoError.self) { try AESGCM.open(truncated, key: key, aad: aad) }
        }
        // Truncated tags through the explicit-tag API.
        let nonce = Array(sealed[..<12])
        let ciphertext = Array(sealed[12..<(sealed.count - 16)])
        let tag = Array(sealed[(sealed.count - 16)...])
        #expect(try AESGCM.open(ciphertext: ciphertext, tag: tag, key: key, nonce: nonce, aad: aad) == message)
        for length in 0..<16 {
            #expect(throws: CryptoError.authenticationFailed) {
                try AESGCM.open(ciphertext: ciphertext, tag: Array(tag[..<length]), key: key, nonce: nonce, aad: aad)
            }
        }
        // Dropping trailing ciphertext bytes while keeping the tag.
        for drop in 1...ciphertext.count {
            let shortened = nonce + ciphertext.dropLast(drop) + tag
            #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(shortened, key: key, aad: aad) }
        }
    }

    @Test func wrongAssociatedDataIsRejected() throws {
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.open(sealed, key: key, aad: Array("patients/notes/43/v1".utf8))
        }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: key, aad: []) }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: key, aad: aad + [0]) }
    }

    @Test func wrongKeyIsRejected() throws {
        let other = try SecretKey.random()
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: other, aad: aad) }
    }
}
