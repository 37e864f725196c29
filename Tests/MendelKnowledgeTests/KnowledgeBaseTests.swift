import Foundation
import MendelCore
import Testing
@testable import MendelKnowledge

@Suite struct KnowledgeBaseTests {
    @Test func tinyKnowledgeBaseNormalisesAnnotationsAndIndexesGenes() throws {
        let hpoa = hpoaHeader
            + hpoaRow("OMIM:100002", "Second", "HP:0000109")                          // alt_id of A2
            + hpoaRow("OMIM:100002", "Second", "HP:0000108")                          // obsolete → A1
            + hpoaRow("OMIM:100002", "Second", "HP:0000107")                          // obsolete, no replacement → dropped
            + hpoaRow("OMIM:100002", "Second", "HP:0001419", aspect: "I")
            + hpoaRow("OMIM:100001", "First", "HP:0000200", frequency: "1/2")
            + hpoaRow("OMIM:100001", "First", "HP:0000006", aspect: "I")
        let genes = genesHeader + "7\tGENEB\tHP:0000200\tB\t-\tOMIM:100001\n" + "5\tGENEA\tHP:0000102\tA2\t-\tOMIM:100002\n"
            + "5\tGENEA\tHP:0000200\tB\t-\tOMIM:100001\n" + "9\tGENEC\tHP:0000200\tB\t-\tOMIM:999999\n"
        let directory = try writeKnowledgeFiles(obo: tinyOBO, hpoa: hpoa, genes: genes)
        defer { cleanUp(directory) }
        let kb = try KnowledgeBase.load(directory: directory)

        #expect(kb.diseases.map(\.id.rawValue) == ["OMIM:100001", "OMIM:100002"])  // sorted by id
        let second = try #require(kb.disease(DiseaseID("OMIM:100002")!))
        #expect(second.annotations.map(\.term.description) == ["HP:0000102", "HP:0000101", "HP:0001419"])
        #expect(kb.importReport.alternateIDsMapped == 1)
        #expect(kb.importReport.obsoleteTermsReplaced == 1)
        #expect(kb.importReport.annotationsDropped == 1)
        #expect(kb.importReport.droppedTermExamples == ["HP:0000107"])
        #expect(kb.importReport.geneAssociationsWithoutDisease == 1)

        #expect(kb.genes.map(\.symbol) == ["GENEA", "GENEB", "GENEC"])
        #expect(kb.genes(for: DiseaseID("OMIM:100001")!).map(\.symbol) == ["GENEA", "GENEB"])
        #expect(kb.diseases(forGene: "GENEA").map(\.rawValue) == ["OMIM:100001", "OMIM:100002"])
        #expect(kb.diseases(forGene: "NOPE").isEmpty)
        #expect(kb.gene(ncbiGeneID: 7)?.symbol == "GENEB")

        #expect(kb.inheritanceModes(for: DiseaseID("OMIM:100001")!).map(\.category) == [.autosomalDominant])
        #expect(kb.inheritanceModes(for: DiseaseID("OMIM:100002")!).map(\.category) == [.xLinkedRecessive])

        // IC = −ln(fraction of diseases annotated at or below the term): root 0, B and A2 ln 2.
        #expect(kb.informationContent(of: HPOTermID("HP:0000001")!) == 0)
        #expect(abs(kb.informationContent(of: HPOTermID("HP:0000200")!)! - log(2)) < 1e-12)
        #expect(abs(kb.informationContent(of: HPOTermID("HP:0000109")!)! - log(2)) < 1e-12)  // via alt_id
        #expect(kb.manifest.hpoRelease == "hp/releases/test")
        #expect(kb.manifest.annotationRelease == "2025-01-16")
    }

