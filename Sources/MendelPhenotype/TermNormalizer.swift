/// Maps a lower-cased word to a canonical form shared by its spelling and morphological variants, so that
/// "oedematous"/"edema", "hypoplastic"/"hypoplasia", "kidneys"/"renal", "delayed"/"delay" and
/// "raised"/"elevated"/"increased" meet. Applied identically to lexicon entries and note text, so a
/// canonical form only has to be consistent, not a real word.
public enum TermNormalizer {
    /// Words skipped inside a term window (not counted when matching).
    /// Copulas are included so that a finding stated as subject + predicate ("the ears were low-set",
    /// "erythrocyte sedimentation rate was elevated") forms one window with its name; "affecting"/"involving"
    /// join a finding and its site ("hypertonia affecting the upper limbs").
    public static let stopWords: Set<String> = [
        "of", "the", "a", "an", "its", "their", "his", "her", "in", "on", "at", "to", "by", "for", "from",
        "is", "are", "was", "were", "be", "been", "being", "affecting", "involving",
    ]

    /// Everyday words that HPO lists as one-word synonyms but that name no finding on their own in notes.
    public static let ambiguousSingleWords: Set<String> = [
        "collecting", "collection", "order", "sorting", "right", "left", "unilateral", "bilateral", "generalized",
        "progressive", "onset", "severe", "mild", "moderate", "profound", "chronic", "acute", "episodic", "recurrent",
        "frequent", "fit", "spell", "attack", "episode", "crisis", "course", "variable", "death", "normal", "abnormal",
        "increase", "decrease", "large", "small", "tall", "short", "long", "broad", "narrow", "thin", "thick",
    ]

    /// Canonical words that a lab-value phrase may add or omit ("elevated serum CK level(s)").
    public static let labFillers: Set<String> = Set(
        ["serum", "plasma", "blood", "circulating", "concentration", "level", "activity"].map(canonical))

    /// Direction qualifiers that let a name drop its optional words ("Elevated circulating CK concentration"
    /// matches "raised CK").
    public static let qualifiers: Set<String> = Set(["increased", "decreased"].map(canonical))

