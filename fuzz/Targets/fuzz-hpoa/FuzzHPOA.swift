import MendelKnowledge

/// Parses the input as a phenotype.hpoa annotation file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? HPOAParser.parse(Array(UnsafeBufferPointer(start: data, count: size)), fileName: "fuzz.hpoa")
    return 0
}
