import MendelCore

/// A disease of the knowledge base with its annotations (terms normalised to current ids), genes and
/// inheritance modes.
public struct Disease: Sendable {
    public let id: DiseaseID
    public let name: String
    /// All annotations of the disease (every aspect, `NOT` included), file order.
    public let annotations: [PhenotypeAnnotation]
    /// Indices into `KnowledgeBase.genes`, sorted by gene symbol.
    public let geneIndices: [Int32]
    /// Modes of inheritance (aspect I), in annotation order, unique.
    public let inheritance: [InheritanceMode]

    public init(id: DiseaseID, name: String, annotations: [PhenotypeAnnotation], geneIndices: [Int32], inheritance: [InheritanceMode]) {
        self.id = id; self.name = name; self.annotations = annotations; self.geneIndices = geneIndices; self.inheritance = inheritance
    }

    /// Positive phenotype annotations (aspect P, not negated).
    public var phenotypeAnnotations: [PhenotypeAnnotation] {
        annotations.filter { $0.aspect == .phenotype && !$0.negated }
    }
}

/// What the importer changed or could not use, reported instead of silently dropped.
public struct ImportReport: Sendable, Hashable, Codable {
    /// Annotation terms given as an alt_id and mapped to their primary id.
    public var alternateIDsMapped = 0
    /// Annotation terms that were obsolete and mapped to their `replaced_by` term.
    public var obsoleteTermsReplaced = 0
    /// Annotations dropped because their term is unknown or obsolete without replacement.
    public var annotationsDropped = 0
    /// Up to 20 of the dropped term ids, for the operator.
    public var droppedTermExamples: [String] = []
    /// Gene–disease associations whose disease has no annotations in `phenotype.hpoa` (not used).
    public var geneAssociationsWithoutDisease = 0

    public init() {}
}