    /// Whole-word replacements applied before stemming: spelling variants, irregular plurals, anatomical
    /// adjectives to their noun, and direction words to one form.
    static let wordMap: [String: String] = {
        var m: [String: String] = [:]
        let increase = ["elevated", "elevation", "elevations", "raised", "high", "higher", "increased", "increase",
                        "increases", "increasing", "hyper", "excess", "excessive", "enlarged", "enlargement", "large", "big"]
        let decrease = ["decreased", "decrease", "decreases", "reduced", "reduction", "low", "lower", "lowered",
                        "diminished", "hypo", "deficient", "deficiency", "small", "smaller"]
        for w in increase where !["enlarged", "enlargement", "large", "big", "excess", "excessive"].contains(w) { m[w] = "increase" }
        for w in decrease where !["deficient", "deficiency", "small", "smaller"].contains(w) { m[w] = "decrease" }
        for w in ["enlarged", "enlargement", "enlarge", "large", "big", "bigger", "larger"] { m[w] = "large" }
        for w in ["small", "smaller", "tiny"] { m[w] = "small" }
        let pairs: [(String, String)] = [
            ("teeth", "tooth"), ("dental", "tooth"), ("feet", "foot"), ("pedal", "foot"), ("phalanges", "phalanx"),
            ("phalangeal", "phalanx"), ("vertebrae", "vertebra"), ("vertebral", "vertebra"), ("children", "child"),
            ("men", "man"), ("women", "woman"), ("renal", "kidney"), ("nephric", "kidney"), ("hepatic", "liver"),
            ("cardiac", "heart"), ("pulmonary", "lung"), ("ocular", "eye"), ("cutaneous", "skin"), ("dermal", "skin"),
            ("facial", "face"), ("nasal", "nose"), ("cerebral", "brain"), ("splenic", "spleen"), ("gastric", "stomach"),
            ("cranial", "skull"), ("cranium", "skull"), ("thoracic", "thorax"), ("chest", "thorax"), ("spinal", "spine"),
            ("digital", "digit"), ("palatal", "palate"), ("lingual", "tongue"), ("mandibular", "mandible"),
            ("maxillary", "maxilla"), ("femoral", "femur"), ("tibial", "tibia"), ("humeral", "humerus"),
("muscular", "muscle"), ("skeletal", "skeleton"), ("retinal", "retina"),
            ("corneal", "cornea"), ("ventricular", "ventricle"), ("atrial", "atrium"), ("valvular", "valve"),
            ("aortic", "aorta"), ("arterial", "artery"), ("arteries", "artery"), ("venous", "vein"),
            ("bronchial", "bronchus"), ("bronchi", "bronchus"), ("tracheal", "trachea"), ("laryngeal", "larynx"),
            ("esophageal", "esophagus"), ("oesophageal", "esophagus"), ("intestinal", "intestine"), ("colonic", "colon"),
            ("rectal", "rectum"), ("urethral", "urethra"), ("uterine", "uterus"), ("ovarian", "ovary"),
            ("testicular", "testis"), ("testes", "testis"), ("testicle", "testis"), ("testicles", "testis"),
            ("scrotal", "scrotum"), ("penile", "penis"), ("cerebellar", "cerebellum"), ("cortical", "cortex"),
            ("callosal", "callosum"), ("hippocampal", "hippocampus"), ("umbilical", "umbilicus"),
            ("abdominal", "abdomen"), ("axillary", "axilla"), ("palmar", "palm"), ("oral", "mouth"),
            ("gingival", "gingiva"), ("gums", "gingiva"), ("gum", "gingiva"), ("mucosal", "mucosa"), ("orbital", "orbit"),
            ("occipital", "occiput"), ("clavicular", "clavicle"), ("scapular", "scapula"), ("sternal", "sternum"),
            ("hallux", "toe1"), ("thumbs", "thumb"), ("indices", "index"), ("nevi", "nevus"), ("naevi", "nevus"),
            ("naevus", "nevus"), ("glomeruli", "glomerulus"), ("septa", "septum"), ("septal", "septum"),
            ("absence", "absent"), ("lacking", "absent"), ("missing", "absent"), ("grey", "gray"),
            ("ageing", "aging"), ("tumour", "tumor"), ("tumours", "tumor"), ("tumors", "tumor"), ("tumoral", "tumor"),
            ("behaviour", "behavior"), ("behaviours", "behavior"), ("behavioural", "behavior"), ("behavioral", "behavior"),
            ("behaviors", "behavior"), ("colour", "color"), ("centre", "center"),
            ("convulsions", "seizure"), ("convulsion", "seizure"), ("seizures", "seizure"), ("epileptic", "epilepsy"),
            ("obese", "obesity"), ("hirsute", "hirsutism"), ("deaf", "deafness"), ("blind", "blindness"),
            ("anomalies", "abnormal"), ("anomaly", "abnormal"), ("anomalous", "abnormal"), ("malformed", "malformation"), ("deformity", "abnormal"),
            ("deformities", "abnormal"), ("deformed", "abnormal"), ("defect", "abnormal"), ("defects", "abnormal"),
            ("abnormalities", "abnormal"), ("abnormality", "abnormal"), ("abnormally", "abnormal"),
            ("prominence", "prominent"), ("prominently", "prominent"), ("dilation", "dilatation"),
            ("dilated", "dilatation"), ("dilatations", "dilatation"), ("dilations", "dilatation"),
            ("mental", "intellectual"), ("retarded", "retardation"), ("disabled", "disability"), ("disabilities", "disability"),
            ("hypotonic", "hypotonia"), ("hypertonic", "hypertonia"), ("dystonic", "dystonia"), ("ataxic", "ataxia"),
            ("spastic", "spasticity"), ("microcephalic", "microcephaly"), ("macrocephalic", "macrocephaly"),
            ("dysmorphic", "dysmorphism"), ("dysmorphisms", "dysmorphism"), ("dysmorphia", "dysmorphism"),
            ("cystic", "cyst"), ("nodular", "nodule"), ("tubular", "tubule"), ("cellular", "cell"),
            ("dysarthric", "dysarthria"), ("hemiplegic", "hemiplegia"), ("diplegic", "diplegia"),
            ("quadriplegic", "quadriplegia"), ("paraplegic", "paraplegia"), ("hemorrhagic", "hemorrhage"),
            ("haemorrhagic", "hemorrhage"),
            ("hypertelorism", "hypertelorism"), ("wide", "broad"), ("wider", "broad"), ("widened", "broad"),
            ("widening", "broad"), ("broadened", "broad"), ("broadening", "broad"), ("shortened", "short"),
            ("shortening", "short"), ("shorter", "short"), ("shortness", "short"), ("thin", "thin"),
            ("thinning", "thin"), ("thinned", "thin"), ("thickened", "thick"), ("thickening", "thick"), ("thicker", "thick"),
            ("thickness", "thick"), ("longer", "long"), ("lengthened", "long"), ("elongated", "long"), ("elongation", "long"),
            ("narrowed", "narrow"), ("narrowing", "narrow"), ("narrower", "narrow"),
            ("weak", "weakness"), ("weaknesses", "weakness"), ("tall", "tall"),
            ("feverish", "fever"), ("febrile", "fever"), ("pyrexia", "fever"), ("cachectic", "cachexia"), ("cachetic", "cachexia"),
            ("diabetic", "diabetes"), ("icteric", "icterus"), ("jaundiced", "jaundice"), ("septic", "sepsis"),
            ("hydropic", "hydrops"), ("edematous", "edema"), ("oedematous", "edema"), ("swollen", "swelling"),
            ("lethargic", "lethargy"), ("pale", "pallor"), ("paleness", "pallor"),
            ("nevoid", "nevus"), ("naevoid", "nevus"), ("mentally", "intellectual"),
            // Latin adjectives after their noun ("spina bifida occulta" = "occult spina bifida").
            ("occulta", "occult"), ("aperta", "open"),
            // Colour adjectives in -ish name the colour ("bluish sclerae").
            ("bluish", "blue"), ("blueish", "blue"), ("reddish", "red"), ("yellowish", "yellow"), ("whitish", "white"),
            ("brownish", "brown"), ("greyish", "gray"), ("grayish", "gray"), ("greenish", "green"), ("purplish", "purple"),
            // More relational adjectives of anatomy whose noun HPO also uses ("ureteral duplication" /
            // "duplication of the ureters").
            ("ureteric", "ureter"), ("ureteral", "ureter"), ("calcaneal", "calcaneus"), ("calvarial", "calvaria"),
            ("choroidal", "choroid"), ("conjunctival", "conjunctiva"), ("duodenal", "duodenum"),
            ("epidermal", "epidermis"), ("epithelial", "epithelium"), ("ethmoidal", "ethmoid"), ("gonadal", "gonad"),
            ("jejunal", "jejunum"), ("mediastinal", "mediastinum"), ("myocardial", "myocardium"),
            ("endocardial", "endocardium"), ("pericardial", "pericardium"), ("peritoneal", "peritoneum"),
            ("pleural", "pleura"), ("placental", "placenta"), ("philtral", "philtrum"), ("scleral", "sclera"),
            ("vaginal", "vagina"), ("axonal", "axon"), ("neuronal", "neuron"), ("clitoral", "clitoris"),
            ("epididymal", "epididymis"), ("sphenoidal", "sphenoid"),
            ("exertional", "exertion"), ("auricular", "auricle"), ("ophthalmologic", "eye"), ("ophthalmological", "eye"),
            ("ophthalmic", "eye"), ("sloping", "slanting"), ("sloped", "slanted"), ("saccadic", "saccade"),
        ]
        for (a, b) in pairs { m[a] = b }
        return m
    }()

