/// Errors that cross a module boundary carry a stable machine-readable code and a message that is
/// safe to log, audit and send to a client: it never contains patient data.
public protocol MendelError: Error, CustomStringConvertible, Sendable {
    /// Stable, dotted code such as `vault.wrong_key` or `vcf.malformed_line`.
    var code: String { get }
}
