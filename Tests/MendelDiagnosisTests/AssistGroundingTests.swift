import Foundation
import MendelCore
import MendelCrypto
@testable import MendelDiagnosis
import MendelInference
import MendelKnowledge
import Testing

/// Grounding of model answers, prompt construction, rank fusion and gene cards, on the fixture KB;
/// the end-to-end pipeline with the real SmolLM2 when data/models is present.
@Suite struct AssistGroundingTests {
    static let marfan = DiseaseID("OMIM:154700")!

    /// A Marfan-like case ranked by the real phenotype ranker, with an FBN1 and an NF1 variant.
    static func makeCase() throws -> (KnowledgeBase, CaseAnalysis) {
        let kb = try KnowledgeBase.load(directory: fixtureDirectory)
        let terms = Array(try #require(kb.disease(marfan)).phenotypeAnnotations.map(\.term).prefix(4))
        let report = try PhenotypeRanker(knowledgeBase: kb).rank(PhenotypeQuery(observed: terms, excluded: [])).report(top: 10, explain: 10)
        let explanations = Dictionary(report.explanations.map { ($0.diseaseID, $0) }, uniquingKeysWith: { a, _ in a })
        var analysis = CaseAnalysis(caseID: "C-test", analysedAt: "2026-01-01T00:00:00Z")
        analysis.phenotypes = terms.map { PhenotypeFinding(term: $0.description, label: "free text label of Anna Keller", excluded: false, source: "phenopacket") }
        analysis.diagnoses = report.diseases.map { d in
            RankedDisease(rank: d.rank, diseaseID: d.diseaseID.rawValue, name: d.diseaseName, genes: d.genes, score: d.score,
                          postTestProbability: d.postTestProbability,
                          contributions: (explanations[d.diseaseID]?.terms ?? []).map {
                              EvidenceContribution(kind: $0.observed ? "phenotype" : "excluded-phenotype", item: $0.term.description, label: $0.termName,
                                                   matchedTerm: nil, matchType: nil, frequency: $0.frequency, likelihoodRatio: $0.likelihoodRatio,
                                                   log10LR: log10($0.likelihoodRatio))
                          })
        }
        analysis.genes = [RankedGene(rank: 1, symbol: "FBN1", bestDisease: marfan.rawValue, score: 1)]
        analysis.variants = [
            ClassifiedVariant(variant: "15-48487xxx-C-T", gene: "FBN1", hgvsc: "c.1585C>T", hgvsp: "p.Arg529Ter", consequence: "stop_gained",
                              genotype: "0/1 (sequenced for Anna Keller)", classification: "Pathogenic", points: 12, criteria: []),
            ClassifiedVariant(variant: "17-3122xxxx-G-A", gene: "NF1", hgvsc: "c.100G>A", hgvsp: nil, consequence: "missense_variant",
                              genotype: "0/1", classification: "Uncertain significance", points: 1, criteria: []),
        ]
        return (kb, analysis)
    }

    static func answer(_ differential: [(String, [String], String)], _ narrative: [([String], String)]) -> String {
        let value: JSONValue = [
            "differential": .array(differential.map { ["disease": .string($0.0), "evidence": .array($0.1.map { .string($0) }), "rationale": .string($0.2)] }),
            "narrative": .array(narrative.map { ["evidence": .array($0.0.map { .string($0) }), "text": .string($0.1)] }),
        ]
        return String(decoding: try! CanonicalJSON.encode(value), as: UTF8.self)
    }

    static let redact: @Sendable (String) -> String = { $0.replacingOccurrences(of: "Anna Keller", with: "[NAME]") }

    @Test func promptCarriesOnlyStructuredDeidentifiedFacts() throws {
        let (kb, analysis) = try Self.makeCase()
        let assistCase = AssistCase.build(analysis: analysis, knowledgeBase: kb, redact: Self.redact)
        let text = assistCase.phenotypeBlock + assistCase.variantBlock + assistCase.candidateBlock
        #expect(!text.contains("Anna") && !text.contains("Keller"))           // submitted labels never used; variant text redacted
        #expect(text.contains("[NAME]"))
        let first = try #require(kb.disease(Self.marfan)?.phenotypeAnnotations.first?.term)
        #expect(text.contains("\(first.description) \(kb.ontology.name(of: first) ?? "?")"))  // KB labels
        let marfan = try #require(assistCase.candidates.first { $0.diseaseID == Self.marfan.rawValue })
        let fbn1 = try #require(assistCase.evidence.first { $0.gene == "FBN1" })
        #expect(marfan.evidence.contains(fbn1.id))                           // the FBN1 variant bears on Marfan
        #expect(!marfan.evidence.contains(try #require(assistCase.evidence.first { $0.gene == "NF1" }).id))
    }

    @Test func groundedAnswerIsKept() throws {
        let (kb, analysis) = try Self.makeCase()
        let assistCase = AssistCase.build(analysis: analysis, knowledgeBase: kb, redact: Self.redact)
        let fbn1 = try #require(assistCase.evidence.first { $0.gene == "FBN1" }).id
        let hpo = try #require(assistCase.evidence.first?.term)
        let text = Self.answer([(Self.marfan.rawValue, ["E1", fbn1], "E1 (\(hpo)) and the FBN1 variant V1 fit OMIM:154700.")],
                               [(["E1"], "The phenotype \(hpo) with a pathogenic FBN1 variant suggests Marfan syndrome.")])
        let result = AnswerGrounding.differential(answer: text, assistCase: assistCase, knowledgeBase: kb)
        #expect(result.parsed && result.ungrounded.isEmpty)
        #expect(result.grounded.map(\.diseaseID) == [Self.marfan.rawValue])
        #expect(result.grounded.first?.kbRank == analysis.diagnoses.first { $0.diseaseID == Self.marfan.rawValue }?.rank)
        #expect(result.narrative.allSatisfy { $0.grounded })
    }

    @Test func nonexistentOMIMIdIsFlaggedAndDropped() throws {
        let (kb, analysis) = try Self.makeCase()
        let assistCase = AssistCase.build(analysis: analysis, knowledgeBase: kb, redact: Self.redact)
        let notCandidate = try #require(kb.diseases.map(\.id.rawValue).first { id in !assistCase.candidates.contains { $0.diseaseID == id } })
        let text = Self.answer([("OMIM:999999", ["E1"], "Invented."),
                                (Self.marfan.rawValue, ["E1"], "Also consider OMIM:999998."),
                                (notCandidate, ["E1"], "A real disease that was not among the candidates.")],
                               [(["E1"], "Fits OMIM:999999.")])
        let result = AnswerGrounding.differential(answer: text, assistCase: assistCase, knowledgeBase: kb)
        #expect(result.grounded.isEmpty)
        let issues = result.ungrounded.filter { $0.section == "differential" }.map(\.issues)
        #expect(issues.count == 3)
        #expect(issues[0].contains(GroundingIssue(.unknownDisease, "OMIM:999999")))
        #expect(issues[1].contains(GroundingIssue(.unknownDisease, "OMIM:999998")))   // mentioned in the rationale
        #expect(issues[2].contains(GroundingIssue(.diseaseNotInEvidence, notCandidate)))
        #expect(result.narrative.first?.grounded == false)
        #expect(result.ungrounded.contains { $0.section == "narrative" && $0.issues.contains(GroundingIssue(.unknownDisease, "OMIM:999999")) })
    }

    @Test func hpoTermNotInTheCaseIsFlagged() throws {
        let (kb, analysis) = try Self.makeCase()
        let assistCase = AssistCase.build(analysis: analysis, knowledgeBase: kb, redact: Self.redact)
        let caseTerms = Set(assistCase.evidence.compactMap(\.term))
        let other = try #require(kb.ontology.ids.first { !caseTerms.contains($0.description) && $0.number > 1000 }).description
        let text = Self.answer([(Self.marfan.rawValue, ["E1"], "Explains \(other).")],
                               [(["E1"], "The patient has \(other)."), (["E1"], "Also HP:9999999 is present."), ([], "No citation here."),
                                (["E77"], "Cites a fact that was never given."), (["E1"], "Fine."), (["E1"], "fine.")])
        let result = AnswerGrounding.differential(answer: text, assistCase: assistCase, knowledgeBase: kb)
        #expect(result.grounded.isEmpty)
        #expect(result.ungrounded.first?.issues == [GroundingIssue(.hpoNotInCase, other)])
        #expect(result.narrative.map(\.grounded) == [false, false, false, false, true, false])
        #expect(result.narrative[5].issues == [GroundingIssue(.duplicate)])
        #expect(result.narrative[1].issues.contains(GroundingIssue(.unknownHPO, "HP:9999999")))
        #expect(result.narrative[2].issues.contains(GroundingIssue(.noEvidence)))
        #expect(result.narrative[3].issues.contains(GroundingIssue(.unknownEvidenceID, "E77")))
    }

    @Test func inventedAgeOrSexIsWithheld() throws {
        // The model is given HPO terms, variants and candidates only, never age or sex (SmolLM2 wrote
        // "The patient is a 22-year-old male …" in the demo): such sentences are ungrounded whatever they cite.
        let (kb, analysis) = try Self.makeCase()
        let assistCase = AssistCase.build(analysis: analysis, knowledgeBase: kb, redact: Self.redact)
        let text = Self.answer([(Self.marfan.rawValue, ["E1"], "Fits.")],
                               [(["E1"], "The patient is a 22-year-old male with tall stature."), (["E1"], "She was aged 4 at onset."),
                                (["E1"], "Symptoms began when the child was 3 years old."), (["E1"], "Tall stature fits the first candidate."),
                                (["E1"], "A female relative is not part of the evidence.")])
        let result = AnswerGrounding.differential(answer: text, assistCase: assistCase, knowledgeBase: kb)
        #expect(result.narrative.map(\.grounded) == [false, false, false, true, false])
        #expect(result.narrative[0].issues == [GroundingIssue(.unsupportedDemographic)])
        #expect(!GroundingChecker.statesDemographics("Management of the 3 main findings follows guidelines."))
        #expect(AnswerGrounding.isDegenerate("The gene for the gene for the gene for the gene is FBN1."))
        #expect(!AnswerGrounding.isDegenerate("Tall stature, arachnodactyly and ectopia lentis fit the first candidate well."))
    }

    @Test func evidenceMustBearOnTheDisease() throws {
        let (kb, analysis) = try Self.makeCase()
        let assistCase = AssistCase.build(analysis: analysis, knowledgeBase: kb, redact: Self.redact)
        let nf1 = try #require(assistCase.evidence.first { $0.gene == "NF1" }).id
        let text = Self.answer([(Self.marfan.rawValue, [nf1], "The NF1 variant supports it."), (Self.marfan.rawValue, ["E1"], "Again.")], [(["E1"], "ok")])
        let result = AnswerGrounding.differential(answer: text, assistCase: assistCase, knowledgeBase: kb)
        #expect(result.ungrounded.first?.issues.contains(GroundingIssue(.evidenceUnrelated, nf1)) == true)
        #expect(result.grounded.count == 1)  // the second entry is fine on its own
        let malformed = AnswerGrounding.differential(answer: "not json {", assistCase: assistCase, knowledgeBase: kb)
        #expect(!malformed.parsed && malformed.grounded.isEmpty && malformed.ungrounded.first?.issues == [GroundingIssue(.malformed)])
    }

    @Test func rankFusionIsSmallAndOnlyReordersKBDiseases() throws {
        let kb = (1...20).map { "OMIM:\(100000 + $0)" }
        #expect(RankFusion.reciprocalRank(kbOrder: kb, modelOrder: ["OMIM:100010"], weight: 0).map(\.diseaseID) == kb)
        let fused = RankFusion.reciprocalRank(kbOrder: kb, modelOrder: ["OMIM:100010", "OMIM:999999"], weight: 0.05)
        #expect(fused.map(\.diseaseID).sorted() == kb.sorted())             // nothing the KB does not rank enters
        let moved = try #require(fused.first { $0.diseaseID == "OMIM:100010" })
        #expect(moved.fusedRank == 7 && moved.kbRank == 10 && moved.modelRank == 1)   // as documented in RankFusion
        #expect(fused.first?.diseaseID == "OMIM:100001")
        let second = RankFusion.reciprocalRank(kbOrder: kb, modelOrder: ["OMIM:100002"], weight: 0.05)
        #expect(second.prefix(2).map(\.diseaseID) == ["OMIM:100002", "OMIM:100001"])
    }

    @Test func geneCardsComeFromKnowledgeBaseFacts() throws {
        let (kb, analysis) = try Self.makeCase()
        let gaf = try Data(contentsOf: repositoryRoot.appendingPathComponent("Fixtures/assist/mini.gaf"))
        let obo = try Data(contentsOf: repositoryRoot.appendingPathComponent("Fixtures/assist/mini-go.obo"))
        let go = try GOAnnotations.parse(gaf: [UInt8](gaf), termNames: GOAnnotations.termNames(obo: [UInt8](obo)))
        #expect(go.terms(forGene: "FBN1").map(\.id) == ["GO:0001527", "GO:0005201"])   // NOT annotation skipped, sorted C < F
        #expect(go.terms(forGene: "FBN1").first?.evidence == ["IDA", "IEA"] && go.terms(forGene: "FBN1").first?.name == "microfibril")
        #expect(throws: KnowledgeError.self) { _ = try GOAnnotations.parse(gaf: Array("UniProtKB\tP1\tX\n".utf8)) }

        let observed = analysis.phenotypes.compactMap { HPOTermID($0.term) } + [HPOTermID(number: 1250)]
        let builder = GeneCardBuilder(knowledgeBase: kb, loeuf: { $0 == "FBN1" ? 0.31 : nil }, go: go)
        let card = try #require(builder.card(symbol: "FBN1", observed: observed))
        #expect(card.diseases.map(\.id).contains(Self.marfan.rawValue))
        #expect(Set(card.explainedPhenotypes.map(\.term)) == Set(analysis.phenotypes.map(\.term)))
        #expect(card.unexplainedPhenotypes.map(\.term) == (kb.ontology.resolvedIndex(HPOTermID(number: 1250)) != nil ? ["HP:0001250"] : []))
        let ics = card.characteristicPhenotypes.map(\.informationContent)
        #expect(ics == ics.sorted(by: >) && !ics.isEmpty)                   // most informative first
        #expect(card.loeuf == 0.31 && card.goTerms.count == 2)
        #expect(card.facts.contains { $0.text.contains("LOEUF 0.31") } && card.facts.contains { $0.text.contains("microfibril") })
        #expect(builder.card(symbol: "NOTAGENE", observed: []) == nil)

        // A summary naming another gene or an unlisted disease is withheld.
        let answer = """
        {"sentences":[{"facts":["F1"],"text":"FBN1 is linked to \(Self.marfan.rawValue)."},{"facts":["F1"],"text":"NF1 also matters."},{"facts":["F99"],"text":"Unlisted fact."}]}
        """
        let summary = AnswerGrounding.geneSummary(answer: answer, card: card, knowledgeBase: kb)
        #expect(summary.parsed && summary.sentences.map(\.grounded) == [true, false, false])
        #expect(summary.sentences[1].issues == [GroundingIssue(.geneNotInEvidence, "NF1")])
    }

    @Test func shippedTemplatesAreVersionedAndDigested() throws {
        let directory = repositoryRoot.appendingPathComponent("Policies/prompts")
        let templates = try AssistTemplates.load(directory: directory)
        let bytes = try Data(contentsOf: directory.appendingPathComponent(PromptTemplate.differentialFile))
        #expect(templates.differential.digest == SHA256.hexHash([UInt8](bytes)))
        #expect(templates.differential.placeholders == ["phenotypes", "variants", "candidates", "max_items", "max_sentences"])
        #expect(templates.geneSummary.placeholders == ["gene", "facts", "max_sentences"])
        #expect(throws: AssistError.self) { _ = try templates.geneSummary.messages(["gene": "FBN1"]) }
        let messages = try templates.geneSummary.messages(["gene": "FBN1", "facts": "F1 {{gene}}", "max_sentences": "2"])
        #expect(messages.map(\.role) == ["system", "user"] && messages[1].content.contains("F1 {{gene}}"))  // values are not re-expanded
        #expect(throws: AssistError.self) { _ = try PromptTemplate(bytes: Array("no sections".utf8), name: "x") }
    }

    /// The whole step with the real SmolLM2 (skipped without data/models): deterministic, every kept
    /// claim grounded, and the decision inputs (model digest, template digest, hashes) recorded.
    @Test func pipelineWithTheRealModelIsDeterministic() async throws {
        let directory = repositoryRoot.appendingPathComponent("data/models")
        guard let registry = try? ModelRegistry(directory: directory), registry.manifests["smollm2-135m-instruct-q4_1"] != nil else {
            print("SKIP: data/models/smollm2 not present (run scripts/fetch-models)")
            return
        }
        let (kb, analysis) = try Self.makeCase()
        let backend = EmbeddedChatBackend(generator: try registry.loadDecoder("smollm2-135m-instruct-q4_1"), threads: 2)
        let templates = try AssistTemplates.load(directory: repositoryRoot.appendingPathComponent("Policies/prompts"))
        var configuration = AssistConfiguration()
        configuration.maxCandidates = 4
        configuration.maxDifferential = 2
        configuration.maxNarrative = 2
        configuration.maxGeneCards = 1
        configuration.geneSummaries = 1
        configuration.maxTokens = 240
        configuration.geneSummaryMaxTokens = 120
        configuration.fusionWeight = 0.2
        let pipeline = AssistPipeline(knowledgeBase: kb, backend: backend, templates: templates, cards: GeneCardBuilder(knowledgeBase: kb),
                                      configuration: configuration, redact: Self.redact)
        let first = await pipeline.run(analysis: analysis)
        let second = await pipeline.run(analysis: analysis)
        #expect(first.calls.count == 2 && first.calls.allSatisfy { $0.error == nil })
        #expect(first.calls.map(\.responseHash) == second.calls.map(\.responseHash))
        #expect(first.differential == second.differential && first.narrative == second.narrative)
        let call = try #require(first.calls.first)
        #expect(call.templateDigest == templates.differential.digest && call.modelDigest == backend.modelDigest && call.backend == "embedded")
        #expect(call.parsed)                                                     // constrained decoding: always schema-valid JSON
        let candidates = Set(analysis.diagnoses.prefix(4).map(\.diseaseID))
        #expect(first.differential.allSatisfy { candidates.contains($0.diseaseID) })
        #expect(first.fusion?.count == analysis.diagnoses.count)
        print("assist with SmolLM2: \(first.differential.count) grounded, \(first.ungrounded.count) withheld, \(first.calls.compactMap(\.completionTokens)) tokens, \(first.calls.compactMap(\.seconds)) s")
    }
}
