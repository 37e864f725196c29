import Foundation
import MendelCore
import MendelKnowledge

/// How one query term relates to a disease's annotations.
public enum MatchType: String, Sendable, Hashable, Codable, CaseIterable {
    /// The disease is annotated to the query term itself.
    case exact
    /// The disease is annotated to a descendant of the query term (the query is implied).
    case impliedByDescendant = "implied_by_descendant"
    /// The query term is more specific than an annotation of the disease (partial credit).
    case queryMoreSpecific = "query_more_specific"
    /// The query and the disease share only a common ancestor (partial credit).
    case commonAncestor = "common_ancestor"
    /// No useful relation: the non-match floor applies.
    case noMatch = "no_match"
    /// The disease is annotated NOT to have the term (or an ancestor of it).
    case diseaseLacksFeature = "disease_lacks_feature"
    /// Excluded query term that the disease implies with some frequency (absence LR × pertinent-negative factor).
    case excludedButAnnotated = "excluded_but_annotated"
    /// Excluded query term that the disease does not imply.
    case excludedNotAnnotated = "excluded_not_annotated"
}

/// The likelihood ratio of one query term for one disease, with everything it was computed from.
public struct TermContribution: Sendable, Hashable, Codable {
    public var term: HPOTermID
    public var termName: String
    /// false for excluded terms.
    public var observed: Bool
    public var matchType: MatchType
    /// The ontology term whose frequency was used (the query term, or the shared ancestor / annotation).
    public var matchedTerm: HPOTermID?
    public var matchedTermName: String?
    /// The disease's own annotation behind the match (the most frequent one, for implied matches).
    public var diseaseAnnotation: HPOTermID?
    /// The disease the annotation belongs to when it was borrowed from a related disease (same genes).
    public var annotationSource: DiseaseID?
    /// Set when the annotation is a gene-profile backoff (`sparseBackoffStrength`): the weight k/(M + k) of the gene's
    /// profile for this sparsely annotated disease; `annotationSource` names the sibling disease contributing most.
    public var geneProfileWeight: Double? = nil
    /// P(matched term | disease).
    public var frequency: Double?
    /// P(matched term | background).
    public var backgroundFrequency: Double?
    /// Partial-credit weight applied (1 for exact and implied matches).
    public var weight: Double?
    public var likelihoodRatio: Double
    public var log10LikelihoodRatio: Double
}

/// A disease-level factor of the composite LR that does not belong to one term (e.g. sex vs inheritance).
public struct ScoreAdjustment: Sendable, Hashable, Codable {
    /// Stable rule name: `onset` or `female_x_linked_recessive`.
    public var rule: String
    /// The HPO term the adjustment is about (the patient's onset class), if any.
    public var term: HPOTermID?
    public var likelihoodRatio: Double
    public var log10LikelihoodRatio: Double
}

/// Why a disease got its score and rank: per-term likelihood ratios, pretest, composite LR, post-test.
public struct DiseaseExplanation: Sendable, Hashable, Codable {
    public var diseaseID: DiseaseID
    public var diseaseName: String
    public var rank: Int
    public var candidateCount: Int
    public var genes: [String]
    public var terms: [TermContribution]
    public var adjustments: [ScoreAdjustment]
    public var pretestProbability: Double
    /// Sum of the per-term log10 LRs (= the ranking score).
    public var log10CompositeLikelihoodRatio: Double
    public var compositeLikelihoodRatio: Double
    public var postTestProbability: Double
    public var knowledgeBaseVersion: String
    /// Genotype evidence (genotype-aware ranking only; its log10 LR is the `genotype` adjustment).
    public var genotype: GenotypeContribution? = nil