    /// Suffix rewrites from adjective to noun forms, tried longest first (`plastic` → `plasia`).
    static let adjectiveSuffixes: [(String, String)] = [
        ("plastic", "plasia"), ("trophic", "trophy"), ("cephalic", "cephaly"), ("cephalous", "cephaly"),
        ("paretic", "paresis"), ("ectatic", "ectasia"), ("kinetic", "kinesia"), ("pathic", "pathy"),
        ("phagic", "phagia"), ("plegic", "plegia"), ("tonic", "tonia"), ("emic", "emia"), ("aemia", "emia"),
        ("aemic", "emia"), ("algic", "algia"), ("lexic", "lexia"), ("opic", "opia"), ("uric", "uria"),
        ("oxic", "oxia"), ("lytic", "lysis"), ("otic", "osis"), ("iatic", "iasis"), ("esthetic", "esthesia"),
        ("asthenic", "asthenia"), ("thermic", "thermia"), ("glycemic", "glycemia"), ("calcemic", "calcemia"),
        ("tensive", "tension"), ("cardic", "cardia"), ("pneic", "pnea"), ("pnoeic", "pnea"), ("penic", "penia"),
        ("rgic", "rgy"), ("cytotic", "cytosis"), ("philic", "philia"), ("matous", "ma"), ("ptotic", "ptosis"),
        // Latin -a nouns and their -ar adjectives (words over five letters): patellar / patella, fibular / fibula.
        ("ar", "a"),
    ]

