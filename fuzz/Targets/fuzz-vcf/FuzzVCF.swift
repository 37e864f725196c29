import MendelVariants

/// Reads the input as a VCF twice: record by record in skip-and-count mode (every line is parsed even
/// after a malformed one), then through the full analysis pipeline with the default ACMG policy.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let options = VCFReaderOptions(malformedLines: .skipAndCount, maxIssuesKept: 16)
    if let reader = try? VCFReader(bytes: bytes, label: "fuzz.vcf", options: options) {
        var count = 0
        while let record = try? reader.next() {
            count &+= record.position &+ record.ref.utf8.count &+ record.alt.utf8.count
            if count == Int.min { print(record) }
        }
    }
    _ = try? VariantAnalyzer().analyze(bytes: bytes, label: "fuzz.vcf")
    return 0
}
