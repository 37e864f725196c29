import Foundation
@testable import MendelKnowledge

/// Repository root, found through the dev-package symlinks.
let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let fixtureDirectory = repositoryRoot.appendingPathComponent("Fixtures/kb")
let fullReleaseDirectory = repositoryRoot.appendingPathComponent("data/hpo")

/// A fresh temporary directory (removed by the caller with `cleanUp`).
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mendel-kb-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func cleanUp(_ url: URL) {
    // Snapshot files are read-only; make them writable so they can be removed.
    if let items = FileManager.default.enumerator(atPath: url.path) {
        for case let item as String in items {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.appendingPathComponent(item).path)
        }
    }
    try? FileManager.default.removeItem(at: url)
}

/// Writes the three HPO files into a new temporary directory.
func writeKnowledgeFiles(obo: String, hpoa: String, genes: String) throws -> URL {
    let directory = try temporaryDirectory()
    try obo.write(to: directory.appendingPathComponent("hp.obo"), atomically: true, encoding: .utf8)
    try hpoa.write(to: directory.appendingPathComponent("phenotype.hpoa"), atomically: true, encoding: .utf8)
    try genes.write(to: directory.appendingPathComponent("genes_to_phenotype.txt"), atomically: true, encoding: .utf8)
    return directory
}

/// A tiny ontology: All > Phenotypic abnormality > {A > {A1, A2 (alt_id HP:0000109)}, B}; D is_a A1 and B (a
/// diamond); HP:0000108 obsolete, replaced by A1; HP:0000107 obsolete with a `consider`; three inheritance terms.
let tinyOBO = """
format-version: 1.2
data-version: hp/releases/test

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000118
name: Phenotypic abnormality
is_a: HP:0000001 ! All

[Term]
id: HP:0000100
name: Term A
synonym: "A term" EXACT layperson []
synonym: "Broad A" BROAD []
is_a: HP:0000118 ! Phenotypic abnormality

[Term]
id: HP:0000101
name: Term A1
is_a: HP:0000100 ! Term A

[Term]
id: HP:0000102
name: Term A2
alt_id: HP:0000109
is_a: HP:0000100 ! Term A

[Term]
id: HP:0000200
name: Term B
is_a: HP:0000118 ! Phenotypic abnormality

[Term]
id: HP:0000300
name: Term D
is_a: HP:0000101 ! Term A1
is_a: HP:0000200 ! Term B

[Term]
id: HP:0000108
name: obsolete Term X
is_obsolete: true
replaced_by: HP:0000101

[Term]
id: HP:0000107
name: obsolete Term Y
is_obsolete: true
consider: HP:0000200

[Term]
id: HP:0000006
name: Autosomal dominant inheritance
is_a: HP:0000001 ! All

[Term]
id: HP:0001417
name: X-linked inheritance
is_a: HP:0000001 ! All

[Term]
id: HP:0001419
name: X-linked recessive inheritance
is_a: HP:0001417 ! X-linked inheritance

[Typedef]
id: part_of
name: part of
"""

let hpoaHeader = """
#description: "test annotations"
#version: 2025-01-16
database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration

"""

/// One hpoa row from its 12 columns (biocuration filled in).
func hpoaRow(_ id: String, _ name: String, _ term: String, qualifier: String = "", reference: String = "PMID:1",
             evidence: String = "PCS", onset: String = "", frequency: String = "", sex: String = "", modifier: String = "",
             aspect: String = "P") -> String {
    [id, name, qualifier, term, reference, evidence, onset, frequency, sex, modifier, aspect, "HPO:test[2025-01-01]"]
        .joined(separator: "\t") + "\n"
}

let genesHeader = "ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id\n"