    /// The explanation as trace entries (one per term, then the summary).
    public var traceEntries: [TraceEntry] {
        var entries: [TraceEntry] = terms.map { term in
            var values: [String: JSONValue] = [
                "disease": .string(diseaseID.rawValue), "term": .string(term.term.description),
                "observed": .bool(term.observed), "match": .string(term.matchType.rawValue),
                "lr": .number(term.likelihoodRatio), "log10_lr": .number(term.log10LikelihoodRatio),
            ]
            if let matched = term.matchedTerm { values["matched_term"] = .string(matched.description) }
            if let annotation = term.diseaseAnnotation { values["disease_annotation"] = .string(annotation.description) }
            if let source = term.annotationSource { values["annotation_source"] = .string(source.rawValue) }
            if let weight = term.geneProfileWeight { values["gene_profile_weight"] = .number(weight) }
            if let frequency = term.frequency { values["frequency"] = .number(frequency) }
            if let background = term.backgroundFrequency { values["background"] = .number(background) }
            if let weight = term.weight { values["weight"] = .number(weight) }
            let lr = String(format: "%.3g", term.likelihoodRatio)
            let backoff = term.geneProfileWeight.map { weight in
                " (gene profile of \(term.annotationSource?.rawValue ?? "the allelic series"), weight \(String(format: "%.2f", weight)))"
            } ?? ""
            return TraceEntry(component: "diagnosis", event: "likelihood_ratio", rule: term.matchType.rawValue,
                              message: "\(term.observed ? "observed" : "excluded") \(term.term) vs \(diseaseID): \(term.matchType.rawValue)\(backoff), LR \(lr)",
                              values: values)
        }
        for adjustment in adjustments {
            entries.append(TraceEntry(component: "diagnosis", event: "likelihood_ratio", rule: adjustment.rule,
                                      message: "\(diseaseID): \(adjustment.rule), LR \(String(format: "%.3g", adjustment.likelihoodRatio))",
                                      values: ["disease": .string(diseaseID.rawValue), "lr": .number(adjustment.likelihoodRatio),
                                               "log10_lr": .number(adjustment.log10LikelihoodRatio),
                                               "term": adjustment.term.map { .string($0.description) } ?? .null]))
        }
        if let genotype { entries.append(genotype.traceEntry(disease: diseaseID)) }
        entries.append(TraceEntry(
            component: "diagnosis", event: "rank", rule: "post_test_probability",
            message: "\(diseaseID) rank \(rank) of \(candidateCount): composite LR 10^\(String(format: "%.2f", log10CompositeLikelihoodRatio)), post-test \(String(format: "%.3g", postTestProbability))",
            values: ["disease": .string(diseaseID.rawValue), "rank": .number(Double(rank)),
                     "pretest": .number(pretestProbability), "log10_composite_lr": .number(log10CompositeLikelihoodRatio),
                     "post_test": .number(postTestProbability), "kb_version": .string(knowledgeBaseVersion)]))
        return entries
    }
}

extension PhenotypeRanker {
    /// Best per-term value for one candidate, with exactly the comparisons of `observedScores`.
    func observedMatch(_ term: Int32, candidate: Int32) -> (value: Float, type: MatchType, matched: Int32?, entry: Int?, weight: Double?) {
        let ontology = knowledgeBase.ontology
        var best = logFloor
        var type = MatchType.noMatch
        var matched: Int32?
        var bestEntry: Int?
        var weight: Double?
        for ancestor in ontology.ancestors(ofIndex: term) {
            if ancestor != term && index.entries(ofTerm: ancestor).count > coverageLimit { continue }
            guard let entry = index.entry(term: ancestor, candidate: candidate) else { continue }
            let direct = index.entryDirect[entry]
            let value = ancestor == term ? index.entryLogRatio[entry] : index.entryLogRatio[entry] + (direct ? logSpecific : logCommon)
            if value > best {
                best = value; matched = ancestor; bestEntry = entry
                if ancestor == term { type = direct ? .exact : .impliedByDescendant; weight = 1 }
                else { type = direct ? .queryMoreSpecific : .commonAncestor
                    weight = direct ? parameters.specificMatchWeight : parameters.commonAncestorWeight }
            }
        }
        for ancestor in ontology.ancestors(ofIndex: term) where index.negated(ofTerm: ancestor).contains(candidate) {
            best = logNegated; type = .diseaseLacksFeature; matched = ancestor; bestEntry = nil; weight = nil
        }
        return (best, type, matched, bestEntry, weight)
    }

