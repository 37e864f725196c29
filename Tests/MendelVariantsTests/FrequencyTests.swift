import Testing
import MendelCore
@testable import MendelVariants

@Suite("Frequency criteria")
struct FrequencyTests {
    @Test func filteringAFMatchesGnomADMethod() {
        // gnomAD filtering AF = lower bound of the one-sided 95% Poisson CI.
        let a = FilteringAF.compute(alleleCount: 762, alleleNumber: 30612)
        #expect(abs(a - 0.02343) / 0.02343 < 0.005)
        let b = FilteringAF.compute(alleleCount: 15, alleleNumber: 10368)
        #expect(abs(b - 0.0008918) / 0.0008918 < 0.005)
        #expect(FilteringAF.compute(alleleCount: 0, alleleNumber: 1000) == 0)
        // AC = 1: λ with P(X ≥ 1) = 0.05 is −ln(0.95) ≈ 0.05129.
        #expect(abs(FilteringAF.compute(alleleCount: 1, alleleNumber: 1) - 0.051293) < 1e-5)
    }

    @Test func groupMaximumSkipsBottleneckedAndSmallGroupsAndNamesTheGroup() {
        let evidence = FrequencyEvidence(groups: [
            PopulationFrequency(group: "asj", alleleCount: 600, alleleNumber: 10000),        // founder group: excluded
            PopulationFrequency(group: "eas", alleleCount: 100, alleleNumber: 1000),         // AN < 2000: excluded
            PopulationFrequency(group: "African/African American", alleleCount: 200, alleleNumber: 20000),
            PopulationFrequency(group: "nfe", alleleCount: 10, alleleNumber: 60000),
        ], dataset: "test")
        let c = FrequencyCriteria()
        let m = c.groupMaximum(evidence, metric: .filteringAF)
        #expect(m?.group == "afr" && m!.value < 0.01 && m!.value > 0.008)
        let results = c.evaluate(evidence, gene: "GENE1", hgvsc: "c.1A>G")
        let bs1 = results.first { $0.code == "BS1" }
        #expect(bs1?.status == .met && bs1?.values["group"] == "afr")
        #expect(results.first { $0.code == "BA1" }?.status == .notMet)
        #expect(results.first { $0.code == "PM2" }?.status == .notMet)
        #expect(bs1?.traceEntry.rule == "BS1")
    }

    @Test func pm2OnlyWhenRareEverywhere() {
        let absent = FrequencyEvidence(groups: [PopulationFrequency(group: "afr", alleleCount: 0, alleleNumber: 20000)], dataset: "t")
        let pm2 = FrequencyCriteria().evaluate(absent, gene: nil, hgvsc: nil).first { $0.code == "PM2" }
        #expect(pm2?.applied?.description == "PM2_Supporting")
        let inFounder = FrequencyEvidence(groups: [PopulationFrequency(group: "asj", alleleCount: 50, alleleNumber: 8000)], dataset: "t")
        let results = FrequencyCriteria().evaluate(inFounder, gene: nil, hgvsc: nil)
        #expect(results.first { $0.code == "PM2" }?.status == .notMet)
        #expect(results.first { $0.code == "BS1" }?.status == .notEvaluable)
    }

    @Test func exceptionListSuppressesBenignFrequencyCriteria() {
        let common = FrequencyEvidence(groups: [PopulationFrequency(group: "eas", alleleCount: 1500, alleleNumber: 19000)], dataset: "t")
        let results = FrequencyCriteria().evaluate(common, gene: "GJB2", hgvsc: "NM_004004.6:c.109G>A")
        #expect(results.first { $0.code == "BA1" }?.status == .notMet)
        #expect(results.first { $0.code == "BA1" }?.source.contains("Ghosh") == true)
        #expect(results.allSatisfy { $0.applied == nil })
    }

    @Test func vcepThresholdsComeFromThePolicy() {
        let e = FrequencyEvidence(groups: [PopulationFrequency(group: "sas", alleleFrequency: 0.00036)], dataset: "t", covered: false)
        let results = FrequencyCriteria().evaluate(e, gene: "MECP2", hgvsc: nil)
        let ba1 = results.first { $0.code == "BA1" }
        #expect(ba1?.status == .met && ba1?.values["vcep"] == "Rett and Angelman-like Disorders VCEP")
        #expect(ba1?.values["note"] != nil)  // plain AF stood in for the filtering AF
    }

    @Test func brca2FounderVariantDoesNotGetBenignFrequencyEvidence() throws {
        guard let path = TestPaths.benchmark("examples/charger/grch38_brca2_ashkenazi_jewish_founder.vcf") else { return }
        let record = try #require(try VCFReader(path: path).readAll().first)
        let results = FrequencyCriteria().evaluate(record.frequencies, gene: "BRCA2", hgvsc: record.primaryAnnotation?.hgvsc)
        #expect(results.first { $0.code == "BA1" }?.status != .met)
        #expect(results.first { $0.code == "BS1" }?.status != .met)
        #expect(results.first { $0.code == "PM2" }?.status == .notMet)
    }

