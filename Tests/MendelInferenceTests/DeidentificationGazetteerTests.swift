import Foundation
import MendelCrypto
import Testing
@testable import MendelInference

/// Session 4: the Census name lists (`NameGazetteer`, data/names from scripts/fetch-names, filtered with the
/// HPO words in data/hpo), names in conversational notes, card numbers, phone words after the number,
/// continental and multi-line addresses — and that genetics, eponyms and ancestry words stay.
@Suite("De-identification: name lists and conversational notes")
struct DeidentificationGazetteerTests {
    static let key = SecretKey(copying: SHA256.hash(Array("deid-gazetteer-test-key".utf8)))
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Loaded once; nil when data/names is missing (CI runs scripts/fetch-names first).
    static let gazetteer: NameGazetteer? = {
        let names = root.appendingPathComponent("data/names").path
        let hpo = root.appendingPathComponent("data/hpo").path
        guard FileManager.default.fileExists(atPath: names + "/dist.all.last") else { return nil }
        let hpoDirectory = FileManager.default.fileExists(atPath: hpo + "/phenotype.hpoa") ? hpo : nil
        return try? NameGazetteer.load(namesDirectory: names, hpoDirectory: hpoDirectory)
    }()
    static let hasHPO = FileManager.default.fileExists(atPath: root.appendingPathComponent("data/hpo/phenotype.hpoa").path)

    let nobody = PatientIdentity(pseudonym: "P-none")

    func deidentifier(_ gazetteer: NameGazetteer = .empty) -> Deidentifier {
        Deidentifier(dateShiftKey: Self.key, gazetteer: gazetteer)
    }

    func listsOrSkip() -> NameGazetteer? {
        guard let lists = Self.gazetteer else {
            print("SKIP: data/names missing (run scripts/fetch-names)")
            return nil
        }
        return lists
    }

