import Foundation
import Testing
import MendelCore
@testable import MendelVariants

/// Criterion texts kept as the numbers they are spelled from (`CriterionText`), the reportable trace built from the
/// decisions pass, and the variant buffers the analysis result is joined from.
@Suite("Compact criterion traces")
struct CompactTraceTests {
    /// The plain form of an evaluation: the same decision with its texts as given.
    func plain(_ e: CriterionEvaluation) -> CriterionEvaluation {
        CriterionEvaluation(code: e.code, status: e.status, strength: e.strength, values: e.values, threshold: e.threshold,
                            source: e.source, reason: e.reason)
    }

    func expectSameAsPlain(_ e: CriterionEvaluation) throws {
        let p = plain(e)
        #expect(isGiven(p.text), "plain form expected")
        #expect(p == e && e == p && p.hashValue == e.hashValue)
        #expect(p.traceEntry == e.traceEntry)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = try encoder.encode(e)
        #expect(bytes == (try encoder.encode(p)))
        #expect(try CanonicalJSON.encode(e) == (try CanonicalJSON.encode(p)))
        #expect(try JSONDecoder().decode(CriterionEvaluation.self, from: bytes) == e)
    }

    static let evidence = FrequencyEvidence(groups: [
        PopulationFrequency(group: "afr", alleleCount: 30, alleleNumber: 10_000),
        PopulationFrequency(group: "nfe", alleleCount: 1, alleleNumber: 60_000),
        PopulationFrequency(group: "asj", alleleCount: 900, alleleNumber: 10_000),
    ], dataset: "gnomAD test")

    @Test func frequencyTextsAreSpelledOutAsBefore() throws {
        let evaluations = FrequencyCriteria().evaluate(Self.evidence, gene: "GENE1", hgvsc: nil, detailed: true)
        #expect(evaluations.map(\.code) == ["BA1", "BS1", "BS2", "PM2"])
        for e in evaluations { try expectSameAsPlain(e) }
        let ba1 = evaluations[0], bs1 = evaluations[1], pm2 = evaluations[3]
        if case .frequencyBenign = ba1.text {} else { Issue.record("BA1 should keep the compact form") }
        if case .frequencyPM2 = pm2.text {} else { Issue.record("PM2 should keep the compact form") }
        // The group maximum leaves the bottlenecked ASJ group out; PM2 counts it.
        #expect(ba1.values["group"] == .string("afr") && ba1.values["dataset"] == .string("gnomAD test"))
        #expect(ba1.values["metric"] == .string("filtering_af") && ba1.values["an"] == .number(10_000))
        #expect(ba1.threshold == "group max ≥ 0.05" && ba1.reason.hasPrefix("filtering AF ") && ba1.reason.hasSuffix(" in afr < BA1 threshold 0.05"))
        #expect(bs1.threshold.hasPrefix("group max ≥ ") && bs1.reason.contains(bs1.status == .met ? " ≥ BS1" : " < BS1"))
        #expect(pm2.status == .notMet && pm2.values == ["dataset": .string("gnomAD test"), "max_group": .string("asj"), "max_af": .number(0.09)])
        #expect(pm2.reason == "max AF 0.09 in asj > 0.0001" && pm2.threshold == "max AF over all groups ≤ 0.0001")
        // Decisions only: no texts, but a met benign criterion names its group.
        let quick = FrequencyCriteria().evaluate(Self.evidence, gene: "GENE1", hgvsc: nil, detailed: false)
        #expect(quick.map(\.status) == evaluations.map(\.status) && quick.map(\.strength) == evaluations.map(\.strength))
        #expect(quick[3].values.isEmpty && quick[3].reason.isEmpty && quick[3].threshold.isEmpty)
        let common = FrequencyEvidence(groups: [PopulationFrequency(group: "afr", alleleCount: 1_500, alleleNumber: 10_000)], dataset: "gnomAD test")
        let commonQuick = FrequencyCriteria().evaluate(common, gene: "GENE1", hgvsc: nil, detailed: false)
        #expect(commonQuick[0].status == .met && commonQuick[0].values.keys.sorted() == ["group", "group_max"] && commonQuick[0].reason.isEmpty)
        for e in FrequencyCriteria().evaluate(common, gene: "GENE1", hgvsc: nil, detailed: true) { try expectSameAsPlain(e) }
    }

    /// Texts kept as given (`reason` alone, or boxed with values or a threshold).
    func isGiven(_ text: CriterionText) -> Bool {
        switch text {
        case .reason, .plain: true
        default: false
        }
    }

