import MendelCore

/// An abbreviation common in genetics notes, mapped to an HPO term when its context allows.
public struct AbbreviationRule: Sendable, Hashable {
    /// Exact, case-sensitive surface form ("ASD").
    public var abbreviation: String
    public var term: HPOTermID
    /// If non-empty, one of these lower-case words must occur in the sentence.
    public var requiresContext: Set<String>
    /// None of these lower-case words may occur in the sentence.
    public var forbidsContext: Set<String>
    /// None of these lower-case words may directly precede the abbreviation ("patient ID").
    public var forbidsPreceding: Set<String>

    public init(_ abbreviation: String, _ term: UInt32, requires: Set<String> = [], forbids: Set<String> = [],
                forbidsPreceding: Set<String> = []) {
        self.abbreviation = abbreviation
        self.term = HPOTermID(number: term)
        self.requiresContext = requires
        self.forbidsContext = forbids
        self.forbidsPreceding = forbidsPreceding
    }
}

/// Built-in abbreviations of clinical genetics notes (HPO 2025 ids). Rules for one abbreviation are tried in
/// order; the first whose context fits wins.
public enum ClinicalAbbreviations {
    static let cardiacContext: Set<String> = [
        "heart", "cardiac", "echo", "echocardiogram", "echocardiography", "vsd", "pda", "pfo", "septal", "murmur",
        "atrial", "ventricular", "cardiology", "valve", "valvular", "cardiomyopathy", "tetralogy", "aortic",
        "pulmonary", "coarctation", "congenital", "repair", "closure", "surgery",
    ]
    static let identifierWords: Set<String> = [
        "patient", "sample", "case", "subject", "family", "individual", "proband", "study", "record", "user", "pt",
    ]

    public static let defaultRules: [AbbreviationRule] = [
        AbbreviationRule("GDD", 1263),
        AbbreviationRule("ID", 1249, forbidsPreceding: identifierWords),
        AbbreviationRule("ASD", 1631, requires: cardiacContext),
        AbbreviationRule("ASD", 729, forbids: cardiacContext),
        AbbreviationRule("VSD", 1629),
        AbbreviationRule("PDA", 1643),
        AbbreviationRule("PFO", 1655),
        AbbreviationRule("TOF", 1636, requires: cardiacContext),
        AbbreviationRule("HLHS", 4383),
        AbbreviationRule("LVH", 1712),
        AbbreviationRule("HCM", 1639),
        AbbreviationRule("DCM", 1644),
        AbbreviationRule("CHD", 1627, requires: cardiacContext),
        AbbreviationRule("FTT", 1508),
        AbbreviationRule("IUGR", 1511),
        AbbreviationRule("SGA", 1518),
        AbbreviationRule("ADHD", 7018),
        AbbreviationRule("OCD", 722),
        AbbreviationRule("SNHL", 407),
        AbbreviationRule("GERD", 2020),
        AbbreviationRule("GORD", 2020),
        AbbreviationRule("OSA", 2870),
        AbbreviationRule("VUR", 76),
    ]
}
