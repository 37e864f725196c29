/// How the ACMG 2015 conflict rule is read when both directions have evidence.
public enum ConflictReading: String, Sendable, Codable, Hashable {
    /// VUS only when a P/LP rule and a B/LB rule are both met (Richards 2015 Table 5 wording).
    case bothRulesMet = "both_rules_met"
    /// VUS whenever both directions have any evidence.
    case anyEvidence = "any_evidence"
}

/// Options of the Richards 2015 Table 5 combining rules with ClinGen SVI amendments.
public struct ACMG2015Options: Sendable, Hashable, Codable {
    /// SVI (PM2 v1.0, 2020): PVS1 + ≥1 Supporting = Likely pathogenic.
    public var sviVeryStrongPlusSupporting: Bool
    /// Two Very Strong pathogenic criteria = Pathogenic (not in Table 5; natural extension, SVI 2017 strength nomenclature).
    public var twoVeryStrongPathogenic: Bool
    /// A single Strong benign criterion with no other evidence = Likely benign (Tavtigian 2018 Bayesian
    /// framework: posterior ≈ 0.006 < 0.10; written into several VCEP specifications, e.g. RASopathy, CDH1,
    /// Myeloid Malignancy, SCID).
    public var loneStrongBenignLikelyBenign: Bool
    public var conflictReading: ConflictReading

    public init(sviVeryStrongPlusSupporting: Bool = true, twoVeryStrongPathogenic: Bool = true,
                loneStrongBenignLikelyBenign: Bool = true, conflictReading: ConflictReading = .bothRulesMet) {
        self.sviVeryStrongPlusSupporting = sviVeryStrongPlusSupporting
        self.twoVeryStrongPathogenic = twoVeryStrongPathogenic
        self.loneStrongBenignLikelyBenign = loneStrongBenignLikelyBenign
        self.conflictReading = conflictReading
    }

    /// Plain Richards 2015 + the SVI PVS1 rule, without the lone-strong-benign extension (the README reference scheme).
    public static let referenceSVI = ACMG2015Options(loneStrongBenignLikelyBenign: false)
}

/// The outcome of one combining scheme, with the rule that decided it.
public struct SchemeResult: Sendable, Hashable, Codable {
    public var classification: ACMGClass
    /// The Table 5 rule or point band that decided the class, e.g. `P(ii) ≥2 Strong` or `points 7 → LP`.
    public var rule: String
    /// Point total (points scheme only).
    public var points: Int?
}

/// Richards et al. 2015 (Genet Med 17:405) Table 5 combining rules, with the options above.
public enum ACMG2015Combiner {
    public static func combine(_ criteria: [AppliedCriterion], options: ACMG2015Options) -> SchemeResult {
        let t = EvidenceTally(criteria)
        let vs = t.pathogenicVeryStrong, s = t.pathogenicStrong, m = t.pathogenicModerate, p = t.pathogenicSupporting

        var pathogenicRule: (ACMGClass, String)?
        if vs >= 1 && s >= 1 { pathogenicRule = (.pathogenic, "P(i)(a) 1 Very Strong + ≥1 Strong") }
        else if vs >= 1 && m >= 2 { pathogenicRule = (.pathogenic, "P(i)(b) 1 Very Strong + ≥2 Moderate") }
        else if vs >= 1 && m == 1 && p >= 1 { pathogenicRule = (.pathogenic, "P(i)(c) 1 Very Strong + 1 Moderate + 1 Supporting") }
        else if vs >= 1 && p >= 2 { pathogenicRule = (.pathogenic, "P(i)(d) 1 Very Strong + ≥2 Supporting") }
        else if vs >= 2 && options.twoVeryStrongPathogenic { pathogenicRule = (.pathogenic, "P(ext) ≥2 Very Strong") }
        else if s >= 2 { pathogenicRule = (.pathogenic, "P(ii) ≥2 Strong") }
        else if s == 1 && m >= 3 { pathogenicRule = (.pathogenic, "P(iii)(a) 1 Strong + ≥3 Moderate") }
        else if s == 1 && m == 2 && p >= 2 { pathogenicRule = (.pathogenic, "P(iii)(b) 1 Strong + 2 Moderate + ≥2 Supporting") }
        else if s == 1 && m == 1 && p >= 4 { pathogenicRule = (.pathogenic, "P(iii)(c) 1 Strong + 1 Moderate + ≥4 Supporting") }
        else if vs >= 1 && m == 1 { pathogenicRule = (.likelyPathogenic, "LP(i) 1 Very Strong + 1 Moderate") }
        else if s == 1 && (1...2).contains(m) { pathogenicRule = (.likelyPathogenic, "LP(ii) 1 Strong + 1–2 Moderate") }
        else if s == 1 && p >= 2 { pathogenicRule = (.likelyPathogenic, "LP(iii) 1 Strong + ≥2 Supporting") }
        else if m >= 3 { pathogenicRule = (.likelyPathogenic, "LP(iv) ≥3 Moderate") }
        else if m == 2 && p >= 2 { pathogenicRule = (.likelyPathogenic, "LP(v) 2 Moderate + ≥2 Supporting") }
        else if m == 1 && p >= 4 { pathogenicRule = (.likelyPathogenic, "LP(vi) 1 Moderate + ≥4 Supporting") }
        else if vs >= 1 && p >= 1 && options.sviVeryStrongPlusSupporting {
            pathogenicRule = (.likelyPathogenic, "LP(SVI) 1 Very Strong + ≥1 Supporting")
        }

        // Benign Very Strong counts as Strong; benign Moderate has no 2015 level and counts as Supporting.
        let bs = t.benignStrong + t.benignVeryStrong
        let bp = t.benignSupporting + t.benignModerate
        var benignRule: (ACMGClass, String)?
        if t.benignStandAlone >= 1 { benignRule = (.benign, "B(i) 1 Stand-alone (BA1)") }
        else if bs >= 2 { benignRule = (.benign, "B(ii) ≥2 Strong") }
        else if bs >= 1 && bp >= 1 { benignRule = (.likelyBenign, "LB(i) 1 Strong + 1 Supporting") }
        else if bp >= 2 { benignRule = (.likelyBenign, "LB(ii) ≥2 Supporting") }
        else if bs == 1 && bp == 0 && t.pathogenicCount == 0 && options.loneStrongBenignLikelyBenign {
            benignRule = (.likelyBenign, "LB(ext) 1 Strong benign alone")
        }

        switch (pathogenicRule, benignRule) {
        case let (pr?, br?):
            return SchemeResult(classification: .uncertain, rule: "conflict: \(pr.1) and \(br.1)", points: nil)
        case let (pr?, nil):
            if options.conflictReading == .anyEvidence && t.benignCount > 0 {
                return SchemeResult(classification: .uncertain, rule: "conflict: \(pr.1) with benign evidence", points: nil)
            }
            return SchemeResult(classification: pr.0, rule: pr.1, points: nil)
        case let (nil, br?):
            if options.conflictReading == .anyEvidence && t.pathogenicCount > 0 {
                return SchemeResult(classification: .uncertain, rule: "conflict: \(br.1) with pathogenic evidence", points: nil)
            }
            return SchemeResult(classification: br.0, rule: br.1, points: nil)
        case (nil, nil):
            return SchemeResult(classification: .uncertain, rule: "no P/LP or B/LB rule met", points: nil)
        }
    }
}

