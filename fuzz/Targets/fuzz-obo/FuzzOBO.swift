import MendelKnowledge

/// Parses the input as an HPO OBO file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? OBOParser.parse(Array(UnsafeBufferPointer(start: data, count: size)), fileName: "fuzz.obo")
    return 0
}
