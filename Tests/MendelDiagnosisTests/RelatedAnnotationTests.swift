import Foundation
import MendelCore
import Testing
@testable import MendelDiagnosis
import MendelKnowledge

/// Related-annotation borrowing in an allelic series (`relatedAnnotationUniqueGeneSet`), on the full HPO release.
@Suite struct RelatedAnnotationTests {
    /// Candidates that borrowed at least one annotation from another KB entry, and the gene set of every candidate.
    func borrowing(_ ranker: PhenotypeRanker) -> (borrowed: Set<Int32>, geneSets: [[Int32]]) {
        let index = ranker.index
        var borrowed = Set<Int32>()
        var geneSets: [[Int32]] = []
        for candidate in 0..<index.candidateCount {
            let own = index.candidates[candidate]
            geneSets.append(ranker.knowledgeBase.diseases[Int(own)].geneIndices)
            // Related-annotation borrowing only (gene-profile backoff entries, `sparseBackoffStrength`, are another mechanism).
            if index.directAnnotations[candidate].contains(where: { $0.source != own && !$0.backoff }) { borrowed.insert(Int32(candidate)) }
        }
        return (borrowed, geneSets)
    }

    @Test func allelicSeriesBorrowsNothingButUniqueGeneSetsStillDo() throws {
        guard FileManager.default.fileExists(atPath: fullReleaseDirectory.appendingPathComponent("phenotype.hpoa").path) else {
            print("SKIP: data/hpo not present (scripts/fetch-kb)"); return
        }
        let kb = try KnowledgeBase.load(directory: fullReleaseDirectory)
        var parameters = DiagnosisParameters.default
        parameters.namespaces = ["OMIM"]
        var unique = parameters
        unique.relatedAnnotationUniqueGeneSet = true
        let shared = borrowing(try PhenotypeRanker(knowledgeBase: kb, parameters: parameters))
        let own = borrowing(try PhenotypeRanker(knowledgeBase: kb, parameters: unique))
        var candidatesPerGeneSet: [[Int32]: Int] = [:]
        for genes in shared.geneSets where !genes.isEmpty { candidatesPerGeneSet[genes, default: 0] += 1 }
        let series = shared.borrowed.filter { (candidatesPerGeneSet[shared.geneSets[Int($0)]] ?? 0) > 1 }
        let single = shared.borrowed.subtracting(series)
        // The default borrows into both kinds; the option stops exactly the allelic-series borrowing.
        #expect(!series.isEmpty && !single.isEmpty)
        #expect(own.borrowed == single)
    }

    @Test func genotypeModeUsesTheUniqueGeneSetRuleByDefault() throws {
        let kb = try KnowledgeBase.load(directory: fixtureDirectory)
        let phenotype = try PhenotypeRanker(knowledgeBase: kb)
        #expect(!phenotype.parameters.relatedAnnotationUniqueGeneSet)
        let genotype = try GenotypeAwareRanker(phenotypeRanker: phenotype)
        #expect(genotype.phenotypeRanker.parameters.relatedAnnotationUniqueGeneSet)
        var keep = GenotypeParameters.default
        keep.phenotypeRelatedAnnotationUniqueGeneSet = nil
        keep.phenotypeNonMatchFloor = nil
        keep.phenotypeAnnotationMassExponent = nil
        keep.phenotypeSparseBackoffStrength = nil
        #expect(try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: keep).phenotypeRanker === phenotype)
        // Partial parameter files: an explicit null keeps the phenotype ranker's rule, a missing key the default.
        let decoded = try JSONDecoder().decode(GenotypeParameters.self, from: Data(#"{"phenotypeRelatedAnnotationUniqueGeneSet": null}"#.utf8))
        #expect(decoded.phenotypeRelatedAnnotationUniqueGeneSet == nil)
        #expect(try JSONDecoder().decode(GenotypeParameters.self, from: Data("{}".utf8)).phenotypeRelatedAnnotationUniqueGeneSet == true)
        let diagnosis = try JSONDecoder().decode(DiagnosisParameters.self, from: Data(#"{"relatedAnnotationUniqueGeneSet": true}"#.utf8))
        #expect(diagnosis.relatedAnnotationUniqueGeneSet && diagnosis.relatedAnnotationWeight == DiagnosisParameters.default.relatedAnnotationWeight)
    }
}
