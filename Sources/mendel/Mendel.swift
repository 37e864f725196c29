import ArgumentParser
import Foundation
import MendelClient
import MendelCore

/// `mendel`: the command-line client of `mendeld`. Every command talks to the daemon over its Unix
/// socket, except `audit verify --offline`, which checks a copied log with only the public key.
@main
struct Mendel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mendel",
        abstract: "Clinical genetics diagnosis: submit cases, analyse them, read explainable reports, audit decisions.",
        discussion: """
        The daemon socket is taken from --socket, else $MENDEL_SOCKET, else ./var/run/mendeld.sock (a dev checkout), \
        else /run/mendel/mendeld.sock. Your identity is read by the daemon from the kernel; roles come from Policies/access.yaml.
        """,
        version: MendelClientVersion.current,
        subcommands: [DaemonCommand.self, WhoAmI.self, CaseCommand.self, PatientCommand.self, KeysCommand.self, KnowledgeCommand.self, JobCommand.self, ModelCommand.self,
                      AuditCommand.self, PolicyCommand.self, FairnessCommand.self, ReanalyzeCommand.self, GeneCommand.self]
    )
}

/// Options every command that talks to the daemon takes.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the daemon's Unix socket.")
    var socket: String?

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    var socketPath: String {
        if let socket { return socket }
        if let env = ProcessInfo.processInfo.environment["MENDEL_SOCKET"], !env.isEmpty { return env }
        let dev = FileManager.default.currentDirectoryPath + "/var/run/mendeld.sock"
        if FileManager.default.fileExists(atPath: dev) { return dev }
        return "/run/mendel/mendeld.sock"
    }

    func client(timeoutSeconds: Int = 300) -> UnixSocketHTTPClient {
        UnixSocketHTTPClient(socketPath: socketPath, timeoutSeconds: timeoutSeconds)
    }
}

/// Runs a request and turns a non-2xx answer into a `ClientError.server` with the daemon's message.
func perform(_ client: UnixSocketHTTPClient, _ method: String, _ path: String, body: [UInt8]? = nil) throws -> ClientResponse {
    let response = try client.send(method: method, path: path, body: body)
    try checkStatus(response)
    return response
}

func checkStatus(_ response: ClientResponse) throws {
    guard (200..<300).contains(response.status) else {
        let decoded = try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(response.body))
        throw ClientError.server(status: response.status, code: decoded?.error.code ?? "http.\(response.status)",
                                 message: decoded?.error.message ?? "the daemon answered HTTP \(response.status)")
    }
}

struct ErrorEnvelope: Decodable {
    struct Detail: Decodable { var code: String; var message: String }
    var error: Detail
}

func decode<T: Decodable>(_ type: T.Type, _ response: ClientResponse) throws -> T {
    do {
        return try JSONDecoder().decode(T.self, from: Data(response.body))
    } catch {
        throw ClientError.malformedResponse("could not decode \(T.self)")
    }
}

/// Prints raw JSON bytes (already canonical from the daemon).
func printJSON(_ response: ClientResponse) {
    FileHandle.standardOutput.write(Data(response.body))
}

func printEncoded<T: Encodable>(_ value: T) {
    if let data = try? CanonicalJSON.encodePretty(value) {
        FileHandle.standardOutput.write(data)
        print()
    }
}

/// Maps client errors to exit codes with a one-line message on stderr.
func runClient(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ClientError {
        FileHandle.standardError.write(Data("mendel: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    }
}

func percentEncode(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~:"))) ?? text
}
