import Foundation
import MendelCore
import Testing
@testable import MendelDiagnosis
import MendelKnowledge

/// Gene-profile backoff of sparsely annotated diseases (`sparseBackoffStrength` k): a term the disease lacks scores
/// floor^(1 − w) · (P_G/bg)^w with w = k/(M + k), P_G = mean frequency over the other diseases of the same gene set.
/// Own KB: an allelic series of gene G1 — RICH (A2 4/4, B 2/4) and SPARSE (A1a 1/2, NOT A2, onset aspect C) — plus
/// OTHER (G2: B 1/1) and LONE (G3: A2 1/1), each alone on its gene.
@Suite struct GeneProfileBackoffTests {
    static let hpoa = "#version: hand\n"
        + "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n"
        + hpoaLine("OMIM:000010", "HP:0000102", frequency: "4/4") + hpoaLine("OMIM:000010", "HP:0000200", frequency: "2/4")
        + hpoaLine("OMIM:000010", "HP:0003581", aspect: "C")
        + hpoaLine("OMIM:000011", "HP:0000103", frequency: "1/2") + hpoaLine("OMIM:000011", "HP:0000102", qualifier: "NOT")
        + hpoaLine("OMIM:000012", "HP:0000200", frequency: "1/1")
        + hpoaLine("OMIM:000013", "HP:0000102", frequency: "1/1")
    static let genes = "ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id\n"
        + "1\tG1\tHP:0000102\tA2\t-\tOMIM:000010\n" + "1\tG1\tHP:0000103\tA1a\t-\tOMIM:000011\n"
        + "2\tG2\tHP:0000200\tB\t-\tOMIM:000012\n" + "3\tG3\tHP:0000102\tA2\t-\tOMIM:000013\n"

