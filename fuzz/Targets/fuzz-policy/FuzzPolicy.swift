@testable import MendelPolicy
import Yams

/// Parses the input as a policy file. The first byte picks the schema (access, privacy, fairness,
/// interpretation); the rest is the YAML text. Uses the module's internal per-file parsers (the
/// public `PolicyLoader.load(directory:)` reads a whole directory with ownership checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0] % 4
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    guard let text = String(validating: body, as: UTF8.self) else { return 0 }
    let reader = YAMLReader(file: "fuzz.yaml")
    guard let root = try? reader.root(of: text) else { return 0 }
    switch selector {
    case 0: _ = try? AccessPolicy.parse(root, reader: reader)
    case 1: _ = try? PrivacyPolicy.parse(root, reader: reader)
    case 2: _ = try? FairnessPolicy.parse(root, reader: reader)
    default: _ = try? reader.json(root)
    }
    return 0
}
