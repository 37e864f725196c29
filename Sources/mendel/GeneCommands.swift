import ArgumentParser
import Foundation
import MendelClient
import MendelCore

/// `mendel gene show SYMBOL [--case C-…]`: a candidate gene card from the knowledge base.
struct GeneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gene", abstract: "Gene cards: diseases, phenotypes, constraint, GO terms.",
                                                    subcommands: [Show.self], defaultSubcommand: Show.self)

    /// The card as the daemon sends it (`GET /v1/genes/:symbol`).
    struct Card: Decodable {
        struct Sentence: Decodable { var text: String; var evidence: [String]; var grounded: Bool; var issues: [String] }
        var symbol: String
        var diseases: [String]
        var characteristicPhenotypes: [String]
        var explainedPhenotypes: [String]
        var unexplainedPhenotypes: [String]
        var loeuf: Double?
        var goTerms: [String]
        var facts: [String]
        var summary: [Sentence]
        var summaryNote: String?
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a gene card; with --case, which of the case's phenotypes the gene explains and the grounded model summary.")
        @Argument(help: "HGNC gene symbol, e.g. SCN1A.") var symbol: String
        @Option(name: .customLong("case"), help: "Case id (C-…) to relate the gene to.") var caseID: String?
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try runClient {
                var path = "/v1/genes/" + percentEncode(symbol)
                if let caseID { path += "?case=" + percentEncode(caseID) }
                let response = try perform(connection.client(), "GET", path)
                if connection.json { printJSON(response); return }
                let card = try decode(Card.self, response)
                print("Gene \(card.symbol)")
                func list(_ title: String, _ items: [String]) {
                    print("\n\(title):")
                    if items.isEmpty { print("  -") }
                    for item in items { print("  \(item)") }
                }
                list("Diseases (inheritance)", card.diseases)
                list("Characteristic phenotypes (most informative first)", card.characteristicPhenotypes)
                if caseID != nil {
                    list("Case phenotypes explained", card.explainedPhenotypes)
                    list("Case phenotypes not explained", card.unexplainedPhenotypes)
                }
                print("\nConstraint (LOEUF): " + (card.loeuf.map { String(format: "%.2f", $0) } ?? "not imported"))
                list("GO terms (by aspect, evidence codes in brackets; NOT annotations excluded)", card.goTerms)
                let grounded = card.summary.filter(\.grounded)
                if !grounded.isEmpty {
                    print("\nSummary (model-written, grounded in the facts cited):")
                    for sentence in grounded { print("  \(sentence.text) [\(sentence.evidence.joined(separator: ", "))]") }
                }
                if card.summary.count > grounded.count { print("  (\(card.summary.count - grounded.count) ungrounded sentence(s) withheld)") }
                if let note = card.summaryNote { print("  \(note)") }
            }
        }
    }
}
