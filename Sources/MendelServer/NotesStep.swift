import Foundation
import MendelCore
import MendelKnowledge
import MendelPhenotype

/// The notes step of an analysis: clinical free text → observed and excluded HPO terms (with character
/// spans and the assertion that decided each), merged with the structured phenotype. The note text itself
/// never enters the result or the trace: only term ids, labels, offsets and trigger words do.
struct NotesStep: Sendable {
    let recognizer: PhenotypeRecognizer

    struct Outcome: Sendable {
        var findings: [PhenotypeFinding]
        var observed: [HPOTermID]
        var excluded: [HPOTermID]
        var step: AnalysisStep
        var trace: [TraceEntry]
    }

    /// Builds the recogniser over the knowledge base's ontology (labels, synonyms, abbreviations).
    static func makeRecognizer(ontology: Ontology) throws -> PhenotypeRecognizer {
        try PhenotypeRecognizer(lexicon: ConceptLexicon(ontology: ontology))
    }

    func run(notes: [UInt8], structuredObserved: Set<HPOTermID>, structuredExcluded: Set<HPOTermID>) -> Outcome {
        let text: String
        do {
            text = try PhenotypeRecognizer.decodeNote(notes)
        } catch {
            return Outcome(findings: [], observed: [], excluded: [],
                           step: AnalysisStep(name: "notes", status: "failed", detail: error.description), trace: [])
        }
        let analysis = recognizer.recognize(text)
        var findings: [PhenotypeFinding] = []
        var observed: [HPOTermID] = []
        var excluded: [HPOTermID] = []
        for result in analysis.observed {
            let span = result.spans.first
            findings.append(PhenotypeFinding(term: result.term.description, label: result.label, excluded: false, source: "notes",
                                             spanStart: span?.lowerBound, spanEnd: span?.upperBound, confidence: result.confidence))
            // Structured input wins over the note: a term the phenopacket excludes is not added as observed.
            if !structuredObserved.contains(result.term) && !structuredExcluded.contains(result.term) { observed.append(result.term) }
        }
        for result in analysis.excluded {
            let span = result.spans.first
            findings.append(PhenotypeFinding(term: result.term.description, label: result.label, excluded: true, source: "notes",
                                             spanStart: span?.lowerBound, spanEnd: span?.upperBound, confidence: result.confidence))
            if !structuredObserved.contains(result.term) && !structuredExcluded.contains(result.term) && !observed.contains(result.term) {
                excluded.append(result.term)
            }
        }
        let detail = "\(analysis.observed.count) observed, \(analysis.excluded.count) excluded, \(analysis.uncertain.count) uncertain and \(analysis.family.count) family-history terms recognised; \(observed.count) observed and \(excluded.count) excluded added to the query"
        return Outcome(findings: findings, observed: observed, excluded: excluded,
                       step: AnalysisStep(name: "notes", status: "done", detail: detail), trace: analysis.trace)
    }
}