    @Test("the lists load, and eponyms and ordinary words are not names on their own")
    func lists() {
        guard let lists = listsOrSkip() else { return }
        #expect(lists.sizes.given > 4_000)
        #expect(lists.sizes.family > 80_000)
        #expect(lists.givenNames.contains("jennifer") && lists.familyNames.contains("kowalski"))
        // The process-wide cache loads the same lists; a folder without lists gives the built-in rules only.
        let cached = NameGazetteer.cached(namesDirectory: Self.root.appendingPathComponent("data/names").path,
                                          hpoDirectory: Self.root.appendingPathComponent("data/hpo").path)
        #expect(cached.sizes.family == lists.sizes.family)
        #expect(NameGazetteer.cached(namesDirectory: "/nonexistent-mendel-names", hpoDirectory: nil).isEmpty)
        // Ordinary English words that the Census lists as names are filtered by the built-in word lists.
        for word in ["may", "will", "hope", "the", "patient"] { #expect(!lists.givenNames.contains(word), "\(word)") }
        guard Self.hasHPO else {
            print("SKIP: data/hpo missing (run scripts/fetch-kb): eponym filter not checked")
            return
        }
        #expect(lists.sizes.vocabulary > 10_000)
        // Eponyms come from the HPO and disease labels, not from a hand list.
        for eponym in ["turner", "hunter", "noonan", "marfan", "williams", "alport", "down", "kennedy", "wilson"] {
            #expect(!lists.familyNames.contains(eponym) && !lists.givenNames.contains(eponym), "\(eponym)")
        }
    }

    @Test("names in conversational notes, without the patient's record")
    func conversation() {
        let deid = deidentifier()
        let cases: [(String, [String])] = [
            ("Telephone call: her name is Ingrid Halvorsen and she asked about the results.", ["Ingrid", "Halvorsen"]),
            ("Mother says everyone calls her Bettina at home.", ["Bettina"]),
            ("The recurrence risk was explained again, says Okonjo.", ["Okonjo"]),
            ("Please follow up with Radomir Vesely next month.", ["Radomir", "Vesely"]),
            ("We will contact Oyelaran, who requested a copy.", ["Oyelaran"]),
            ("Surname? Nakagawa-Ruiz", ["Nakagawa", "Ruiz"]),
            ("Ludmila, could you resend the consent form?", ["Ludmila"]),
            ("Mariusz's mother carries the deletion.", ["Mariusz"]),
            ("Seen with Dr. Quennell. Quennell will send the letter.", ["Quennell"]),
        ]
        for (text, removed) in cases {
            let out = deid.deidentify(text, patient: nobody).text
            for name in removed { #expect(!out.contains(name), "\(name) left in: \(out)") }
        }
        // Not contractions or role nouns: "you're", "Caller said".
        for text in ["You're Expected at 10.", "Caller said the sample was sent."] {
            #expect(deid.deidentify(text, patient: nobody).text == text)
        }
    }

    @Test("names found with the lists: given names, given + family, foreign spellings, middle initials")
    func gazetteerNames() {
        guard let lists = listsOrSkip() else { return }
        let deid = deidentifier(lists)
        let cases: [(String, [String])] = [
            ("Brad attended with his partner.", ["Brad"]),
            ("Consent discussed; Wojciech Brzęczyszczykiewicz agreed to testing.", ["Wojciech", "Brzęczyszczykiewicz"]),
            ("Rinaldo Abernathy attended the clinic today.", ["Rinaldo", "Abernathy"]),
            ("Pedigree brought by the aunt, Lakeisha M. Oduya.", ["Lakeisha", "Oduya"]),
            ("Jennifer is a carrier; her son is affected.", ["Jennifer"]),
        ]
        for (text, removed) in cases {
            let out = deid.deidentify(text, patient: nobody).text
            for name in removed { #expect(!out.contains(name), "\(name) left in: \(out)") }
        }
    }

    @Test("with the lists, genetics, eponyms, staging and ancestry words stay")
    func keptWithLists() {
        guard let lists = listsOrSkip() else { return }
        let deid = deidentifier(lists)
        let kept = [
            "Turner syndrome was excluded; karyotype 46,XX.",
            "Marfan habitus with ectopia lentis; FBN1 c.1585C>T p.(Arg529*).",
            "Noonan-like facies, PTPN11 negative.",
            "Down syndrome features in a Han Chinese family.",
            "Hunter syndrome (MPS II) in the maternal line.",
            "Tanner III at examination; Williams-Beuren region deleted.",
            "Fragile X premutation carrier of Ashkenazi Jewish ancestry.",
            "KIT, MAX and RET were sequenced.",
            "Smith-Lemli-Opitz syndrome: DHCR7 c.964-1G>C.",
            "Herein, we describe a novel frameshift in SCN1A.",
        ]
        for text in kept {
            #expect(deid.deidentify(text, patient: nobody).text == text, "changed: \(text)")
        }
    }

    @Test("card numbers, phone words after the number, continental and multi-line addresses")
    func formats() {
        let deid = deidentifier()
        let cases: [(String, [String])] = [
            ("Paid with card 4929 1234 5678 9012 at the desk.", ["4929 1234 5678 9012"]),
            ("She left 48 22 19 office and 48 22 20 fax.", ["48 22 19", "48 22 20"]),
            ("Copy to Kirkeveien 14, Drammen 3019, Norway.", ["Kirkeveien 14", "Drammen", "3019"]),
            ("Sent to ul. Polna 7, Gdynia 81-002.", ["Polna 7", "Gdynia", "81-002"]),
            ("Her address: 48 Lindenhof, Tiel", ["48 Lindenhof"]),
            ("Mrs. Okafor\n17 Veldweg\n Unit 4\n Zwolle\n Netherlands 8011 PK", ["17 Veldweg", "Unit 4", "Zwolle", "8011 PK"]),
        ]
        for (text, removed) in cases {
            let out = deid.deidentify(text, patient: nobody).text
            for part in removed { #expect(!out.contains(part), "\(part) left in: \(out)") }
        }
        // Genetics next to numbers stays: exon/intron lists, coordinates, karyotypes.
        for text in ["Exon 12, Intron 3 and exon 14 were covered.", "chr7:117559590-117559600 (GRCh38)", "45,X/46,XX mosaicism"] {
            #expect(deid.deidentify(text, patient: nobody).text == text, "changed: \(text)")
        }
    }

    // MARK: - Sets

    struct Score {
        var total: [String: Int] = [:]
        var found: [String: Int] = [:]
        var geneticsTotal = 0
        var geneticsChanged = 0
        func recall(_ category: String) -> Double {
            Double(found[category] ?? 0) / Double(max(1, total[category] ?? 0))
        }
    }

    /// Scores one JSONL set (Fixtures/phi format) with `deid`, only lines whose split is in `splits` (nil: all).
    func score(_ relativePath: String, splits: Set<String>?, _ deid: Deidentifier) throws -> Score {
        let data = try #require(FileManager.default.contents(atPath: Self.root.appendingPathComponent(relativePath).path))
        struct Span: Decodable { var start: Int; var end: Int; var category: String? }
        struct Patient: Decodable { var pseudonym: String; var given: [String]?; var family: [String]?; var identifiers: [String]? }
        struct Line: Decodable { var id: String; var split: String?; var text: String; var patient: Patient?; var phi: [Span]; var genetics: [Span]? }
        var score = Score()
        for raw in data.split(separator: UInt8(ascii: "\n")) {
            let line = try JSONDecoder().decode(Line.self, from: Data(raw))
            if let splits, !splits.contains(line.split ?? "") { continue }
            let p = line.patient
            let patient = PatientIdentity(pseudonym: p?.pseudonym ?? line.id, givenNames: p?.given ?? [],
                                          familyNames: p?.family ?? [], identifiers: p?.identifiers ?? [])
            let result = deid.deidentify(line.text, patient: patient)
            let scalars = Array(line.text.unicodeScalars)
            for span in line.phi {
                let category = span.category ?? ""
                score.total[category, default: 0] += 1
                let covered = (span.start..<span.end).allSatisfy { i in
                    scalars[i].properties.isWhitespace || scalars[i] == "," || scalars[i] == "."
                        || result.replacements.contains { $0.originalStart <= i && i < $0.originalEnd }
                }
                if covered { score.found[category, default: 0] += 1 }
            }
            for span in line.genetics ?? [] {
                score.geneticsTotal += 1
                if result.replacements.contains(where: { $0.originalStart < span.end && span.start < $0.originalEnd }) {
                    score.geneticsChanged += 1
                }
            }
        }
        return score
    }

    @Test("with the lists, the earlier sets keep recall ≥ 0.99 on names, dates and identifiers, genetics unchanged")
    func earlierSetsWithLists() throws {
        guard let lists = listsOrSkip() else { return }
        let deid = deidentifier(lists)
        for path in ["Fixtures/phi/phi-set.jsonl", "Fixtures/phi-heldout/phi-heldout.jsonl"] {
            let s = try score(path, splits: nil, deid)
            for category in ["name", "date", "identifier"] { #expect(s.recall(category) >= 0.99, "\(path) \(category) \(s.recall(category))") }
            #expect(s.geneticsTotal > 100 && s.geneticsChanged == 0, "\(path)")
        }
    }

    /// Fixtures/phi-presidio (presidio-evaluator templates and identities, written by others). Floors, not
    /// targets, set after the D-test runs (session 4: names D-dev 0.884 / D-test 0.679; session 5 with the
    /// English word list: names 0.987 / 0.932, addresses 0.962 / 0.700, ZIP 1.000 / 0.757; see
    /// Fixtures/phi-presidio/README.md): they catch regressions. Name recall ≥ 0.99 is NOT reached on D-test.
    /// Without data/names/words (the name-shape rules off) the session-4 floors apply.
    @Test("presidio set: dates and identifiers ≥ 0.99, names and addresses above the floors, genetics unchanged")
    func presidioSet() throws {
        guard let lists = listsOrSkip() else { return }
        let deid = deidentifier(lists)
        let words = lists.commonWordCount > 0
        if !words { print("SKIP: data/names/words missing: session-4 floors only") }
        for (split, nameFloor, addressFloor) in [("D-dev", words ? 0.97 : 0.85, words ? 0.94 : 0.70),
                                                 ("D-test", words ? 0.92 : 0.65, words ? 0.68 : 0.50)] {
            let s = try score("Fixtures/phi-presidio/phi-presidio.jsonl", splits: [split], deid)
            #expect((s.total["name"] ?? 0) > 100)
            #expect(s.recall("name") >= nameFloor, "\(split) name \(s.recall("name"))")
            #expect(s.recall("address") >= addressFloor, "\(split) address \(s.recall("address"))")
            #expect(s.recall("date") >= 0.99 && s.recall("identifier") >= 0.99, "\(split) \(s.recall("date")) \(s.recall("identifier"))")
            #expect(s.recall("phone") >= 0.95 && s.recall("email") >= 0.99, "\(split) contacts")
            #expect(s.geneticsTotal > 200 && s.geneticsChanged == 0, "\(split) genetics")
        }
    }
}
