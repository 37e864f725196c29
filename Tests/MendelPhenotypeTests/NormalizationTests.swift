import Testing
@testable import MendelPhenotype

@Suite struct NormalizationTests {
    @Test(arguments: [
        ("hypoplastic", "hypoplasia"), ("kidneys", "renal"), ("oedema", "edema"), ("haematuria", "hematuria"),
        ("delayed", "delay"), ("raised", "elevated"), ("tumours", "tumor"), ("behavioural", "behavior"),
        ("microcephalic", "microcephaly"), ("scoliotic", "scoliosis"), ("anaemic", "anemia"), ("vertebrae", "vertebral"),
        ("abnormalities", "abnormality"), ("hypertensive", "hypertension"),
        // Session 3: Latin -a nouns and -ar adjectives, "lachrymal", post-nominal Latin adjectives.
        ("patellar", "patella"), ("fibular", "fibula"), ("vulvar", "vulva"), ("lachrymal", "lacrimal"),
        ("occulta", "occult"),
        // Session 4: more anatomical -al adjectives, the privative a- stem, "-iness" / "-y".
        ("ureteral", "ureters"), ("conjunctival", "conjunctiva"), ("axonal", "axons"), ("epidermal", "epidermis"),
        ("aplastic", "aplasia"), ("atrophic", "atrophy"), ("apnoeic", "apnea"), ("drowsiness", "drowsy"),
        ("dizziness", "dizzy"),
    ])
    func variantsMeet(_ pair: (String, String)) {
        #expect(TermNormalizer.canonical(pair.0) == TermNormalizer.canonical(pair.1), "\(pair.0) vs \(pair.1)")
    }

    @Test(arguments: [("intoeing", "into"), ("kidney", "liver"), ("increased", "decreased"), ("pelvic", "pelvis")])
    func distinctWordsStayApart(_ pair: (String, String)) {
        #expect(TermNormalizer.light(pair.0) != TermNormalizer.light(pair.1), "\(pair.0) vs \(pair.1)")
    }

    @Test func diacriticsAreFolded() {
        #expect(Tokenizer.lowercase("Café") == "cafe")
        #expect(Tokenizer.lowercase("SJÖGREN") == "sjogren")
    }
}
