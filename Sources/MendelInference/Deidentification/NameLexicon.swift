/// Word lists for name detection. Given names that are also common English words (Will, May, Grace, Hope,
/// Rose, Mark, Gene …) are deliberately absent: they count as names only in a name context.
enum NameLexicon {
    static let titles: Set<String> = [
        "dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sr", "sra", "herr", "frau", "mme",
        "mlle", "madam", "sir", "dame", "rev", "nurse",
    ]
    /// Words after which a capitalised word is a person's name ("patient Anna", "her mother Maria").
    static let personContexts: Set<String> = [
        "patient", "pt", "proband", "child", "baby", "infant", "boy", "girl", "son", "daughter", "mother", "father",
        "mom", "mum", "dad", "sister", "brother", "sibling", "twin", "aunt", "uncle", "cousin", "grandmother",
        "grandfather", "grandma", "grandpa", "grandson", "granddaughter", "husband", "wife", "partner", "spouse",
        "niece", "nephew", "kin", "named", "called", "dear", "attn", "cc", "re", "counselor", "counsellor", "geneticist",
        "physician", "pediatrician", "paediatrician", "neurologist", "cardiologist", "resident", "fellow",
        "attending", "provider", "clinician", "guardian", "caregiver", "stepmother", "stepfather", "half-brother",
        "half-sister", "fiancé", "fiance", "colleague", "surgeon", "midwife", "obstetrician", "dietitian", "therapist",
        "hi", "hello", "witness", "witnessed", "client", "interpreter",
        // Session 5: everyday relations and carers ("my kid Frederik", "her boyfriend Tomasz").
        "kid", "friend", "boyfriend", "girlfriend", "fiancée", "neighbour", "neighbor", "stepson", "stepdaughter",
        "stepsister", "stepbrother", "grandchild", "granddad", "grandad", "granny", "nana", "mama", "papa", "hubby",
        "roommate", "flatmate", "classmate", "nanny", "carer", "godmother", "godfather", "godson", "goddaughter",
        // Plural relations introduce a list of names ("parents Arvind and Sandy", "two brothers, Tariq and Vuk").
        "parents", "brothers", "sisters", "siblings", "cousins", "sons", "daughters", "children", "twins", "aunts",
        "uncles", "grandparents", "grandchildren", "nephews", "nieces", "relatives", "carers", "caregivers",
        "kids", "friends",
    ]
    /// Function words: never the family name at the end of a name, even where a listed non-name word may be
    /// ("Bongani Ward", "Grace Hart": see `NameRecognizer.nameSequence`).
    static let functionWords: Set<String> = [
        "the", "a", "an", "he", "she", "they", "his", "her", "their", "this", "that", "these", "those", "it", "its",
        "is", "was", "has", "had", "have", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "from",
        "by", "as", "if", "no", "not", "yes", "are", "were", "will", "would", "should", "could", "can", "may",
        "might", "did", "does", "who", "whose", "which", "when", "where", "while", "after", "before", "since",
        "also", "here", "there", "today", "please", "thanks", "thank", "dear", "re", "cc", "md", "dr", "mr", "mrs",
        "ms", "miss", "prof", "sincerely", "regards", "none", "unknown", "all", "both", "each", "any", "some",
    ]
    /// Words that make "from" + a capitalised name a sender ("letter from …", "received … from …").
    static let messageWords: Set<String> = [
        "received", "letter", "letters", "referral", "call", "phone", "message", "messages", "email", "e-mail",
        "note", "request", "requested", "sample", "samples", "specimen", "fax", "voicemail", "correspondence",
        "heard", "referred", "forwarded", "sent", "results", "report",
    ]
    /// Plural relations: a name after them must start a list.
    static let pluralPersonContexts: Set<String> = [
        "parents", "brothers", "sisters", "siblings", "cousins", "sons", "daughters", "children", "twins", "aunts",
        "uncles", "grandparents", "grandchildren", "nephews", "nieces", "relatives", "carers", "caregivers",
        "kids", "friends",
    ]
    /// After "maternal"/"paternal", words that introduce relatives' names ("the paternal side (Rafael Osei, …)").
    static let lineageWords: Set<String> = ["side", "line", "lineage", "relatives", "relative", "branch", "kindred"]
    /// Given names that are also English words, months or gene symbols: names only where the context says a
    /// person follows (after a relation word, in a list of names), never on their own.
    static let wordGivenNames: Set<String> = [
        "hope", "rose", "april", "may", "june", "august", "kit", "gene", "max", "faith", "joy", "grace", "will",
        "dawn", "iris", "ivy", "amber", "patience", "summer", "sandy", "rex", "autumn", "mercy", "mark", "bill",
        "rich", "guy", "pearl", "ruby", "hazel", "holly", "heather", "violet", "daisy", "lily", "jasmine", "crystal",
        "destiny", "honor", "charity", "prudence", "sunny", "sky", "river", "rowan", "jade", "olive", "penny",
        "art", "drew", "chase", "dean", "grant", "hunter", "lance", "miles", "pat", "ray", "rob", "sue", "wade",
        "brook", "skye", "star", "sterling", "basil", "clay", "cliff", "dale", "glen", "heath", "norm", "reed",
        "frank", "earnest", "precious", "blessing", "gift", "favour", "favor", "harmony", "melody", "winter",
        "robin", "jay", "page", "carol", "rosemary", "liberty", "unity", "justice", "constance",
    ]
    /// Verbs that name a person after an object pronoun ("named him Kelvin", "calls me Maite").
    static let namingVerbs: Set<String> = ["named", "name", "names", "call", "calls", "called", "calling", "christened", "nicknamed"]
    /// Verbs of speech after which a name closes the clause ("says Dufresne.", "said Vitaly Uvarov").
    static let speechVerbs: Set<String> = [
        "says", "said", "asks", "asked", "writes", "wrote", "explains", "explained", "adds", "added", "recalls",
        "recalled", "replies", "replied", "answers", "answered", "insists", "insisted", "confirms", "confirmed",
    ]
    /// Verbs whose object is a person ("tell Virpi", "thank Ana Souza", "remind Mr. …").
    static let personObjectVerbs: Set<String> = [
        "tell", "told", "ask", "thank", "thanked", "contact", "contacted", "inform", "informed", "remind", "reminded",
        "notify", "notified", "email", "emailed", "e-mail", "phone", "phoned", "text", "texted", "page", "paged",
        "visit", "visited", "meet", "greet", "greeted", "introduce", "introduced", "invite", "invited", "call",
        "calling", "accompany", "accompanied", "reassure", "reassured", "counsel", "consult", "consulted",
    ]
    /// Words before "with" that make the next name a person ("follow up with", "appointment with").
    static let meetingWords: Set<String> = [
        "up", "appointment", "appointments", "session", "sessions", "visit", "consultation", "conversation", "chat",
        "interview", "call", "meeting", "meet", "met", "talk", "spoke", "along", "together", "married", "lives",
        "living", "stays", "staying",
    ]
    /// Verbs whose subject is a person ("Wiola lives on …", "Ahmed attends school").
    static let personVerbs: Set<String> = [
        "lives", "lived", "began", "shouted", "says", "said", "told", "asked", "went", "came", "wants", "wanted",
        "works", "worked", "likes", "loves", "feels", "felt", "thinks", "knows", "gave", "married", "died", "smokes",
        "drinks", "attends", "attended", "reports", "reported", "denies", "denied", "states", "stated", "walked",
        "talked", "speaks", "spoke", "cried", "laughed", "agreed", "declined", "consented", "prefers", "plays",
        "played", "enjoys", "struggles", "struggled", "graduated", "moved", "wrote", "writes", "called", "phoned",
        "emailed", "visited", "brought", "accompanied", "attends", "remembers", "recalls", "recalled", "explained",
    ]
    /// Populations, ethnic groups, nationalities and religions: never a person's name, and kept (ancestry matters
    /// for founder variants and carrier screening).
    static let populationWords: Set<String> = [
        "arab", "arabs", "muslim", "muslims", "jewish", "jew", "jews", "ashkenazi", "ashkenazim", "sephardic", "sephardi",
        "mizrahi", "druze", "bedouin", "bedouins", "amish", "mennonite", "hutterite", "han", "hui", "uyghur", "roma",
        "romani", "sami", "inuit", "maori", "aboriginal", "caucasian", "hispanic", "latino", "latina", "latinx",
        "european", "african", "asian", "american", "americans", "europeans", "africans", "asians", "chinese", "japanese",
        "korean", "vietnamese", "thai", "malay", "filipino", "indonesian", "indian", "pakistani", "bangladeshi",
        "sri", "lankan", "nepali", "iranian", "persian", "iraqi", "syrian", "lebanese", "jordanian", "palestinian",
        "israeli", "saudi", "emirati", "kuwaiti", "qatari", "omani", "yemeni", "egyptian", "moroccan", "algerian",
        "tunisian", "libyan", "sudanese", "somali", "ethiopian", "eritrean", "nigerian", "ghanaian", "kenyan", "yoruba",
        "igbo", "hausa", "zulu", "xhosa", "turkish", "kurdish", "armenian", "georgian", "azerbaijani", "russian",
        "ukrainian", "polish", "czech", "slovak", "hungarian", "romanian", "bulgarian", "serbian", "croatian", "bosnian",
        "greek", "cypriot", "italian", "spanish", "portuguese", "french", "german", "dutch", "belgian", "swiss",
        "austrian", "danish", "swedish", "norwegian", "finnish", "icelandic", "irish", "scottish", "welsh", "english",
        "british", "canadian", "mexican", "brazilian", "argentinian", "chilean", "peruvian", "colombian", "cuban",
        "puerto", "rican", "haitian", "jamaican", "australian", "christian", "christians", "catholic", "protestant",
        "orthodox", "hindu", "sikh", "buddhist", "parsi", "zoroastrian", "gypsy", "traveller", "travellers",
        "afrikaner", "french-canadian", "acadian", "cajun", "finn", "finns", "basque", "sardinian", "sicilian",
        // Session 5: more nationalities and peoples.
        "estonian", "latvian", "lithuanian", "slovenian", "slovene", "macedonian", "albanian", "montenegrin",
        "belarusian", "moldovan", "kazakh", "uzbek", "tajik", "kyrgyz", "turkmen", "afghan", "mongolian", "tibetan",
        "burmese", "cambodian", "laotian", "singaporean", "taiwanese", "zealander", "samoan", "tongan", "fijian",
        "hawaiian", "chechen", "tatar", "bashkir", "dagestani", "ossetian", "circassian", "greenlander", "greenlanders",
        "greenlandic", "faroese", "icelander", "luxembourgish", "maltese", "venezuelan", "ecuadorian", "bolivian",
        "paraguayan", "uruguayan", "guatemalan", "honduran", "salvadoran", "nicaraguan", "panamanian", "dominican",
        "trinidadian", "barbadian", "bahamian", "cameroonian", "congolese", "angolan", "zambian", "zimbabwean",
        "mozambican", "malawian", "tanzanian", "ugandan", "rwandan", "senegalese", "malian", "ivorian", "guinean",
        "liberian", "togolese", "namibian", "malagasy", "mauritian", "emirati", "bahraini", "yemenite", "kurd",
        "kurds", "berber", "amazigh", "tuareg", "fulani", "pashtun", "baloch", "punjabi", "bengali", "gujarati",
        "tamil", "telugu", "sindhi", "hmong", "uighur", "malaysian", "slavic", "slav", "slavs", "nordic",
        "scandinavian", "baltic", "germanic", "celtic", "anglo", "saxon", "mediterranean", "eurasian", "polynesian",
        "melanesian", "micronesian", "australasian", "iberian", "levantine", "maghrebi", "manchu", "ainu", "okinawan", "saami", "yakut",
    ]
    /// Words after "Name," that make it a vocative ("Jarmila, can I …").
    static let vocativeFollowers: Set<String> = [
        "can", "could", "would", "will", "please", "thank", "thanks", "i", "you", "we", "do", "did", "are", "have",
        "let", "how", "what", "where", "when", "why", "is", "this", "it's", "hi", "hello", "sorry", "just",
    ]
    /// Nouns after a possessive that make it a person's ("Aedan's address", "Osman's kid").
    static let possessedNouns: Set<String> = [
        "address", "phone", "number", "email", "e-mail", "house", "home", "flat", "apartment", "car", "kid", "kids",
        "family", "birthday", "appointment", "boss", "friend", "friends", "account", "card", "file", "chart", "room",
        "bed", "office", "school", "teacher", "doctor", "gp", "killers", "killer", "death", "funeral", "wedding",
        "name", "surname", "details", "insurance", "job", "work", "place", "parents", "relatives", "side", "dog", "cat",
        "baby", "pregnancy", "bag", "letter", "message", "voicemail", "request", "consent", "samples", "sample",
    ]
    /// Verbs before "by" that introduce a person ("seen by", "signed by").
    static let byVerbs: Set<String> = [
        "signed", "seen", "referred", "dictated", "reviewed", "examined", "evaluated", "authored", "prepared",
        "approved", "verified", "interpreted", "counseled", "counselled", "transcribed", "written", "accompanied",
        "cosigned", "co-signed", "attested", "note", "letter", "report", "entry", "addendum", "documented",
    ]
    /// Verbs before "to"/"with" that introduce a person ("reported to", "discussed with").
    static let communicationVerbs: Set<String> = [
        "reported", "sent", "faxed", "mailed", "given", "explained", "discussed", "spoke", "spoken", "talked",
        "met", "consulted", "copied", "forwarded", "telephoned", "phoned", "emailed", "e-mailed", "communicated",
        "disclosed", "released", "addressed", "referred", "speaking", "meeting", "shared", "conveyed",
    ]
    /// Words after which a single capital letter is a label, not an initial ("vitamin D", "type A").
    static let initialTakers: Set<String> = [
        "vitamin", "type", "hepatitis", "factor", "group", "class", "grade", "stage", "exon", "chromosome", "protein",
        "complex", "tier", "category", "schedule", "plan", "part", "appendix", "section", "figure", "fig", "table",
        "zone", "ward", "bed", "room", "level", "phase", "arm", "lead", "cohort", "sample", "allele", "haplotype",
        "lane", "lanes", "blood", "influenza", "hemoglobin", "haemoglobin", "apolipoprotein", "immunoglobulin", "ig", "coenzyme", "plus",
    ]

