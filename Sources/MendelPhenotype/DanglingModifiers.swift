/// A match that ends on an anatomical adjective whose noun follows outside the match names the wrong thing:
/// in "abnormalities in ocular saccades" the adjective "ocular" modifies "saccades", so the words do not
/// state an abnormality of the eye; "abnormal digital flexion creases" is not "abnormal digit morphology".
/// Generic nouns of shape or extent keep the reading ("abnormal clavicular shape", "left ventricular cavity").
extension PhenotypeRecognizer {
    /// Relational adjectives of anatomy (the lexicon maps each to its noun).
    public static let anatomicalAdjectives: Set<String> = [
        "dental", "pedal", "phalangeal", "vertebral", "renal", "nephric", "hepatic", "cardiac", "pulmonary",
        "ocular", "cutaneous", "dermal", "facial", "nasal", "cerebral", "splenic", "gastric", "cranial", "thoracic",
        "spinal", "digital", "palatal", "lingual", "mandibular", "maxillary", "femoral", "tibial", "humeral",
        "muscular", "skeletal", "retinal", "corneal", "ventricular", "atrial", "valvular", "aortic", "arterial",
        "venous", "bronchial", "tracheal", "laryngeal", "esophageal", "oesophageal", "intestinal", "colonic",
        "rectal", "urethral", "uterine", "ovarian", "testicular", "scrotal", "penile", "cerebellar", "cortical",
        "callosal", "hippocampal", "umbilical", "abdominal", "axillary", "palmar", "oral", "gingival", "mucosal",
        "orbital", "occipital", "clavicular", "scapular", "sternal", "septal", "auricular", "ophthalmologic",
        "ophthalmological", "ophthalmic",
    ]

    /// Nouns that an anatomical adjective may modify without changing what the finding is about.
    public static let genericHeadNouns: Set<String> = [
        "shape", "shapes", "size", "sizes", "cavity", "contour", "contours", "appearance", "structure", "structures",
        "morphology", "region", "regions", "area", "areas", "form", "feature", "features", "manifestation",
        "manifestations", "involvement", "finding", "findings", "change", "changes", "sign", "signs", "symptom",
        "symptoms", "wall", "walls", "dimension", "dimensions", "volume", "outline", "configuration", "profile",
        "development", "tissue", "tissues", "system", "systems", "organ", "organs",
    ]

    /// True when the match at `range` ends on an anatomical adjective followed, in its sentence, by a word
    /// that is neither a stop word, a conjunction nor a generic noun.
    func endsOnDanglingAdjective(_ range: Range<Int>, tokens: [Token], sentence: Range<Int>) -> Bool {
        let last = range.upperBound - 1
        let next = range.upperBound
        guard next < sentence.upperBound, Self.anatomicalAdjectives.contains(tokens[last].lower),
              tokens[next].kind == .word else { return false }
        let word = tokens[next].lower
        if TermNormalizer.stopWords.contains(word) || Self.genericHeadNouns.contains(word) { return false }
        return !["and", "or", "nor", "but", "with", "without", "that", "which"].contains(word)
    }
}
