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
