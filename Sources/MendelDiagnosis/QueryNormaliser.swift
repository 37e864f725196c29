import MendelCore
import MendelKnowledge

/// The query as scored: terms mapped to current HPO ids, with every change recorded.
public struct NormalisedQuery: Sendable, Hashable, Codable {
    /// Observed terms that are scored, in input order.
    public var observed: [HPOTermID]
    /// Excluded terms that are scored, in input order.
    public var excluded: [HPOTermID]
    /// One entry per change: alt_id/obsolete mapping, unknown or invalid ids, duplicates, contradictions,
    /// redundant ancestors. Nothing is dropped without an entry here.
    public var entries: [TraceEntry]
}

/// Maps query terms onto the current ontology (alt_id → primary, obsolete → replaced_by) and removes
/// terms that cannot be scored, reporting each case.
enum QueryNormaliser {
    static func normalise(_ query: PhenotypeQuery, ontology: Ontology, dropRedundantAncestors: Bool) -> (NormalisedQuery, observed: [Int32], excluded: [Int32]) {
        var entries: [TraceEntry] = []
        func note(_ rule: String, _ message: String, _ values: [String: JSONValue]) {
            entries.append(TraceEntry(component: "diagnosis", event: "normalise", rule: rule, message: message, values: values))
        }
        for invalid in query.invalidTermIDs {
            note("invalid_id", "feature id is not an HPO id; not scored", ["id": .string(String(invalid.prefix(64)))])
        }
        func resolve(_ terms: [HPOTermID], kind: String) -> [Int32] {
            var result: [Int32] = []
            for term in terms {
                let values: [String: JSONValue] = ["term": .string(term.description), "kind": .string(kind)]
                let resolution = ontology.resolve(term)
                switch resolution {
                case .current: break
                case .alternate(let primary):
                    note("alt_id", "\(term) is an alt_id of \(primary)", values.merging(["mapped_to": .string(primary.description)]) { $1 })
                case .replaced(let target):
                    note("replaced_by", "\(term) is obsolete, replaced by \(target)", values.merging(["mapped_to": .string(target.description)]) { $1 })
                case .obsoleteWithoutReplacement(let consider):
                    note("obsolete", "\(term) is obsolete without replacement; not scored",
                         values.merging(["consider": .array(consider.map { .string($0.description) })]) { $1 })
                case .unknown:
                    note("unknown_id", "\(term) is not in the ontology release; not scored", values)
                }
                guard let resolved = resolution.resolved, let index = ontology.index(of: resolved) else { continue }
                if result.contains(index) {
                    note("duplicate", "\(resolved) listed more than once; scored once", values)
                    continue
                }
                result.append(index)
            }
            return result
        }
        var observed = resolve(query.observed, kind: "observed")
        var excluded = resolve(query.excluded, kind: "excluded")
        // An excluded term implied by an observed one contradicts it: the observation wins.
        excluded = excluded.filter { candidate in
            guard let term = observed.first(where: { ontology.isAncestorOrSelf(candidate, of: $0) }) else { return true }
            note("contradiction", "excluded \(ontology.ids[Int(candidate)]) is implied by observed \(ontology.ids[Int(term)]); excluded term not scored",
                 ["term": .string(ontology.ids[Int(candidate)].description), "observed": .string(ontology.ids[Int(term)].description)])
            return false
        }
        if dropRedundantAncestors {
            observed = observed.filter { candidate in
                guard let term = observed.first(where: { $0 != candidate && ontology.isAncestorOrSelf(candidate, of: $0) }) else { return true }
                note("redundant_ancestor", "\(ontology.ids[Int(candidate)]) is implied by the more specific \(ontology.ids[Int(term)]); not scored twice",
                     ["term": .string(ontology.ids[Int(candidate)].description), "implied_by": .string(ontology.ids[Int(term)].description)])
                return false
            }
        }
        let normalised = NormalisedQuery(observed: observed.map { ontology.ids[Int($0)] },
                                         excluded: excluded.map { ontology.ids[Int($0)] }, entries: entries)
        return (normalised, observed, excluded)
    }
}
