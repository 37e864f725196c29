import Foundation
import MendelCore
import MendelKnowledge

/// The ids a model answer may mention: those given to it in the prompt.
public struct AllowedIDs: Sendable, Hashable, Codable {
    public var hpo: Set<String>
    public var diseases: Set<String>
    public var genes: Set<String>
    /// Citable fact ids (`E…` for a case, `F…` for a gene card).
    public var evidence: Set<String>
    /// Variant handles (`V…`).
    public var variants: Set<String>
    /// GO term ids of a gene card.
    public var goTerms: Set<String>
    /// The facts' text, lower-cased: a GO term name quoted from a fact (e.g. a phenotype label) is grounded.
    public var factText: String

    public init(hpo: Set<String> = [], diseases: Set<String> = [], genes: Set<String> = [], evidence: Set<String> = [], variants: Set<String> = [],
                goTerms: Set<String> = [], factText: String = "") {
        self.hpo = hpo; self.diseases = diseases; self.genes = genes; self.evidence = evidence; self.variants = variants
        self.goTerms = goTerms; self.factText = factText
    }
}

/// Why a claim is not grounded.
public struct GroundingIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The id does not exist in the knowledge base.
        case unknownDisease = "unknown_disease", unknownHPO = "unknown_hpo"
        /// The id exists but was not part of the evidence given.
        case diseaseNotInEvidence = "disease_not_in_evidence", hpoNotInCase = "hpo_not_in_case"
        case geneNotInEvidence = "gene_not_in_evidence", variantNotInEvidence = "variant_not_in_evidence"
        /// A GO term (by id, or by name when the GO ontology is loaded) that is not among the card's facts.
        case goTermNotInEvidence = "go_term_not_in_evidence"
        /// A GO id the loaded GO ontology does not know.
        case unknownGOTerm = "unknown_go_term"
        case unknownEvidenceID = "unknown_evidence_id"
        /// A cited fact does not bear on the claimed disease (a variant in another gene).
        case evidenceUnrelated = "evidence_unrelated"
        /// Nothing cited, or the claim is malformed / repeated.
        case noEvidence = "no_evidence", malformed, duplicate
        /// The text states the patient's age or sex, which the model is never given (only HPO terms, variants
        /// and candidates): such a statement is invented, whatever evidence it cites.
        case unsupportedDemographic = "unsupported_demographic"
    }
    public var kind: Kind
    /// The offending id (never free text).
    public var id: String?

    public init(_ kind: Kind, _ id: String? = nil) { self.kind = kind; self.id = id }
    public var description: String { id.map { "\(kind.rawValue) \($0)" } ?? kind.rawValue }
}

/// Finds ids in model-written text: HPO terms, disease ids, fact ids, variant handles and KB gene symbols.
public struct MentionScanner: Sendable {
    public struct Mentions: Sendable, Hashable {
        public var hpo: [String] = []
        public var diseases: [String] = []
        public var evidence: [String] = []
        public var variants: [String] = []
        public var genes: [String] = []
        /// `GO:nnnnnnn` ids.
        public var goTerms: [String] = []
    }

    /// Namespaces treated as disease ids.
    public static let diseasePrefixes: Set<String> = ["OMIM", "ORPHA", "ORPHANET", "MONDO", "DECIPHER", "MIM"]
    let knowledgeBase: KnowledgeBase
    /// Fact id letter: `E` for cases, `F` for gene cards.
    let evidencePrefix: Character

    public init(knowledgeBase: KnowledgeBase, evidencePrefix: Character = "E") {
        self.knowledgeBase = knowledgeBase
        self.evidencePrefix = evidencePrefix
    }

    public func scan(_ text: String) -> Mentions {
        var mentions = Mentions()
        let tokens = text.split { !($0.isLetter || $0.isNumber || $0 == ":" || $0 == "_" || $0 == "-") }
        for raw in tokens {
            let token = raw.trimmingCharacters(in: CharacterSet(charactersIn: ":-_"))
            guard !token.isEmpty else { continue }
            if let colon = token.firstIndex(of: ":") {
                let prefix = token[..<colon].uppercased()
                let local = token[token.index(after: colon)...]
                if prefix == "HP", local.count == 7, local.allSatisfy(\.isNumber) { mentions.hpo.append("HP:" + local); continue }
                if prefix == "GO", local.count == 7, local.allSatisfy(\.isNumber) { mentions.goTerms.append("GO:" + local); continue }
                if Self.diseasePrefixes.contains(prefix), !local.isEmpty {
                    let namespace = prefix == "MIM" ? "OMIM" : prefix == "ORPHANET" ? "ORPHA" : prefix
                    mentions.diseases.append(namespace + ":" + local)
                }
                continue
            }
            if token.count >= 2, token.first == evidencePrefix, token.dropFirst().allSatisfy(\.isNumber) { mentions.evidence.append(token); continue }
            if token.count >= 2, token.first == "V", token.dropFirst().allSatisfy(\.isNumber) { mentions.variants.append(token); continue }
            // Gene symbols: upper-case letters/digits (and '-'), starting with a letter, known to the KB.
            if token.count >= 2, token.count <= 12, token.first?.isUppercase == true,
               token.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "-" }), knowledgeBase.gene(symbol: token) != nil {
                mentions.genes.append(token)
            }
        }
        return mentions
    }
}

