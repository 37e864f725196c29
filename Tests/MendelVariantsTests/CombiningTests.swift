import Testing
@testable import MendelVariants

@Suite("ACMG combining")
struct CombiningTests {
    func classify(_ codes: String, _ options: ACMG2015Options = .referenceSVI) throws -> ACMGClass {
        ACMG2015Combiner.combine(try AppliedCriterion.parseList(codes), options: options).classification
    }

    @Test func parsesStrengthSuffixesAndDefaults() throws {
        let list = try AppliedCriterion.parseList("PVS1;PM2_Supporting; PM3_Very Strong ;BS1_StandAlone;bp4")
        #expect(list.map(\.description) == ["PVS1", "PM2_Supporting", "PM3_VeryStrong", "BS1_StandAlone", "BP4"])
        #expect(list[2].strength == .veryStrong && list[2].direction == .pathogenic)
        #expect(throws: ACMGError.self) { try AppliedCriterion.parse("PM9") }
        #expect(throws: ACMGError.self) { try AppliedCriterion.parse("PS3_Huge") }
    }

    @Test func table5RulesAtAppliedStrength() throws {
        #expect(try classify("PVS1;PS3") == .pathogenic)
        #expect(try classify("PS3;PS4") == .pathogenic)
        #expect(try classify("PVS1_Strong;PM2_Supporting") == .uncertain)   // downgraded PVS1 counts as Strong
        #expect(try classify("PS2_VeryStrong;PM2_Supporting") == .likelyPathogenic) // SVI PVS1-level + supporting
        #expect(try classify("PVS1;PM2_Supporting", ACMG2015Options(sviVeryStrongPlusSupporting: false, loneStrongBenignLikelyBenign: false)) == .uncertain)
        #expect(try classify("PM1;PM2;PM5") == .likelyPathogenic)
        #expect(try classify("BS1;BS2") == .benign)
        #expect(try classify("BS1") == .uncertain)
        #expect(try classify("BS1", ACMG2015Options()) == .likelyBenign)      // default policy extension
        #expect(try classify("BS1;PM2_Supporting", ACMG2015Options()) == .uncertain) // extension only without pathogenic evidence
        #expect(try classify("PVS1;PS3;BS1;BP4") == .uncertain)
        #expect(try classify("") == .uncertain)
    }

    @Test func pointsSystem() throws {
        let c = try AppliedCriterion.parseList("PVS1;PS3;BS1;BP4")
        let r = PointsCombiner.combine(c, options: PointsOptions())
        #expect(r.points == 7 && r.classification == .likelyPathogenic)
        let ba1 = try AppliedCriterion.parseList("BA1;PVS1;PM3_VeryStrong;PS4")
        #expect(PointsCombiner.combine(ba1, options: PointsOptions(standAloneBenign: .minusEight)).classification == .pathogenic)
        #expect(PointsCombiner.combine(ba1, options: PointsOptions(standAloneBenign: .standAlone)).classification == .benign)
    }

    @Test func classifierShowsBothSystemsAndHonoursPrimary() throws {
        let criteria = try AppliedCriterion.parseList("PS3;PS4")
        let a = ACMGClassifier().classify(criteria)
        #expect(a.classification == .pathogenic && a.points.classification == .likelyPathogenic)
        #expect(a.trace.filter { $0.event == "combine" }.count == 2)
        var policy = ACMGPolicy.default
        policy.primary = .points
        #expect(ACMGClassifier(policy: policy).classify(criteria).classification == .likelyPathogenic)
    }

    @Test func edgeCasesFromBenchmark() throws {
        guard let path = TestPaths.benchmark("combining-edge-cases.tsv") else { return }
        let rows = try TestPaths.tsv(path)
        #expect(rows.count == 28)
        for row in rows {
            let criteria = try AppliedCriterion.parseList(row["criteria"] ?? "")
            let id = row["case_id"] ?? ""
            let svi = ACMG2015Combiner.combine(criteria, options: .referenceSVI).classification.rawValue
            #expect(svi == row["acmg2015_svi_bothmet"], "\(id) 2015+SVI")
            let noSVI = ACMG2015Options(sviVeryStrongPlusSupporting: false, loneStrongBenignLikelyBenign: false)
            #expect(ACMG2015Combiner.combine(criteria, options: noSVI).classification.rawValue == row["acmg2015_bothmet"], "\(id) 2015")
            let any = ACMG2015Options(sviVeryStrongPlusSupporting: false, loneStrongBenignLikelyBenign: false, conflictReading: .anyEvidence)
            #expect(ACMG2015Combiner.combine(criteria, options: any).classification.rawValue == row["acmg2015_any"], "\(id) 2015 any")
            let p8 = PointsCombiner.combine(criteria, options: PointsOptions(standAloneBenign: .minusEight))
            #expect(p8.classification.rawValue == row["points_ba1minus8"], "\(id) points −8")
            #expect(p8.points.map(String.init) == row["points_total_ba1minus8"], "\(id) total")
            let sa = PointsCombiner.combine(criteria, options: PointsOptions(standAloneBenign: .standAlone))
            #expect(sa.classification.rawValue == row["points_ba1standalone"], "\(id) points stand-alone")
        }
    }

    @Test func reproducesReferenceImplementationOnDev() throws {
        guard let path = TestPaths.benchmark("dev/erepo-dev.reference.tsv") else { return }
        let rows = try TestPaths.tsv(path)
        var mismatches = 0
        for row in rows {
            let c = try AppliedCriterion.parseList(row["criteria_met_normalized"] ?? "")
            if ACMG2015Combiner.combine(c, options: .referenceSVI).classification.rawValue != row["acmg2015_svi_bothmet"] { mismatches += 1 }
            if PointsCombiner.combine(c, options: PointsOptions()).classification.rawValue != row["points_ba1minus8"] { mismatches += 1 }
        }
        #expect(rows.count == 2023)
        #expect(mismatches == 0)
    }

    @Test func defaultPolicyMeetsDevTarget() throws {
        guard let path = TestPaths.benchmark("dev/erepo-dev.tsv") else { return }
        let rows = try TestPaths.tsv(path)
        let classifier = ACMGClassifier()
        var agree = 0, flips = 0
        for row in rows {
            let cls = classifier.classify(try AppliedCriterion.parseList(row["criteria_met"] ?? ""), gene: row["gene"]).classification
            guard let truth = ACMGClass(rawValue: row["expert_classification"] ?? "") else { continue }
            if cls == truth { agree += 1 }
            if (cls.isPathogenicSide && truth.isBenignSide) || (cls.isBenignSide && truth.isPathogenicSide) { flips += 1 }
        }
        let rate = Double(agree) / Double(rows.count)
        print("DEV exact agreement \(rate) (\(agree)/\(rows.count)), flips \(flips)")
        #expect(rate >= 0.965)
        #expect(flips == 0)
    }
}
