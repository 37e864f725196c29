import Foundation
import MendelCore
import MendelFairness
import MendelPolicy
import MendelVariants
import MendelVault

/// Builds the cohort fairness report over the stored analyses: group labels (sex, age band, ancestry) from each
/// case's phenopacket, the rank of the known diagnosis (phenopacket `interpretations`/`diseases`, evaluation only)
/// in the stored ranking, the classes of all classified alleles, and the stored counterfactual checks. Thresholds
/// come from the active `Policies/fairness.yaml`. The document holds counts and rates only — no case ids.
struct CohortFairnessBuilder: Sendable {
    let context: DaemonContext

    func build(policy: PolicySet, bootstrapIterations: Int) async throws -> FairnessReportDocument {
        let vault = context.vault
        let (records, summary, withTruth) = try await BlockingWork.run { () throws -> ([CohortRecord], CounterfactualCohortSummary, Int) in
            var records: [CohortRecord] = []
            var summary = CounterfactualCohortSummary()
            var withTruth = 0
            var offset = 0
            while true {
                let page = try vault.listCases(limit: 500, offset: offset)
                for item in page {
                    guard let stored = try vault.latestResult(case: item.id, kind: CaseAnalyzer.resultKind),
                          let analysis = try? JSONDecoder().decode(CaseAnalysis.self, from: Data(stored)),
                          let phenopacketBytes = try vault.document(.phenopacket, of: item.id),
                          let phenopacket = try? Phenopacket.decode(Data(phenopacketBytes)) else { continue }
                    let record = Self.record(analysis: analysis, phenopacket: phenopacket, phenopacketBytes: phenopacketBytes)
                    if record.truthKnown { withTruth += 1 }
                    records.append(record)
                    if let fairness = analysis.fairness { summary.add(fairness) }
                }
                if page.count < 500 { break }
                offset += 500
            }
            return (records, summary, withTruth)
        }
        guard !records.isEmpty else {
            throw APIError.conflict(code: "fairness.no_analyses", "no analysed cases yet; analyse cases first (`mendel case analyze`)")
        }
        let thresholds = DisparityThresholds(policy: policy.fairness)
        let cohort = try CohortMetrics(thresholds: thresholds, bootstrapIterations: bootstrapIterations)
            .report(records, attributes: FairnessReportDocument.attributes)
        var notes: [String] = []
        if records.allSatisfy({ $0.groups["ancestry"] == "unknown" }) {
            notes.append("no case records an ancestry label (phenopacket subject.ancestry); the ancestry grouping has one group")
        }
        if withTruth == 0 { notes.append("no case has a known diagnosis (phenopacket interpretations/diseases): top-1/top-10 are not computed") }
        return FairnessReportDocument(source: "daemon", generatedAt: CaseAnalyzer.timestamp(), cases: records.count, casesWithTruth: withTruth,
                                      policy: policy.hash, action: policy.fairness.action.rawValue, counterfactual: summary,
                                      cohort: cohort, notes: notes)
    }

    static func record(analysis: CaseAnalysis, phenopacket: Phenopacket, phenopacketBytes: [UInt8]) -> CohortRecord {
        let truth = TruthFields.diseaseIDs(phenopacketBytes)
        let ranks = truth.compactMap { id in analysis.diagnoses.first { $0.diseaseID == id }?.rank }
        var classes: [ACMGClass] = []
        if let counts = analysis.variantClassCounts {
            for (name, count) in counts.sorted(by: { $0.key < $1.key }) {
                if let cls = ACMGClass(rawValue: name) { classes += Array(repeating: cls, count: count) }
            }
        } else {
            classes = analysis.variants.compactMap { ACMGClass(rawValue: $0.classification) }
        }
        return CohortRecord(groups: ["sex": phenopacket.subject?.sex?.rawValue ?? "UNKNOWN_SEX",
                                     "age_band": AgeBand(iso8601: phenopacket.subject?.timeAtLastEncounter?.age?.iso8601duration).rawValue,
                                     "ancestry": FairnessStep.ancestryLabel(phenopacketBytes) ?? "unknown"],
                            truthKnown: !truth.isEmpty, truthRank: ranks.min(), variantClasses: classes)
    }

    /// The known diagnosis of a phenopacket (evaluation only; never an input of the engines).
    struct TruthFields: Decodable {
        struct Term: Decodable { var id: String }
        struct Disease: Decodable { var term: Term? }
        struct Diagnosis: Decodable { var disease: Term? }
        struct Interpretation: Decodable { var diagnosis: Diagnosis? }
        var interpretations: [Interpretation]?
        var diseases: [Disease]?

        static func diseaseIDs(_ bytes: [UInt8]) -> [String] {
            guard let doc = try? JSONDecoder().decode(TruthFields.self, from: Data(bytes)) else { return [] }
            let ids = (doc.interpretations ?? []).compactMap { $0.diagnosis?.disease?.id } + (doc.diseases ?? []).compactMap { $0.term?.id }
            var seen = Set<String>()
            return ids.filter { seen.insert($0).inserted }
        }
    }
}
