import Foundation
import MendelCore
import MendelCrypto
import MendelInference

/// A versioned prompt template file (`Policies/prompts/*.txt`). Its SHA-256 goes into every decision
/// record that used it. Format: optional `#` comment lines, then a `[system]` section and a `[user]`
/// section; `{{name}}` placeholders are filled from structured, de-identified values only.
public struct PromptTemplate: Sendable, Hashable {
    public let name: String
    public let system: String
    public let user: String
    /// Lowercase hex SHA-256 of the file bytes.
    public let digest: String

    public static let differentialFile = "assist-differential.v1.txt"
    public static let geneSummaryFile = "assist-gene-summary.v1.txt"

    public init(bytes: [UInt8], name: String) throws(AssistError) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .templateInvalid(name: name, reason: "not UTF-8") }
        var system: [Substring] = [], user: [Substring] = []
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "[system]" { section = "system"; continue }
            if line == "[user]" { section = "user"; continue }
            switch section {
            case "system": system.append(line)
            case "user": user.append(line)
            default:
                guard line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) else {
                    throw .templateInvalid(name: name, reason: "text before the [system] section")
                }
            }
        }
        self.system = system.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        self.user = user.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !self.system.isEmpty, !self.user.isEmpty else { throw .templateInvalid(name: name, reason: "needs a [system] and a [user] section") }
        self.name = name
        self.digest = SHA256.hexHash(bytes)
    }

    /// Reads `directory/name`.
    public static func load(directory: URL, name: String) throws(AssistError) -> PromptTemplate {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
            throw .templateUnavailable(name: name, reason: "not found in \(directory.lastPathComponent)/")
        }
        return try PromptTemplate(bytes: [UInt8](data), name: name)
    }

    /// Placeholders used by the template.
    public var placeholders: Set<String> {
        var names: Set<String> = []
        for text in [system, user] {
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { break }
                names.insert(String(rest[open.upperBound..<close.lowerBound]))
                rest = rest[close.upperBound...]
            }
        }
        return names
    }

    /// The chat messages with every placeholder filled; a placeholder without a value is an error.
    public func messages(_ values: [String: String]) throws(AssistError) -> [ChatMessage] {
        for name in placeholders where values[name] == nil {
            throw .templateInvalid(name: self.name, reason: "no value for placeholder \(name)")
        }
        // One pass, so a value that happens to contain `{{…}}` is never expanded again.
        func fill(_ text: String) -> String {
            var out = ""
            var rest = Substring(text)
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                out += rest[..<open.lowerBound]
                let key = String(rest[open.upperBound..<close.lowerBound])
                out += values[key] ?? "{{\(key)}}"
                rest = rest[close.upperBound...]
            }
            return out + rest
        }
        return [ChatMessage(role: "system", content: fill(system)), ChatMessage(role: "user", content: fill(user))]
    }
}
