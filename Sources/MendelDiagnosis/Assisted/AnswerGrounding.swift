import Foundation
import MendelCore
import MendelKnowledge

/// Turns a model's JSON answer into grounded claims: every disease, gene, HPO, variant and fact id must
/// exist in the knowledge base and in the evidence that was given; anything else is dropped and listed.
public enum AnswerGrounding {
    public struct Differential: Sendable, Hashable {
        public var grounded: [GroundedDiagnosis]
        public var ungrounded: [UngroundedClaim]
        public var narrative: [NarrativeSentence]
        /// False when the answer was not JSON of the expected shape (then nothing is kept).
        public var parsed: Bool
    }

    /// Grounds a differential answer against the case it was asked about.
    public static func differential(answer: String, assistCase: AssistCase, knowledgeBase: KnowledgeBase) -> Differential {
        let checker = GroundingChecker(knowledgeBase: knowledgeBase, allowed: assistCase.allowed)
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(answer.utf8)), let object = json.objectValue else {
            return Differential(grounded: [], ungrounded: [UngroundedClaim(section: "differential", index: 0, claimed: nil, issues: [GroundingIssue(.malformed)])],
                                narrative: [], parsed: false)
        }
        let candidates = Dictionary(assistCase.candidates.map { ($0.diseaseID, $0) }, uniquingKeysWith: { a, _ in a })
        let evidence = Dictionary(assistCase.evidence.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var grounded: [GroundedDiagnosis] = []
        var ungrounded: [UngroundedClaim] = []
        for (offset, item) in (object["differential"]?.arrayValue ?? []).enumerated() {
            let claimed = item["disease"]?.stringValue ?? ""
            let cited = (item["evidence"]?.arrayValue ?? []).compactMap(\.stringValue)
            let rationale = item["rationale"]?.stringValue ?? ""
            var issues = checker.checkDisease(claimed)
            issues += checker.checkCitations(cited)
            issues += checker.checkText(rationale)
            if let candidate = candidates[claimed] {
                for id in cited {
                    guard let fact = evidence[id], fact.kind == .variant, let gene = fact.gene else { continue }
                    if !candidate.genes.contains(gene) { issues.append(GroundingIssue(.evidenceUnrelated, id)) }
                }
            }
            if grounded.contains(where: { $0.diseaseID == claimed }) { issues.append(GroundingIssue(.duplicate, GroundingChecker.clip(claimed))) }
            if issues.isEmpty, let candidate = candidates[claimed] {
                grounded.append(GroundedDiagnosis(modelRank: grounded.count + 1, diseaseID: claimed, name: candidate.name, kbRank: candidate.kbRank,
                                                  evidence: cited, rationale: rationale))
            } else {
                ungrounded.append(UngroundedClaim(section: "differential", index: offset + 1,
                                                  claimed: claimed.isEmpty ? nil : GroundingChecker.clip(claimed), issues: issues))
            }
        }
        let narrative = sentences(object["narrative"]?.arrayValue ?? [], citationKey: "evidence", checker: checker)
        for (offset, sentence) in narrative.enumerated() where !sentence.grounded {
            ungrounded.append(UngroundedClaim(section: "narrative", index: offset + 1, claimed: nil, issues: sentence.issues))
        }
        return Differential(grounded: grounded, ungrounded: ungrounded, narrative: narrative, parsed: object["differential"]?.arrayValue != nil)
    }

    /// Grounds a gene-card summary against the card's facts and ids. With `goOntology`, a sentence naming a
    /// GO term (by id or by name) that is not among the card's GO facts is withheld (`go_term_not_in_evidence`).
    public static func geneSummary(answer: String, card: GeneCard, knowledgeBase: KnowledgeBase,
                                   goOntology: GOOntology? = nil) -> (sentences: [NarrativeSentence], parsed: Bool) {
        let checker = GroundingChecker(knowledgeBase: knowledgeBase, allowed: GeneCardBuilder.allowed(card), evidencePrefix: "F",
                                       goOntology: goOntology)
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(answer.utf8)), let list = json["sentences"]?.arrayValue else {
            return ([], false)
        }
        return (sentences(list, citationKey: "facts", checker: checker), true)
    }

    /// A sentence in which some word trigram occurs three times or more: a small model's repetition loop,
    /// not a statement (greedy decoding of SmolLM2-135M produces these).
    static func isDegenerate(_ text: String) -> Bool {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        guard words.count >= 9 else { return false }
        var counts: [String: Int] = [:]
        for index in 0..<(words.count - 2) {
            let key = words[index] + " " + words[index + 1] + " " + words[index + 2]
            counts[key, default: 0] += 1
            if counts[key, default: 0] >= 3 { return true }
        }
        return false
    }

    static func sentences(_ list: [JSONValue], citationKey: String, checker: GroundingChecker) -> [NarrativeSentence] {
        var seen: Set<String> = []
        return list.map { item in
            let text = (item["text"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let cited = (item[citationKey]?.arrayValue ?? []).compactMap(\.stringValue)
            var issues = checker.checkCitations(cited) + checker.checkText(text)
            if text.isEmpty { issues.append(GroundingIssue(.malformed)) }
            if !text.isEmpty && !seen.insert(text.lowercased()).inserted { issues.append(GroundingIssue(.duplicate)) }  // repeated sentence
            if isDegenerate(text) { issues.append(GroundingIssue(.malformed)) }  // "the gene for the gene for the gene …"
            return NarrativeSentence(text: text, evidence: cited, grounded: issues.isEmpty, issues: issues)
        }
    }
}
