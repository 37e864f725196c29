import MendelCore

/// Whether a criterion applies to a variant.
public enum CriterionStatus: String, Sendable, Codable, Hashable {
    case met
    case notMet = "not_met"
    /// The data needed to decide is missing (e.g. no frequency data, no predictor score).
    case notEvaluable = "not_evaluable"
}

/// The decision on one criterion: status, strength if met, the values used, the threshold and its source.
///
/// `values`, `threshold` and `reason` are either stored as given or rendered on demand from a compact record of the
/// decision (`CriterionText`): the analyzer keeps the numbers a decision was made on and spells them out only when they
/// are read, encoded or compared, so keeping 100k classified variants does not keep 100k dictionaries and sentences.
/// Both forms read, compare, hash and encode alike.
public struct CriterionEvaluation: Sendable, Codable, Hashable {
    // `text` (at most 17 bytes) is declared first so that `status` and `strength` fill its last word: 56 bytes a value.
    /// `values`, `threshold` and `reason`, as given or as a compact record rendered when read.
    var text: CriterionText
    public var status: CriterionStatus
    public var strength: EvidenceStrength?
    public var code: String
    public var source: String

    /// Values the decision used, e.g. `{"revel": 0.81}` or `{"group": "afr", "faf95": 0.012}`.
    public var values: [String: JSONValue] {
        get { text.rendered.values }
        set { var t = text.rendered; t.values = newValue; text = .given(t) }
    }
    /// The threshold compared against, in words (e.g. `REVEL ≥ 0.773 → Moderate`).
    public var threshold: String {
        get { text.rendered.threshold }
        set { var t = text.rendered; t.threshold = newValue; text = .given(t) }
    }
    /// One-line reason without patient data.
    public var reason: String {
        get { text.rendered.reason }
        set { var t = text.rendered; t.reason = newValue; text = .given(t) }
    }

    public init(code: String, status: CriterionStatus, strength: EvidenceStrength? = nil, values: [String: JSONValue] = [:],
                threshold: String = "", source: String = "", reason: String) {
        self.init(code: code, status: status, strength: strength, source: source,
                  text: .given(CriterionTexts(values: values, threshold: threshold, reason: reason)))
    }

    /// A decision whose texts are rendered on demand from a compact record.
    init(code: String, status: CriterionStatus, strength: EvidenceStrength?, source: String, text: CriterionText) {
        self.code = code; self.status = status; self.strength = strength; self.source = source; self.text = text
    }

    /// The applied criterion when met.
    public var applied: AppliedCriterion? {
        guard status == .met, let strength else { return nil }
        return AppliedCriterion(code: code, strength: strength)
    }

    public var traceEntry: TraceEntry {
        let t = text.rendered
        var v = t.values
        v["status"] = .string(status.rawValue)
        if let s = strength { v["strength"] = .string(s.rawValue) }
        if !t.threshold.isEmpty { v["threshold"] = .string(t.threshold) }
        if !source.isEmpty { v["source"] = .string(source) }
        return TraceEntry(component: "acmg", event: "criterion", rule: applied?.description ?? code, message: t.reason, values: v)
    }

    // Codable and Hashable as the plain stored form (`code, status, strength, values, threshold, source, reason`).
    enum CodingKeys: String, CodingKey { case code, status, strength, values, threshold, source, reason }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try c.decode(String.self, forKey: .code), status: try c.decode(CriterionStatus.self, forKey: .status),
                  strength: try c.decodeIfPresent(EvidenceStrength.self, forKey: .strength),
                  values: try c.decode([String: JSONValue].self, forKey: .values),
                  threshold: try c.decode(String.self, forKey: .threshold), source: try c.decode(String.self, forKey: .source),
                  reason: try c.decode(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        let t = text.rendered
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(strength, forKey: .strength)
        try c.encode(t.values, forKey: .values)
        try c.encode(t.threshold, forKey: .threshold)
        try c.encode(source, forKey: .source)
        try c.encode(t.reason, forKey: .reason)
    }

    public static func == (lhs: CriterionEvaluation, rhs: CriterionEvaluation) -> Bool {
        lhs.code == rhs.code && lhs.status == rhs.status && lhs.strength == rhs.strength && lhs.source == rhs.source
            && lhs.text.rendered == rhs.text.rendered
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code); hasher.combine(status); hasher.combine(strength); hasher.combine(source)
        hasher.combine(text.rendered)
    }
}

/// The three texts of a criterion decision.
struct CriterionTexts: Sendable, Hashable {
    var values: [String: JSONValue]
    var threshold: String
    var reason: String
}

/// Texts as given, with values or a threshold, kept in one shared box (so that `CriterionText` stays small).
final class PlainTexts: Sendable {
    let texts: CriterionTexts
    init(_ texts: CriterionTexts) { self.texts = texts }
}

/// How a decision's texts are kept: as given, or as the numbers they are spelled from. Every payload fits in 16 bytes
/// (the per-criterion numbers live in the shared trace objects), so that an evaluation is 56 bytes.
enum CriterionText: Sendable {
    /// Texts as given with no values and no threshold: the reason alone (most decisions-only evaluations).
    case reason(String)
    /// Texts as given.
    case plain(PlainTexts)
    /// BA1/BS1 decided on the group maximum against the label's threshold (`FrequencyTrace.benignTexts`).
    case frequencyBenign(FrequencyTrace, BenignFrequencyLabel, met: Bool)
    /// PM2 decided on the highest AF over all groups against the PM2 threshold (`FrequencyTrace.pm2Texts`).
    case frequencyPM2(FrequencyTrace, met: Bool)
    /// PVS1 on a predicted null variant (`PVS1Trace.texts`).
    case pvs1(PVS1Trace)
    /// PP3 (or BP4) on predictor scores (`PredictorTrace.texts`).
    case predictor(PredictorTrace, bp4: Bool)

    /// Texts as given, in the smaller of the two plain forms.
    static func given(_ texts: CriterionTexts) -> CriterionText {
        texts.values.isEmpty && texts.threshold.isEmpty ? .reason(texts.reason) : .plain(PlainTexts(texts))
    }

    var rendered: CriterionTexts {
        switch self {
        case .reason(let reason): CriterionTexts(values: [:], threshold: "", reason: reason)
        case .plain(let box): box.texts
        case .frequencyBenign(let trace, let label, let met): trace.benignTexts(label, met: met)
        case .frequencyPM2(let trace, let met): trace.pm2Texts(met: met)
        case .pvs1(let trace): trace.texts
        case .predictor(let trace, let bp4): trace.texts(bp4: bp4)
        }
    }
}

/// The benign frequency criterion a `CriterionText.frequencyBenign` text is for (its label in the reason).
enum BenignFrequencyLabel: String, Sendable {
    case ba1 = "BA1", bs1 = "BS1", bs1Supporting = "BS1_Supporting"
}
