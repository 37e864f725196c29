import Foundation
import MendelCore
import MendelDiagnosis
import MendelVariants
import Testing
@testable import MendelFairness

@Suite("Counterfactual invariance")
struct CounterfactualTests {
    let runner: CaseFairnessRunner
    /// Duchenne muscular dystrophy (DMD, X-linked recessive) features.
    let duchenneTerms = ["HP:0003707", "HP:0003560", "HP:0001256", "HP:0003115"]

    init() throws { runner = try fixtureRunner() }

    @Test("an X-linked change under a sex swap is explained by named rules and passes")
    func xLinkedExplainedChangePasses() throws {
        let vcf = fairnessVCF([FairnessVCFRecord(chrom: "chrX", pos: 31_000_000, consequence: "stop_gained", impact: "HIGH",
                                                 gene: "DMD", hgvsc: "NM_1.1:c.10C>T", genotype: "1")])
        let run = try runner.run(fairnessPhenopacket(sex: .male, terms: duchenneTerms), vcf: (vcf, "x.vcf"))
        let check = try #require(run.report.checks.first)
        #expect(check.perturbation == .sex && check.change == "MALE→FEMALE")
        // The swap changes the Duchenne score (female X-linked recessive prior, hemizygous → one copy in a female) ...
        let dmd = try #require(check.differences.first { $0.item == "OMIM:310200" })
        #expect(dmd.originalScore != dmd.counterfactualScore)
        #expect(dmd.explained)
        #expect(dmd.explainingRules.contains("female_x_linked_recessive"))
        #expect(dmd.explainingRules.contains("genotype_x_linked_hemizygosity"))
        // ... and every change is explained.
        #expect(check.passed && check.unexplainedChanges == 0)
        #expect(run.report.passed)
    }

    @Test("an autosomal case without sex-dependent rules is invariant")
    func autosomalInvariant() throws {
        let vcf = fairnessVCF([FairnessVCFRecord(chrom: "chr15", pos: 48_000_000, gene: "FBN1", genotype: "0/1")])
        let run = try runner.run(fairnessPhenopacket(sex: .female, terms: ["HP:0001166", "HP:0001083"]), vcf: (vcf, "a.vcf"))
        let check = try #require(run.report.checks.first)
        #expect(check.passed)
        #expect(check.differences.allSatisfy { $0.explained })
    }

    @Test("a planted unexplained sex dependence is caught")
    func plantedSexDependenceCaught() throws {
        let query = PhenotypeQuery(observed: duchenneTerms.compactMap { HPOTermID($0) }, sex: .male)
        var flipped = query
        flipped.sex = .female
        let a = runner.phenotypeRanker.rank(query), b = runner.phenotypeRanker.rank(flipped)
        var pair = CounterfactualOutcome.pair(original: a, originalVariants: [], counterfactual: b, counterfactualVariants: [])
        let checker = CounterfactualChecker()
        // Unmodified: the only change is the named female X-linked recessive rule.
        #expect(checker.compare(pair.original, pair.counterfactual, perturbation: .sex, change: "MALE→FEMALE").passed)

        // Plant a sex-dependent boost of an autosomal disease under a rule nobody declared sex-dependent.
        let index = try #require(pair.counterfactual.explanations.firstIndex { $0.diseaseID.rawValue != "OMIM:310200" })
        var planted = pair.counterfactual
        planted.explanations[index].adjustments.append(try adjustment(rule: "sex_prior", log10: 0.477))
        planted.explanations[index].log10CompositeLikelihoodRatio += 0.477
        let caught = checker.compare(pair.original, planted, perturbation: .sex, change: "MALE→FEMALE")
        #expect(!caught.passed && caught.unexplainedChanges == 1)
        let difference = try #require(caught.differences.first { !$0.explained })
        #expect(difference.item == planted.explanations[index].diseaseID.rawValue)
        #expect(abs(difference.unexplainedDelta - 0.477) < 1e-9)

        // A score change hidden outside the explanation (terms + adjustments no longer sum to the score) is caught too.
        var hidden = pair.counterfactual
        hidden.explanations[index].log10CompositeLikelihoodRatio += 0.2
        #expect(!checker.compare(pair.original, hidden, perturbation: .sex, change: "MALE→FEMALE").passed)

        // The declared rule explains nothing under another perturbation (an ancestry change must not move the score).
        #expect(!checker.compare(pair.original, pair.counterfactual, perturbation: .ancestry, change: "afr→nfe").passed)

        // A variant class that changes with sex is never explained.
        pair.original.variantClasses = ["1-100-C-T": .uncertain]
        pair.counterfactual.variantClasses = ["1-100-C-T": .likelyPathogenic]
        let classes = checker.compare(pair.original, pair.counterfactual, perturbation: .sex, change: "MALE→FEMALE")
        #expect(!classes.passed && classes.variantClassesChanged == 1)
    }

    /// A score adjustment under a rule of the test's choosing (built through its Codable form).
    func adjustment(rule: String, log10: Double) throws -> ScoreAdjustment {
        var object = try JSONDecoder().decode([String: JSONValue].self, from: try JSONEncoder().encode(
            try #require(runner.phenotypeRanker.rank(PhenotypeQuery(observed: duchenneTerms.compactMap { HPOTermID($0) }, sex: .female))
                .explain(DiseaseID("OMIM:310200")!)?.adjustments.first)))
        object["rule"] = .string(rule)
        for key in object.keys where key.lowercased().contains("log10") { object[key] = .number(log10) }
        for key in object.keys where key.lowercased().hasPrefix("likelihood") { object[key] = .number(Foundation.pow(10, log10)) }
        return try JSONDecoder().decode(ScoreAdjustment.self, from: try JSONEncoder().encode(object))
    }

    @Test("the report is Codable and its trace names the outcome")
    func reportCodable() throws {
        let run = try runner.run(fairnessPhenopacket(sex: .female, terms: duchenneTerms), vcf: nil)
        let data = try CanonicalJSON.encode(run.report)
        let decoded = try JSONDecoder().decode(CounterfactualReport.self, from: data)
        #expect(decoded.checks.map(\.perturbation) == [.sex, .ancestry, .age, .name] && decoded.passed == run.report.passed)
        #expect(run.report.trace.first?.event == "counterfactual")
        #expect(!decoded.invariantByConstruction.isEmpty)
    }
}
