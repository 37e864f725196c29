import Foundation
/// Allele counts of one variant in one genetic-ancestry group (gnomAD style).
///
/// The five optional numbers are stored as plain values with one byte of presence bits (64 bytes a value instead of
/// 96: a variant keeps one per group); they read and write as optionals, and the value compares, hashes and encodes
/// exactly as if they were stored optionals.
public struct PopulationFrequency: Sendable, Codable, Hashable {
    /// Lower-case group code: `afr`, `amr`, `asj`, `eas`, `fin`, `nfe`, `sas`, `mid`, `ami`, `remaining`.
    public var group: String
    private var ac = 0, an = 0, hom = 0
    private var af = 0.0, faf = 0.0
    /// Which of `ac`, `an`, `hom`, `af`, `faf` are present (bits 0–4); an absent one is stored as 0.
    private var present: UInt8 = 0

    private static let acBit: UInt8 = 1, anBit: UInt8 = 2, homBit: UInt8 = 4, afBit: UInt8 = 8, fafBit: UInt8 = 16

    @inline(__always) private func get<T>(_ bit: UInt8, _ value: T) -> T? { present & bit != 0 ? value : nil }
    @inline(__always) private mutating func mark(_ bit: UInt8, _ isPresent: Bool) {
        if isPresent { present |= bit } else { present &= ~bit }
    }

    public var alleleCount: Int? {
        get { get(Self.acBit, ac) }
        set { ac = newValue ?? 0; mark(Self.acBit, newValue != nil) }
    }
    public var alleleNumber: Int? {
        get { get(Self.anBit, an) }
        set { an = newValue ?? 0; mark(Self.anBit, newValue != nil) }
    }
    public var homozygotes: Int? {
        get { get(Self.homBit, hom) }
        set { hom = newValue ?? 0; mark(Self.homBit, newValue != nil) }
    }
    /// AF as given by the source (else AC/AN).
    public var givenAF: Double? {
        get { get(Self.afBit, af) }
        set { af = newValue ?? 0; mark(Self.afBit, newValue != nil) }
    }
    /// Filtering AF (95% CI lower bound) as given by the source.
    public var givenFilteringAF: Double? {
        get { get(Self.fafBit, faf) }
        set { faf = newValue ?? 0; mark(Self.fafBit, newValue != nil) }
    }

    public init(group: String, alleleCount: Int? = nil, alleleNumber: Int? = nil, homozygotes: Int? = nil,
                alleleFrequency: Double? = nil, filteringAF: Double? = nil) {
        self.init(normalisedGroup: PopulationFrequency.normalisedGroup(group), alleleCount: alleleCount, alleleNumber: alleleNumber,
                  homozygotes: homozygotes, alleleFrequency: alleleFrequency, filteringAF: filteringAF)
    }

    /// Takes a group code that is already normalised (hot path of the VCF reader).
    init(normalisedGroup: String, alleleCount: Int?, alleleNumber: Int?, homozygotes: Int?, alleleFrequency: Double?, filteringAF: Double?) {
        self.group = normalisedGroup
        self.alleleCount = alleleCount; self.alleleNumber = alleleNumber; self.homozygotes = homozygotes
        self.givenAF = alleleFrequency; self.givenFilteringAF = filteringAF
    }

    // Codable, Equatable and Hashable as the stored optionals were (same keys, order and absent-key rules).
    enum CodingKeys: String, CodingKey { case group, alleleCount, alleleNumber, homozygotes, givenAF, givenFilteringAF }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(normalisedGroup: try c.decode(String.self, forKey: .group),
                  alleleCount: try c.decodeIfPresent(Int.self, forKey: .alleleCount),
                  alleleNumber: try c.decodeIfPresent(Int.self, forKey: .alleleNumber),
                  homozygotes: try c.decodeIfPresent(Int.self, forKey: .homozygotes),
                  alleleFrequency: try c.decodeIfPresent(Double.self, forKey: .givenAF),
                  filteringAF: try c.decodeIfPresent(Double.self, forKey: .givenFilteringAF))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encodeIfPresent(alleleCount, forKey: .alleleCount)
        try c.encodeIfPresent(alleleNumber, forKey: .alleleNumber)
        try c.encodeIfPresent(homozygotes, forKey: .homozygotes)
        try c.encodeIfPresent(givenAF, forKey: .givenAF)
        try c.encodeIfPresent(givenFilteringAF, forKey: .givenFilteringAF)
    }

    public static func == (lhs: PopulationFrequency, rhs: PopulationFrequency) -> Bool {
        lhs.group == rhs.group && lhs.alleleCount == rhs.alleleCount && lhs.alleleNumber == rhs.alleleNumber
            && lhs.homozygotes == rhs.homozygotes && lhs.givenAF == rhs.givenAF && lhs.givenFilteringAF == rhs.givenFilteringAF
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(group); hasher.combine(alleleCount); hasher.combine(alleleNumber); hasher.combine(homozygotes)
        hasher.combine(givenAF); hasher.combine(givenFilteringAF)
    }

    /// AF: the given value, else AC/AN.
    public var alleleFrequency: Double? {
        if let givenAF { return givenAF }
        guard let ac = alleleCount, let an = alleleNumber, an > 0 else { return nil }
        return Double(ac) / Double(an)
    }

    /// Filtering AF: the given value, else the 95% Poisson lower bound computed from AC/AN.
    public var filteringAF: Double? {
        if let givenFilteringAF { return givenFilteringAF }
        guard let ac = alleleCount, let an = alleleNumber, an > 0 else { return nil }
        return FilteringAF.compute(alleleCount: ac, alleleNumber: an)
    }

    /// Maps common labels to gnomAD codes (`AFR`, `African/African American` → `afr`; `oth` → `remaining`).
    public static func normalisedGroup(_ label: String) -> String {
        let l = label.lowercased()
        if l.hasPrefix("gnomad_") || l.hasPrefix("gnomade_") || l.hasPrefix("gnomadg_") {
            return normalisedGroup(String(l.split(separator: "_", maxSplits: 1).last ?? ""))
        }
        switch l {
        case "afr", "african", "african/african american", "african american", "aa": return "afr"
        case "amr", "latino", "latino/admixed american", "admixed american": return "amr"
        case "asj", "ashkenazi jewish": return "asj"
        case "eas", "east asian": return "eas"
        case "sas", "south asian": return "sas"
        case "fin", "finnish", "european (finnish)": return "fin"
        case "nfe", "european (non-finnish)", "non-finnish european", "eur", "european": return "nfe"
        case "mid", "middle eastern": return "mid"
        case "ami", "amish": return "ami"
        case "oth", "other", "remaining", "rmi": return "remaining"
        default: return l
        }
    }
}

