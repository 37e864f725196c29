import Foundation
import MendelCore
import MendelKnowledge

/// Precomputed per-term tables of the likelihood-ratio model, built once per knowledge base and parameters.
///
/// For every ontology term t, the list of candidate diseases D that imply t (annotated to t or a
/// descendant), with P(t|D), log10(P(t|D)/bg(t)) and whether t is a direct annotation of D. Lists are
/// sorted by candidate position, so per-disease look-ups (explanations) use binary search.
struct PhenotypeIndex: Sendable {
    /// Knowledge-base disease indices of the ranked candidates, ascending (= disease id order).
    let candidates: [Int32]
    let termOffsets: [Int32]
    let entryCandidate: [Int32]
    let entryProbability: [Float]
    let entryLogRatio: [Float]
    let entryDirect: [Bool]
    /// bg(t) per term.
    let background: [Double]
    /// Candidates annotated NOT t (or with frequency 0), per term.
    let negatedOffsets: [Int32]
    let negatedCandidate: [Int32]
    /// Direct annotations (term index, frequency) per candidate, for explanations.
    /// `source` is the KB index of the disease the annotation comes from (itself, or a related disease).
    let directAnnotations: [[(term: Int32, frequency: Float, source: Int32)]]

    /// Candidates whose annotated inheritance is X-linked recessive only.
    let xLinkedRecessiveOnly: [Bool]

    var candidateCount: Int { candidates.count }

    func entries(ofTerm term: Int32) -> Range<Int> {
        Int(termOffsets[Int(term)])..<Int(termOffsets[Int(term) + 1])
    }

    func negated(ofTerm term: Int32) -> ArraySlice<Int32> {
        negatedCandidate[Int(negatedOffsets[Int(term)])..<Int(negatedOffsets[Int(term) + 1])]
    }

