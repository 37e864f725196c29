import Foundation
import MendelKnowledge

extension PhenotypeIndex {
    /// The gene-profile backoff of one disease (empirical Bayes shrinkage toward its allelic series): the terms the
    /// disease lacks with P_G(t), the mean mass-normalised frequency of t over the other diseases with exactly the same
    /// gene set (`siblings`; aspect P only), and the weight w = k/(M + k) of that profile, M being the disease's
    /// annotation mass. The index scores such a term with floor^(1 − w) · (P_G(t)/bg(t))^w. Entries name the sibling
    /// contributing most as their source.
    static func geneProfileBackoff(mass: Double, siblings: [Int32], lacking present: Set<Int32>,
                                   profile: (Int32) -> [(term: Int32, frequency: Float)],
                                   _ parameters: DiagnosisParameters) -> (entries: [Annotation], weight: Float) {
        let k = parameters.sparseBackoffStrength
        guard k > 0, !siblings.isEmpty else { return ([], 0) }
        let weight = k / (mass + k)
        var sum: [Int32: (total: Float, best: Float, source: Int32)] = [:]
        var order: [Int32] = []
        for sibling in siblings {
            for (term, frequency) in profile(sibling) where !present.contains(term) {
                if let current = sum[term] {
                    sum[term] = (current.total + frequency, max(current.best, frequency),
                                 frequency > current.best ? sibling : current.source)
                } else {
                    sum[term] = (frequency, frequency, sibling); order.append(term)
                }
            }
        }
        let entries: [Annotation] = order.compactMap { term in
            sum[term].map { (term, min(1, $0.total / Float(siblings.count)), $0.source, true) }
        }
        return (entries, Float(weight))
    }
}

/// Scratch space of the index build: P(t|D) of one candidate for every term a list of its annotations implies
/// (max or noisy-OR over the annotations at or below t), reused across candidates via a marker per term.
struct ImpliedTerms {
    private var value: [Double]
    private var stamp: [Int32]
    /// Whether the term itself is one of the annotations (valid for `touched` terms).
    private(set) var direct: [Bool]
    /// The terms implied by the last `propagate`, in first-touch order.
    private(set) var touched: [Int32] = []
    let propagation: DiagnosisParameters.Propagation

    init(termCount: Int, propagation: DiagnosisParameters.Propagation) {
        value = [Double](repeating: 0, count: termCount)
        stamp = [Int32](repeating: -1, count: termCount)
        direct = [Bool](repeating: false, count: termCount)
        self.propagation = propagation
    }

    mutating func propagate(_ list: [PhenotypeIndex.Annotation], marker: Int32, ontology: Ontology) {
        touched.removeAll(keepingCapacity: true)
        for (termIndex, frequency, _, _) in list {
            let f = Double(frequency)
            for ancestor in ontology.ancestors(ofIndex: termIndex) {
                let a = Int(ancestor)
                if stamp[a] != marker {
                    stamp[a] = marker
                    touched.append(ancestor)
                    direct[a] = false
                    value[a] = propagation == .max ? f : (1 - f)
                } else {
                    value[a] = propagation == .max ? max(value[a], f) : value[a] * (1 - f)
                }
            }
            direct[Int(termIndex)] = true
        }
    }

    func implies(_ term: Int32, marker: Int32) -> Bool { stamp[Int(term)] == marker }

    func probability(_ term: Int32) -> Double { propagation == .max ? value[Int(term)] : 1 - value[Int(term)] }
}
