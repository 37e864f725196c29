import MendelCore

/// A mode of inheritance of a disease, from its aspect-I annotations in `phenotype.hpoa`.
public struct InheritanceMode: Sendable, Hashable, Codable {
    /// Coarse class used by genotype logic (e.g. zygosity checks).
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        case autosomalDominant = "autosomal_dominant"
        case autosomalRecessive = "autosomal_recessive"
        case xLinkedDominant = "x_linked_dominant"
        case xLinkedRecessive = "x_linked_recessive"
        case xLinked = "x_linked"
        case yLinked = "y_linked"
        case mitochondrial
        case other
    }

    /// The HPO inheritance term as annotated (e.g. HP:0000007).
    public var term: HPOTermID
    public var category: Category

    public init(term: HPOTermID, category: Category) { self.term = term; self.category = category }

    /// Classifies an inheritance term by its ancestors (most specific class first).
    static func category(of index: Int32, in ontology: Ontology) -> Category {
        let checks: [(UInt32, Category)] = [
            (1419, .xLinkedRecessive), (1423, .xLinkedDominant), (1417, .xLinked), (1450, .yLinked),
            (6, .autosomalDominant), (7, .autosomalRecessive), (1427, .mitochondrial),
        ]
        for (number, category) in checks {
            if let target = ontology.index(of: HPOTermID(number: number)), ontology.isAncestorOrSelf(target, of: index) {
                return category
            }
        }
        return .other
    }
}
