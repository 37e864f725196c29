import Foundation
import MendelCore
import MendelKnowledge

/// LIRICAL-style likelihood-ratio ranking of every candidate disease of a knowledge base for a phenotype.
/// Build once per knowledge base (≈ a second for the full HPO release); `rank` is thread-safe.
public final class PhenotypeRanker: Sendable {
    public let knowledgeBase: KnowledgeBase
    public let parameters: DiagnosisParameters
    let index: PhenotypeIndex
    // Per-term weights in log10 space, as Float so ranking and explanations share the exact arithmetic.
    let logSpecific: Float
    let logCommon: Float
    let logFloor: Float
    let logNegated: Float
    let logFemaleXLR: Double
    /// Terms implied by more than this many candidates are not used as shared ancestors.
    let coverageLimit: Int

    public init(knowledgeBase: KnowledgeBase, parameters: DiagnosisParameters = .default) throws(DiagnosisError) {
        func check(_ name: String, _ value: Double, _ range: ClosedRange<Double>) throws(DiagnosisError) {
            guard range.contains(value) else { throw .invalidParameter(name: name, reason: "must be in \(range)") }
        }
        try check("defaultFrequency", parameters.defaultFrequency, 0.000001...1)
        try check("minimumFrequency", parameters.minimumFrequency, 0.000001...1)
        try check("specificMatchWeight", parameters.specificMatchWeight, 0.000001...1)
        try check("commonAncestorWeight", parameters.commonAncestorWeight, 0.000001...1)
        try check("nonMatchFloor", parameters.nonMatchFloor, 0.0000001...1)
        try check("negatedMatchLR", parameters.negatedMatchLR, 0.0000001...1)
        try check("femaleXLinkedRecessiveLR", parameters.femaleXLinkedRecessiveLR, 0.000001...1)
        try check("onsetWeight", parameters.onsetWeight, 0...1)
        try check("excludedWeight", parameters.excludedWeight, 0...1)
        try check("excludedFrequencyCap", parameters.excludedFrequencyCap, 0...0.999)
        try check("backgroundPseudoCount", parameters.backgroundPseudoCount, 0.000001...1000)
        try check("ratioPseudoCount", parameters.ratioPseudoCount, 0...1000)
        try check("excludedFrequencyThreshold", parameters.excludedFrequencyThreshold, 0...0.999)
        try check("excludedAscertainmentWeight", parameters.excludedAscertainmentWeight, 0...1)
        if let p0 = parameters.ratioPriorFrequency { try check("ratioPriorFrequency", p0, 0.000001...1) }
        try check("annotationMassExponent", parameters.annotationMassExponent, 0...2)
        try check("annotationMassReference", parameters.annotationMassReference, 0.000001...10000)
        try check("annotationMassMaxBoost", parameters.annotationMassMaxBoost, 0.000001...1000)
        try check("ancestorCoverageLimit", parameters.ancestorCoverageLimit, 0...1)
        try check("sparseBackoffStrength", parameters.sparseBackoffStrength, 0...1000)
        self.knowledgeBase = knowledgeBase
        self.parameters = parameters
        self.index = try PhenotypeIndex(knowledgeBase: knowledgeBase, parameters: parameters)
        logSpecific = Float(log10(parameters.specificMatchWeight))
        logCommon = Float(log10(parameters.commonAncestorWeight))
        logFloor = Float(log10(parameters.nonMatchFloor))
        logNegated = Float(log10(parameters.negatedMatchLR))
        logFemaleXLR = log10(parameters.femaleXLinkedRecessiveLR)
        coverageLimit = Int((parameters.ancestorCoverageLimit * Double(index.candidateCount)).rounded(.down))
    }

    /// Number of diseases ranked.
    public var candidateCount: Int { index.candidateCount }

    /// Uniform pretest probability 1/N.
    public var pretestProbability: Double { 1 / Double(index.candidateCount) }

    /// Maps the query's terms onto the ontology, reporting every change.
    public func normalise(_ query: PhenotypeQuery) -> NormalisedQuery {
        QueryNormaliser.normalise(query, ontology: knowledgeBase.ontology, dropRedundantAncestors: parameters.dropRedundantAncestors).0
    }

