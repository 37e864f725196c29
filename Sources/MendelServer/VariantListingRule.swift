import MendelCore
import MendelVariants

/// Which classified variants an analysis lists in full — criteria, values and trace — and which it only counts.
///
/// An exome has tens of thousands of variants. Listing every non-benign one made the stored analysis and the JSON
/// report of a 100k-record VCF 685 MB (979k trace entries): more than a clinician can read, and more than the CLI
/// could receive. Listed, in this order, at most `maximum`: every P/LP variant, the VUS in genes of the ranked
/// candidate diseases and genes, then the other VUS (each group most pathogenic first, then by position). B/LB are
/// counted, as before, and so is whatever the maximum cuts; each of those is kept in brief (class and criteria met).
/// The choice depends only on the classifications and the ranking, so a replay lists the same variants; any variant
/// can be re-classified with its full trace from the stored VCF.
struct VariantListingRule: Sendable {
    /// Most variants one analysis lists.
    static let maximum = 500

    let listed: [InterpretedVariant]
    /// The others, in their classification order.
    let unlisted: [InterpretedVariant]
    let summary: VariantListingSummary

    /// - Parameters:
    ///   - ordered: every classified variant, most pathogenic first (`VariantStep.Outcome.all`).
    ///   - candidateGenes: upper-cased symbols of the ranked candidates; nil when there is no ranking.
    init(ordered: [InterpretedVariant], candidateGenes: Set<String>?, maximum: Int = Self.maximum) {
        var pathogenic: [Int] = [], candidateVUS: [Int] = [], otherVUS: [Int] = []
        for (index, variant) in ordered.enumerated() {
            switch variant.classification.classification {
            case .pathogenic, .likelyPathogenic:
                pathogenic.append(index)
            case .uncertain:
                let inCandidate = candidateGenes.map { genes in variant.gene.map { genes.contains($0.uppercased()) } ?? false } ?? true
                if inCandidate { candidateVUS.append(index) } else { otherVUS.append(index) }
            case .likelyBenign, .benign:
                break
            }
        }
        let listedIndices = Array((pathogenic + candidateVUS + otherVUS).prefix(maximum))
        var isListed = [Bool](repeating: false, count: ordered.count)
        for index in listedIndices { isListed[index] = true }
        var notListed: [String: Int] = [:]
        var unlisted: [InterpretedVariant] = []
        for (index, variant) in ordered.enumerated() where !isListed[index] {
            notListed[variant.classification.classification.rawValue, default: 0] += 1
            unlisted.append(variant)
        }
        self.listed = listedIndices.map { ordered[$0] }
        self.unlisted = unlisted
        let order = candidateGenes == nil ? "then every VUS (no disease ranking)" : "then VUS in genes of the ranked candidate diseases and genes, then other VUS"
        self.summary = VariantListingSummary(
            rule: "listed: every P/LP variant, \(order), at most \(maximum); B/LB and what the maximum cuts are counted "
                + "by class and kept in brief (class and criteria met; re-analyse for a full trace)",
            listed: listedIndices.count, notListed: notListed)
    }

    /// The genes whose VUS are listed first: those of the ranked diseases and the ranked genes; nil when the analysis
    /// has no ranking.
    static func candidateGenes(of analysis: CaseAnalysis) -> Set<String>? {
        guard !analysis.diagnoses.isEmpty || !analysis.genes.isEmpty else { return nil }
        return Set(analysis.diagnoses.flatMap(\.genes).map { $0.uppercased() } + analysis.genes.map { $0.symbol.uppercased() })
    }
}

extension InterpretedVariant {
    /// The variant in brief, for `CaseAnalysis.unlistedVariants`.
    var classRecord: VariantClassRecord {
        VariantClassRecord(variant: key, gene: gene, classification: classification.classification.rawValue,
                           met: evaluations.filter { $0.status == .met }.map { evaluation in
                               CriterionResult(code: evaluation.applied?.description ?? evaluation.code, status: "met",
                                               strength: evaluation.strength?.rawValue, value: nil, threshold: nil, source: nil).displayName
                           })
    }
}
