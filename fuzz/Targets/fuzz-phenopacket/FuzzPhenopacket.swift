import Foundation
import MendelCore

/// Decodes the input as a GA4GH phenopacket and as the daemon's case-submission body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = try? Phenopacket.decode(bytes)
    _ = try? JSONDecoder().decode(API.SubmitCaseRequest.self, from: bytes)
    return 0
}
