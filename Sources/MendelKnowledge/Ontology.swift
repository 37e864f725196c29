import MendelCore

/// How an input HPO id maps onto the current ontology.
public enum TermResolution: Sendable, Hashable {
    /// A current (non-obsolete) primary id.
    case current(HPOTermID)
    /// An `alt_id` of a current term.
    case alternate(primary: HPOTermID)
    /// An obsolete term with a `replaced_by` target.
    case replaced(by: HPOTermID)
    /// An obsolete term without a replacement; `consider` lists the curators' suggestions.
    case obsoleteWithoutReplacement(consider: [HPOTermID])
    /// Not in the ontology at all.
    case unknown

    /// The current term to use, if any.
    public var resolved: HPOTermID? {
        switch self {
        case .current(let id), .alternate(let id), .replaced(let id): id
        case .obsoleteWithoutReplacement, .unknown: nil
        }
    }
}

/// The HPO as an immutable, index-based graph. Current terms get dense indices `0..<count` in file order;
/// obsolete terms and alt_ids are kept only as look-up tables for normalisation.
/// The ancestor closure (each term's ancestors including itself, sorted by index) is precomputed.
public final class Ontology: Sendable {
    /// `data-version` of the OBO file, e.g. `hp/releases/2025-01-16`.
    public let dataVersion: String?
    /// Current term ids by index.
    public let ids: [HPOTermID]
    /// Primary labels by index.
    public let names: [String]
    /// Synonyms by index.
    public let synonyms: [[TermSynonym]]
    /// Direct `is_a` parents by index.
    public let parents: [[Int32]]
    /// Direct children by index.
    public let children: [[Int32]]
    /// Shortest distance from the root(s), by index.
    public let depths: [Int32]
    private let ancestorOffsets: [Int32]
    private let ancestorStorage: [Int32]
    private let indexByNumber: [UInt32: Int32]
    private let alternates: [UInt32: Int32]
    private let obsolete: [UInt32: (replacedBy: HPOTermID?, consider: [HPOTermID])]

    /// Number of current terms.
    public var count: Int { ids.count }

    /// Builds the graph; fails on is_a edges to unknown terms and on cycles.
    public init(_ file: OBOFile, fileName: String = "hp.obo") throws(KnowledgeError) {
        dataVersion = file.dataVersion
        var ids: [HPOTermID] = [], names: [String] = [], synonyms: [[TermSynonym]] = []
        var indexByNumber: [UInt32: Int32] = [:]
        var obsolete: [UInt32: (replacedBy: HPOTermID?, consider: [HPOTermID])] = [:]
        for record in file.terms {
            if record.isObsolete {
                obsolete[record.id.number] = (record.replacedBy, record.consider)
            } else {
                indexByNumber[record.id.number] = Int32(ids.count)
                ids.append(record.id); names.append(record.name); synonyms.append(record.synonyms)
            }
        }
        var alternates: [UInt32: Int32] = [:]
        var parents = [[Int32]](repeating: [], count: ids.count)
        var children = [[Int32]](repeating: [], count: ids.count)
        for record in file.terms where !record.isObsolete {
            guard let index = indexByNumber[record.id.number] else { continue }
            for alt in record.altIDs where indexByNumber[alt.number] == nil { alternates[alt.number] = index }
            for parent in record.parents {
                guard let parentIndex = indexByNumber[parent.number] else {
                    throw .malformed(SourceLocation(file: fileName, line: record.line, field: "is_a"),
                                     reason: "is_a refers to a term that is not a current term of the file")
                }
                if !parents[Int(index)].contains(parentIndex) {
                    parents[Int(index)].append(parentIndex)
                    children[Int(parentIndex)].append(index)
                }
            }
        }
        // Obsolete terms may also be listed as alt_ids of nothing; alt_ids of obsolete terms are ignored.
        let (offsets, storage, depths) = try Self.closure(parents: parents, children: children, ids: ids)
        self.ids = ids; self.names = names; self.synonyms = synonyms
        self.parents = parents; self.children = children; self.depths = depths
        self.ancestorOffsets = offsets; self.ancestorStorage = storage
        self.indexByNumber = indexByNumber; self.alternates = alternates; self.obsolete = obsolete
    }

