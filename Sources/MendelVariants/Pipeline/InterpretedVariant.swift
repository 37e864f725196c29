import MendelCore

/// One classified variant with every criterion decision.
///
/// The transcript annotation, the parents' genotypes and the population frequencies (about two thirds of the value's
/// size) are kept in one shared, copy-on-write box, so that moving, copying and sorting 100k classified variants moves
/// about 300 bytes each; they read and write like stored properties, and the value compares, hashes and encodes as if
/// they were.
public struct InterpretedVariant: Sendable, Codable, Hashable {
    public var key: String
    public var contig: String
    public var position: Int
    public var ref: String
    public var alt: String
    public var gene: String?
    public var zygosity: Zygosity?
    public var filters: [String]
    public var evaluations: [CriterionEvaluation]
    public var classification: ACMGClassification
    /// Genotype of the proband (and parents) as read, for the genotype-aware diagnosis step.
    public var genotype: Genotype?
    public var altIndex: Int
    private var details: Details

    public var annotation: TranscriptAnnotation? {
        get { details.annotation }
        set { uniqueDetails().annotation = newValue }
    }
    public var fatherGenotype: Genotype? {
        get { details.fatherGenotype }
        set { uniqueDetails().fatherGenotype = newValue }
    }
    public var motherGenotype: Genotype? {
        get { details.motherGenotype }
        set { uniqueDetails().motherGenotype = newValue }
    }
    /// The population-frequency evidence BA1/BS1/BS2/PM2 were decided on (per group: AC, AN, AF, homozygotes,
    /// filtering AF), kept so that per-decision checks (ancestry-aware frequency) can re-decide them; nil = none.
    public var frequencies: FrequencyEvidence? {
        get { details.frequencies }
        set { uniqueDetails().frequencies = newValue }
    }

    public init(key: String, contig: String, position: Int, ref: String, alt: String, gene: String?, annotation: TranscriptAnnotation?,
                zygosity: Zygosity?, filters: [String], evaluations: [CriterionEvaluation], classification: ACMGClassification,
                genotype: Genotype?, fatherGenotype: Genotype?, motherGenotype: Genotype?, altIndex: Int, frequencies: FrequencyEvidence? = nil) {
        self.key = key; self.contig = contig; self.position = position; self.ref = ref; self.alt = alt; self.gene = gene
        self.zygosity = zygosity; self.filters = filters; self.evaluations = evaluations; self.classification = classification
        self.genotype = genotype; self.altIndex = altIndex
        details = Details(annotation: annotation, fatherGenotype: fatherGenotype, motherGenotype: motherGenotype, frequencies: frequencies)
    }

    /// The full trace: every criterion decision, then the combining steps.
    public var trace: [TraceEntry] { evaluations.map(\.traceEntry) + classification.trace }

    /// The larger, rarely changed parts (shared between copies until one of them changes).
    private final class Details: @unchecked Sendable {
        // @unchecked: mutated only through `uniqueDetails()`, i.e. when this is the only reference.
        var annotation: TranscriptAnnotation?
        var fatherGenotype: Genotype?
        var motherGenotype: Genotype?
        var frequencies: FrequencyEvidence?

        init(annotation: TranscriptAnnotation?, fatherGenotype: Genotype?, motherGenotype: Genotype?, frequencies: FrequencyEvidence?) {
            self.annotation = annotation; self.fatherGenotype = fatherGenotype; self.motherGenotype = motherGenotype
            self.frequencies = frequencies
        }

        var copy: Details {
            Details(annotation: annotation, fatherGenotype: fatherGenotype, motherGenotype: motherGenotype, frequencies: frequencies)
        }
    }

    /// The box, copied first when another value shares it.
    private mutating func uniqueDetails() -> Details {
        if !isKnownUniquelyReferenced(&details) { details = details.copy }
        return details
    }

    // Codable and Hashable as if every property were stored, in declaration order.
    enum CodingKeys: String, CodingKey {
        case key, contig, position, ref, alt, gene, annotation, zygosity, filters, evaluations, classification, genotype
        case fatherGenotype, motherGenotype, altIndex, frequencies
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(String.self, forKey: .key), contig: try c.decode(String.self, forKey: .contig),
                  position: try c.decode(Int.self, forKey: .position), ref: try c.decode(String.self, forKey: .ref),
                  alt: try c.decode(String.self, forKey: .alt), gene: try c.decodeIfPresent(String.self, forKey: .gene),
                  annotation: try c.decodeIfPresent(TranscriptAnnotation.self, forKey: .annotation),
                  zygosity: try c.decodeIfPresent(Zygosity.self, forKey: .zygosity), filters: try c.decode([String].self, forKey: .filters),
                  evaluations: try c.decode([CriterionEvaluation].self, forKey: .evaluations),
                  classification: try c.decode(ACMGClassification.self, forKey: .classification),
                  genotype: try c.decodeIfPresent(Genotype.self, forKey: .genotype),
                  fatherGenotype: try c.decodeIfPresent(Genotype.self, forKey: .fatherGenotype),
                  motherGenotype: try c.decodeIfPresent(Genotype.self, forKey: .motherGenotype),
                  altIndex: try c.decode(Int.self, forKey: .altIndex),
                  frequencies: try c.decodeIfPresent(FrequencyEvidence.self, forKey: .frequencies))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(contig, forKey: .contig)
        try c.encode(position, forKey: .position)
        try c.encode(ref, forKey: .ref)
        try c.encode(alt, forKey: .alt)
        try c.encodeIfPresent(gene, forKey: .gene)
        try c.encodeIfPresent(annotation, forKey: .annotation)
        try c.encodeIfPresent(zygosity, forKey: .zygosity)
        try c.encode(filters, forKey: .filters)
        try c.encode(evaluations, forKey: .evaluations)
        try c.encode(classification, forKey: .classification)
        try c.encodeIfPresent(genotype, forKey: .genotype)
        try c.encodeIfPresent(fatherGenotype, forKey: .fatherGenotype)
        try c.encodeIfPresent(motherGenotype, forKey: .motherGenotype)
        try c.encode(altIndex, forKey: .altIndex)
        try c.encodeIfPresent(frequencies, forKey: .frequencies)
    }

    public static func == (lhs: InterpretedVariant, rhs: InterpretedVariant) -> Bool {
        lhs.key == rhs.key && lhs.contig == rhs.contig && lhs.position == rhs.position && lhs.ref == rhs.ref && lhs.alt == rhs.alt
            && lhs.gene == rhs.gene && lhs.zygosity == rhs.zygosity && lhs.filters == rhs.filters && lhs.evaluations == rhs.evaluations
            && lhs.classification == rhs.classification && lhs.genotype == rhs.genotype && lhs.altIndex == rhs.altIndex
            && lhs.annotation == rhs.annotation && lhs.fatherGenotype == rhs.fatherGenotype && lhs.motherGenotype == rhs.motherGenotype
            && lhs.frequencies == rhs.frequencies
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key); hasher.combine(contig); hasher.combine(position); hasher.combine(ref); hasher.combine(alt)
        hasher.combine(gene); hasher.combine(annotation); hasher.combine(zygosity); hasher.combine(filters)
        hasher.combine(evaluations); hasher.combine(classification); hasher.combine(genotype); hasher.combine(fatherGenotype)
        hasher.combine(motherGenotype); hasher.combine(altIndex); hasher.combine(frequencies)
    }
}
