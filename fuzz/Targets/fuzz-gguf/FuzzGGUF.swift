#if canImport(Glibc)
import Glibc
#endif
import MendelInference

/// The header parser reads a memory-mapped file, so each input is written to one temp file first.
/// A parsed header also goes through the GGUF tokenizer loader and an encode/decode round trip.
/// (Note: the mapping is page-granular, so ASan cannot see reads a few bytes past the end.)
let path = "/tmp/mendel-fuzz-gguf-\(getpid()).gguf"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard writeInput(data, size, to: path) else { return 0 }
    guard let file = try? GGUFFile(path: path) else { return 0 }
    if let tokenizer = try? BPETokenizer(gguf: file) {
        let ids = tokenizer.encode("Seizures, hypotonia <|im_start|> ¿é? 123", parseSpecial: true, addBOS: true)
        _ = tokenizer.decode(ids)
    }
    return 0
}

func writeInput(_ data: UnsafePointer<UInt8>, _ size: Int, to path: String) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        if n <= 0 { return false }
        written += n
    }
    return true
}