/// gnomAD filtering allele frequency: the highest AF whose Poisson upper 95% tail still covers the observed AC
/// (Whiffin et al. 2017, Genet Med 19:1151). Computed by bisection on the regularised incomplete gamma function.
public enum FilteringAF {
    public static func compute(alleleCount: Int, alleleNumber: Int, confidence: Double = 0.95) -> Double {
        guard alleleCount > 0, alleleNumber > 0 else { return 0 }
        let k = Double(alleleCount)
        let tail = 1 - confidence
        if confidence == 0.95 && alleleCount < 50 { return smallCountLambda95[alleleCount] / Double(alleleNumber) }
        if alleleCount >= 50 && confidence == 0.95 {
            // Wilson–Hilferty: λ = χ²(0.05; 2k)/2 ≈ k(1 − 1/(9k) − z/(3√k))³, z = 1.644854; relative error < 1e-4 here.
            let c = 1 - 1 / (9 * k) - 1.6448536269514722 / (3 * k.squareRoot())
            return k * c * c * c / Double(alleleNumber)
        }
        // P(X ≥ k | λ) = P(k, λ) (regularised lower gamma); find λ with P(k, λ) = tail.
        var lo = 0.0, hi = k
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if regularisedLowerGamma(a: k, x: mid) > tail { hi = mid } else { lo = mid }
            if hi - lo < 1e-12 * max(1, k) { break }
        }
        return (lo + hi) / 2 / Double(alleleNumber)
    }

    /// λ with P(X ≥ k | λ) = 0.05 for k = 0…49 (exact bisection, computed once).
    static let smallCountLambda95: [Double] = (0..<50).map { k in k == 0 ? 0 : lambda(k: Double(k), tail: 0.05) }

    static func lambda(k: Double, tail: Double) -> Double {
        var lo = 0.0, hi = k
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if regularisedLowerGamma(a: k, x: mid) > tail { hi = mid } else { lo = mid }
            if hi - lo < 1e-13 * max(1, k) { break }
        }
        return (lo + hi) / 2
    }

    /// P(a, x) by series (x < a + 1) or continued fraction (Numerical Recipes 6.2).
    static func regularisedLowerGamma(a: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        let lnGammaA = lgammaValue(a)
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, n = a
            for _ in 0..<100_000 {
                n += 1; term *= x / n; sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return sum * exp(-x + a * log(x) - lnGammaA)
        }
        var b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b; if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c; if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
            i += 1
        }
        return 1 - exp(-x + a * log(x) - lnGammaA) * h
    }

    private static func lgammaValue(_ x: Double) -> Double {
        // Lanczos approximation (g = 7, n = 9); accurate to ~1e-15 for x > 0.
        let coefficients: [Double] = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                                      -176.61502916214059, 12.507343278686905, -0.13857109526572012,
                                      9.9843695780195716e-6, 1.5056327351493116e-7]
        if x < 0.5 { return log(Double.pi / abs(sin(Double.pi * x))) - lgammaValue(1 - x) }
        let xm = x - 1
        var sum = coefficients[0]
        for i in 1..<9 { sum += coefficients[i] / (xm + Double(i)) }
        let t = xm + 7.5
        return 0.5 * log(2 * Double.pi) + (xm + 0.5) * log(t) - t + log(sum)
    }
}
