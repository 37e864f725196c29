import MendelCore

/// What PVS1 was decided on for a predicted null variant; its values, threshold and reason are spelled out from it when
/// read (`CriterionText.pvs1`), exactly as `SequenceCriteria.pvs1` words them.
final class PVS1Trace: Sendable {
    let consequences: [String]
    let exon: Int?
    let exonCount: Int?
    let mechanism: LoFMechanism
    /// Why the mechanism is what it is (gene knowledge, LOEUF, inheritance).
    let why: String
    let loeuf: Double?
    /// The strength of the branch of the decision tree (applied only when the mechanism is established).
    let strength: EvidenceStrength
    let branch: String

    init(consequences: [String], exon: Int?, exonCount: Int?, mechanism: LoFMechanism, why: String, loeuf: Double?,
         strength: EvidenceStrength, branch: String) {
        self.consequences = consequences; self.exon = exon; self.exonCount = exonCount; self.mechanism = mechanism
        self.why = why; self.loeuf = loeuf; self.strength = strength; self.branch = branch
    }

    var texts: CriterionTexts {
        var values: [String: JSONValue] = ["consequence": .string(consequences.joined(separator: "&"))]
        if let e = exon, let n = exonCount { values["exon"] = .string("\(e)/\(n)") }
        values["lof_mechanism"] = .string(mechanism.rawValue)
        if let loeuf { values["loeuf"] = .number(loeuf) }
        switch mechanism {
        case .established:
            return CriterionTexts(values: values, threshold: "null variant in a gene where LoF is a disease mechanism (\(why))", reason: branch)
        case .notEstablished:
            return CriterionTexts(values: values, threshold: "", reason: "LoF not an established mechanism (\(why))")
        case .unknown:
            values["strength_if_mechanism_established"] = .string(strength.rawValue)
            return CriterionTexts(values: values, threshold: "", reason: "\(branch); LoF mechanism unknown (\(why))")
        }
    }
}

/// The predictor scores PP3/BP4 were decided on, with each one's threshold and reason, shared by both evaluations;
/// spelled out as their texts when read (`CriterionText.predictor`).
final class PredictorTrace: Sendable {
    /// The missense predictor used (`revel`, `alphamissense` or `cadd`) and its score.
    let missense: (name: String, score: Double)?
    let spliceAI: Double?
    let pp3: (threshold: String, reason: String)
    let bp4: (threshold: String, reason: String)

    init(missense: (name: String, score: Double)?, spliceAI: Double?, pp3: (threshold: String, reason: String),
         bp4: (threshold: String, reason: String)) {
        self.missense = missense; self.spliceAI = spliceAI; self.pp3 = pp3; self.bp4 = bp4
    }

    /// PP3's (or BP4's) texts.
    func texts(bp4 isBP4: Bool) -> CriterionTexts {
        let t = isBP4 ? bp4 : pp3
        return CriterionTexts(values: values, threshold: t.threshold, reason: t.reason)
    }

    var values: [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        if let missense { values[missense.name] = .number(missense.score) }
        if let spliceAI { values["spliceai"] = .number(spliceAI) }
        return values
    }
}