    @Test func fixtureKnowledgeBaseLoadsConsistently() throws {
        let kb = try KnowledgeBase.load(directory: fixtureDirectory)
        let obo = try String(contentsOf: fixtureDirectory.appendingPathComponent("hp.obo"), encoding: .utf8)
        let stanzas = obo.components(separatedBy: "[Term]").count - 1
        let obsolete = obo.components(separatedBy: "is_obsolete: true").count - 1
        #expect(kb.ontology.count == stanzas - obsolete)
        let hpoaIDs = Set(try String(contentsOf: fixtureDirectory.appendingPathComponent("phenotype.hpoa"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("database_id") }
            .map { String($0.split(separator: "\t")[0]) })
        #expect(Set(kb.diseases.map(\.id.rawValue)) == hpoaIDs)
        #expect(kb.importReport.annotationsDropped == 0)
        #expect(kb.genes(for: DiseaseID("OMIM:142900")!).map(\.symbol) == ["TBX5"])
        #expect(kb.inheritanceModes(for: DiseaseID("OMIM:310200")!).contains { $0.category == .xLinkedRecessive })
        #expect(kb.inheritanceModes(for: DiseaseID("OMIM:154700")!).contains { $0.category == .autosomalDominant })
        // Every annotated term and all its ancestors are in the subset.
        for disease in kb.diseases {
            for annotation in disease.annotations { #expect(kb.ontology.index(of: annotation.term) != nil) }
        }
    }

    @Test func missingFileIsReported() throws {
        let directory = try temporaryDirectory()
        defer { cleanUp(directory) }
        try tinyOBO.write(to: directory.appendingPathComponent("hp.obo"), atomically: true, encoding: .utf8)
        #expect(throws: KnowledgeError.missingFile(name: "phenotype.hpoa", directory: directory.path)) {
            try KnowledgeBase.load(directory: directory)
        }
    }
}

@Suite struct KnowledgeSnapshotTests {
    @Test func snapshotCopiesFilesWritesManifestAndKeepsTheVersion() throws {
        let work = try temporaryDirectory()
        defer { cleanUp(work) }
        let destination = work.appendingPathComponent("kb-1")
        let manifest = try KnowledgeSnapshot.build(sourceDirectory: fixtureDirectory, into: destination)
        let plain = try KnowledgeBase.load(directory: fixtureDirectory)
        let snapshot = try KnowledgeBase.load(directory: destination)
        #expect(manifest.version == plain.version)
        #expect(snapshot.version == plain.version)
        #expect(manifest.version.count == 64)
        #expect(manifest.files.map(\.name) == ["genes_to_phenotype.txt", "phenotype.hpoa", "hp.obo"])
        for entry in manifest.files {
            let data = try Data(contentsOf: fixtureDirectory.appendingPathComponent(entry.name))
            #expect(entry.bytes == data.count)
            let attributes = try FileManager.default.attributesOfItem(atPath: destination.appendingPathComponent(entry.name).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o444)
        }
        #expect(try KnowledgeSnapshot.verify(destination) == manifest)
        // Never overwritten.
        #expect(throws: KnowledgeError.self) { try KnowledgeSnapshot.build(sourceDirectory: fixtureDirectory, into: destination) }
    }

    @Test func tamperedSnapshotIsRejected() throws {
        let work = try temporaryDirectory()
        defer { cleanUp(work) }
        let destination = work.appendingPathComponent("kb")
        try KnowledgeSnapshot.build(sourceDirectory: fixtureDirectory, into: destination)
        let target = destination.appendingPathComponent("phenotype.hpoa")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target.path)
        var bytes = try Data(contentsOf: target)
        bytes[bytes.count - 2] ^= 0x01
        try bytes.write(to: target)
        #expect(throws: KnowledgeError.snapshotInvalid(reason: "phenotype.hpoa has a different SHA-256 than recorded")) {
            try KnowledgeBase.load(directory: destination)
        }
    }

    @Test func versionChangesWithContent() throws {
        let a = try writeKnowledgeFiles(obo: tinyOBO, hpoa: hpoaHeader + hpoaRow("OMIM:1", "D", "HP:0000101"), genes: genesHeader)
        let b = try writeKnowledgeFiles(obo: tinyOBO, hpoa: hpoaHeader + hpoaRow("OMIM:1", "D", "HP:0000102"), genes: genesHeader)
        defer { cleanUp(a); cleanUp(b) }
        #expect(try KnowledgeBase.load(directory: a).version != KnowledgeBase.load(directory: b).version)
    }
}

@Suite struct FullReleaseTests {
    /// Imports the full HPO release from `scripts/fetch-kb` (skips when absent).
    @Test func importsTheFullRelease() throws {
        guard FileManager.default.fileExists(atPath: fullReleaseDirectory.appendingPathComponent("hp.obo").path) else {
            print("SKIP: \(fullReleaseDirectory.path) has no HPO release; run scripts/fetch-kb")
            return
        }
        let start = ContinuousClock.now
        let kb = try KnowledgeBase.load(directory: fullReleaseDirectory)
        print("full HPO release loaded in \(ContinuousClock.now - start): \(kb.ontology.count) terms, \(kb.diseases.count) diseases, version \(kb.version.prefix(12))")
        #expect(kb.ontology.count > 15_000)
        #expect(kb.diseases.count > 10_000)
        #expect(kb.importReport.annotationsDropped == 0)
        #expect(kb.genes(for: DiseaseID("OMIM:142900")!).map(\.symbol).contains("TBX5"))
        #expect(kb.diseases(forGene: "FBN1").contains(DiseaseID("OMIM:154700")!))
        #expect(kb.ontology.resolve(HPOTermID("HP:0000624")!) == .alternate(primary: HPOTermID("HP:0000286")!))
    }
}
