import Foundation
import MendelCore
import MendelDiagnosis
import MendelKnowledge

let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixtureDirectory = repositoryRoot.appendingPathComponent("Fixtures/kb")
let fullReleaseDirectory = repositoryRoot.appendingPathComponent("data/hpo")

func term(_ text: String) -> HPOTermID { HPOTermID(text)! }
func disease(_ text: String) -> DiseaseID { DiseaseID(text)! }

/// All > Phenotypic abnormality > {A > {A1 > A1a, A2 (alt_id HP:0000109)}, B}; HP:0000108 obsolete → A1;
/// HP:0000107 obsolete without replacement; inheritance terms.
let handOBO = """
format-version: 1.2
data-version: hp/releases/hand

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000118
name: Phenotypic abnormality
is_a: HP:0000001

[Term]
id: HP:0000100
name: A
is_a: HP:0000118

[Term]
id: HP:0000101
name: A1
is_a: HP:0000100

[Term]
id: HP:0000103
name: A1a
is_a: HP:0000101

[Term]
id: HP:0000102
name: A2
alt_id: HP:0000109
is_a: HP:0000100

[Term]
id: HP:0000200
name: B
is_a: HP:0000118

[Term]
id: HP:0000108
name: obsolete X
is_obsolete: true
replaced_by: HP:0000101

[Term]
id: HP:0000107
name: obsolete Y
is_obsolete: true

[Term]
id: HP:0003674
name: Onset
is_a: HP:0000001

[Term]
id: HP:0011463
name: Childhood onset
is_a: HP:0003674

[Term]
id: HP:0003581
name: Adult onset
is_a: HP:0003674

[Term]
id: HP:0001417
name: X-linked inheritance
is_a: HP:0000001

[Term]
id: HP:0001419
name: X-linked recessive inheritance
is_a: HP:0001417

"""

func hpoaLine(_ id: String, _ term: String, qualifier: String = "", frequency: String = "", aspect: String = "P") -> String {
    [id, "Disease \(id)", qualifier, term, "PMID:1", "PCS", "", frequency, "", "", aspect, "HPO:test"].joined(separator: "\t") + "\n"
}

/// Four diseases: D1 and D4 identical (A1 at 1/2), D2 (A2, very frequent; X-linked recessive; childhood onset),
/// D3 (B at 100 %, NOT A). Hand parameters use aspect P only, so the onset annotation matters only where a
/// test enables aspect C.
let handHPOA = "#version: hand\n"
    + "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n"
    + hpoaLine("OMIM:000001", "HP:0000101", frequency: "1/2")
    + hpoaLine("OMIM:000002", "HP:0000102", frequency: "HP:0040281")
    + hpoaLine("OMIM:000002", "HP:0001419", aspect: "I")
    + hpoaLine("OMIM:000002", "HP:0011463", aspect: "C")
    + hpoaLine("OMIM:000003", "HP:0000200", frequency: "100%")
    + hpoaLine("OMIM:000003", "HP:0000100", qualifier: "NOT")
    + hpoaLine("OMIM:000004", "HP:0000101", frequency: "1/2")

let handGenes = "ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id\n"
    + "1\tGENE1\tHP:0000101\tA1\t-\tOMIM:000001\n" + "2\tGENE2\tHP:0000102\tA2\t-\tOMIM:000002\n"
    + "3\tGENE3\tHP:0000200\tB\t-\tOMIM:000003\n" + "1\tGENE1\tHP:0000101\tA1\t-\tOMIM:000004\n"
    + "4\tGENE4\tHP:0000101\tA1\t-\tOMIM:000004\n"

/// Parameters for hand computation: raw n/m, no related annotations, every ancestor usable, excluded terms undamped.
var handParameters: DiagnosisParameters {
    var p = DiagnosisParameters()
    p.defaultFrequency = 0.5
    p.ratioPseudoCount = 0
    p.minimumFrequency = 0.01
    p.propagation = .max
    p.backgroundPseudoCount = 0.5
    p.specificMatchWeight = 0.5
    p.commonAncestorWeight = 0.25
    p.ancestorCoverageLimit = 1
    p.maximumLog10LR = 4
    p.nonMatchFloor = 0.01
    p.negatedMatchLR = 0.005
    p.excludedWeight = 1
    p.excludedFrequencyCap = 0.9
    p.excludedFrequencyThreshold = 0
    p.excludedAscertainmentWeight = 0
    p.femaleXLinkedRecessiveLR = 0.2
    p.onsetWeight = 1
    p.relatedAnnotationWeight = 0
    p.aspects = ["P"]
    return p
}

/// Loads the hand-made KB from a temporary directory.
func handKnowledgeBase() throws -> KnowledgeBase {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mendel-dx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try handOBO.write(to: directory.appendingPathComponent("hp.obo"), atomically: true, encoding: .utf8)
    try handHPOA.write(to: directory.appendingPathComponent("phenotype.hpoa"), atomically: true, encoding: .utf8)
    try handGenes.write(to: directory.appendingPathComponent("genes_to_phenotype.txt"), atomically: true, encoding: .utf8)
    return try KnowledgeBase.load(directory: directory)
}
