import MendelCore

/// The frequency of a feature among patients with a disease, as written in `phenotype.hpoa`.
public enum AnnotationFrequency: Sendable, Hashable, Codable {
    /// Column empty.
    case unspecified
    /// An HPO frequency term (HP:0040280 obligate … HP:0040285 excluded).
    case term(HPOTermID)
    /// `n/m` patients.
    case ratio(numerator: Int, denominator: Int)
    /// `p%`.
    case percent(Double)

    /// Point estimate in [0, 1]; nil when unspecified. Frequency terms map to the midpoint of their
    /// defined ranges: obligate 1.0, very frequent (80–99 %) 0.895, frequent (30–79 %) 0.545,
    /// occasional (5–29 %) 0.17, very rare (1–4 %) 0.025, excluded 0.
    public var estimate: Double? {
        switch self {
        case .unspecified: nil
        case .term(let id): Self.termFrequency(id)
        case .ratio(let n, let m): m > 0 ? Double(n) / Double(m) : nil
        case .percent(let p): p / 100
        }
    }

    /// Midpoint frequency of an HPO frequency term, nil for other terms.
    public static func termFrequency(_ id: HPOTermID) -> Double? {
        switch id.number {
        case 40280: 1.0
        case 40281: 0.895
        case 40282: 0.545
        case 40283: 0.17
        case 40284: 0.025
        case 40285: 0.0
        default: nil
        }
    }

    /// The text form used in `phenotype.hpoa`.
    public var text: String {
        switch self {
        case .unspecified: ""
        case .term(let id): id.description
        case .ratio(let n, let m): "\(n)/\(m)"
        case .percent(let p): "\(p)%"
        }
    }
}

/// Column 11 of `phenotype.hpoa`.
public enum AnnotationAspect: String, Sendable, Hashable, Codable, CaseIterable {
    case phenotype = "P"
    case inheritance = "I"
    case clinicalCourse = "C"
    case modifier = "M"
    /// Past medical history (used by recent releases).
    case pastMedicalHistory = "H"
}

/// Evidence code of an annotation.
public enum EvidenceCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Inferred from electronic annotation.
    case iea = "IEA"
    /// Published clinical study.
    case pcs = "PCS"
    /// Traceable author statement.
    case tas = "TAS"
    /// Individual clinical experience.
    case ice = "ICE"
}

/// One row of `phenotype.hpoa`. `term` is the id as written (normalised by the knowledge base on load).
public struct PhenotypeAnnotation: Sendable, Hashable {
    public var term: HPOTermID
    /// `NOT` qualifier: the disease is explicitly annotated as *lacking* the feature.
    public var negated: Bool
    public var frequency: AnnotationFrequency
    public var onset: HPOTermID?
    /// Sex restriction of the annotation, nil for both.
    public var sex: Sex?
    public var modifiers: [HPOTermID]
    public var aspect: AnnotationAspect
    public var evidence: EvidenceCode
    /// `reference` column as written (`;`-separated PMID:/OMIM:/ISBN: … ids).
    public var references: String

    public init(term: HPOTermID, negated: Bool = false, frequency: AnnotationFrequency = .unspecified,
                onset: HPOTermID? = nil, sex: Sex? = nil, modifiers: [HPOTermID] = [],
                aspect: AnnotationAspect = .phenotype, evidence: EvidenceCode = .tas, references: String = "") {
        self.term = term; self.negated = negated; self.frequency = frequency; self.onset = onset; self.sex = sex
        self.modifiers = modifiers; self.aspect = aspect; self.evidence = evidence; self.references = references
    }

    /// The individual references.
    public var referenceList: [String] { references.split(separator: ";").map(String.init) }
}
