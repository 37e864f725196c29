import ArgumentParser
import Foundation
import MendelClient
import MendelCore

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "model", abstract: "On-premise language models (admin).",
                                                    subcommands: [List.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered models with their digests, verified against their files.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try runClient {
                let response = try perform(connection.client(timeoutSeconds: 300), "GET", "/v1/models")
                if connection.json { printJSON(response); return }
                let list = try decode(API.ModelList.self, response)
                if let error = list.error { print("model directory \(list.directory): \(error)") }
                if list.models.isEmpty { print("no models registered in \(list.directory) (run scripts/fetch-models)"); return }
                for model in list.models {
                    print("\(model.id.padding(24)) \(model.kind.padding(8)) \(model.digest.prefix(16))…  "
                          + (model.verified ? "verified" : "REFUSED: \(model.error ?? "files do not match the manifest")"))
                }
                if list.models.contains(where: { !$0.verified }) { throw ExitCode(65) }
            }
        }
    }
}
