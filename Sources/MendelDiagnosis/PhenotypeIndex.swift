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
    /// The entry comes from the gene-profile backoff (`sparseBackoffStrength`); its log ratio is already pooled with the floor.
    let entryBackoff: [Bool]
    /// bg(t) per term.
    let background: [Double]
    /// Candidates annotated NOT t (or with frequency 0), per term.
    let negatedOffsets: [Int32]
    let negatedCandidate: [Int32]
    /// Direct annotations (term index, frequency) per candidate, for explanations.
    /// `source` is the KB index of the disease the annotation comes from (itself, a related disease, or — for a
    /// gene-profile backoff entry, `backoff` true — the sibling disease contributing most to it).
    let directAnnotations: [[Annotation]]
    /// Gene-profile backoff weight k/(M + k) of each candidate (0 when it borrowed nothing; `sparseBackoffStrength`).
    let backoffWeight: [Float]

    typealias Annotation = (term: Int32, frequency: Float, source: Int32, backoff: Bool)

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

    /// A disease's own positive annotations (term index, frequency; a term annotated twice keeps its higher frequency,
    /// first-occurrence order) and its negated terms.
    static func ownAnnotations(of disease: Disease, ontology: Ontology, aspects: Set<AnnotationAspect>,
                               _ parameters: DiagnosisParameters) -> (positive: [(term: Int32, frequency: Float)], negated: [Int32]) {
        var positive: [(term: Int32, frequency: Float)] = []
        var negated: [Int32] = []
        for annotation in disease.annotations where aspects.contains(annotation.aspect) {
            guard let termIndex = ontology.index(of: annotation.term) else { continue }
            guard let frequency = frequency(of: annotation, parameters) else {
                if !negated.contains(termIndex) { negated.append(termIndex) }
                continue
            }
            if let existing = positive.firstIndex(where: { $0.term == termIndex }) {
                // The same term annotated twice (e.g. by two sources): keep the higher frequency once.
                if Float(frequency) > positive[existing].frequency { positive[existing].frequency = Float(frequency) }
            } else {
                positive.append((termIndex, Float(frequency)))
            }
        }
        return (positive, negated)
    }

    /// Annotation-mass factor min(maxBoost, (reference / M)^exponent) of a disease whose positive frequencies sum to M.
    static func massScale(_ mass: Double, _ parameters: DiagnosisParameters) -> Float {
        guard parameters.annotationMassExponent > 0, mass > 0 else { return 1 }
        return Float(min(parameters.annotationMassMaxBoost, pow(parameters.annotationMassReference / mass, parameters.annotationMassExponent)))
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
        // 1 for the disease's own annotations; the backoff weight k/(M + k) for gene-profile entries (`tripleBackoff`).
        var tripleWeight: [Float] = [], tripleBackoff: [Bool] = []
        var negTerm: [Int32] = [], negCandidate: [Int32] = []
        var directAnnotations: [[Annotation]] = []
        var backoffWeights: [Float] = []
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
        // Gene-profile backoff: diseases (ranked or related namespaces) per exact gene set, and their own mass-normalised
        // profiles, computed on first use.
        var siblingsByGeneSet: [[Int32]: [Int32]] = [:]
        if parameters.sparseBackoffStrength > 0 {
            for (position, disease) in kb.diseases.enumerated() where !disease.geneIndices.isEmpty {
                let namespace = String(disease.id.namespace)
                guard namespaces.isEmpty || namespaces.contains(namespace) || relatedNamespaces.contains(namespace) else { continue }
                siblingsByGeneSet[disease.geneIndices, default: []].append(Int32(position))
            }
        }
        var profiles: [Int32: [(term: Int32, frequency: Float)]] = [:]
        func profile(_ disease: Int32) -> [(term: Int32, frequency: Float)] {
            if let cached = profiles[disease] { return cached }
            // Phenotypic abnormalities only: onset and course (aspect C) tell the diseases of an allelic series apart.
            let own = Self.ownAnnotations(of: kb.diseases[Int(disease)], ontology: ontology,
                                          aspects: aspects.intersection([.phenotype]), parameters).positive
            let scale = Self.massScale(own.reduce(0.0) { $0 + Double($1.frequency) }, parameters)
            let scaled = own.map { (term: $0.term, frequency: min(1, $0.frequency * scale)) }
            profiles[disease] = scaled
            return scaled
        }
        directAnnotations.reserveCapacity(candidates.count)
        // Terms implied by a candidate's own (and related) annotations, and by its gene-profile backoff.
        var ownTerms = ImpliedTerms(termCount: termCount, propagation: parameters.propagation)
        var profileTerms = ImpliedTerms(termCount: termCount, propagation: parameters.propagation)
        for (candidatePosition, diseaseIndex) in candidates.enumerated() {
            let marker = Int32(candidatePosition)
            let disease = kb.diseases[Int(diseaseIndex)]
            let (own, negatedTerms) = Self.ownAnnotations(of: disease, ontology: ontology, aspects: aspects, parameters)
            var directList: [Annotation] = own.map { ($0.term, $0.frequency, diseaseIndex, false) }
            let ownCount = directList.count
            let borrows = !parameters.relatedAnnotationUniqueGeneSet || (candidatesPerGeneSet[disease.geneIndices] ?? 0) <= 1
            for related in borrows ? diseasesByGeneSet[disease.geneIndices] ?? [] : [] where related != diseaseIndex {
                for annotation in kb.diseases[Int(related)].annotations where aspects.contains(annotation.aspect) {
                    guard let termIndex = ontology.index(of: annotation.term),
                          let frequency = Self.frequency(of: annotation, parameters) else { continue }
                    let weighted = Float(frequency * parameters.relatedAnnotationWeight)
                    if negatedTerms.contains(termIndex) || directList[..<ownCount].contains(where: { $0.term == termIndex }) { continue }
                    if let existing = directList.firstIndex(where: { $0.term == termIndex }) {
                        if weighted > directList[existing].frequency { directList[existing] = (termIndex, weighted, related, false) }
                    } else {
                        directList.append((termIndex, weighted, related, false))
                    }
                }
            }
            let mass = directList.reduce(0.0) { $0 + Double($1.frequency) }
            if parameters.annotationMassExponent > 0 && mass > 0 {
                let scale = Self.massScale(mass, parameters)
                for position in directList.indices { directList[position].frequency = min(1, directList[position].frequency * scale) }
            }
            ownTerms.propagate(directList, marker: marker, ontology: ontology)
            for term in ownTerms.touched {
                tripleTerm.append(term); tripleCandidate.append(marker); tripleProbability.append(Float(ownTerms.probability(term)))
                tripleDirect.append(ownTerms.direct[Int(term)]); tripleWeight.append(1); tripleBackoff.append(false)
            }
            // Gene-profile backoff: only terms that the disease's own (and related) annotations do not imply at all.
            var backoff: (entries: [Annotation], weight: Float) = ([], 0)
            if parameters.sparseBackoffStrength > 0 {
                let siblings = (siblingsByGeneSet[disease.geneIndices] ?? []).filter { $0 != diseaseIndex }
                let present = Set(directList.map(\.term)).union(negatedTerms)
                backoff = Self.geneProfileBackoff(mass: mass, siblings: siblings, lacking: present, profile: profile, parameters)
                profileTerms.propagate(backoff.entries, marker: marker, ontology: ontology)
                for term in profileTerms.touched where !ownTerms.implies(term, marker: marker) {
                    tripleTerm.append(term); tripleCandidate.append(marker); tripleProbability.append(Float(profileTerms.probability(term)))
                    tripleDirect.append(profileTerms.direct[Int(term)]); tripleWeight.append(backoff.weight); tripleBackoff.append(true)
                }
            }
            backoffWeights.append(backoff.weight)
            for term in negatedTerms { negTerm.append(term); negCandidate.append(marker) }
            directAnnotations.append((directList + backoff.entries).sorted { $0.term < $1.term })
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
        // Backgrounds describe the annotated diseases: gene-profile backoff entries do not add to them.
        for position in tripleTerm.indices where !tripleBackoff[position] {
            sums[Int(tripleTerm[position])] += Double(tripleProbability[position])
        }
        let background = sums.map { ($0 + parameters.backgroundPseudoCount) / (count + 1) }
        var entryCandidate = [Int32](), entryProbability = [Float](), entryLogRatio = [Float](), entryDirect = [Bool]()
        var entryBackoff = [Bool]()
        let logFloor = Float(log10(parameters.nonMatchFloor))
        entryCandidate.reserveCapacity(order.count); entryProbability.reserveCapacity(order.count)
        entryLogRatio.reserveCapacity(order.count); entryDirect.reserveCapacity(order.count)
        for position in order {
            let term = Int(tripleTerm[position])
            let p = Double(tripleProbability[position])
            entryCandidate.append(tripleCandidate[position])
            entryProbability.append(tripleProbability[position])
            // A backoff entry pools, geometrically with weight w, the disease's own LR for a term it lacks (the non-match
            // floor) and the gene profile's LR: floor^(1 − w) · (P_G/bg)^w.
            let weight = tripleWeight[position]
            let logRatio = Float(min(parameters.maximumLog10LR, log10(p / background[term])))
            entryLogRatio.append(tripleBackoff[position] ? (1 - weight) * logFloor + weight * logRatio : logRatio)
            entryDirect.append(tripleDirect[position])
            entryBackoff.append(tripleBackoff[position])
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
        self.entryBackoff = entryBackoff
        self.background = background
        self.negatedOffsets = negOffsets
        self.negatedCandidate = negOrder.map { negCandidate[$0] }
        self.directAnnotations = directAnnotations
        self.backoffWeight = backoffWeights
    }
}
