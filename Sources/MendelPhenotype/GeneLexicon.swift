import MendelKnowledge

/// Gene symbols (case-sensitive, HGNC style) and optional full names for gene mention recognition.
public struct GeneLexicon: Sendable {
    public struct Gene: Sendable, Hashable {
        public var symbol: String
        public var ncbiGeneID: UInt32?
        /// Full names or aliases matched case-insensitively ("fibrillin 1").
        public var names: [String]
        public init(symbol: String, ncbiGeneID: UInt32? = nil, names: [String] = []) {
            self.symbol = symbol
            self.ncbiGeneID = ncbiGeneID
            self.names = names
        }
    }

    public var genes: [Gene]
    /// Symbols that are also everyday English words or clinical abbreviations; these count only in a genetic
    /// context (a gene/variant word or an HGVS expression in the sentence, or "gene" right after).
    public var contextRequired: Set<String>

    public init(genes: [Gene], contextRequired: Set<String> = GeneLexicon.ambiguousSymbols) {
        self.genes = genes
        self.contextRequired = contextRequired
    }

    /// The genes of the knowledge base (symbols from the HPO gene files).
    public init(knowledgeBase: KnowledgeBase) {
        self.init(genes: knowledgeBase.genes.map { Gene(symbol: $0.symbol, ncbiGeneID: $0.ncbiGeneID) })
    }

    /// Gene symbols that are common English words or clinical abbreviations.
    public static let ambiguousSymbols: Set<String> = [
        "KIT", "MET", "REST", "CAT", "SET", "WAS", "MAX", "CLOCK", "IMPACT", "CAPS", "CAMP", "TANK", "GAP", "ACE",
        "AIM", "ARC", "BAD", "BAG", "BID", "CAR", "COIL", "CUT", "DAN", "FAT", "ICE", "LIME", "MAL", "MAP", "MARS",
        "MASS", "MINT", "NET", "PIN", "POLE", "RAN", "RAGE", "REL", "RET", "RHO", "ROCK", "SON", "STAR", "TAP",
        "TIP", "TOR", "TUB", "VIP", "WARS", "SHE", "HAS", "NOT", "AND", "ALL", "CAN", "END", "FOR", "GAS", "HIS",
        "LAMP", "LARGE", "MAGE", "MIND", "PAL", "PEAK", "PIGS", "POT", "SAFE", "SEX", "SPIN", "SUN", "TEN", "TOP",
        "WIND", "CP", "CT", "HR", "BP", "MS", "AS", "PC", "ID", "ASD", "VSD", "PDA", "GH", "CRP", "APP", "CAD",
        "ALP", "ALT", "AST", "CK", "MRI", "EEG", "ECG", "ICU", "IV", "DD", "GDD", "FTT", "OCD", "SMA", "DMD", "MD",
        "PKD", "CF", "HD", "AR", "AD", "XL", "OMIM", "DNA", "RNA", "PCR", "ATM", "MTOR", "CAST", "PAPS", "WAVE",
        "SPAST", "TRAP", "GAL", "HP", "TH", "SD", "CMT", "ABO",
    ]
}
