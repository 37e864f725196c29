import Foundation
import MendelCore
import MendelKnowledge
@testable import MendelPhenotype

/// Shared fixtures: the self-made HPO subset in Fixtures/phenotype and a recogniser built from it.
enum FixtureSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtureDirectory = repositoryRoot.appendingPathComponent("Fixtures/phenotype")

    static let lexicon: ConceptLexicon = {
        let url = fixtureDirectory.appendingPathComponent("mini-hp.obo")
        guard let data = try? Data(contentsOf: url), let lexicon = try? ConceptLexicon(oboBytes: [UInt8](data)) else {
            return ConceptLexicon(entries: [])
        }
        return lexicon
    }()

    static let recognizer: PhenotypeRecognizer? = try? PhenotypeRecognizer(lexicon: lexicon)

    static func id(_ number: UInt32) -> HPOTermID { HPOTermID(number: number) }

    static func analyse(_ text: String) throws -> PhenotypeAnalysis {
        guard let recognizer else { throw PhenotypeError.emptyLexicon }
        return recognizer.recognize(text)
    }
}

extension PhenotypeAnalysis {
    var observedIDs: Set<HPOTermID> { Set(observed.map(\.term)) }
    var excludedIDs: Set<HPOTermID> { Set(excluded.map(\.term)) }
    var uncertainIDs: Set<HPOTermID> { Set(uncertain.map(\.term)) }
    var familyIDs: Set<HPOTermID> { Set(family.map(\.term)) }
}
