import MendelCore
import MendelVariants

/// Which classified variants an analysis lists in full — criteria, values and trace — and which it only counts.
///
/// An exome has tens of thousands of variants. Listing every non-benign one made the stored analysis and the JSON
/// report of a 100k-record VCF 685 MB (979k trace entries): more than a clinician can read, and more than the CLI
/// could receive. Listed, in this order, at most `maximum`: every P/LP variant, the VUS in genes of the ranked
/// candidate diseases and genes, then the other VUS (each group most pathogenic first, then by position). B/LB are
/// counted, as before, and so is whatever the maximum cuts. The choice depends only on the classifications and the
/// ranking, so a replay lists the same variants; any variant can be re-classified with its full trace from the
/// stored VCF.
struct VariantListingRule: Sendable {
    /// Most variants one analysis lists.
    static let maximum = 500

    let listed: [InterpretedVariant]
    let summary: VariantListingSummary

    /// - Parameters:
    ///   - ordered: every classified variant, most pathogenic first (`VariantStep.Outcome.all`).
    ///   - candidateGenes: upper-cased symbols of the ranked candidates; nil when there is no ranking.
    init(ordered: [InterpretedVariant], candidateGenes: Set<String>?, maximum: Int = Self.maximum) {
        var pathogenic: [InterpretedVariant] = [], candidateVUS: [InterpretedVariant] = [], otherVUS: [InterpretedVariant] = []
        var notListed: [String: Int] = [:]
        for variant in ordered {
            switch variant.classification.classification {
            case .pathogenic, .likelyPathogenic:
                pathogenic.append(variant)
            case .uncertain:
                let inCandidate = candidateGenes.map { genes in variant.gene.map { genes.contains($0.uppercased()) } ?? false } ?? true
                if inCandidate { candidateVUS.append(variant) } else { otherVUS.append(variant) }
            case .likelyBenign, .benign:
                notListed[variant.classification.classification.rawValue, default: 0] += 1
            }
        }
        let wanted = pathogenic + candidateVUS + otherVUS
        for variant in wanted.dropFirst(maximum) {
            notListed[variant.classification.classification.rawValue, default: 0] += 1
        }
        self.listed = Array(wanted.prefix(maximum))
        let order = candidateGenes == nil ? "then every VUS (no disease ranking)" : "then VUS in genes of the ranked candidate diseases and genes, then other VUS"
        self.summary = VariantListingSummary(
            rule: "listed: every P/LP variant, \(order), at most \(maximum); B/LB and what the maximum cuts are counted "
                + "by class (re-analyse for any variant's full trace)",
            listed: listed.count, notListed: notListed)
    }

    /// The genes whose VUS are listed first: those of the ranked diseases and the ranked genes; nil when the analysis
    /// has no ranking.
    static func candidateGenes(of analysis: CaseAnalysis) -> Set<String>? {
        guard !analysis.diagnoses.isEmpty || !analysis.genes.isEmpty else { return nil }
        return Set(analysis.diagnoses.flatMap(\.genes).map { $0.uppercased() } + analysis.genes.map { $0.symbol.uppercased() })
    }
}
