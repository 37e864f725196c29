import MendelCrypto
import Testing

@Suite struct SHA256Tests {
    @Test func fips180Abc() {
        #expect(SHA256.hexHash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexHash([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func incrementalMatchesOneShot() {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hasher = SHA256Hasher()
        var offset = 0
        for size in [1, 63, 64, 65, 4096, 10_000] {
            hasher.update(Array(data[offset..<(offset + size)]))
            offset += size
        }
        hasher.update(Array(data[offset...]))
        #expect(hasher.finalize() == SHA256.hash(data))
        // After finalize the hasher starts over.
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize().hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

/// RFC 4231 test cases 1, 2, 3, 4, 6, 7 (case 5 tests truncated output, which this API does not offer).
@Suite struct HMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String, key: [UInt8], message: [UInt8], mac: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "case 1", key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8),
               mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(name: "case 2", key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8),
               mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(name: "case 3", key: [UInt8](repeating: 0xaa, count: 20), message: [UInt8](repeating: 0xdd, count: 50),
               mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(name: "case 4", key: Array(1...25), message: [UInt8](repeating: 0xcd, count: 50),
               mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(name: "case 6", key: [UInt8](repeating: 0xaa, count: 131),
               message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
               mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(name: "case 7", key: [UInt8](repeating: 0xaa, count: 131),
               message: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
               mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func rfc4231(_ v: Vector) throws {
        let key = SecretKey(copying: v.key)
        let mac = HMACSHA256.authenticate(v.message, key: key)
        #expect(mac.hexString == v.mac)
        #expect(HMACSHA256.isValid(mac, for: v.message, key: key))
        var altered = mac
        altered[31] ^= 1
        #expect(!HMACSHA256.isValid(altered, for: v.message, key: key))
        #expect(!HMACSHA256.isValid(Array(mac.prefix(16)), for: v.message, key: key))
        #expect(!HMACSHA256.isValid(mac, for: v.message + [0], key: key))
    }
}

@Suite struct ByteHelperTests {
    @Test func hexRoundTripAndRejectsMalformed() {
        let bytes: [UInt8] = [0x00, 0x0f, 0xa0, 0xff]
        #expect(bytes.hexString == "000fa0ff")
        #expect([UInt8](hex: "000FA0ff") == bytes)
        #expect([UInt8](hex: "abc") == nil)
        #expect([UInt8](hex: "zz") == nil)
        #expect([UInt8](hex: "") == [])
    }

    @Test func constantTimeEquality() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(constantTimeEquals([], []))
    }

    @Test func randomBytesDiffer() throws {
        let a = try SecureRandom.bytes(32), b = try SecureRandom.bytes(32)
        #expect(a.count == 32 && a != b)
        #expect(try SecretKey.random(byteCount: 48).byteCount == 48)
    }
}