    /// Recomputes one candidate's per-term LRs with exactly the arithmetic of `rank`.
    func explanation(candidate: Int32, rank: Int, in ranking: PhenotypeRanking) -> DiseaseExplanation {
        let kb = knowledgeBase
        let ontology = kb.ontology
        var terms: [TermContribution] = []
        var total = 0.0
        for term in ranking.observedIndices {
            let (best, type, matched, bestEntry, weight) = observedMatch(term, candidate: candidate)
            total += Double(best)
            var annotation: Int32?
            var source: DiseaseID?
            var profileWeight: Double?
            if let matched, type != .diseaseLacksFeature {
                // The annotation behind the entry: the disease's own (or related) ones, or its gene-profile backoff.
                let backoff = bestEntry.map { index.entryBackoff[$0] } ?? false
                let best = index.directAnnotations[Int(candidate)]
                    .filter { $0.backoff == backoff && ontology.isAncestorOrSelf(matched, of: $0.term) }
                    .max { ($0.frequency, $1.term) < ($1.frequency, $0.term) }
                annotation = best?.term
                if let best, best.source != index.candidates[Int(candidate)] { source = kb.diseases[Int(best.source)].id }
                if let best, best.backoff { profileWeight = Double(index.backoffWeight[Int(candidate)]) }
            }
            if type == .diseaseLacksFeature { annotation = matched }
            terms.append(TermContribution(
                term: ontology.ids[Int(term)], termName: ontology.names[Int(term)], observed: true, matchType: type,
                matchedTerm: matched.map { ontology.ids[Int($0)] }, matchedTermName: matched.map { ontology.names[Int($0)] },
                diseaseAnnotation: annotation.map { ontology.ids[Int($0)] }, annotationSource: source, geneProfileWeight: profileWeight,
                frequency: bestEntry.map { Double(index.entryProbability[$0]) },
                backgroundFrequency: matched.map { index.background[Int($0)] }, weight: weight,
                likelihoodRatio: pow(10, Double(best)), log10LikelihoodRatio: Double(best)))
        }
        for term in ranking.excludedIndices {
            let entry = index.entry(term: term, candidate: candidate)
            let probability = entry.map { index.entryProbability[$0] } ?? 0
            let background = index.background[Int(term)]
            let value = entry.map { excludedValue(entry: $0, background: background) }
                ?? excludedValue(probability: probability, background: background)
            total += Double(value)
            terms.append(TermContribution(
                term: ontology.ids[Int(term)], termName: ontology.names[Int(term)], observed: false,
                matchType: entry == nil ? .excludedNotAnnotated : .excludedButAnnotated,
                matchedTerm: entry == nil ? nil : ontology.ids[Int(term)], matchedTermName: entry == nil ? nil : ontology.names[Int(term)],
                diseaseAnnotation: nil, annotationSource: nil, frequency: Double(probability), backgroundFrequency: background,
                weight: parameters.excludedWeight, likelihoodRatio: pow(10, Double(value)), log10LikelihoodRatio: Double(value)))
        }
        var adjustments: [ScoreAdjustment] = []
        if let onset = ranking.onset, index.entry(term: onset.root, candidate: candidate) != nil {
            let value = Float(parameters.onsetWeight) * observedMatch(onset.term, candidate: candidate).value
            total += Double(value)
            adjustments.append(ScoreAdjustment(rule: "onset", term: ontology.ids[Int(onset.term)], likelihoodRatio: pow(10, Double(value)),
                                               log10LikelihoodRatio: Double(value)))
        }
        if ranking.sex == .female && logFemaleXLR != 0 && index.xLinkedRecessiveOnly[Int(candidate)] {
            total += logFemaleXLR
            adjustments.append(ScoreAdjustment(rule: "female_x_linked_recessive", term: nil, likelihoodRatio: parameters.femaleXLinkedRecessiveLR,
                                               log10LikelihoodRatio: logFemaleXLR))
        }
        let disease = kb.diseases[Int(index.candidates[Int(candidate)])]
        return DiseaseExplanation(
            diseaseID: disease.id, diseaseName: disease.name, rank: rank, candidateCount: index.candidateCount,
            genes: disease.geneIndices.map { kb.genes[Int($0)].symbol }, terms: terms, adjustments: adjustments,
            pretestProbability: pretestProbability, log10CompositeLikelihoodRatio: total,
            compositeLikelihoodRatio: pow(10, total), postTestProbability: ranking.postTestProbability(score: total),
            knowledgeBaseVersion: kb.version)
    }
}