    /// The entry of candidate `candidate` in the list of `term`, if it implies the term.
    func entry(term: Int32, candidate: Int32) -> Int? {
        let range = entries(ofTerm: term)
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if entryCandidate[mid] < candidate { low = mid + 1 } else { high = mid }
        }
        return low < range.upperBound && entryCandidate[low] == candidate ? low : nil
    }

    /// Frequency used for an annotation; nil means "negative" (NOT, 0/m, excluded frequency term).
    static func frequency(of annotation: PhenotypeAnnotation, _ parameters: DiagnosisParameters) -> Double? {
        if annotation.negated { return nil }
        let value: Double
        switch annotation.frequency {
        case .unspecified: value = parameters.defaultFrequency
        case .ratio(let n, let m):
            if n == 0 { return nil }
            let k = parameters.ratioPseudoCount
            value = (Double(n) + k * (parameters.ratioPriorFrequency ?? parameters.defaultFrequency)) / (Double(m) + k)
        case .term, .percent:
            guard let estimate = annotation.frequency.estimate, estimate > 0 else { return nil }
            value = estimate
        }
        return min(1, max(parameters.minimumFrequency, value))
    }

    init(knowledgeBase kb: KnowledgeBase, parameters: DiagnosisParameters) throws(DiagnosisError) {
        let ontology = kb.ontology
        let termCount = ontology.count
        let aspects = Set(parameters.aspects.compactMap { AnnotationAspect(rawValue: $0) })
        let namespaces = Set(parameters.namespaces)
        var candidates: [Int32] = []
        for (position, disease) in kb.diseases.enumerated()
        where namespaces.isEmpty || namespaces.contains(String(disease.id.namespace)) {
            candidates.append(Int32(position))
        }
        guard !candidates.isEmpty else { throw .noCandidateDiseases }

        // Pass 1: per candidate, P(t|D) for every implied term.
        var tripleTerm: [Int32] = [], tripleCandidate: [Int32] = [], tripleProbability: [Float] = [], tripleDirect: [Bool] = []
        var negTerm: [Int32] = [], negCandidate: [Int32] = []
        var directAnnotations: [[(term: Int32, frequency: Float, source: Int32)]] = []
        var diseasesByGeneSet: [[Int32]: [Int32]] = [:]
        let relatedNamespaces = Set(parameters.relatedNamespaces)
        if parameters.relatedAnnotationWeight > 0 {
            for (position, disease) in kb.diseases.enumerated()
            where !disease.geneIndices.isEmpty && relatedNamespaces.contains(String(disease.id.namespace)) {
                diseasesByGeneSet[disease.geneIndices, default: []].append(Int32(position))
            }
        }
        // Candidates per gene set: with `relatedAnnotationUniqueGeneSet`, only a gene set of one candidate borrows.
        var candidatesPerGeneSet: [[Int32]: Int] = [:]
        if parameters.relatedAnnotationWeight > 0 && parameters.relatedAnnotationUniqueGeneSet {
            for candidate in candidates where !kb.diseases[Int(candidate)].geneIndices.isEmpty {
                candidatesPerGeneSet[kb.diseases[Int(candidate)].geneIndices, default: 0] += 1
            }
        }
        directAnnotations.reserveCapacity(candidates.count)
        var value = [Double](repeating: 0, count: termCount)
        var stamp = [Int32](repeating: -1, count: termCount)
        var direct = [Bool](repeating: false, count: termCount)
        var touched: [Int32] = []
        for (candidatePosition, diseaseIndex) in candidates.enumerated() {
            let marker = Int32(candidatePosition)
            touched.removeAll(keepingCapacity: true)
            var directList: [(term: Int32, frequency: Float, source: Int32)] = []
            var negatedTerms: [Int32] = []
            let disease = kb.diseases[Int(diseaseIndex)]
            for annotation in disease.annotations where aspects.contains(annotation.aspect) {
                guard let termIndex = ontology.index(of: annotation.term) else { continue }
                guard let frequency = Self.frequency(of: annotation, parameters) else {
                    if !negatedTerms.contains(termIndex) { negatedTerms.append(termIndex) }
                    continue
                }
                if let existing = directList.firstIndex(where: { $0.term == termIndex }) {
                    // The same term annotated twice (e.g. by two sources): keep the higher frequency once.
                    if Float(frequency) <= directList[existing].frequency { continue }
                    directList[existing].frequency = Float(frequency)
                } else {
                    directList.append((termIndex, Float(frequency), diseaseIndex))
                }
            }
            let ownCount = directList.count
            let borrows = !parameters.relatedAnnotationUniqueGeneSet || (candidatesPerGeneSet[disease.geneIndices] ?? 0) <= 1
            for related in borrows ? diseasesByGeneSet[disease.geneIndices] ?? [] : [] where related != diseaseIndex {
                for annotation in kb.diseases[Int(related)].annotations where aspects.contains(annotation.aspect) {
                    guard let termIndex = ontology.index(of: annotation.term),
                          let frequency = Self.frequency(of: annotation, parameters) else { continue }
                    let weighted = Float(frequency * parameters.relatedAnnotationWeight)
                    if negatedTerms.contains(termIndex) || directList[..<ownCount].contains(where: { $0.term == termIndex }) { continue }
                    if let existing = directList.firstIndex(where: { $0.term == termIndex }) {
                        if weighted > directList[existing].frequency { directList[existing] = (termIndex, weighted, related) }
                    } else {
                        directList.append((termIndex, weighted, related))
                    }
                }
            }
            if parameters.annotationMassExponent > 0 {
                let mass = directList.reduce(0.0) { $0 + Double($1.frequency) }
                if mass > 0 {
                    let scale = Float(min(parameters.annotationMassMaxBoost,
                                          pow(parameters.annotationMassReference / mass, parameters.annotationMassExponent)))
                    for position in directList.indices { directList[position].frequency = min(1, directList[position].frequency * scale) }
                }
            }
            for (termIndex, frequency, _) in directList {
                let f = Double(frequency)
                for ancestor in ontology.ancestors(ofIndex: termIndex) {
                    let a = Int(ancestor)
                    if stamp[a] != marker {
                        stamp[a] = marker
                        touched.append(ancestor)
                        direct[a] = false
                        value[a] = parameters.propagation == .max ? f : (1 - f)
                    } else {
                        value[a] = parameters.propagation == .max ? max(value[a], f) : value[a] * (1 - f)
                    }
                }
                direct[Int(termIndex)] = true
            }
            for term in touched {
                let t = Int(term)
                let p = parameters.propagation == .max ? value[t] : 1 - value[t]
                tripleTerm.append(term); tripleCandidate.append(marker)
                tripleProbability.append(Float(p)); tripleDirect.append(direct[t])
            }
            for term in negatedTerms { negTerm.append(term); negCandidate.append(marker) }
            directAnnotations.append(directList.sorted { $0.term < $1.term })
        }

        // Pass 2: group by term (stable counting sort keeps candidate order).
        func group(_ terms: [Int32]) -> (offsets: [Int32], order: [Int]) {
            var offsets = [Int32](repeating: 0, count: termCount + 1)
            for term in terms { offsets[Int(term) + 1] += 1 }
            for index in 0..<termCount { offsets[index + 1] += offsets[index] }
            var cursor = offsets.map(Int.init)
            var order = [Int](repeating: 0, count: terms.count)
            for (position, term) in terms.enumerated() {
                order[cursor[Int(term)]] = position
                cursor[Int(term)] += 1
            }
            return (offsets, order)
        }
        let (offsets, order) = group(tripleTerm)
        let count = Double(candidates.count)
        var sums = [Double](repeating: 0, count: termCount)
        for position in tripleTerm.indices { sums[Int(tripleTerm[position])] += Double(tripleProbability[position]) }
        let background = sums.map { ($0 + parameters.backgroundPseudoCount) / (count + 1) }
        var entryCandidate = [Int32](), entryProbability = [Float](), entryLogRatio = [Float](), entryDirect = [Bool]()
        entryCandidate.reserveCapacity(order.count); entryProbability.reserveCapacity(order.count)
        entryLogRatio.reserveCapacity(order.count); entryDirect.reserveCapacity(order.count)
        for position in order {
            let term = Int(tripleTerm[position])
            let p = Double(tripleProbability[position])
            entryCandidate.append(tripleCandidate[position])
            entryProbability.append(tripleProbability[position])
            entryLogRatio.append(Float(min(parameters.maximumLog10LR, log10(p / background[term]))))
            entryDirect.append(tripleDirect[position])
        }
        let (negOffsets, negOrder) = group(negTerm)

        self.candidates = candidates
        self.xLinkedRecessiveOnly = candidates.map { index in
            let modes = kb.diseases[Int(index)].inheritance
            return !modes.isEmpty && modes.allSatisfy { $0.category == .xLinkedRecessive || $0.category == .xLinked }
        }
        self.termOffsets = offsets
        self.entryCandidate = entryCandidate
        self.entryProbability = entryProbability
        self.entryLogRatio = entryLogRatio
        self.entryDirect = entryDirect
        self.background = background
        self.negatedOffsets = negOffsets
        self.negatedCandidate = negOrder.map { negCandidate[$0] }
        self.directAnnotations = directAnnotations
    }
}