    /// British spelling fragments and their American form.
    static let spellingFragments: [(String, String)] = [
        ("haem", "hem"), ("aemia", "emia"), ("oedem", "edem"), ("oesoph", "esoph"), ("oestr", "estr"),
        ("coeli", "celi"), ("foet", "fet"), ("paed", "ped"), ("rrhoea", "rrhea"), ("rrhoe", "rrhe"), ("pnoea", "pnea"),
        ("leukaem", "leukem"), ("anaem", "anem"), ("ischaem", "ischem"), ("aetiol", "etiol"), ("orthopaed", "orthoped"),
        ("sulph", "sulf"), ("lachrym", "lacrim"), ("hypokalaem", "hypokalem"), ("kalaem", "kalem"), ("natraem", "natrem"),
        ("calcaem", "calcem"), ("glycaem", "glycem"), ("lipidaem", "lipidem"), ("uraem", "urem"), ("oeso", "eso"),
        ("ae", "e"),
    ]

    /// Returns the canonical form of a lower-cased word.
    public static func canonical(_ lower: String) -> String {
        // Every path runs through the same steps, so a mapped word ("dilated" → "dilatation") and the word
        // it maps to end in the same canonical form.
        var w = wordMap[lower] ?? lower
        guard w.utf8.count > 3 else { return w }
        w = british(w)
        w = wordMap[w] ?? w
        w = singular(w)
        w = wordMap[w] ?? w
        w = nounForm(w)
        return stem(w)
    }

    /// Light form used for one-word names: spelling and plural only, no derivational stemming, so that
    /// "intoeing" does not meet "into" and "collecting" does not meet "collection".
    public static func light(_ lower: String) -> String {
        if let mapped = wordMap[lower] { return mapped }
        var w = british(lower)
        w = singular(w)
        if let mapped = wordMap[w] { return mapped }
        return nounForm(w)
    }

    static func british(_ lower: String) -> String {
        var w = lower
        guard w.utf8.count > 3 else { return w }
        if w.contains("ae") || w.contains("oe") || w.contains("sulph") || w.contains("lachrym") {
            for (from, to) in spellingFragments where from != "ae" && w.contains(from) {
                w = w.replacing(from, with: to)
            }
            if w.utf8.count > 5, let range = w.firstRange(of: "ae"), range.lowerBound != w.startIndex {
                w = w.replacing("ae", with: "e")
            }
        }
        if w.hasPrefix("leuc") { w = "leuk" + w.dropFirst(4) }
        if w.hasSuffix("our") && w.utf8.count > 5 { w = String(w.dropLast(2)) + "r" }
        if w.hasSuffix("ours") && w.utf8.count > 6 { w = String(w.dropLast(3)) + "rs" }
        return w
    }