    /// Topological order from the roots; each term's closure = itself + union of its parents' closures.
    private static func closure(parents: [[Int32]], children: [[Int32]], ids: [HPOTermID])
        throws(KnowledgeError) -> ([Int32], [Int32], [Int32]) {
        let count = parents.count
        var pending = parents.map { Int32($0.count) }
        var order: [Int32] = []
        order.reserveCapacity(count)
        var depths = [Int32](repeating: 0, count: count)
        for index in 0..<count where pending[index] == 0 { order.append(Int32(index)) }
        var head = 0
        while head < order.count {
            let node = order[head]; head += 1
            for child in children[Int(node)] {
                pending[Int(child)] -= 1
                if pending[Int(child)] == 0 { order.append(child) }
            }
        }
        guard order.count == count else {
            throw .inconsistent(reason: "the is_a graph of the ontology has a cycle")
        }
        var closures = [[Int32]](repeating: [], count: count)
        var stamp = [Int32](repeating: -1, count: count)
        for node in order {
            let n = Int(node)
            var set: [Int32] = [node]
            stamp[n] = node
            var depth: Int32 = parents[n].isEmpty ? 0 : Int32.max
            for parent in parents[n] {
                depth = min(depth, depths[Int(parent)] + 1)
                for ancestor in closures[Int(parent)] where stamp[Int(ancestor)] != node {
                    stamp[Int(ancestor)] = node
                    set.append(ancestor)
                }
            }
            depths[n] = depth
            set.sort()
            closures[n] = set
        }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(count + 1)
        var storage: [Int32] = []
        storage.reserveCapacity(closures.reduce(0) { $0 + $1.count })
        for set in closures { storage.append(contentsOf: set); offsets.append(Int32(storage.count)) }
        return (offsets, storage, depths)
    }

    /// Dense index of a current primary id (alt_ids and obsolete ids return nil: use `resolve`).
    public func index(of id: HPOTermID) -> Int32? { indexByNumber[id.number] }

    /// Maps any HPO id onto the current ontology (alt_id → primary, obsolete → replaced_by).
    public func resolve(_ id: HPOTermID) -> TermResolution {
        if indexByNumber[id.number] != nil { return .current(id) }
        if let primary = alternates[id.number] { return .alternate(primary: ids[Int(primary)]) }
        if let entry = obsolete[id.number] {
            if let target = entry.replacedBy {
                // A replacement may itself be an alt_id; follow one step.
                if indexByNumber[target.number] != nil { return .replaced(by: target) }
                if let primary = alternates[target.number] { return .replaced(by: ids[Int(primary)]) }
                return .obsoleteWithoutReplacement(consider: entry.consider)
            }
            return .obsoleteWithoutReplacement(consider: entry.consider)
        }
        return .unknown
    }

    /// Index of the current term an id resolves to, if any.
    public func resolvedIndex(_ id: HPOTermID) -> Int32? {
        resolve(id).resolved.flatMap { indexByNumber[$0.number] }
    }

    /// Ancestors of a term including itself, sorted by index.
    public func ancestors(ofIndex index: Int32) -> ArraySlice<Int32> {
        ancestorStorage[Int(ancestorOffsets[Int(index)])..<Int(ancestorOffsets[Int(index) + 1])]
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    public func isAncestorOrSelf(_ ancestor: Int32, of descendant: Int32) -> Bool {
        let slice = ancestors(ofIndex: descendant)
        var low = slice.startIndex, high = slice.endIndex
        while low < high {
            let mid = (low + high) / 2
            if slice[mid] < ancestor { low = mid + 1 } else { high = mid }
        }
        return low < slice.endIndex && slice[low] == ancestor
    }

    /// Name of a current term.
    public func name(of id: HPOTermID) -> String? { index(of: id).map { names[Int($0)] } }

    /// Total number of stored ancestor links (for memory accounting).
    public var closureSize: Int { ancestorStorage.count }
}

/// Well-known HPO terms used by the importers.
public enum WellKnownTerm {
    public static let all = HPOTermID(number: 1)
    public static let phenotypicAbnormality = HPOTermID(number: 118)
    public static let modeOfInheritance = HPOTermID(number: 5)
    public static let frequency = HPOTermID(number: 40279)
}
