#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MendelInference

/// The tokenizers and their loaders. The first byte selects (mod 4), the rest is the input:
///  0: text → `WordPieceTokenizer.encode` / `tokens` with the real all-MiniLM-L6-v2 vocabulary
///  1: text → `BPETokenizer.encode` (special-token parsing and BOS from the selector's bits) / `decode`
///     with the real SmolLM2 GGUF vocabulary and merges
///  2: a `tokenizer.json` → `WordPieceTokenizer.load(tokenizerJSON:)` and `BPETokenizer.load(tokenizerJSON:)`,
///     then an encode/decode with what loaded
///  3: a `vocab.txt` → `WordPieceTokenizer.load(directory:)`, then an encode
/// Without `data/models` (scripts/fetch-models), modes 0 and 1 use tiny built-in vocabularies.
let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let scratch = "/tmp/mendel-fuzz-tokenizer-\(getpid())"

let wordPiece: WordPieceTokenizer? = {
    let directory = repositoryRoot.appendingPathComponent("data/models/all-minilm-l6-v2")
    if let real = try? WordPieceTokenizer.load(directory: directory) { return real }
    return try? WordPieceTokenizer(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "seiz", "##ure", "##s", "hypo", "##ton", "##ia", ",", "."])
}()

let bpe: BPETokenizer? = {
    let path = repositoryRoot.appendingPathComponent("data/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf").path
    if let file = try? GGUFFile(path: path), let real = try? BPETokenizer(gguf: file) { return real }
    let bytes = (0...255).map { String(UnicodeScalar(UInt8($0))) }
    return try? BPETokenizer(tokens: bytes + ["<|im_start|>", "se", "iz"], types: Array(repeating: .normal, count: 256) + [.control, .normal, .normal],
                             merges: [], preTokenizer: .gpt2, bosID: 256, eosID: 256, addBOS: true, endOfGeneration: [256])
}()

/// Loads both vocabularies before the first input: the real SmolLM2 merges take seconds to load, which would
/// otherwise count against libFuzzer's per-unit timeout on a busy machine.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = wordPiece
    _ = bpe
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let rest = UnsafeBufferPointer(start: data + 1, count: size - 1)
    switch selector % 4 {
    case 0:
        guard let wordPiece else { return 0 }
        let ids = wordPiece.encode(String(decoding: rest, as: UTF8.self), maxLength: 128)
        _ = wordPiece.tokens(ids)
    case 1:
        guard let bpe else { return 0 }
        let ids = bpe.encode(String(decoding: rest, as: UTF8.self), parseSpecial: selector & 4 != 0, addBOS: selector & 8 != 0)
        _ = bpe.decode(ids)
    case 2:
        guard write(rest, to: scratch + ".json") else { return 0 }
        let url = URL(fileURLWithPath: scratch + ".json")
        if let loaded = try? WordPieceTokenizer.load(tokenizerJSON: url) {
            _ = loaded.tokens(loaded.encode("Seizures, hypotonia; ¿é? 123 [MASK]", maxLength: 64))
        }
        if let loaded = try? BPETokenizer.load(tokenizerJSON: url) {
            _ = loaded.decode(loaded.encode("Seizures <|im_start|> ¿é? 123", parseSpecial: true, addBOS: true))
        }
    default:
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        guard write(rest, to: scratch + "/vocab.txt") else { return 0 }
        if let loaded = try? WordPieceTokenizer.load(directory: URL(fileURLWithPath: scratch)) {
            _ = loaded.tokens(loaded.encode("Seizures, hypotonia; ¿é? 123", maxLength: 64))
        }
    }
    return 0
}

func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return false }
    guard let base = bytes.baseAddress else { close(fd); return true }
    defer { close(fd) }
    var written = 0
    while written < bytes.count {
        let n = Glibc.write(fd, base + written, bytes.count - written)
        if n <= 0 { return false }
        written += n
    }
    return true
}
