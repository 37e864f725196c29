import Foundation
import Testing
import MendelCore
import MendelKnowledge
@testable import MendelPhenotype

/// Runs against the full HPO release in data/hpo (fetched by scripts/fetch-kb); skips when absent.
@Suite struct RealHPOIntegrationTests {
    static let hpoDirectory = FixtureSupport.repositoryRoot.appendingPathComponent("data/hpo")

    static let recognizer: PhenotypeRecognizer? = {
        guard let data = try? Data(contentsOf: hpoDirectory.appendingPathComponent("hp.obo")),
              let lexicon = try? ConceptLexicon(oboBytes: [UInt8](data)) else { return nil }
        return try? PhenotypeRecognizer(lexicon: lexicon)
    }()

    func id(_ n: UInt32) -> HPOTermID { HPOTermID(number: n) }

    @Test func clinicalNoteOnTheFullOntology() throws {
        guard let recognizer = Self.recognizer else {
            print("SKIP: data/hpo/hp.obo not found (run scripts/fetch-kb)")
            return
        }
        let note = """
            Seven-year-old girl with global developmental delay, hypoplastic kidneys, café-au-lait spots and \
            elevated CK. Echo showed an ASD. She has no seizures and denies headaches. Her mother has epilepsy. \
            Head circumference < -3 SD.
            """
        let analysis = recognizer.recognize(note)
        #expect(analysis.observedIDs.isSuperset(of: [id(1263), id(89), id(957), id(3236), id(1631), id(252)]))
        #expect(analysis.excludedIDs.isSuperset(of: [id(1250), id(2315)]))
        #expect(!analysis.observedIDs.contains(id(1250)))
        #expect(analysis.mentions.contains { $0.term == id(1250) && $0.assertion.experiencer == .family })
    }

    @Test func negatedTemplatesNeverYieldPresentTerms() throws {
        guard let recognizer = Self.recognizer else {
            print("SKIP: data/hpo/hp.obo not found (run scripts/fetch-kb)")
            return
        }
        let findings = ["seizures", "microcephaly", "hypotonia", "cleft palate", "ventricular septal defect",
                        "short stature", "intellectual disability", "scoliosis", "hearing loss", "cataract"]
        let templates = ["The patient has no {m}.", "She denies {m}.", "{M} was not observed.", "Negative for {m}.",
                         "No evidence of {m}, but normal growth.", "{M} was ruled out."]
        for finding in findings {
            let affirmed = recognizer.recognize("The patient has \(finding).").observedIDs
            #expect(!affirmed.isEmpty, "\(finding) recognised")
            for template in templates {
                let sentence = template.replacingOccurrences(of: "{m}", with: finding)
                    .replacingOccurrences(of: "{M}", with: finding.prefix(1).uppercased() + finding.dropFirst())
                let result = recognizer.recognize(sentence)
                #expect(result.observedIDs.isDisjoint(with: affirmed), "\(sentence)")
                #expect(result.excludedIDs == affirmed, "\(sentence)")
            }
        }
    }

    @Test func geneSymbolsFromTheHPOGeneFile() throws {
        let url = Self.hpoDirectory.appendingPathComponent("genes_to_phenotype.txt")
        guard let data = try? Data(contentsOf: url) else {
            print("SKIP: data/hpo/genes_to_phenotype.txt not found (run scripts/fetch-kb)")
            return
        }
        let associations = try GeneDiseaseParser.parse([UInt8](data))
        var seen = Set<String>()
        var genes: [GeneLexicon.Gene] = []
        for a in associations where seen.insert(a.gene.symbol).inserted {
            genes.append(.init(symbol: a.gene.symbol, ncbiGeneID: a.gene.ncbiGeneID))
        }
        #expect(genes.count > 4000)
        let recognizer = GeneMentionRecognizer(lexicon: GeneLexicon(genes: genes))
        let mentions = recognizer.recognize(
            "Pathogenic FBN1 c.1585C>T and a MECP2 deletion. We met at the clinic; the test kit was fine. KIT mutation negative.")
        #expect(mentions.compactMap(\.symbol) == ["FBN1", "FBN1", "MECP2", "KIT"])
        #expect(mentions.first { $0.kind == .symbol && $0.symbol == "FBN1" }?.ncbiGeneID == 2200)
    }
}
