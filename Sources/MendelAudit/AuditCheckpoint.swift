import MendelCrypto

/// One line of `checkpoints.log`: an Ed25519 signature over the log's state at `seq`.
///
/// The signed message is the canonical JSON of all fields except `signature`
/// (`head, index, keyID, logID, prev, seq, time, type, v`), with `type` = `mendel.audit.checkpoint`.
/// `head` is the `hash` of audit line `seq` (for seq 0, the genesis hash of the log id); `index` counts
/// checkpoints from 0 and `prev` is hex SHA-256 of the previous checkpoint line (for index 0, the genesis
/// hash), so checkpoints form their own chain. `keyID` is the first 16 hex digits of SHA-256 of the
/// public key, to tell keys apart. Verification needs only the public key.
public struct AuditCheckpoint: Sendable, Hashable {
    public static let type = "mendel.audit.checkpoint"

    public let version: UInt64
    public let index: UInt64
    public let logID: String
    public let seq: UInt64
    public let head: String
    public let time: String
    public let keyID: String
    public let prev: String
    public let signature: String

    static func keyID(of key: Ed25519PublicKey) -> String {
        String(SHA256.hexHash(key.rawRepresentation).prefix(16))
    }

    func canonicalValue(includingSignature: Bool) -> CanonicalValue {
        var fields: [(String, CanonicalValue)] = [
            ("v", .unsigned(version)), ("type", .string(Self.type)), ("index", .unsigned(index)), ("logID", .string(logID)),
            ("seq", .unsigned(seq)), ("head", .string(head)), ("time", .string(time)), ("keyID", .string(keyID)),
            ("prev", .string(prev)),
        ]
        if includingSignature { fields.append(("signature", .string(signature))) }
        return .object(fields)
    }

    /// The bytes the signature covers.
    var signedMessage: [UInt8] { canonicalValue(includingSignature: false).bytes }

    /// Signs a new checkpoint; returns it with its line bytes (without the newline).
    static func make(
        index: UInt64, logID: String, seq: UInt64, head: String, prev: String, signingKey: Ed25519PrivateKey
    ) throws(AuditError) -> (checkpoint: AuditCheckpoint, line: [UInt8]) {
        let draft = AuditCheckpoint(version: 1, index: index, logID: logID, seq: seq, head: head, time: AuditTime.now(),
                                    keyID: keyID(of: signingKey.publicKey), prev: prev, signature: "")
        let signature: [UInt8]
        do { signature = try signingKey.signature(for: draft.signedMessage) } catch { throw .crypto(error) }
        let checkpoint = AuditCheckpoint(version: 1, index: index, logID: logID, seq: seq, head: head, time: draft.time,
                                         keyID: draft.keyID, prev: prev, signature: signature.hexString)
        return (checkpoint, checkpoint.canonicalValue(includingSignature: true).bytes)
    }

    /// Whether the signature is valid under `publicKey`.
    public func isSignatureValid(publicKey: Ed25519PublicKey) -> Bool {
        guard let signatureBytes = [UInt8](hex: signature) else { return false }
        return publicKey.isValidSignature(signatureBytes, for: signedMessage)
    }

    /// Parses a checkpoint line. The line must be canonical and of the right type.
    static func parse(line: ArraySlice<UInt8>) -> Result<AuditCheckpoint, AuditRecord.ParseFailure> {
        let checkpoint: AuditCheckpoint
        do throws(CanonicalParser.Failure) {
            let f = try CanonicalFields(try CanonicalParser.parse(line), path: "")
            guard try f.string("type") == type else { throw CanonicalParser.Failure(message: "not a checkpoint") }
            checkpoint = AuditCheckpoint(
                version: try f.unsigned("v"), index: try f.unsigned("index"), logID: try f.string("logID"),
                seq: try f.unsigned("seq"), head: try f.string("head"), time: try f.string("time"),
                keyID: try f.string("keyID"), prev: try f.string("prev"), signature: try f.string("signature"))
        } catch {
            return .failure(.malformed(error.message))
        }
        guard checkpoint.canonicalValue(includingSignature: true).bytes.elementsEqual(line) else {
            return .failure(.nonCanonical)
        }
        return .success(checkpoint)
    }
}
