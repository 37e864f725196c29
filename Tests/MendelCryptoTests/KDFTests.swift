import MendelCrypto
import Testing

/// HKDF-SHA256, RFC 5869 appendix A, test cases 1-3.
@Suite struct HKDFTests {
    @Test func rfc5869Case1() throws {
        let okm = try HKDF.deriveKey(from: SecretKey(copying: [UInt8](repeating: 0x0b, count: 22)),
                                     salt: Array(0x00...0x0c), info: Array(0xf0...0xf9), outputByteCount: 42)
        #expect(exposedBytes(okm).hexString
            == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test func rfc5869Case2() throws {
        let okm = try HKDF.deriveKey(from: SecretKey(copying: Array(0x00...0x4f)),
                                     salt: Array(0x60...0xaf), info: Array(0xb0...0xff), outputByteCount: 82)
        #expect(exposedBytes(okm).hexString
            == "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
             + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
             + "cc30c58179ec3e87c14c01d5c1f3434f1d87")
    }

    @Test func rfc5869Case3EmptySaltAndInfo() throws {
        let okm = try HKDF.deriveKey(from: SecretKey(copying: [UInt8](repeating: 0x0b, count: 22)),
                                     salt: [], info: [], outputByteCount: 42)
        #expect(exposedBytes(okm).hexString
            == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
    }

    @Test func differentInfoGivesDifferentKeysAndBadLengthsFail() throws {
        let ikm = try SecretKey.random()
        let a = try HKDF.deriveKey(from: ikm, salt: [1], info: Array("kek".utf8))
        let b = try HKDF.deriveKey(from: ikm, salt: [1], info: Array("index".utf8))
        #expect(exposedBytes(a) != exposedBytes(b))
        #expect(throws: CryptoError.self) { try HKDF.deriveKey(from: ikm, salt: [], info: [], outputByteCount: 0) }
        #expect(throws: CryptoError.self) { try HKDF.deriveKey(from: ikm, salt: [], info: [], outputByteCount: 8161) }
    }
}

/// scrypt, RFC 7914 section 12 (the N=16 and N=1024 vectors).
@Suite struct ScryptTests {
    @Test func rfc7914EmptyPassphraseN16() throws {
        let key = try Scrypt.deriveKey(passphrase: [], salt: [], parameters: .init(n: 16, r: 1, p: 1), outputByteCount: 64)
        #expect(exposedBytes(key).hexString
            == "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
             + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")
    }

    @Test func rfc7914PasswordNaClN1024() throws {
        let key = try Scrypt.deriveKey(passphrase: Array("password".utf8), salt: Array("NaCl".utf8),
                                       parameters: .init(n: 1024, r: 8, p: 16), outputByteCount: 64)
        #expect(exposedBytes(key).hexString
            == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
             + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func interactiveParametersWorkDespiteOpenSSLDefaultLimit() throws {
        // N=2^15, r=8 needs 32 MiB + a bit; OpenSSL's default maxmem (32 MiB) would refuse it.
        let key = try Scrypt.deriveKey(passphrase: Array("correct horse".utf8), salt: [1, 2, 3, 4],
                                       parameters: .interactive)
        #expect(key.byteCount == 32)
    }

    @Test func invalidParametersAreRefused() {
        #expect(throws: CryptoError.self) {
            try Scrypt.deriveKey(passphrase: [], salt: [], parameters: .init(n: 1000, r: 8, p: 1))
        }
        #expect(throws: CryptoError.self) {
            try Scrypt.deriveKey(passphrase: [], salt: [], parameters: .init(n: 1 << 40, r: 8, p: 1))
        }
        #expect(throws: CryptoError.self) {
            try Scrypt.deriveKey(passphrase: [], salt: [], parameters: .init(n: 16, r: 0, p: 1))
        }
    }
}