    /// Field labels followed by ":" whose value is a name.
    static let nameLabels: Set<String> = [
        "name", "patient", "pt", "proband", "mother", "father", "parent", "parents", "guardian", "physician",
        "provider", "counselor", "counsellor", "referrer", "attending", "signed", "signature", "author", "from",
        "to", "cc", "re", "contact", "informant", "geneticist", "clinician", "pcp", "gp", "consultant",
        "requested", "ordering", "ordered", "recipient", "sender", "patient's", "emergency", "next", "kin",
        "ref", "referred", "referring", "witness", "interpreter", "translator", "by",
        // Meeting minutes: "Present: A. Iyer, B. MacLeod".
        "present", "attendees", "participants",
    ]
    /// Closing words of a letter: the next line is a signature.
    static let closings: Set<String> = ["sincerely", "regards", "thanks", "best", "cordially", "respectfully", "yours", "signed"]
    static let credentials: Set<String> = [
        "md", "phd", "do", "rn", "np", "pa", "cgc", "lcgc", "ms", "msc", "facmg", "mbbs", "frcp", "frcpc", "dnp",
        "bsn", "aprn", "mbchb", "faap", "mph", "dmd", "dds", "pharmd", "lgc", "abmgg", "fache", "mrcp", "mrcpch",
        "frcpch", "dr.med", "ccgc", "lpn", "cnm", "cns", "od", "psyd", "lcsw", "ot", "pt", "slp", "gc", "cns", "rgn",
    ]
    static let particles: Set<String> = [
        "van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "della", "des", "ten", "ter", "bin",
        "ibn", "al", "el", "dos", "das", "zu", "af", "op",
    ]
    /// Words after a capitalised word that make it an eponym, an institution or a method, not a person.
    static let eponymHeads: Set<String> = [
        "syndrome", "syndromes", "disease", "diseases", "disorder", "anomaly", "sign", "signs", "criteria", "score",
        "test", "classification", "type", "sequencing", "method", "malformation", "dysplasia", "dystrophy",
        "atrophy", "ataxia", "palsy", "phenomenon", "reflex", "procedure", "hospital", "clinic", "university",
        "center", "centre", "institute", "laboratory", "laboratories", "lab", "foundation", "college", "school",
        "county", "street", "avenue", "road", "scale", "staging", "chart", "charts", "curve", "curves", "maneuver",
        "manoeuvre", "spectrum", "complex", "sequence", "association", "variant", "index", "line", "lines", "cell",
        "cells", "nodule", "nodules", "spots", "spot", "stain", "staining", "angle", "fracture", "cyst", "tumor",
        "tumour", "lymphoma", "sarcoma", "anemia", "anaemia", "technique", "questionnaire", "inventory", "system",
        "medical", "health", "healthcare", "children's", "genomics", "genetics", "diagnostics", "pharmaceuticals",
        "biotechnology", "technologies", "technology", "biosystems", "scientific", "biosciences", "bioscience",
        "instruments", "inc", "corp", "corporation", "company", "ltd", "gmbh", "llc", "plc", "biotech", "software",
        "fluor", "kit", "kits", "reagent", "reagents", "assay", "platform", "analyzer", "analyser", "stage", "stages",
        "appearance", "habitus", "facies", "gait", "deformity", "finder", "blue", "green", "red", "stain", "dye",
        "reflexes", "tests", "maneuvers", "manoeuvres", "phenomena", "nodes", "bodies", "granules", "fibers", "fibres",
        "glands", "membrane", "law", "equation",
    ]
    /// Capitalised words that are not names even in a name context.
    static let notNames: Set<String> = [
        "the", "a", "an", "he", "she", "they", "his", "her", "their", "this", "that", "these", "those", "it", "its",
        "is", "was", "has", "had", "have", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "from",
        "by", "as", "if", "no", "not", "yes", "none", "unknown", "n/a", "na", "information", "history", "summary",
        "name", "notes", "note", "report", "exam", "examination", "plan", "assessment", "impression", "findings",
        "family", "genetic", "genetics", "clinic", "hospital", "department", "lab", "laboratory", "medical", "health",
        "discharge", "admission", "follow", "up", "today", "colleague", "colleagues", "sincerely", "regards",
        "presents", "presented", "reports", "reported", "denies", "denied", "says", "states", "stated", "describes",
        "noted", "notes", "developed", "became", "returns", "returned", "underwent", "received", "declined",
        "consented", "agreed", "is", "are", "were", "will", "would", "should", "could", "can", "may", "might",
        "did", "does", "who", "whose", "which", "when", "where", "while", "after", "before", "since", "also",
        "age", "aged", "dob", "mrn", "id", "sex", "male", "female", "gender", "phone", "tel", "email", "address",
        "date", "time", "result", "results", "diagnosis", "indication", "referral", "reason", "consult",
        "consultation", "counseling", "counselling", "visit", "clinical", "molecular", "cytogenetic", "variant",
        "variants", "gene", "genes", "mutation", "pathogenic", "likely", "benign", "uncertain", "significance",
        "heterozygous", "homozygous", "hemizygous", "de", "novo", "negative", "positive", "normal", "abnormal",
        "affected", "unaffected", "carrier", "proband", "patient", "mother", "father", "sister", "brother",
        "maternal", "paternal", "parents", "sibling", "siblings", "son", "daughter", "child", "infant", "baby",
        "boy", "girl", "twin", "unit", "ward", "team", "service", "services", "office", "center", "centre",
        "pediatrics", "paediatrics", "neurology", "cardiology", "dermatology", "ophthalmology", "oncology",
        "obstetrics", "endocrinology", "nephrology", "radiology", "pathology", "cytogenetics", "chromosome",
        "exome", "genome", "panel", "array", "microarray", "testing", "sequencing", "analysis", "chart", "record",
        "records", "signed", "electronically", "dictated", "reviewed", "attending", "resident", "fellow",
        "physician", "provider", "counselor", "counsellor", "geneticist", "nurse", "doctor", "dr", "mr", "mrs", "ms",
        "miss", "prof", "professor", "please", "thank", "thanks", "dear", "re", "cc", "to", "from", "subject",
        "indeed", "however", "therefore", "overall", "currently", "previously", "recently", "initially", "later",
        "here", "there", "both", "all", "each", "every", "any", "some", "one", "two", "three", "first", "second",
        "third", "new", "old", "on-call", "emergency", "department", "icu", "nicu", "picu", "er", "ed", "or",
        "syndrome", "disease", "disorder", "spectrum", "type", "group", "study", "trial", "consent", "form",
        "sample", "specimen", "blood", "saliva", "tissue", "dna", "rna", "protein", "ultrasound", "mri", "ct",
        "echo", "ecg", "eeg", "emg", "x-ray", "ophthalmologic", "audiology", "hearing", "vision", "growth",
        "development", "developmental", "speech", "motor", "cognitive", "behavior", "behaviour", "school",
        "education", "social", "medications", "medication", "allergies", "surgery", "surgeries", "birth",
        "pregnancy", "prenatal", "perinatal", "neonatal", "postnatal", "past", "present", "current", "social",
        "review", "systems", "general", "physical", "vital", "vitals", "weight", "height", "head", "circumference",
        "ofc", "bmi", "skin", "eyes", "ears", "nose", "mouth", "neck", "chest", "heart", "lungs", "abdomen",
        "extremities", "neuro", "musculoskeletal", "genitourinary", "labs", "imaging", "recommendations",
        "recommended", "recommend", "impression", "differential", "diagnoses", "confirmed", "suspected", "possible",
        "probable", "likely", "consistent", "compatible", "recurrence", "risk", "risks", "options", "option",
        "discussed", "explained", "provided", "offered", "ordered", "sent", "pending", "awaiting", "return",
        "herein", "hereby", "thus", "hence", "moreover", "furthermore", "additionally", "notably", "finally", "together",
        "meanwhile", "nevertheless", "nonetheless", "accordingly", "consequently", "alternatively", "similarly",
        "likewise", "otherwise", "instead", "still", "yet", "then", "now", "again", "further", "besides", "briefly",
        "caller", "callers", "speaker", "informant", "respondent", "participant", "user", "customer", "visitor", "staff",
        "everyone", "someone", "somebody", "anyone", "nobody", "receptionist", "secretary", "administrator", "pharmacist",
        "pharmacy", "coordinator", "scheduler", "technician", "sonographer", "radiographer", "phlebotomist",
        "figure", "fig", "figs", "table", "supplementary", "supplemental", "background", "literature", "appendix", "inc", "ltd", "llc", "gmbh", "corp", "plc",
    ]
    /// Common given names (international). Names that are ordinary words are left out on purpose.
    static let givenNames: Set<String> = [
        "aaron", "abdul", "abigail", "adam", "adrian", "ahmed", "aisha", "alan", "albert", "alejandro", "alex",
        "alexander", "alexandra", "alice", "alicia", "alison", "amanda", "amelia", "amir", "amy", "ana", "andrea",
        "andreas", "andrew", "angela", "anita", "ann", "anna", "anne", "annika", "anthony", "antonio", "arjun",
        "arthur", "ashley", "barbara", "beatriz", "benjamin", "bernd", "beth", "betty", "brandon", "brian",
        "bruno", "camila", "carl", "carlos", "carmen", "carol", "caroline", "catherine", "charles", "charlotte",
        "chen", "chloe", "christian", "christina", "christine", "christopher", "claire", "clara", "claudia",
        "daniel", "daniela", "david", "deborah", "dennis", "diana", "diego", "dimitri", "dominik", "donald",
        "donna", "dorothy", "edward", "elena", "elif", "elisabeth", "elizabeth", "ella", "ellen", "emily", "emma",
        "emre", "eric", "erik", "eva", "fabian", "farah", "fatima", "felix", "fernando", "florian", "francesca",
        "francesco", "françois", "gabriel", "gabriela", "george", "gerhard", "giulia", "giuseppe", "gregory",
        "hannah", "hans", "hassan", "heinz", "helen", "helena", "henry", "hiroshi", "hugo", "ibrahim", "ingrid",
        "isabel", "isabella", "ivan", "jack", "jacob", "james", "jan", "jana", "jane", "janet", "jason", "javier",
        "jennifer", "jessica", "jiang", "joan", "joanna", "johann", "johannes", "john", "jonas", "jonathan",
        "jorge", "jose", "josé", "joseph", "joshua", "juan", "judith", "julia", "julian", "juliana", "jürgen",
        "karen", "karim", "katarzyna", "kate", "katharina", "katherine", "kathleen", "kenji", "kevin", "khalid",
        "kimberly", "klaus", "laila", "lars", "laura", "lauren", "layla", "lea", "leila", "lena", "leon", "leonie",
        "li", "linda", "lisa", "liam", "lucas", "lucia", "luis", "lukas", "luca", "maja", "manuel", "marco",
        "margaret", "maria", "marie", "marina", "mario", "marta", "martin", "mary", "matteo", "matthew", "matthias",
        "max", "maximilian", "mehmet", "melissa", "mia", "michael", "michelle", "miguel", "mohamed", "mohammed",
        "muhammad", "nadia", "nancy", "natalia", "natasha", "nathan", "nicholas", "nicole", "niklas", "nina",
        "noah", "nora", "olga", "oliver", "olivia", "omar", "oscar", "pablo", "pamela", "patricia", "patrick",
        "paul", "paula", "pedro", "peter", "petra", "philipp", "pierre", "priya", "rachel", "rahul", "rajesh",
        "ramon", "raphael", "rebecca", "richard", "robert", "roberto", "ronald", "rosa", "ruth", "ryan", "sabine",
        "sakura", "samantha", "samuel", "sandra", "sara", "sarah", "sebastian", "sergei", "sharon", "sofia",
        "sophia", "sophie", "stefan", "stephanie", "stephen", "steven", "susan", "susanne", "tanja", "theresa",
        "thomas", "timothy", "tobias", "tom", "tomas", "ursula", "valentina", "vanessa", "victoria", "vikram",
        "wei", "william", "wolfgang", "xavier", "yasmin", "yuki", "yusuf", "zainab", "zoe", "zoé", "ahmad", "aleksandra",
        "ali", "amina", "anders", "astrid", "bjorn", "björn", "cem", "chiara", "deniz", "dirk", "emine", "emil",
        "finn", "greta", "hamza", "ines", "ingo", "jakob", "jens", "joao", "joão", "kai", "karl", "lina", "lotte",
        "malik", "mara", "mats", "mehdi", "milan", "mira", "moritz", "nils", "noor", "ola", "pia", "rafael", "sanne",
        "sven", "timo", "ulrike", "uwe", "vera", "yara", "yusuf", "zeynep", "arash", "bilal", "darius", "elias",
        "hiba", "ibrahima", "kwame", "nkechi", "oluwaseun", "thabo", "anjali", "deepak", "kavya", "sanjay", "sunita",
        "mei", "xiu", "hao", "yan", "min-jun", "seo-yeon", "haruto", "aiko", "takeshi",
    ]
    /// Common family names (used only next to a given name or an initial).
    static let familyNames: Set<String> = [
        "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
        "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
        "lee", "thompson", "white", "harris", "clark", "lewis", "robinson", "walker", "young", "allen", "king",
        "wright", "scott", "hill", "green", "adams", "nelson", "baker", "campbell", "mitchell", "roberts", "carter",
        "phillips", "evans", "turner", "parker", "collins", "edwards", "stewart", "morris", "murphy", "cook",
        "rogers", "morgan", "cooper", "peterson", "reed", "bailey", "kelly", "howard", "kim", "cox", "ward",
        "richardson", "watson", "brooks", "wood", "james", "bennett", "gray", "hughes", "price", "sanders", "patel",
        "shah", "singh", "kumar", "nguyen", "tran", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu",
        "müller", "mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz",
        "hoffmann", "koch", "richter", "klein", "wolf", "schröder", "neumann", "schwarz", "keller", "huber",
        "rossi", "russo", "ferrari", "esposito", "bianchi", "romano", "dubois", "moreau", "laurent", "bernard",
        "kowalski", "nowak", "novak", "ivanov", "petrov", "yilmaz", "kaya", "demir", "öztürk", "sato", "suzuki",
        "tanaka", "watanabe", "ito", "yamamoto", "nakamura", "kobayashi", "haddad", "khan", "ahmed", "hussain",
        "okafor", "mensah", "diallo", "silva", "santos", "oliveira", "pereira", "costa", "fernandes", "jansen",
        "de vries", "bakker", "visser", "hansen", "nielsen", "larsen", "andersen", "johansson", "karlsson",
        "nilsson", "eriksson", "o'brien", "o'connor", "murray", "walsh", "byrne", "ryan", "obrien", "mcdonald",
    ]
    static let countriesAndStates: Set<String> = [
        "germany", "france", "spain", "italy", "portugal", "netherlands", "belgium", "switzerland", "austria",
        "poland", "turkey", "greece", "ireland", "england", "scotland", "wales", "uk", "usa", "us", "canada",
        "mexico", "brazil", "argentina", "india", "pakistan", "china", "japan", "korea", "vietnam", "nigeria",
        "ghana", "kenya", "egypt", "morocco", "iran", "iraq", "syria", "lebanon", "israel", "russia", "ukraine",
        "sweden", "norway", "denmark", "finland", "australia", "philippines", "bangladesh", "ethiopia", "somalia",
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
        "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
        "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
        "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia",
        "washington", "wisconsin", "wyoming", "europe", "africa", "asia", "america", "abroad", "overseas",
        // Session 5: the other countries and territories (one word of the multi-word ones). Countries that are
        // common given names (Jordan, Chad) are left out: a name is never hidden behind a place.
        "afghanistan", "albania", "algeria", "andorra", "angola", "antigua", "barbuda", "armenia", "azerbaijan",
        "bahamas", "bahrain", "barbados", "belarus", "belize", "benin", "bhutan", "bolivia", "bosnia", "herzegovina",
        "botswana", "brunei", "bulgaria", "burkina", "faso", "burundi", "cambodia", "cameroon", "chile", "colombia",
        "comoros", "congo", "croatia", "cuba", "cyprus", "czechia", "djibouti", "dominica", "ecuador", "eritrea",
        "estonia", "eswatini", "swaziland", "fiji", "gabon", "gambia", "grenada", "guatemala", "guinea", "guyana",
        "haiti", "honduras", "hungary", "iceland", "indonesia", "jamaica", "kazakhstan", "kiribati", "kosovo",
        "kuwait", "kyrgyzstan", "laos", "latvia", "lesotho", "liberia", "libya", "liechtenstein", "lithuania",
        "luxembourg", "madagascar", "malawi", "malaysia", "maldives", "mali", "malta", "mauritania", "mauritius",
        "micronesia", "moldova", "monaco", "mongolia", "montenegro", "mozambique", "myanmar", "burma", "namibia",
        "nauru", "nepal", "zealand", "nicaragua", "niger", "macedonia", "oman", "palau", "palestine", "panama",
        "paraguay", "peru", "qatar", "romania", "rwanda", "samoa", "arabia", "senegal", "serbia", "seychelles",
        "sierra", "leone", "singapore", "slovakia", "slovenia", "solomon", "sudan", "suriname", "tajikistan",
        "tanzania", "thailand", "timor", "togo", "tonga", "trinidad", "tobago", "tunisia", "turkmenistan", "tuvalu",
        "uganda", "uruguay", "uzbekistan", "vanuatu", "vatican", "venezuela", "yemen", "zambia", "zimbabwe",
        "greenland", "faroe", "taiwan", "tibet", "kurdistan", "chechnya", "dagestan", "tatarstan", "siberia",
        "scandinavia", "lanka", "rica", "rico", "emirates", "herzegovina", "ivoire", "verde", "lucia", "kitts",
        "nevis", "grenadines", "caribbean", "balkans", "iberia", "anatolia", "caucasus", "maghreb", "levant",
    ]
    static let usStateCodes: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
        "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR",
    ]
    /// Words that put an all-caps token in a genetic context (so "KIT" next to them is a gene, not a name).
    static let geneticContext: Set<String> = [
        "gene", "genes", "variant", "variants", "mutation", "mutations", "exon", "intron", "deletion", "duplication",
        "heterozygous", "homozygous", "hemizygous", "pathogenic", "vus", "allele", "frameshift", "missense",
        "nonsense", "splice", "transcript", "sequencing", "panel", "c", "p", "g", "amplification", "fusion",
        "expression", "locus", "knockout", "protein", "receptor", "kinase", "copy", "number", "novo", "inherited",
        "oncogene", "proto", "result", "results", "testing", "tested", "skipping", "rearrangement", "carrier",
    ]
}