    @Test func fairnessCasesNeverPM2NeverPathogenic() throws {
        guard let path = TestPaths.benchmark("fairness-cases.tsv") else { return }
        let rows = try TestPaths.tsv(path).filter { $0["testable"] == "yes" }
        let criteria = FrequencyCriteria()
        let classifier = ACMGClassifier()
        var benignMet = 0
        for row in rows {
            let af = Double(row["af_cited"] ?? "")
            let filtering = row["af_is_filtering_af"] == "yes"
            let g = PopulationFrequency(group: row["population"] ?? "", alleleCount: Int(row["ac"] ?? ""), alleleNumber: Int(row["an"] ?? ""),
                                        alleleFrequency: filtering ? nil : af, filteringAF: filtering ? af : nil)
            // The cited value is a supplied group maximum (README: "{population: af_cited} as grpmax/popmax").
            let evidence = FrequencyEvidence(groups: [], dataset: "cited", covered: false,
                                             supplied: SuppliedGroupMaximum(frequency: g, origin: "cited"))
            let results = criteria.evaluate(evidence, gene: row["gene"], hgvsc: nil)
            let applied = results.compactMap(\.applied)
            #expect(!applied.contains { $0.code == "PM2" }, "\(row["case_id"] ?? "")")
            #expect(!classifier.classify(applied, gene: row["gene"]).classification.isPathogenicSide)
            if applied.contains(where: { $0.code == "BA1" || $0.code == "BS1" }) { benignMet += 1 }
        }
        print("fairness: BA1/BS1 met in \(benignMet) of \(rows.count) testable rows")
        #expect(rows.count == 170)
        // 168: the two RASopathy rows whose cited FAF (0.0045%, 0.022%) is below the panel's published BS1 (0.025%) stay VUS.
        #expect(benignMet >= 168)
    }

    @Test func suppliedGroupMaximumIsTakenAsGivenWithItsGroupNamed() {
        // A cited / annotated ASJ popmax: no per-group data, so the supplied value decides and the trace says so.
        let supplied = FrequencyEvidence(groups: [], dataset: "VEP", covered: false, supplied: SuppliedGroupMaximum(
            frequency: PopulationFrequency(group: "Ashkenazi Jewish", alleleFrequency: 0.026), origin: "VEP MAX_AF"))
        let results = FrequencyCriteria().evaluate(supplied, gene: "CDKL5", hgvsc: "c.3083C>T")
        let ba1 = results.first { $0.code == "BA1" }
        #expect(ba1?.status == .met && ba1?.values["group"] == "asj")
        #expect(ba1?.values["group_max_origin"] == "supplied: VEP MAX_AF")
        #expect(ba1?.values["bottlenecked_group"] != nil)
        #expect(results.first { $0.code == "PM2" }?.status == .notMet)
        // With per-group counts present, Mendel computes the maximum itself and the bottlenecked group stays out.
        var both = supplied
        both.groups = [PopulationFrequency(group: "asj", alleleCount: 270, alleleNumber: 10000),
                       PopulationFrequency(group: "nfe", alleleCount: 1, alleleNumber: 100000)]
        let computed = FrequencyCriteria().evaluate(both, gene: "CDKL5", hgvsc: "c.3083C>T")
        #expect(computed.first { $0.code == "BA1" }?.status == .notMet)
        #expect(computed.first { $0.code == "BA1" }?.values["group"] == "nfe")
    }

    @Test func founderPathogenicAllelesAreProtectedFromASuppliedFounderGroupMaximum() {
        let asj = FrequencyEvidence(groups: [], dataset: "cited", covered: false, supplied: SuppliedGroupMaximum(
            frequency: PopulationFrequency(group: "asj", alleleCount: 61, alleleNumber: 10368), origin: "cited"))
        let results = FrequencyCriteria().evaluate(asj, gene: "BRCA2", hgvsc: "NM_000059.4:c.5946delT")
        #expect(results.allSatisfy { $0.applied == nil })
        #expect(results.first { $0.code == "BA1" }?.source.contains("founder") == true)
        // The same frequency on another BRCA2 allele is benign evidence (ENIGMA BA1 FAF > 0.1%).
        let other = FrequencyCriteria().evaluate(asj, gene: "BRCA2", hgvsc: "c.7397T>C")
        #expect(other.first { $0.code == "BA1" }?.status == .met)
    }

    @Test func geneRuleCanCountBottleneckedGroupsAndUseRawAF() {
        // SCID VCEP (ADA): bottleneck populations may be counted for BS1, MAF > 0.161%.
        let counts = FrequencyEvidence(groups: [PopulationFrequency(group: "asj", alleleCount: 57, alleleNumber: 10278),
                                                PopulationFrequency(group: "nfe", alleleCount: 3, alleleNumber: 100000)], dataset: "t")
        let ada = FrequencyCriteria().evaluate(counts, gene: "ADA", hgvsc: nil)
        #expect(ada.first { $0.code == "BS1" }?.status == .met && ada.first { $0.code == "BS1" }?.values["group"] == "asj")
        // Without such a rule the founder group is left out (gnomAD grpmax convention).
        let generic = FrequencyCriteria().evaluate(counts, gene: "GENE1", hgvsc: nil)
        #expect(generic.first { $0.code == "BS1" }?.status == .notMet)
        // CDH1 VCEP compares the subpopulation allele frequency: 5/4822 = 0.104% ≥ 0.1% (its FAF is 0.044%).
        let cdh1 = FrequencyEvidence(groups: [PopulationFrequency(group: "sas", alleleCount: 5, alleleNumber: 4822)], dataset: "t")
        #expect(FrequencyCriteria().evaluate(cdh1, gene: "CDH1", hgvsc: nil).first { $0.code == "BS1" }?.status == .met)
    }
}

@Suite("Filtering AF approximation")
struct FilteringAFApproximationTests {
    @Test func largeCountApproximationAgreesWithExactBisection() {
        // The exact path is used below AC 50; compare the approximation against it just above and far above.
        for ac in [50, 120, 762, 5000] {
            let approx = FilteringAF.compute(alleleCount: ac, alleleNumber: 100_000)
            let exact = FilteringAF.compute(alleleCount: ac, alleleNumber: 100_000, confidence: 0.9500000001)
            #expect(abs(approx - exact) / exact < 1e-3, "AC \(ac)")
        }
    }
}
