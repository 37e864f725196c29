import MendelCore

extension CriterionEvaluation {
    /// The engine-neutral record stored in `MendelCore.CaseAnalysis`.
    public var coreResult: CriterionResult {
        let value = values.filter { $0.key != "source" }.sorted { $0.key < $1.key }.map { key, v -> String in
            switch v {
            case .number(let n): return "\(key)=\(format(n))"
            case .string(let s): return "\(key)=\(s)"
            case .bool(let b): return "\(key)=\(b)"
            default: return key
            }
        }.joined(separator: "; ")
        return CriterionResult(code: applied?.description ?? code, status: status.rawValue, strength: strength?.rawValue,
                               value: value.isEmpty ? reason : "\(reason) (\(value))",
                               threshold: threshold.isEmpty ? nil : threshold, source: source.isEmpty ? nil : source)
    }
}

extension InterpretedVariant {
    /// The engine-neutral summary stored in `MendelCore.CaseAnalysis` (all criteria decisions kept).
    public var coreSummary: ClassifiedVariant {
        ClassifiedVariant(variant: key, gene: gene, hgvsc: annotation?.hgvsc, hgvsp: annotation?.hgvsp,
                          consequence: annotation?.consequences.joined(separator: "&"), genotype: genotype?.gtText,
                          classification: classification.classification.rawValue, points: classification.points.points,
                          criteria: evaluations.map(\.coreResult))
    }
}
