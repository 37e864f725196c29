/// The canonical associated data (AAD) bound into every vault ciphertext.
///
/// Layout: the tag `mendel-vault-aad-v1`, then table, column, row id and patient id, each as a 4-byte
/// big-endian length plus UTF-8 bytes, then the key version as 4 bytes big-endian. Because every field
/// is length-prefixed, no two different bindings give the same bytes; a ciphertext copied into another
/// row, column, table or patient fails authentication.
///
/// Row ids: `patients` → the patient id; `documents` → `<case id>/<kind>`;
/// `results` → `<result id>/<case id>/<kind>/v<version>` (so a result cannot be moved to another case,
/// kind, or renumbered to look like the latest). Key version: for PHI fields the patient's DEK version;
/// for the wrapped DEK the master-key (KEK) version; for the key check the KEK version.
struct AssociatedData {
    static let tag = Array("mendel-vault-aad-v1".utf8)

    static func bytes(table: String, column: String, rowID: String, patientID: String, keyVersion: Int) -> [UInt8] {
        var out = tag
        out.reserveCapacity(tag.count + 64 + rowID.utf8.count)
        for field in [table, column, rowID, patientID] {
            let utf8 = Array(field.utf8)
            append(UInt32(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        }
        append(UInt32(truncatingIfNeeded: keyVersion), to: &out)
        return out
    }

    private static func append(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 24))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }
}