/// How BA1 (and any `_StandAlone` benign code) enters the point total.
public enum StandAloneBenignPoints: String, Sendable, Codable, Hashable {
    /// Class is Benign regardless of the total.
    case standAlone = "stand_alone"
    /// BA1 = −8 points.
    case minusEight = "minus_8"
}

/// Tavtigian et al. 2020 (Hum Mutat 41:1734) point system.
public struct PointsOptions: Sendable, Hashable, Codable {
    public var standAloneBenign: StandAloneBenignPoints
    public var pathogenicMin: Int
    public var likelyPathogenicMin: Int
    public var likelyBenignMax: Int
    public var benignMax: Int

    public init(standAloneBenign: StandAloneBenignPoints = .minusEight, pathogenicMin: Int = 10,
                likelyPathogenicMin: Int = 6, likelyBenignMax: Int = -1, benignMax: Int = -7) {
        self.standAloneBenign = standAloneBenign
        self.pathogenicMin = pathogenicMin
        self.likelyPathogenicMin = likelyPathogenicMin
        self.likelyBenignMax = likelyBenignMax
        self.benignMax = benignMax
    }
}

public enum PointsCombiner {
    /// Points per strength: Supporting 1, Moderate 2, Strong 4, Very Strong 8 (benign negative).
    public static func points(of strength: EvidenceStrength) -> Int {
        switch strength {
        case .supporting: 1
        case .moderate: 2
        case .strong: 4
        case .veryStrong, .standAlone: 8
        }
    }

    public static func combine(_ criteria: [AppliedCriterion], options: PointsOptions) -> SchemeResult {
        var total = 0
        var standAlone = false
        for criterion in criteria {
            if criterion.direction == .benign && criterion.strength == .standAlone && options.standAloneBenign == .standAlone {
                standAlone = true
                continue
            }
            let value = points(of: criterion.strength)
            total += criterion.direction == .pathogenic ? value : -value
        }
        if standAlone {
            return SchemeResult(classification: .benign, rule: "stand-alone benign (BA1); points \(total) not used", points: total)
        }
        let cls: ACMGClass
        if total >= options.pathogenicMin { cls = .pathogenic }
        else if total >= options.likelyPathogenicMin { cls = .likelyPathogenic }
        else if total > options.likelyBenignMax { cls = .uncertain }
        else if total > options.benignMax { cls = .likelyBenign }
        else { cls = .benign }
        return SchemeResult(classification: cls, rule: ruleText(total, cls), points: total)
    }

    /// `points N → CLASS`; for N in −64…64 one shared String per text (every classified variant keeps one).
    static func ruleText(_ total: Int, _ cls: ACMGClass) -> String {
        guard let k = ACMGClass.allCases.firstIndex(of: cls), ruleTextRange.contains(total) else {
            return "points \(total) → \(cls.rawValue)"
        }
        return ruleTexts[k][total - ruleTextRange.lowerBound]
    }

    private static let ruleTextRange = -64...64
    private static let ruleTexts: [[String]] = ACMGClass.allCases.map { cls in ruleTextRange.map { "points \($0) → \(cls.rawValue)" } }
}
