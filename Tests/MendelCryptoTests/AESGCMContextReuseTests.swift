import MendelCrypto
import Testing

/// Seal/open reuse keyed OpenSSL contexts per key; reuse must never carry state (nonce, AAD, tag, a failed
/// check) from one call into the next.
@Suite struct AESGCMContextReuseTests {
    @Test func repeatedKnownAnswerWithOneKeyGivesTheSameResult() throws {
        let key = SecretKey(copying: try hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"))
        let nonce = try hex("cafebabefacedbaddecaf888")
        let aad = try hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let plaintext = try hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
        for round in 0..<5 {
            // Interleave unrelated work on the same key between rounds.
            let other = try AESGCM.seal(Array(repeating: UInt8(round), count: 100 * round), key: key, aad: [UInt8(round)])
            _ = try AESGCM.open(other, key: key, aad: [UInt8(round)])
            let sealed = try AESGCM.seal(plaintext, key: key, nonce: nonce, aad: aad)
            #expect(sealed.tag.hexString == "76fc6ece0f4e1768cddf8853bb2d551b", "round \(round)")
            #expect(try AESGCM.open(ciphertext: sealed.ciphertext, tag: sealed.tag, key: key, nonce: nonce, aad: aad) == plaintext)
        }
    }

    @Test func failedOpenDoesNotAffectLaterCalls() throws {
        let key = try SecretKey.random()
        let boxes = try (0..<20).map { i in try AESGCM.seal(Array(repeating: UInt8(i), count: i * 37), key: key, aad: [UInt8(i)]) }
        for (i, box) in boxes.enumerated() {
            var bad = box
            bad[bad.count - 1] ^= 0x80
            #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(bad, key: key, aad: [UInt8(i)]) }
            #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(box, key: key, aad: [UInt8(i &+ 1)]) }
            #expect(try AESGCM.open(box, key: key, aad: [UInt8(i)]) == Array(repeating: UInt8(i), count: i * 37))
        }
    }

    @Test func concurrentUseOfOneKey() async throws {
        let key = try SecretKey.random()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<200 {
                        let message = Array(repeating: UInt8(truncatingIfNeeded: t * 31 + i), count: 64 + i)
                        let sealed = try AESGCM.seal(message, key: key, aad: [UInt8(t)])
                        guard try AESGCM.open(sealed, key: key, aad: [UInt8(t)]) == message else {
                            Issue.record("round trip failed on task \(t)")
                            return
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