    /// Scores and ranks every candidate disease. Ties: higher score first, then disease id ascending.
    public func rank(_ query: PhenotypeQuery) -> PhenotypeRanking {
        let (normalised, observed, excluded) = QueryNormaliser.normalise(
            query, ontology: knowledgeBase.ontology, dropRedundantAncestors: parameters.dropRedundantAncestors)
        let count = index.candidateCount
        var total = [Double](repeating: 0, count: count)
        var current = [Float](repeating: 0, count: count)
        var termTotal: [Double] = []
        current.withUnsafeMutableBufferPointer { current in
            total.withUnsafeMutableBufferPointer { total in
                for term in observed {
                    observedScores(term, into: current)
                    for candidate in 0..<count { total[candidate] += Double(current[candidate]) }
                }
                for term in excluded {
                    excludedScores(term, into: current)
                    for candidate in 0..<count { total[candidate] += Double(current[candidate]) }
                }
                termTotal = Array(total)
                if let onset = onsetIndex(query) {
                    observedScores(onset.term, into: current)
                    let weight = Float(parameters.onsetWeight)
                    var cursor = index.entries(ofTerm: onset.root).makeIterator()
                    var next = cursor.next().map { Int(index.entryCandidate[$0]) }
                    for candidate in 0..<count {
                        // Only diseases with onset annotations (they imply the Onset root) are scored.
                        if candidate == next {
                            total[candidate] += Double(weight * current[candidate])
                            next = cursor.next().map { Int(index.entryCandidate[$0]) }
                        }
                    }
                }
                if query.sex == .female && logFemaleXLR != 0 {
                    for candidate in 0..<count where index.xLinkedRecessiveOnly[candidate] { total[candidate] += logFemaleXLR }
                }
            }
        }
        var order = [Int32](unsafeUninitializedCapacity: count) { buffer, initialised in
            for position in 0..<count { buffer[position] = Int32(position) }
            initialised = count
        }
        total.withUnsafeBufferPointer { scores in
            order.sort { left, right in
                let a = scores[Int(left)], b = scores[Int(right)]
                return a > b || (a == b && left < right)
            }
        }
        return PhenotypeRanking(ranker: self, query: normalised, sex: query.sex, onset: onsetIndex(query), observedIndices: observed,
                                excludedIndices: excluded, scores: total, termScores: termTotal, order: order)
    }

    /// The query's onset class and the Onset root as ontology indices, when onset scoring applies.
    func onsetIndex(_ query: PhenotypeQuery) -> (term: Int32, root: Int32)? {
        guard parameters.onsetWeight > 0, let onset = query.onsetClass,
              let term = knowledgeBase.ontology.resolvedIndex(onset),
              let root = knowledgeBase.ontology.index(of: OnsetClass.onsetRoot),
              knowledgeBase.ontology.isAncestorOrSelf(root, of: term) else { return nil }
        return (term, root)
    }

    /// log10 LR of one observed term for every candidate.
    func observedScores(_ term: Int32, into current: UnsafeMutableBufferPointer<Float>) {
        let floor = logFloor
        for position in current.indices { current[position] = floor }
        let ontology = knowledgeBase.ontology
        index.entryCandidate.withUnsafeBufferPointer { candidates in
        index.entryLogRatio.withUnsafeBufferPointer { ratios in
        index.entryDirect.withUnsafeBufferPointer { directs in
            for ancestor in ontology.ancestors(ofIndex: term) {
                let range = index.entries(ofTerm: ancestor)
                if ancestor == term {
                    for entry in range {
                        let candidate = Int(candidates[entry])
                        let value = ratios[entry]
                        if value > current[candidate] { current[candidate] = value }
                    }
                } else {
                    guard range.count <= coverageLimit else { continue }
                    let specific = logSpecific, common = logCommon
                    for entry in range {
                        let candidate = Int(candidates[entry])
                        let value = ratios[entry] + (directs[entry] ? specific : common)
                        if value > current[candidate] { current[candidate] = value }
                    }
                }
            }
        }}}
        for ancestor in ontology.ancestors(ofIndex: term) {
            for candidate in index.negated(ofTerm: ancestor) { current[Int(candidate)] = logNegated }
        }
    }

    /// log10 LR of one excluded term for every candidate.
    func excludedScores(_ term: Int32, into current: UnsafeMutableBufferPointer<Float>) {
        let background = index.background[Int(term)]
        let base = excludedValue(probability: 0, background: background)
        for position in current.indices { current[position] = base }
        for entry in index.entries(ofTerm: term) {
            current[Int(index.entryCandidate[entry])] = excludedValue(entry: entry, background: background)
        }
    }

    /// log10 LR of an excluded term for a disease that implies it: the absence LR plus the pertinent-negative factor.
    /// A gene-profile backoff entry is no annotation of the disease: no absence LR, only the (tempered) pertinent negative.
    func excludedValue(entry: Int, background: Double) -> Float {
        let absent = excludedValue(probability: index.entryBackoff[entry] ? 0 : index.entryProbability[entry], background: background)
        guard parameters.excludedAscertainmentWeight > 0 else { return absent }
        return absent + Float(parameters.excludedAscertainmentWeight) * max(0, index.entryLogRatio[entry])
    }

    /// β · log10((1 − min(P, cap)) / (1 − bg)).
    func excludedValue(probability: Float, background: Double) -> Float {
        let threshold = parameters.excludedFrequencyThreshold
        let p = min(max(0, (Double(probability) - threshold) / (1 - threshold)), parameters.excludedFrequencyCap)
        return Float(parameters.excludedWeight * log10((1 - p) / max(1 - background, 1e-9)))
    }
}
