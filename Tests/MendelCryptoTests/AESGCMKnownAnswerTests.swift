import MendelCrypto
import Testing

/// AES-256-GCM test cases 13-16 of the GCM specification (McGrew & Viega; NIST SP 800-38D).
@Suite struct AESGCMKnownAnswerTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String, key: String, nonce: String, plaintext: String, aad: String, ciphertext: String, tag: String
        var testDescription: String { name }
    }

    static let key15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
    static let vectors: [Vector] = [
        Vector(name: "case 13 (empty)", key: String(repeating: "0", count: 64), nonce: String(repeating: "0", count: 24),
               plaintext: "", aad: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
        Vector(name: "case 14 (one block)", key: String(repeating: "0", count: 64), nonce: String(repeating: "0", count: 24),
               plaintext: "00000000000000000000000000000000", aad: "",
               ciphertext: "cea7403d4d606b6e074ec5d3baf39d18", tag: "d0d1c8a799996bf0265b98b5d48ab919"),
        Vector(name: "case 15 (64 bytes)", key: key15, nonce: "cafebabefacedbaddecaf888",
               plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
               aad: "",
               ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
               tag: "b094dac5d93471bdec1a502270e3cc6c"),
        Vector(name: "case 16 (60 bytes + AAD)", key: key15, nonce: "cafebabefacedbaddecaf888",
               plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
               aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
               ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
               tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
    ]

    @Test(arguments: vectors)
    func sealMatchesVector(_ v: Vector) throws {
        let key = SecretKey(copying: try hex(v.key))
        let sealed = try AESGCM.seal(try hex(v.plaintext), key: key, nonce: try hex(v.nonce), aad: try hex(v.aad))
        #expect(sealed.ciphertext.hexString == v.ciphertext)
        #expect(sealed.tag.hexString == v.tag)
    }

    @Test(arguments: vectors)
    func openMatchesVector(_ v: Vector) throws {
        let key = SecretKey(copying: try hex(v.key))
        let opened = try AESGCM.open(ciphertext: try hex(v.ciphertext), tag: try hex(v.tag), key: key,
                                     nonce: try hex(v.nonce), aad: try hex(v.aad))
        #expect(opened.hexString == v.plaintext)
        // The combined form (nonce || ciphertext || tag) opens the same vector.
        let combined = try hex(v.nonce) + hex(v.ciphertext) + hex(v.tag)
        #expect(try AESGCM.open(combined, key: key, aad: try hex(v.aad)).hexString == v.plaintext)
    }

    @Test func randomNonceRoundTripAndFreshNonces() throws {
        let key = try SecretKey.random()
        let message = Array("genome".utf8)
        let a = try AESGCM.seal(message, key: key, aad: [1, 2, 3])
        let b = try AESGCM.seal(message, key: key, aad: [1, 2, 3])
        #expect(a.count == AESGCM.nonceByteCount + message.count + AESGCM.tagByteCount)
        #expect(a != b, "two seals of the same message must use different nonces")
        #expect(try AESGCM.open(a, key: key, aad: [1, 2, 3]) == message)
        #expect(try AESGCM.open(b, key: key, aad: [1, 2, 3]) == message)
        let empty = try AESGCM.seal([], key: key, aad: [])
        #expect(try AESGCM.open(empty, key: key, aad: []) == [])
    }

    @Test func largeInputRoundTrip() throws {
        let key = try SecretKey.random()
        let message = try SecureRandom.bytes(3 << 20)
        let sealed = try AESGCM.seal(message, key: key, aad: Array("vcf".utf8))
        #expect(try AESGCM.open(sealed, key: key, aad: Array("vcf".utf8)) == message)
    }

    @Test func wrongKeyLengthIsRejected() throws {
        let short = SecretKey(copying: [UInt8](repeating: 1, count: 16))
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 16)) {
            try AESGCM.seal([1], key: short, aad: [])
        }
        #expect(throws: CryptoError.self) {
            try AESGCM.seal([1], key: try SecretKey.random(), nonce: [0, 1, 2], aad: [])
        }
    }
}
