import Foundation
import MendelCore
import MendelVariants

/// The variant step of an analysis: VCF bytes → ACMG/AMP classifications, under the interpretation
/// policy. Which of them the analysis lists in full is decided after the ranking (`VariantListingRule`).
struct VariantStep: Sendable {
    let policy: ACMGPolicy
    /// Gene contexts (inheritance, LoF mechanism) from the knowledge base, when one is loaded.
    let knowledge: VariantKnowledge

    struct Outcome: Sendable {
        /// Every classified variant, most pathogenic first.
        var all: [InterpretedVariant]
        var step: AnalysisStep
        var trace: [TraceEntry]
    }

    /// Classifies the variants of the proband (the VCF sample named like the phenopacket subject, else the
    /// first sample). A malformed VCF fails the step with the reader's precise, PHI-free message.
    func run(vcf: [UInt8], subjectID: String?) -> Outcome {
        do {
            let result: VariantAnalysisResult
            do {
                result = try analyze(vcf, proband: subjectID)
            } catch .unknownSample {
                result = try analyze(vcf, proband: nil)
            }
            let ordered = result.variants.sorted { lhs, rhs in
                let l = Self.severity(lhs.classification.classification), r = Self.severity(rhs.classification.classification)
                return l != r ? l < r : lhs.key < rhs.key
            }
            let counts = Dictionary(grouping: ordered, by: { $0.classification.classification.rawValue }).mapValues(\.count)
            let summary = ACMGClass.allCases.map { "\(counts[$0.rawValue, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
            var detail = "\(result.stats.classified) alleles classified (\(summary))"
            if result.stats.skippedMalformedLines > 0 { detail += "; \(result.stats.skippedMalformedLines) malformed lines skipped (see trace)" }
            // Per-variant traces are added for the variants the analysis lists (VariantListingRule), not here.
            return Outcome(all: ordered,
                           step: AnalysisStep(name: "variants", status: "done", detail: detail), trace: result.trace)
        } catch {
            return Outcome(all: [],
                           step: AnalysisStep(name: "variants", status: "failed", detail: error.description), trace: [])
        }
    }

    private func analyze(_ vcf: [UInt8], proband: String?) throws(VCFError) -> VariantAnalysisResult {
        try VariantAnalyzer(policy: policy, knowledge: knowledge, options: VariantAnalysisOptions(proband: proband))
            .analyze(bytes: vcf, label: "case.vcf")
    }

    static func severity(_ value: ACMGClass) -> Int {
        switch value {
        case .pathogenic: 0
        case .likelyPathogenic: 1
        case .uncertain: 2
        case .likelyBenign: 3
        case .benign: 4
        }
    }
}
