/// The default ConText trigger lexicon (after Harkema et al. 2009 / Chapman's NegEx lists, trimmed and
/// extended for genetics notes).
public enum ContextTriggers {
    public static let defaultPhrases: [TriggerPhrase] = {
        var list: [TriggerPhrase] = []
        func add(_ kind: TriggerKind, _ phrases: [String]) { list += phrases.map { TriggerPhrase($0, kind) } }
        add(.preNegation, [
            "no", "not", "without", "denies", "denied", "deny", "denying", "negative for", "no evidence of",
            "no evidence for", "no signs of", "no sign of", "no history of", "no symptoms of", "absence of",
            "free of", "ruled out", "rules out", "ruling out", "never", "neither", "nor", "none", "lack of", "lacks", "lacked",
            "did not have", "does not have", "do not have", "did not show", "does not show", "did not exhibit",
            "did not develop", "has not had", "had not had", "have not had", "has never had", "not have", "no further",
            "fails to reveal", "failed to reveal", "not demonstrate", "not demonstrated", "no findings of",
            "no clinical signs of", "no complaints of", "not associated with", "was not", "were not", "is not",
            "are not", "cannot", "didn't", "doesn't", "don't", "isn't", "wasn't", "weren't", "resolution of",
            "unremarkable for", "exclusion of", "within normal limits",
        ])
        add(.postNegation, [
            "was not observed", "were not observed", "not observed", "was not seen", "were not seen", "not seen",
            "was not found", "were not found", "not found", "not detected", "was not detected", "were not detected",
            "was ruled out", "were ruled out", "ruled out", "is absent", "was absent", "were absent", "are absent",
            "absent", "was negative", "were negative", "negative", "not present", "was excluded", "were excluded",
            "excluded", "free", "not noted", "not identified", "not evident", "not reported", "was not", "were not",
            "unlikely", "was normal", "were normal", "normal",
        ])
        add(.pseudo, [
            "no change", "no changes", "no significant change", "no increase", "no decrease", "not only",
            "not necessarily", "not certain if", "not certain whether", "not clear", "not limited to", "not just",
            "without difficulty", "gram negative", "no longer", "not ruled out", "not been ruled out",
            "cannot be ruled out", "cannot be excluded", "could not be excluded", "not be excluded",
            "not excluded", "could not be ruled out", "not drain", "not cause", "not responsive", "no other",
            "not further", "whether or not", "not always", "normal range", "below normal", "above normal",
            "than normal", "not normal", "not entirely normal", "absent or", "absence or", "relative lack of",
            "relative absence of", "relative paucity of",
        ])
        add(.termination, [
            "but", "however", "although", "though", "yet", "except", "apart from", "aside from", "which", "whereas",
            "while", "whose", "who", "nevertheless", "nonetheless", "still", "presented with", "presents with",
            "presenting with", "showed", "shows", "revealed", "reveals", "demonstrated", "exhibited", "developed",
            "has", "had", "displayed", "noted", "found", "as well as", "in addition", "additionally", "also",
            "then", "later", "subsequently", "because", "since", "due to", ";", "consistent with", "suggestive of",
            "resulting from", "resulting in", "resulted from", "resulted in", "leading to", "led to", "caused by",
            "secondary to", "he", "she", "they", "and the", "and his", "and her", "and their",
        ])
        add(.preUncertainty, [
            "possible", "possibly", "probable", "probably", "suspected", "suspect", "suspicion of", "suspicious for",
            "questionable", "query", "concern for", "concerning for", "may have", "might have", "could have",
            "may be", "might be", "could be", "rule out", "r/o", "likely", "presumed", "presumably", "equivocal",
            "borderline", "differential diagnosis", "versus", "vs", "cannot be ruled out", "cannot be excluded",
            "cannot exclude", "not excluded", "not ruled out",
        ])
        add(.postUncertainty, [
            "?", "is suspected", "was suspected", "were suspected", "are suspected", "suspected", "cannot be excluded", "could not be excluded",
            "cannot be ruled out", "could not be ruled out", "not ruled out", "not excluded", "is possible",
            "is likely", "is questionable", "was questioned", "unclear",
        ])
        add(.family, [
            "family history of", "family history", "fh of", "mother", "father", "brother", "brothers", "sister",
            "sisters", "sibling", "siblings", "sib", "sibs", "aunt", "uncle", "cousin", "cousins", "grandmother",
            "grandfather", "grandparent", "grandparents", "niece", "nephew", "relatives", "relative", "parents",
            "parent", "maternal", "paternal", "family members", "family member", "twin",
        ])
        add(.postFamily, [
            "in his mother", "in her mother", "in the mother", "in his father", "in her father", "in the father",
            "in his brother", "in her brother", "in his sister", "in her sister", "in a sibling", "in siblings",
            "in the family", "in family members", "in relatives", "in a relative", "in the parents", "in his parents",
            "in her parents", "in his sib", "in her sib", "in a cousin", "in his cousin", "in her cousin",
        ])
        add(.historical, [
            "history of", "previous", "previously", "prior", "in the past", "past history", "formerly", "at birth",
            "neonatal history", "as an infant", "in infancy", "resolved", "has resolved", "have resolved",
        ])
        add(.hypothetical, [
            "risk of", "risk for", "at risk", "if", "in case of", "screening for", "screen for", "evaluate for",
            "evaluation for", "to exclude", "to rule out", "monitor for", "monitoring for", "watch for",
            "should", "prevent", "prevention of", "prophylaxis",
        ])
        return list
    }()
}
