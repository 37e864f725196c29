import Foundation
import Testing
@testable import MendelInference

/// Inputs that crashed a fuzz target (fuzz/crashes/…) must now give a precise error.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a GGUF tensor whose size overflows Int is refused, not a trap (fuzz-gguf crash-00e0877f)")
    func ggufSizeOverflow() throws {
        let crash = Self.root.appendingPathComponent("fuzz/crashes/fuzz-gguf/crash-00e0877fae659b37518bc8557c3e2758138b6a74")
        let bytes = try Data(contentsOf: crash)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-overflow-\(UUID().uuidString).gguf")
        try bytes.write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            _ = try GGUFFile(path: copy.path)
            Issue.record("the crafted file should be refused")
        } catch {
            #expect(error.code == "inference.gguf" || error.description.contains("overflow"), "\(error)")
        }
    }

    @Test("a GGUF token type outside Int32 is a tokenizer error, not a trap (fuzz-gguf crash-842817f8)")
    func ggufTokenTypeOutOfRange() throws {
        // The committed crash input: tokenizer.ggml.token_type is a uint32 array holding 0x8c9a988e.
        let crash = Self.root.appendingPathComponent("fuzz/crashes/fuzz-gguf/crash-842817f862ba9b986b32a3254fb8ec7ae2ed95ee")
        let file = try Self.parse(Data(contentsOf: crash))
        #expect(throws: InferenceError.tokenizer(reason: "tokenizer.ggml.token_type[2] is not a 32-bit integer")) {
            try BPETokenizer(gguf: file)
        }
        // Minimal derived input: two tokens, the second with type 2^31 (uint32); the same with 1 parses.
        for (type, valid) in [(UInt32(1) << 31, false), (1, true)] {
            let small = try Self.parse(Data(Self.tokenizerGGUF(tokenTypes: [1, type])))
            if valid {
                #expect(try BPETokenizer(gguf: small).vocabularySize == 2)
            } else {
                #expect(throws: InferenceError.tokenizer(reason: "tokenizer.ggml.token_type[1] is not a 32-bit integer")) {
                    try BPETokenizer(gguf: small)
                }
            }
        }
    }

    @Test("GGUF arrays nested deeper than the cap are refused (no unbounded recursion)")
    func ggufNestedArrays() throws {
        func header(nesting: Int) -> [UInt8] {
            var out: [UInt8] = []
            func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
            func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
            u32(0x4655_4747); u32(3); u64(0); u64(1)
            u64(1); out.append(UInt8(ascii: "k")); u32(9)
            for level in 0..<nesting { u32(level == nesting - 1 ? 4 : 9); u64(1) }
            u32(7)
            return out
        }
        let nested = try Self.parse(Data(header(nesting: ByteReader.maxArrayNesting)))
        #expect(nested.metadata["k"] != nil)
        #expect(throws: InferenceError.gguf(reason: "array 'k' is nested more than 8 levels deep")) {
            try Self.parse(Data(header(nesting: 100_000)))
        }
    }

    /// Parses `bytes` as a GGUF file (through a temporary file, as the parser maps files).
    static func parse(_ bytes: Data) throws -> GGUFFile {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-fuzz-\(UUID().uuidString).gguf")
        try bytes.write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        return try GGUFFile(path: copy.path)
    }

    /// A GGUF header with a gpt2 tokenizer of tokens "a", "b" and the given uint32 token types.
    static func tokenizerGGUF(tokenTypes: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func str(_ s: String) { u64(UInt64(s.utf8.count)); out.append(contentsOf: s.utf8) }
        u32(0x4655_4747); u32(3); u64(0); u64(4)
        str("tokenizer.ggml.model"); u32(8); str("gpt2")
        str("tokenizer.ggml.tokens"); u32(9); u32(8); u64(2); str("a"); str("b")
        str("tokenizer.ggml.merges"); u32(9); u32(8); u64(0)
        str("tokenizer.ggml.token_type"); u32(9); u32(4); u64(UInt64(tokenTypes.count)); tokenTypes.forEach(u32)
        return out
    }
}
