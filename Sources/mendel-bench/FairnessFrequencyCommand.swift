import ArgumentParser
import Foundation
import MendelFairness
import MendelVariants

/// `mendel-bench fairness-frequency`: the per-decision ancestry-aware frequency check on cited group frequencies
/// (`fairness-cases.tsv`): the frequency criteria and class under the group maximum (as `acmg-frequency`: the cited
/// value is a supplied group maximum with its group), and whether the check flags the row for review — class differs
/// under pooled-only/European-only frequency, or the group's data cannot exclude BS1 (`SmallSampleReview`).
/// Writes case_id, criteria_met, class, needs_review, review_reason; prints the counts against the target
/// "every row flagged or classified B/LB; none P/LP".
struct FairnessFrequencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairness-frequency",
        abstract: "Ancestry-aware frequency check on cited group frequencies; counts rows B/LB, flagged for review, P/LP.")

    @Option(help: "TSV with case_id, gene, population, af_cited, ac, an, af_is_filtering_af (testable = no rows are skipped).") var `in`: String
    @Option(help: "Output TSV.") var out: String

    func run() throws {
        let table = try AcmgBenchTSV(path: `in`)
        let c = (id: try table.column("case_id"), gene: try table.column("gene"), population: try table.column("population"),
                 af: try table.column("af_cited"), ac: table.header.firstIndex(of: "ac"), an: table.header.firstIndex(of: "an"),
                 faf: table.header.firstIndex(of: "af_is_filtering_af"), testable: table.header.firstIndex(of: "testable"),
                 hgvs: table.header.firstIndex(of: "variation"))
        let check = AncestryFrequencyCheck(policy: .default)
        var output = "case_id\tcriteria_met\tclass\tneeds_review\treview_reason\n"
        var counts = (rows: 0, benign: 0, review: 0, reviewOnly: 0, pathogenic: 0, neither: 0)
        for row in table.rows where AcmgBenchTSV.field(row, c.testable).lowercased() != "no" {
            let af = Double(AcmgBenchTSV.field(row, c.af))
            let isFiltering = AcmgBenchTSV.field(row, c.faf).lowercased() == "yes"
            let group = PopulationFrequency(group: AcmgBenchTSV.field(row, c.population),
                                            alleleCount: Int(AcmgBenchTSV.field(row, c.ac)), alleleNumber: Int(AcmgBenchTSV.field(row, c.an)),
                                            alleleFrequency: isFiltering ? nil : af, filteringAF: isFiltering ? af : nil)
            let evidence = FrequencyEvidence(groups: [], dataset: "cited", covered: false,
                                             supplied: af == nil && group.alleleNumber == nil ? nil
                                                 : SuppliedGroupMaximum(frequency: group, origin: "cited group maximum"))
            let gene = AcmgBenchTSV.field(row, c.gene)
            let finding = check.check(key: AcmgBenchTSV.field(row, c.id), gene: gene, hgvsc: AcmgHGVSText.coding(in: AcmgBenchTSV.field(row, c.hgvs)),
                                      otherEvaluations: [], evidence: evidence)
            let cls = finding?.classes[.groupMaximum] ?? .uncertain
            let review = finding?.needsReview ?? false
            counts.rows += 1
            if cls.isBenignSide { counts.benign += 1 } else if cls.isPathogenicSide { counts.pathogenic += 1 }
            if review { counts.review += 1; if !cls.isBenignSide { counts.reviewOnly += 1 } }
            if !cls.isBenignSide && !review { counts.neither += 1 }
            output += "\(AcmgBenchTSV.field(row, c.id))\t\((finding?.decidedCriteria ?? []).joined(separator: ";"))\t\(cls.rawValue)\t\(review ? "yes" : "no")\t\(finding?.reviewReason ?? "")\n"
        }
        try output.write(toFile: out, atomically: true, encoding: .utf8)
        print("fairness-frequency: \(counts.rows) rows: \(counts.benign) B/LB, \(counts.reviewOnly) not B/LB but flagged for review, "
              + "\(counts.neither) neither (target 0), \(counts.pathogenic) P/LP (target 0); \(counts.review) rows flagged in all → \(out)")
    }
}