    @Test func evaluationsStayAsSmallAsBefore() {
        // 11 to 13 of them are kept per classified variant: every text form fits in 16 bytes plus a tag, so a value is
        // 56 bytes (it was 80 with the plain texts stored inline).
        #expect(MemoryLayout<CriterionEvaluation>.stride <= 56)
    }

    @Test func givenTextsTakeTheSmallerForm() throws {
        let reasonOnly = CriterionEvaluation(code: "PM4", status: .notMet, reason: "not an in-frame indel or stop-loss")
        if case .reason = reasonOnly.text {} else { Issue.record("a reason alone needs no box") }
        let withValues = CriterionEvaluation(code: "BS2", status: .met, strength: .strong, values: ["homozygotes": .number(3)],
                                             threshold: "homozygotes ≥ 2", source: "ACMG 2015", reason: "3 homozygotes")
        if case .plain = withValues.text {} else { Issue.record("values and threshold are boxed") }
        for e in [reasonOnly, withValues] { try expectSameAsPlain(e) }
        var edited = reasonOnly
        edited.threshold = "t"
        if case .plain = edited.text {} else { Issue.record("a threshold set later is boxed") }
        #expect(edited.reason == reasonOnly.reason && edited.threshold == "t" && edited.values.isEmpty)
    }

    @Test func settingATextKeepsTheOthers() throws {
        let ba1 = FrequencyCriteria().evaluate(Self.evidence, gene: "GENE1", hgvsc: nil, detailed: true)[0]
        var edited = ba1
        edited.reason = "edited"
        #expect(edited.reason == "edited" && edited.values == ba1.values && edited.threshold == ba1.threshold)
        #expect(isGiven(edited.text), "an edited evaluation keeps its texts as given")
        #expect(edited != ba1)
        edited.values["extra"] = .bool(true)
        #expect(edited.values.count == ba1.values.count + 1 && edited.reason == "edited")
    }