    /// Plural → singular for regular English and Latin/Greek medical plurals.
    static func singular(_ w: String) -> String {
        let n = w.utf8.count
        guard n > 3 else { return w }
        if w.hasSuffix("ies") && n > 4 { return String(w.dropLast(3)) + "y" }
        if w.hasSuffix("yses") || w.hasSuffix("oses") || w.hasSuffix("ases") && n > 6 || w.hasSuffix("eses") {
            return String(w.dropLast(2)) + "is"
        }
        if w.hasSuffix("sses") || w.hasSuffix("xes") || w.hasSuffix("ches") || w.hasSuffix("shes") { return String(w.dropLast(2)) }
        if w.hasSuffix("ices") && n > 6 { return String(w.dropLast(4)) + "ex" }
        if w.hasSuffix("ae") && n > 4 { return String(w.dropLast(1)) }
        if w.hasSuffix("s") && !w.hasSuffix("ss") && !w.hasSuffix("us") && !w.hasSuffix("is") {
            return String(w.dropLast())
        }
        return w
    }

    /// Adjective → noun suffix rewrite (hypoplastic → hypoplasia).
    static func nounForm(_ w: String) -> String {
        guard w.utf8.count > 5 else { return w }
        for (suffix, replacement) in adjectiveSuffixes where w.hasSuffix(suffix) {
            // A one-letter stem is the privative a- ("aplastic" / "aplasia", "atrophic" / "atrophy", "apneic").
            let stem = w.dropLast(suffix.count)
            if stem.count >= 1 { return String(stem) + replacement }
        }
        return w
    }

    /// Light derivational stemming so that "-ed", "-ing", "-ation", "-ment", "-ness", "-ity", "-ical" forms
    /// meet their base ("delayed" / "delay", "swelling" / "swollen" not attempted).
    static func stem(_ w: String) -> String {
        let n = w.utf8.count
        guard n > 5 else { return w }
        func strip(_ suffix: String, add: String = "", minStem: Int = 3) -> String? {
            guard w.hasSuffix(suffix), n - suffix.utf8.count >= minStem else { return nil }
            return String(w.dropLast(suffix.utf8.count)) + add
        }
        if let s = strip("ically", add: "ic") { return s }
        if let s = strip("ical", add: "ic", minStem: 4) { return s }
        // "-iness" nouns meet their "-y" adjective ("drowsiness" / "drowsy", "sleepiness" / "sleepy").
        if let s = strip("iness", add: "y") { return s }
        if let s = strip("ness") { return s }
        if let s = strip("ility", add: "le") { return s }
        if let s = strip("ivity", add: "ive") { return s }
        // "-ated", "-ating" and "-ation" meet ("dehydrated" / "dehydration", "calcified" / "calcification").
        if let s = strip("ifications", add: "ify", minStem: 3) { return s }
        if let s = strip("ification", add: "ify", minStem: 3) { return s }
        if let s = strip("ified", add: "ify", minStem: 3) { return s }
        if let s = strip("ations", minStem: 4) { return s }
        if let s = strip("ation", minStem: 4) { return s }
        if let s = strip("ated", minStem: 4) { return s }
        if let s = strip("ating", minStem: 4) { return s }
        if let s = strip("ments", minStem: 4) { return s }
        if let s = strip("ment", minStem: 4) { return s }
        if let s = strip("ings", minStem: 4) { return s }
        if let s = strip("ing", minStem: 4) { return dropFinalE(s) }
        if let s = strip("ied", add: "y", minStem: 3) { return s }
        if let s = strip("ed", minStem: 4) { return dropFinalE(s) }
        if let s = strip("ion", minStem: 4) { return dropFinalE(s) }
        return dropFinalE(w)
    }

    private static func dropFinalE(_ w: String) -> String {
        // Doubled final consonant of "-ed/-ing" forms ("clubbing" → "club").
        if w.utf8.count > 4, let last = w.utf8.last, let previous = w.utf8.dropLast().last, last == previous,
           last != UInt8(ascii: "s"), last != UInt8(ascii: "l"), last != UInt8(ascii: "e"),
           !"aeiou".utf8.contains(last) {
            return String(w.dropLast())
        }
        if w.hasSuffix("e") && w.utf8.count > 4 { return String(w.dropLast()) }
        return w
    }
}

