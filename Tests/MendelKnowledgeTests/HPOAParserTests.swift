import Foundation
import MendelCore
import Testing
@testable import MendelKnowledge

@Suite struct HPOAParserTests {
    @Test func parsesAllColumns() throws {
        let text = hpoaHeader
            + hpoaRow("OMIM:100001", "Disease one", "HP:0000101", reference: "PMID:1;OMIM:100001", onset: "HP:0003577", frequency: "3/4", sex: "female", modifier: "HP:0012828;HP:0012829")
            + hpoaRow("OMIM:100001", "Disease one", "HP:0000200", qualifier: "NOT", evidence: "TAS", frequency: "HP:0040281")
            + hpoaRow("ORPHA:5", "Disease five", "HP:0000102", evidence: "IEA", frequency: "25%", aspect: "C")
            + hpoaRow("OMIM:100001", "Disease one", "HP:0000006", evidence: "IEA", aspect: "I")
        let file = try HPOAParser.parse(Array(text.utf8))
        #expect(file.version == "2025-01-16")
        #expect(file.header["description"] == "\"test annotations\"")
        #expect(file.diseases.map(\.id.rawValue) == ["OMIM:100001", "ORPHA:5"])
        let one = file.diseases[0].annotations
        #expect(one.count == 3)
        #expect(one[0] == PhenotypeAnnotation(term: HPOTermID("HP:0000101")!, frequency: .ratio(numerator: 3, denominator: 4),
                                              onset: HPOTermID("HP:0003577"), sex: .female,
                                              modifiers: [HPOTermID("HP:0012828")!, HPOTermID("HP:0012829")!],
                                              aspect: .phenotype, evidence: .pcs, references: "PMID:1;OMIM:100001"))
        #expect(one[0].referenceList == ["PMID:1", "OMIM:100001"])
        #expect(one[1].negated && one[1].frequency == .term(HPOTermID("HP:0040281")!))
        #expect(one[2].aspect == .inheritance)
        #expect(file.diseases[1].annotations[0].frequency == .percent(25))
        #expect(file.diseases[1].annotations[0].aspect == .clinicalCourse)
    }

    @Test func frequencyEstimates() {
        #expect(AnnotationFrequency.term(HPOTermID("HP:0040280")!).estimate == 1)
        #expect(AnnotationFrequency.term(HPOTermID("HP:0040281")!).estimate == 0.895)
        #expect(AnnotationFrequency.term(HPOTermID("HP:0040285")!).estimate == 0)
        #expect(AnnotationFrequency.ratio(numerator: 3, denominator: 4).estimate == 0.75)
        #expect(AnnotationFrequency.percent(12.5).estimate == 0.125)
        #expect(AnnotationFrequency.unspecified.estimate == nil)
    }

    /// Each malformed value is reported with its line (header = 3 lines), field number and name.
    @Test(arguments: [
        (hpoaRow("OMIM:1", "D", "HP:0000101", frequency: "5/4"), 8, "frequency", "n/m frequency needs 0 <= n <= m and m > 0"),
        (hpoaRow("OMIM:1", "D", "HP:0000101", frequency: "HP:0000118"), 8, "frequency", "HPO id is not a frequency term (HP:0040280-HP:0040285)"),
        (hpoaRow("OMIM:1", "D", "HP:0000101", frequency: "often"), 8, "frequency", "frequency must be an HPO frequency term, n/m or a percentage"),
        (hpoaRow("OMIM:1", "D", "HP:0000101", frequency: "120%"), 8, "frequency", "percentage frequency must be a number from 0 to 100"),
        (hpoaRow("OMIM:1", "D", "HP:0000101", qualifier: "MAYBE"), 3, "qualifier", "qualifier must be empty or NOT"),
        (hpoaRow("OMIM:1", "D", "HP:101"), 4, "hpo_id", "expected an HPO id HP:nnnnnnn"),
        (hpoaRow("OMIM:1", "D", "HP:0000101", evidence: "XYZ"), 6, "evidence", "evidence must be IEA, PCS, TAS or ICE"),
        (hpoaRow("OMIM:1", "D", "HP:0000101", aspect: "Q"), 11, "aspect", "aspect must be P, I, C, M or H"),
        (hpoaRow("OMIM:1", "D", "HP:0000101", sex: "both"), 9, "sex", "sex must be empty, MALE or FEMALE"),
        (hpoaRow("OMIM1", "D", "HP:0000101"), 1, "database_id", "expected a disease id PREFIX:LOCAL"),
    ])
    func malformedFieldsGivePreciseErrors(row: String, field: Int, name: String, reason: String) {
        let text = hpoaHeader + hpoaRow("OMIM:2", "Fine", "HP:0000101") + row
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "phenotype.hpoa", line: 5, column: field, field: name), reason: reason)) {
            try HPOAParser.parse(Array(text.utf8))
        }
    }

    @Test func wrongFieldCountIsAnError() {
        let text = hpoaHeader + "OMIM:1\tD\t\tHP:0000101\n"
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "phenotype.hpoa", line: 4),
                                                 reason: "expected 12 tab-separated fields, found 4")) {
            try HPOAParser.parse(Array(text.utf8))
        }
    }
}

@Suite struct GeneDiseaseParserTests {
    @Test func readsUniquePairsByHeaderColumns() throws {
        let text = genesHeader
            + "10\tNAT2\tHP:0000007\tAutosomal recessive inheritance\t-\tOMIM:243400\n"
            + "10\tNAT2\tHP:0001939\tAbnormality of metabolism\t-\tOMIM:243400\n"
            + "16\tAARS1\tHP:0002460\tDistal muscle weakness\t15/15\tOMIM:613287\n"
        let pairs = try GeneDiseaseParser.parse(Array(text.utf8))
        #expect(pairs.map { "\($0.gene.symbol)-\($0.disease)" } == ["NAT2-OMIM:243400", "AARS1-OMIM:613287"])
        // phenotype_to_genes.txt has the columns in another order.
        let other = "hpo_id\thpo_name\tncbi_gene_id\tgene_symbol\tdisease_id\nHP:0000001\tAll\t16\tAARS1\tOMIM:613287\n"
        #expect(try GeneDiseaseParser.parse(Array(other.utf8), fileName: "phenotype_to_genes.txt").map(\.gene.ncbiGeneID) == [16])
    }

    @Test func badGeneIDReportsLineAndField() {
        let text = genesHeader + "x10\tNAT2\tHP:0000007\tAR\t-\tOMIM:243400\n"
        #expect(throws: KnowledgeError.malformed(SourceLocation(file: "genes_to_phenotype.txt", line: 2, column: 1, field: "ncbi_gene_id"),
                                                 reason: "expected a numeric NCBI gene id")) {
            try GeneDiseaseParser.parse(Array(text.utf8))
        }
    }

    @Test func missingColumnsAreAnError() {
        #expect(throws: KnowledgeError.self) { try GeneDiseaseParser.parse(Array("a\tb\n1\t2\n".utf8)) }
    }
}
