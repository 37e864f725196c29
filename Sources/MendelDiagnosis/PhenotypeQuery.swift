import MendelCore

/// The phenotype of one patient: observed and explicitly excluded HPO terms, sex and age information.
/// Built from a phenopacket's `subject` and `phenotypicFeatures` only (never its interpretations/diseases).
public struct PhenotypeQuery: Sendable, Hashable, Codable {
    /// Present features, input order, unique.
    public var observed: [HPOTermID]
    /// Features the patient explicitly does not have.
    public var excluded: [HPOTermID]
    public var sex: Sex?
    /// ISO 8601 duration of the age at the last encounter, if known (e.g. `P15Y`).
    public var ageAtLastEncounter: String?
    /// Onset given for the features: the first HPO onset term and the earliest ISO 8601 age.
    public var onsetTerm: HPOTermID?
    public var onsetAge: String?
    /// Feature ids that are not syntactically HPO ids; reported in the normalisation trace.
    public var invalidTermIDs: [String]

    /// The HPO onset class used for scoring: the onset term if given, else the class of the onset age.
    public var onsetClass: HPOTermID? {
        if let onsetTerm { return onsetTerm }
        return onsetAge.flatMap { OnsetClass.days(iso8601: $0) }.map { OnsetClass.term(forAgeInDays: $0) }
    }

    public init(observed: [HPOTermID], excluded: [HPOTermID] = [], sex: Sex? = nil, ageAtLastEncounter: String? = nil,
                onsetTerm: HPOTermID? = nil, onsetAge: String? = nil, invalidTermIDs: [String] = []) {
        self.observed = observed; self.excluded = excluded; self.sex = sex; self.ageAtLastEncounter = ageAtLastEncounter
        self.onsetTerm = onsetTerm; self.onsetAge = onsetAge; self.invalidTermIDs = invalidTermIDs
    }

    /// Reads `subject` (sex, age) and `phenotypicFeatures` (type, excluded, onset) of a phenopacket.
    public init(phenopacket: Phenopacket) {
        let features = phenopacket.phenotypicFeatures ?? []
        var onsetTerm: HPOTermID?
        var onsetAge: String?
        var earliest = Double.infinity
        for feature in features where feature.excluded != true {
            if onsetTerm == nil, let text = feature.onset?.ontologyClass?.id { onsetTerm = HPOTermID(text) }
            if let age = feature.onset?.age?.iso8601duration, let days = OnsetClass.days(iso8601: age), days < earliest {
                earliest = days
                onsetAge = age
            }
        }
        self.init(observed: phenopacket.observedTerms, excluded: phenopacket.excludedTerms,
                  sex: phenopacket.subject?.sex,
                  ageAtLastEncounter: phenopacket.subject?.timeAtLastEncounter?.age?.iso8601duration,
                  onsetTerm: onsetTerm, onsetAge: onsetAge, invalidTermIDs: phenopacket.invalidTermIDs)
    }
}