/// Checks ids against the knowledge base and against what was given to the model.
public struct GroundingChecker: Sendable {
    public let knowledgeBase: KnowledgeBase
    public let allowed: AllowedIDs
    public let scanner: MentionScanner
    /// GO term names and ids, when a GO ontology was imported: then GO terms named in free text are checked too.
    public let goOntology: GOOntology?

    public init(knowledgeBase: KnowledgeBase, allowed: AllowedIDs, evidencePrefix: Character = "E", goOntology: GOOntology? = nil) {
        self.knowledgeBase = knowledgeBase
        self.allowed = allowed
        self.scanner = MentionScanner(knowledgeBase: knowledgeBase, evidencePrefix: evidencePrefix)
        self.goOntology = goOntology
    }

    /// Issues for a disease id claimed as a diagnosis.
    public func checkDisease(_ text: String) -> [GroundingIssue] {
        guard let id = DiseaseID(text) else { return [GroundingIssue(.malformed, Self.clip(text))] }
        guard knowledgeBase.disease(id) != nil else { return [GroundingIssue(.unknownDisease, id.rawValue)] }
        return allowed.diseases.contains(id.rawValue) ? [] : [GroundingIssue(.diseaseNotInEvidence, id.rawValue)]
    }

    /// Issues for cited fact ids (at least one required; every one must exist).
    public func checkCitations(_ ids: [String]) -> [GroundingIssue] {
        guard !ids.isEmpty else { return [GroundingIssue(.noEvidence)] }
        return ids.filter { !allowed.evidence.contains($0) }.map { GroundingIssue(.unknownEvidenceID, Self.clip($0)) }
    }

    /// Issues for every id mentioned in free text.
    public func checkText(_ text: String) -> [GroundingIssue] {
        let m = scanner.scan(text)
        var issues: [GroundingIssue] = []
        for hpo in m.hpo where !allowed.hpo.contains(hpo) {
            let known = HPOTermID(hpo).flatMap { knowledgeBase.ontology.resolvedIndex($0) } != nil
            issues.append(GroundingIssue(known ? .hpoNotInCase : .unknownHPO, hpo))
        }
        for disease in m.diseases where !allowed.diseases.contains(disease) {
            let known = DiseaseID(disease).flatMap { knowledgeBase.disease($0) } != nil
            issues.append(GroundingIssue(known ? .diseaseNotInEvidence : .unknownDisease, Self.clip(disease)))
        }
        for id in m.evidence where !allowed.evidence.contains(id) { issues.append(GroundingIssue(.unknownEvidenceID, Self.clip(id))) }
        for id in m.variants where !allowed.variants.contains(id) { issues.append(GroundingIssue(.variantNotInEvidence, Self.clip(id))) }
        for gene in m.genes where !allowed.genes.contains(gene) { issues.append(GroundingIssue(.geneNotInEvidence, gene)) }
        issues += checkGOTerms(text, ids: m.goTerms)
        if Self.statesDemographics(text) { issues.append(GroundingIssue(.unsupportedDemographic)) }
        var unique: [GroundingIssue] = []
        for issue in issues where !unique.contains(issue) { unique.append(issue) }
        return unique
    }

    /// GO ids must be the card's; with the GO ontology, a GO term *name* in the text must be a card term's
    /// or appear in the facts (a phenotype label such as "growth delay" is not a GO claim).
    func checkGOTerms(_ text: String, ids: [String]) -> [GroundingIssue] {
        var issues: [GroundingIssue] = []
        for id in ids {
            let primary = goOntology?.primaryID(id) ?? id
            if allowed.goTerms.contains(id) || allowed.goTerms.contains(primary) { continue }
            let known = goOntology.map { $0.entry(id) != nil } ?? true
            issues.append(GroundingIssue(known ? .goTermNotInEvidence : .unknownGOTerm, id))
        }
        guard let goOntology else { return issues }
        for (id, name) in goOntology.mentionedTerms(in: text) where !allowed.goTerms.contains(id) {
            if Self.containsPhrase(allowed.factText, name) { continue }
            issues.append(GroundingIssue(.goTermNotInEvidence, id))
        }
        return issues
    }

    /// Whether `phrase` (lower-case words joined by spaces) occurs in `text` as whole words.
    static func containsPhrase(_ text: String, _ phrase: String) -> Bool {
        guard !phrase.isEmpty else { return false }
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'") }.joined(separator: " ")
        return (" " + words + " ").contains(" " + phrase + " ")
    }

    /// Sex nouns/adjectives and age phrases ("22-year-old", "aged 4", "3 years old", "in his/her 30s").
    static func statesDemographics(_ text: String) -> Bool {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init)
        let sexWords: Set<String> = ["male", "female", "boy", "girl", "man", "woman", "males", "females", "boys", "girls",
                                     "men", "women", "son", "daughter", "infant-boy", "infant-girl"]
        for (index, word) in words.enumerated() {
            if sexWords.contains(word) { return true }
            if word.hasSuffix("-year-old") || word.hasSuffix("-month-old") || word.hasSuffix("-week-old") { return true }
            if word == "aged", index + 1 < words.count, words[index + 1].first?.isNumber == true { return true }
            if word.first?.isNumber == true, index + 2 < words.count, ["year", "years", "month", "months"].contains(words[index + 1]),
               words[index + 2] == "old" { return true }
        }
        return false
    }

    /// Ids are echoed into traces; anything longer than an id is cut so model text cannot leak through.
    static func clip(_ text: String) -> String { text.count <= 24 ? text : String(text.prefix(24)) + "…" }
}
