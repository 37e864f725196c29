import MendelCore
import MendelKnowledge

/// One numbered fact a model may cite (`E1`, `E2`, …): a case phenotype or a classified variant.
public struct AssistEvidence: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case phenotype, excludedPhenotype = "excluded-phenotype", variant }
    public var id: String
    public var kind: Kind
    /// HPO id for phenotype facts.
    public var term: String?
    /// Variant handle (`V1`, …) and gene for variant facts.
    public var variant: String?
    public var gene: String?
    /// The line shown to the model.
    public var text: String
}

/// A knowledge-base candidate disease as shown to the model, with the evidence ids that bear on it.
public struct AssistCandidate: Sendable, Hashable, Codable {
    public var kbRank: Int
    public var diseaseID: String
    public var name: String
    public var genes: [String]
    /// Evidence ids that moved this disease (phenotype matches, excluded terms, variants in its genes).
    public var evidence: [String]
}

/// The de-identified, structured case given to a language model: only ids and labels from the knowledge
/// base, and variant descriptions passed through the redactor. No note text, names, dates or record ids.
public struct AssistCase: Sendable, Hashable, Codable {
    public var evidence: [AssistEvidence]
    public var candidates: [AssistCandidate]

    /// Builds the case from an analysis: observed and excluded terms (KB labels, never the submitted
    /// labels), up to `maxVariants` classified variants (free-text fields through `redact`), and the top
    /// `maxCandidates` ranked diseases with the evidence ids their contributions refer to.
    public static func build(analysis: CaseAnalysis, knowledgeBase: KnowledgeBase, maxCandidates: Int = 8, maxVariants: Int = 10,
                             redact: (String) -> String) -> AssistCase {
        var evidence: [AssistEvidence] = []
        var idByTerm: [String: String] = [:]
        var seen: Set<String> = []
        for finding in analysis.phenotypes.sorted(by: { ($0.excluded ? 1 : 0, $0.term) < ($1.excluded ? 1 : 0, $1.term) }) {
            guard let term = HPOTermID(finding.term), seen.insert(term.description).inserted else { continue }
            let label = knowledgeBase.ontology.name(of: term) ?? "term not in the knowledge base"
            let id = "E\(evidence.count + 1)"
            idByTerm[term.description] = id
            evidence.append(AssistEvidence(id: id, kind: finding.excluded ? .excludedPhenotype : .phenotype, term: term.description,
                                           variant: nil, gene: nil,
                                           text: "\(id) \(term.description) \(label) — \(finding.excluded ? "excluded (absent)" : "observed")"))
        }
        var variantIDsByGene: [String: [String]] = [:]
        for (index, variant) in analysis.variants.prefix(maxVariants).enumerated() {
            let id = "E\(evidence.count + 1)"
            let handle = "V\(index + 1)"
            let gene = variant.gene.map { knowledgeBase.gene(symbol: $0)?.symbol ?? redact($0) }
            let met = variant.criteria.filter { $0.status == "met" }.map(\.displayName)
            var parts = [id, handle, gene ?? "intergenic"]
            parts += [variant.hgvsc, variant.hgvsp, variant.consequence, variant.genotype].compactMap { $0 }.map(redact)
            var text = parts.joined(separator: " ") + " — " + redact(variant.classification)
            if !met.isEmpty { text += " (ACMG: \(met.joined(separator: ", ")))" }
            evidence.append(AssistEvidence(id: id, kind: .variant, term: nil, variant: handle, gene: gene, text: text))
            if let gene { variantIDsByGene[gene, default: []].append(id) }
        }
        var candidates: [AssistCandidate] = []
        for disease in analysis.diagnoses.prefix(maxCandidates) {
            var ids: [String] = []
            for contribution in disease.contributions {
                switch contribution.kind {
                case "phenotype", "excluded-phenotype":
                    if let id = idByTerm[contribution.item], contribution.log10LR != 0, !ids.contains(id) { ids.append(id) }
                default: break
                }
            }
            for gene in disease.genes { for id in variantIDsByGene[gene] ?? [] where !ids.contains(id) { ids.append(id) } }
            let name = DiseaseID(disease.diseaseID).flatMap { knowledgeBase.disease($0)?.name } ?? redact(disease.name)
            candidates.append(AssistCandidate(kbRank: disease.rank, diseaseID: disease.diseaseID, name: name, genes: disease.genes, evidence: ids))
        }
        return AssistCase(evidence: evidence, candidates: candidates)
    }

    /// Prompt blocks: phenotypes, variants, candidates.
    public var phenotypeBlock: String {
        let lines = evidence.filter { $0.kind != .variant }.map(\.text)
        return lines.isEmpty ? "(none)" : lines.joined(separator: "\n")
    }

    public var variantBlock: String {
        let lines = evidence.filter { $0.kind == .variant }.map(\.text)
        return lines.isEmpty ? "(no classified variants)" : lines.joined(separator: "\n")
    }

    public var candidateBlock: String {
        guard !candidates.isEmpty else { return "(no candidates)" }
        return candidates.map { c in
            var line = "\(c.kbRank). \(c.diseaseID) \(c.name)"
            if !c.genes.isEmpty { line += " (genes: \(c.genes.joined(separator: ", ")))" }
            line += c.evidence.isEmpty ? " — no case evidence" : " — evidence: \(c.evidence.joined(separator: ", "))"
            return line
        }.joined(separator: "\n")
    }

    /// Every id this case lets a model mention.
    public var allowed: AllowedIDs {
        AllowedIDs(hpo: Set(evidence.compactMap(\.term)), diseases: Set(candidates.map(\.diseaseID)),
                   genes: Set(candidates.flatMap(\.genes) + evidence.compactMap(\.gene)),
                   evidence: Set(evidence.map(\.id)), variants: Set(evidence.compactMap(\.variant)))
    }
}