    @Test func pvs1TextsForEachMechanism() throws {
        let ann = TranscriptAnnotation(consequences: ["stop_gained"], geneSymbol: "GENE1", exon: 3, exonCount: 10)
        let criteria = SequenceCriteria()
        let unknown = criteria.pvs1(ann, gene: nil)
        #expect(unknown.status == .notEvaluable && unknown.strength == nil)
        #expect(unknown.values == ["consequence": .string("stop_gained"), "exon": .string("3/10"), "lof_mechanism": .string("unknown"),
                                   "strength_if_mechanism_established": .string("VeryStrong")])
        #expect(unknown.reason == "nonsense/frameshift upstream of the last exon: NMD predicted; LoF mechanism unknown (no constraint or mechanism data)")
        let established = criteria.pvs1(ann, gene: GeneContext(symbol: "GENE1", loeuf: 0.2))
        #expect(established.status == .met && established.strength == .veryStrong && established.values["loeuf"] == .number(0.2))
        #expect(established.threshold == "null variant in a gene where LoF is a disease mechanism (LOEUF 0.2 < 0.6)")
        #expect(established.reason == "nonsense/frameshift upstream of the last exon: NMD predicted")
        let notEstablished = criteria.pvs1(ann, gene: GeneContext(symbol: "GENE1", inheritance: .autosomalDominant, loeuf: 0.9))
        #expect(notEstablished.status == .notMet && notEstablished.strength == nil && notEstablished.threshold.isEmpty)
        #expect(notEstablished.reason == "LoF not an established mechanism (LOEUF 0.9 ≥ 0.6)")
        for e in [unknown, established, notEstablished] { try expectSameAsPlain(e) }
    }

    @Test func predictorValuesAreSharedByPP3AndBP4() throws {
        let ann = TranscriptAnnotation(consequences: ["missense_variant"], geneSymbol: "GENE1")
        let criteria = SequenceCriteria()
        let none = CriterionEvaluation(code: "PVS1", status: .notMet, reason: "not a predicted null variant")
        let scores = PredictorScores(revel: 0.95, spliceAI: 0.05)
        let detailed = criteria.pp3bp4(ann, scores: scores, pvs1: none, detailed: true)
        #expect(detailed.map(\.code) == ["PP3", "BP4"] && detailed[0].status == .met && detailed[1].status == .notMet)
        #expect(detailed[0].values == ["revel": .number(0.95), "spliceai": .number(0.05)] && detailed[1].values == detailed[0].values)
        #expect(detailed[0].threshold.hasPrefix("revel ≥ ") && detailed[0].reason == "computational evidence of impact")
        for e in detailed { try expectSameAsPlain(e) }
        let quick = criteria.pp3bp4(ann, scores: scores, pvs1: none, detailed: false)
        #expect(quick.map(\.status) == detailed.map(\.status) && quick.map(\.strength) == detailed.map(\.strength))
        #expect(quick[0].values.isEmpty && quick[0].threshold.isEmpty && quick[0].source == detailed[0].source)
    }

    /// `reportable` builds the full trace from the decisions pass (only PP3/BP4, BP7 and the frequency criteria are
    /// evaluated again): each variant must equal its `all` form, or its `decisions` form when it is benign-side in a gene
    /// without phenotype support.
    @Test func reportableEqualsAllOrDecisionsPerVariant() throws {
        let knowledge = try AnalyzerTests().knowledge()
        let support: [String: EvidenceStrength] = ["XLGENEC": .supporting, "ADGENEA": .moderate]
        var files = [TestPaths.fixture("trio.vcf.gz")]
        for name in ["grch38_vep95_50_variants.vcf.gz", "10.1056_NEJMoa1508054_S4_AD_vep85.sorted.vcf.gz", "grch37_vep85_5_variants.vcf"] {
            if let path = TestPaths.benchmark("examples/charger/\(name)") { files.append(path) }
        }
        var benignSide = 0, reported = 0
        for file in files {
            let trio: Trio? = file.hasSuffix("trio.vcf.gz") ? Trio(proband: "proband 1", father: "father", mother: "mother") : nil
            func run(_ detail: TraceDetail) throws -> [InterpretedVariant] {
                try VariantAnalyzer(knowledge: knowledge, options: VariantAnalysisOptions(
                    proband: trio?.proband, trio: trio, phenotypeSupport: support, traceDetail: detail)).analyze(path: file).variants
            }
            let all = try run(.all), reportable = try run(.reportable), decisions = try run(.decisions)
            #expect(all.count == reportable.count && decisions.count == reportable.count)
            for (i, v) in reportable.enumerated() where i < all.count && i < decisions.count {
                #expect(all[i].classification == decisions[i].classification)
                let supported = v.gene.map { support[$0.uppercased()] != nil } ?? false
                if v.classification.classification.isBenignSide && !supported {
                    benignSide += 1
                    #expect(v == decisions[i])
                } else {
                    reported += 1
                    #expect(v == all[i])
                    #expect(try CanonicalJSON.encode(v) == (try CanonicalJSON.encode(all[i])))
                }
            }
        }
        #expect(benignSide > 0 && reported > 0)
    }

    @Test func variantBuffersJoinInOrder() throws {
        let variants = try VariantAnalyzer().analyze(path: TestPaths.fixture("trio.vcf.gz")).variants
        #expect(variants.count >= 5)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var buffers: [VariantBuffer] = []
            var i = 0
            while i < variants.count {
                let n = Int.random(in: 0...3, using: &generator)
                let buffer = VariantBuffer(capacity: n)
                for v in variants[i..<min(variants.count, i + n)] { buffer.append(v) }
                buffers.append(buffer)
                i += n
            }
            let joined = VariantBuffer.joined(buffers)
            #expect(joined == variants)
            #expect(buffers.allSatisfy { $0.count == 0 && $0.capacity == 0 })
        }
        #expect(VariantBuffer.joined([]).isEmpty && VariantBuffer.joined([VariantBuffer(capacity: 4)]).isEmpty)
    }

    @Test func boxedVariantPartsAreCopiedOnWrite() throws {
        let variants = try VariantAnalyzer().analyze(path: TestPaths.fixture("trio.vcf.gz")).variants
        let original = try #require(variants.first { $0.annotation != nil && $0.frequencies != nil })
        var copy = original
        #expect(copy == original && copy.hashValue == original.hashValue)
        copy.annotation?.hgvsc = "c.1A>G"
        copy.fatherGenotype = Genotype(alleles: [0, 0], phased: false)
        copy.frequencies?.dataset = "edited"
        #expect(original.annotation?.hgvsc != "c.1A>G" && copy.annotation?.hgvsc == "c.1A>G")
        #expect(original.fatherGenotype == nil && copy.fatherGenotype?.alleles == [0, 0])
        #expect(original.frequencies?.dataset != "edited" && copy.frequencies?.dataset == "edited")
        #expect(copy != original && copy.annotation?.consequences == original.annotation?.consequences)
        let bytes = try CanonicalJSON.encode(copy)
        #expect(try JSONDecoder().decode(InterpretedVariant.self, from: bytes) == copy)
        let object = try JSONDecoder().decode([String: JSONValue].self, from: bytes)
        #expect(object["fatherGenotype"] != nil && object["motherGenotype"] == nil && object["annotation"] != nil)
    }

    @Test func pointsRuleTextsAreShared() {
        for cls in ACMGClass.allCases {
            for total in -80...80 { #expect(PointsCombiner.ruleText(total, cls) == "points \(total) → \(cls.rawValue)") }
        }
    }
}