    let kb: KnowledgeBase
    let floor = log10(0.01)  // handParameters.nonMatchFloor

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mendel-backoff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try handOBO.write(to: directory.appendingPathComponent("hp.obo"), atomically: true, encoding: .utf8)
        try Self.hpoa.write(to: directory.appendingPathComponent("phenotype.hpoa"), atomically: true, encoding: .utf8)
        try Self.genes.write(to: directory.appendingPathComponent("genes_to_phenotype.txt"), atomically: true, encoding: .utf8)
        kb = try KnowledgeBase.load(directory: directory)
    }

    func ranker(_ k: Double, aspects: [String] = ["P"]) throws -> PhenotypeRanker {
        var parameters = handParameters
        parameters.sparseBackoffStrength = k
        parameters.aspects = aspects
        return try PhenotypeRanker(knowledgeBase: kb, parameters: parameters)
    }

    func score(_ ranking: PhenotypeRanking, _ id: String) throws -> Double {
        try #require(ranking.score(of: disease(id))).score
    }

    /// bg(B): RICH 0.5 + OTHER 1, pseudo-count 0.5, 4 candidates + 1 (backoff entries do not count).
    let bgB = (0.5 + 1 + 0.5) / 5

    @Test func sparseDiseaseBorrowsItsSiblingsFeatureTempered() throws {
        let query = PhenotypeQuery(observed: [term("HP:0000200")])
        let off = try ranker(0).rank(query)
        let on = try ranker(1).rank(query)
        // SPARSE: M = 0.5, w = 1/1.5; P_G(B) = 0.5 (its only sibling RICH). The pooled LR beats its best match without the
        // backoff (the shared ancestor Phenotypic abnormality, partial credit) and becomes its score.
        let w = 1 / 1.5
        let pooled = (1 - w) * floor + w * log10(0.5 / bgB)
        #expect(pooled > (try score(off, "OMIM:000011")) + 0.1)
        #expect(abs(try score(on, "OMIM:000011") - pooled) < 1e-5)
        // Own annotations and diseases without siblings are unchanged; so are the backgrounds.
        for id in ["OMIM:000010", "OMIM:000012", "OMIM:000013"] { #expect(try score(on, id) == (try score(off, id))) }
        // The borrowed feature never beats the sibling that has it.
        #expect(try score(on, "OMIM:000010") > (try score(on, "OMIM:000011")))
    }

    @Test func richSiblingBorrowsLessThanSparseOne() throws {
        // RICH lacks A1a (SPARSE's feature): M = 1.5, w = 1/2.5 — a smaller share than SPARSE got.
        let ranker = try ranker(1)
        let index = ranker.index
        let a1a = try #require(kb.ontology.index(of: term("HP:0000103")))
        let bg = index.background[Int(a1a)]
        #expect(abs(bg - (0.5 + 0.5) / 5) < 1e-9)
        let rich = try #require(index.candidates.firstIndex { kb.diseases[Int($0)].id == disease("OMIM:000010") })
        let sparse = try #require(index.candidates.firstIndex { kb.diseases[Int($0)].id == disease("OMIM:000011") })
        #expect(abs(Double(index.backoffWeight[rich]) - 1 / 2.5) < 1e-6 && abs(Double(index.backoffWeight[sparse]) - 1 / 1.5) < 1e-6)
        let entry = try #require(index.entry(term: a1a, candidate: Int32(rich)))
        let w = 1 / 2.5
        #expect(index.entryBackoff[entry])
        #expect(abs(Double(index.entryLogRatio[entry]) - ((1 - w) * floor + w * log10(0.5 / bg))) < 1e-5)
        let ranking = ranker.rank(PhenotypeQuery(observed: [term("HP:0000103")]))
        #expect(try score(ranking, "OMIM:000011") > (try score(ranking, "OMIM:000010")))
    }

    @Test func negatedTermsAndOnsetAreNotBorrowed() throws {
        let ranker = try ranker(1, aspects: ["P", "C"])
        let sparse = try #require(ranker.index.candidates.firstIndex { kb.diseases[Int($0)].id == disease("OMIM:000011") })
        let borrowed = ranker.index.directAnnotations[sparse].filter { $0.backoff }.map { kb.ontology.ids[Int($0.term)] }
        // SPARSE is annotated NOT A2, and RICH's adult onset (aspect C) describes RICH, not the series: only B is borrowed.
        #expect(borrowed == [term("HP:0000200")])
        let ranking = ranker.rank(PhenotypeQuery(observed: [term("HP:0000102")]))
        #expect(abs(try score(ranking, "OMIM:000011") - log10(0.005)) < 1e-6)
    }

    @Test func excludedTermGetsNoAbsencePenaltyFromABorrowedFeature() throws {
        var parameters = handParameters
        parameters.sparseBackoffStrength = 1
        parameters.excludedFrequencyThreshold = 0
        let ranking = try PhenotypeRanker(knowledgeBase: kb, parameters: parameters)
            .rank(PhenotypeQuery(observed: [], excluded: [term("HP:0000200")]))
        // A borrowed feature is no annotation of SPARSE: it scores like a disease that does not imply B.
        #expect(abs(try score(ranking, "OMIM:000011") - log10(1 / (1 - bgB))) < 1e-6)
    }

    @Test func explanationShowsTheGeneProfileWeightAndSumsToTheScore() throws {
        let ranking = try ranker(1).rank(PhenotypeQuery(observed: [term("HP:0000200"), term("HP:0000103")]))
        let explanation = try #require(ranking.explain(disease("OMIM:000011")))
        #expect(abs(explanation.log10CompositeLikelihoodRatio - (try score(ranking, "OMIM:000011"))) < 1e-9)
        let borrowed = try #require(explanation.terms.first { $0.term == term("HP:0000200") })
        #expect(borrowed.annotationSource == disease("OMIM:000010"))
        #expect(abs((borrowed.geneProfileWeight ?? 0) - 1 / 1.5) < 1e-6)
        #expect(borrowed.frequency == 0.5)
        let own = try #require(explanation.terms.first { $0.term == term("HP:0000103") })
        #expect(own.geneProfileWeight == nil && own.annotationSource == nil && own.matchType == .exact)
        let entry = try #require(explanation.traceEntries.first { $0.values["term"] == .string("HP:0000200") })
        #expect(entry.values["gene_profile_weight"] != nil && entry.values["annotation_source"] == .string("OMIM:000010"))
        #expect(entry.message.contains("gene profile of OMIM:000010"))
    }

    @Test func onInGenotypeModeOffInPhenotypeOnlyRanking() throws {
        #expect(DiagnosisParameters.default.sparseBackoffStrength == 0)
        #expect(GenotypeParameters.default.phenotypeSparseBackoffStrength == 1)
        let phenotype = try ranker(0)
        var parameters = GenotypeParameters.default
        parameters.phenotypeNonMatchFloor = nil; parameters.phenotypeAnnotationMassExponent = nil
        parameters.phenotypeRelatedAnnotationUniqueGeneSet = nil
        let genotype = try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: parameters)
        #expect(genotype.phenotypeRanker !== phenotype && genotype.phenotypeRanker.parameters.sparseBackoffStrength == 1)
        parameters.phenotypeSparseBackoffStrength = nil
        #expect(try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: parameters).phenotypeRanker === phenotype)
        parameters.phenotypeSparseBackoffStrength = -1
        #expect(throws: DiagnosisError.self) { try GenotypeAwareRanker(phenotypeRanker: phenotype, parameters: parameters) }
        var invalid = handParameters
        invalid.sparseBackoffStrength = -1
        #expect(throws: DiagnosisError.self) { try PhenotypeRanker(knowledgeBase: kb, parameters: invalid) }
        // Partial parameter files.
        let decoded = try JSONDecoder().decode(DiagnosisParameters.self, from: Data(#"{"sparseBackoffStrength": 2}"#.utf8))
        #expect(decoded.sparseBackoffStrength == 2 && decoded.nonMatchFloor == DiagnosisParameters.default.nonMatchFloor)
        let genotypeNull = try JSONDecoder().decode(GenotypeParameters.self, from: Data(#"{"phenotypeSparseBackoffStrength": null}"#.utf8))
        #expect(genotypeNull.phenotypeSparseBackoffStrength == nil)
    }
}
