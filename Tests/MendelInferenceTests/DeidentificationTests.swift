import Foundation
import MendelCrypto
import Testing
@testable import MendelInference

/// De-identification: each PHI category, genetics preservation, date-shift consistency and the rule that
/// replacements never carry the removed text.
@Suite("De-identification")
struct DeidentificationTests {
    static let key = SecretKey(copying: SHA256.hash(Array("deid-test-key".utf8)))
    let deid = Deidentifier(dateShiftKey: DeidentificationTests.key)
    let anna = PatientIdentity(pseudonym: "P-test-1", givenNames: ["Anna"], familyNames: ["Keller"], identifiers: ["MRN-TEST-77"])

    func redact(_ text: String, _ patient: PatientIdentity? = nil) -> DeidentifiedText {
        deid.deidentify(text, patient: patient ?? anna)
    }

    // MARK: names

    @Test("names from the record, after titles, in name contexts, in signatures and before credentials")
    func names() {
        let cases: [(String, [String])] = [
            ("Anna Keller was seen today.", ["Anna", "Keller"]),
            ("ANNA KELLER, DOB unknown", ["ANNA", "KELLER"]),
            ("Dear Dr. Strand, thank you for the referral.", ["Strand"]),
            ("Mrs O'Donnell-Byrne and Mr. van der Berg attended.", ["O'Donnell", "Byrne", "Berg"]),
            ("Her mother, Marisol, has lens subluxation.", ["Marisol"]),
            ("Name: BRZEZINSKI, Tomasz   Sex: M", ["BRZEZINSKI", "Tomasz"]),
            ("Electronically signed by Helena Whitfield on the ward.", ["Helena", "Whitfield"]),
            ("Sincerely,\nDesmond Fairbanks\nClinical Genetics", ["Desmond", "Fairbanks"]),
            ("Ilse Varga, MS, CGC reviewed the pedigree.", ["Ilse", "Varga"]),
            ("Patient Thaddeus returned with his results.", ["Thaddeus"]),
            ("Results were discussed with Lukas Meyer.", ["Lukas", "Meyer"]),
        ]
        for (text, removed) in cases {
            let out = redact(text).text
            for name in removed { #expect(!out.contains(name), "\(name) left in: \(out)") }
            #expect(out.contains("[NAME]"), "\(out)")
        }
    }

    @Test("eponyms, gene symbols and ordinary words that are also names are kept")
    func nameLookalikes() {
        let williams = PatientIdentity(pseudonym: "P-w", givenNames: ["Desmond"], familyNames: ["Williams"])
        let out = redact("Mr. Williams asked about Williams syndrome and Marfan syndrome.", williams).text
        #expect(out == "Mr. [NAME] asked about Williams syndrome and Marfan syndrome.", "\(out)")

        let kit = PatientIdentity(pseudonym: "P-k", givenNames: ["Joanna"], familyNames: ["Kit"])
        let gene = redact("Ms. Kit has a KIT c.1676T>A variant; KIT exon 11 was sequenced.", kit).text
        #expect(gene == "Ms. [NAME] has a KIT c.1676T>A variant; KIT exon 11 was sequenced.", "\(gene)")

        let rose = PatientIdentity(pseudonym: "P-r", givenNames: ["Rose"], familyNames: ["Abernathy"])
        let word = redact("Rose is tired; her CK rose to 9,800 U/L.", rose).text
        #expect(word == "[NAME] is tired; her CK rose to 9,800 U/L.", "\(word)")

        let plain = redact("Confirmed by Sanger sequencing; Down syndrome excluded; seen in Genetics Clinic.").text
        #expect(plain == "Confirmed by Sanger sequencing; Down syndrome excluded; seen in Genetics Clinic.", "\(plain)")
    }

    // MARK: dates

    @Test("dates in common formats are shifted in their own format", arguments: [
        ("12/03/2019", #"^\d\d/\d\d/\d{4}$"#), ("2019-03-12", #"^\d{4}-\d\d-\d\d$"#), ("3 March 2019", #"^\d{1,2} [A-Z][a-z]+ \d{4}$"#),
        ("March 3rd, 2019", #"^[A-Z][a-z]+ \d{1,2}(st|nd|rd|th), \d{4}$"#), ("Mar-2019", #"^[A-Z][a-z]{2}-\d{4}$"#),
        ("12.03.2019", #"^\d\d\.\d\d\.\d{4}$"#), ("3/12/19", #"^\d{1,2}/\d{1,2}/\d\d$"#), ("March 2019", #"^[A-Z][a-z]+ \d{4}$"#),
        ("03/2019", #"^\d\d/\d{4}$"#), ("12-MAR-2019", #"^\d\d-[A-Z]{3}-\d{4}$"#), ("Tuesday, March 12, 2019", #"^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}$"#),
        ("2019/03/12", #"^\d{4}/\d\d/\d\d$"#), ("the 3rd of March 2019", #"^the \d{1,2}(st|nd|rd|th) of [A-Z][a-z]+ \d{4}$"#),
        ("DOB:02/03/2004", #"^DOB:\d\d/\d\d/\d{4}$"#), ("12-14 March 2019", #"^\d\d-\d\d [A-Z][a-z]+ \d{4}$"#),
    ])
    func dateFormats(_ input: (String, String)) throws {
        let result = redact(input.0)
        #expect(result.counts[.date] == 1, "\(input.0) → \(result.text)")
        #expect(result.text != input.0)
        let regex = try NSRegularExpression(pattern: input.1)
        let range = NSRange(result.text.startIndex..., in: result.text)
        #expect(regex.firstMatch(in: result.text, range: range) != nil, "\(input.0) → \(result.text)")
    }

    @Test("one patient's dates move by the same offset, so intervals are kept; years alone stay")
    func dateShiftConsistency() throws {
        let shift = deid.dateShiftDays(for: anna)
        #expect(shift != 0 && abs(shift) <= 365)
        let out = redact("Seen 2019-03-12 and again 2019-04-11; diagnosed in 2015.").text
        let dates = out.split(separator: " ").compactMap { word -> CivilDate? in
            let parts = String(word).trimmingCharacters(in: CharacterSet(charactersIn: ".;,")).split(separator: "-").compactMap { Int($0) }
            return parts.count == 3 ? CivilDate(year: parts[0], month: parts[1], day: parts[2]) : nil
        }
        try #require(dates.count == 2, "\(out)")
        #expect(dates[1].dayNumber - dates[0].dayNumber == 30)
        #expect(dates[0] == CivilDate(year: 2019, month: 3, day: 12).adding(days: shift))
        #expect(out.hasSuffix("diagnosed in 2015."))
        // Another text of the same patient: same shift. Another patient or key: (almost surely) another.
        let again = redact("Follow-up 12/03/2019.").text
        let expected = CivilDate(year: 2019, month: 12, day: 3).adding(days: shift)
        #expect(again == String(format: "Follow-up %02d/%02d/%04d.", expected.month, expected.day, expected.year))
        let other = PatientIdentity(pseudonym: "P-test-2")
        let otherKey = Deidentifier(dateShiftKey: SecretKey(copying: [UInt8](repeating: 7, count: 32)))
        #expect(deid.dateShiftDays(for: other) != shift || otherKey.dateShiftDays(for: anna) != shift)
    }

    @Test("civil date arithmetic round-trips across leap years")
    func civilDates() {
        for day in stride(from: -30000, to: 40000, by: 97) {
            let date = CivilDate(dayNumber: day)
            #expect(date.dayNumber == day)
            #expect(CivilDate.isValid(year: date.year, month: date.month, day: date.day))
        }
        #expect(CivilDate(year: 2020, month: 2, day: 28).adding(days: 1) == CivilDate(year: 2020, month: 2, day: 29))
        #expect(CivilDate(year: 2019, month: 3, day: 12).weekday == 1)   // a Tuesday
    }

    // MARK: identifiers, contacts, locations, ages

    @Test("identifiers: labelled, SSN-shaped, long digit runs, the record's own")
    func identifiers() {
        let cases = [
            "MRN: 84021937", "MR# 1234567", "Medical record number 00123456", "Accession #: G19-12345",
            "Acc: ACC-2019-004512", "SSN 123-45-6789", "Insurance ID XGH123456789", "NHS number 943 476 5919",
            "requisition 4455667788", "sample LAB201900451", "ref MRN-TEST-77 in chart",
        ]
        for text in cases {
            let result = redact(text)
            #expect(result.counts[.identifier] == 1, "\(text) → \(result.text)")
            // Every label above is digit-free, so any digit left over is part of an identifier.
            #expect(!result.text.contains(where: \.isNumber) && !result.text.contains("TEST"), "\(text) → \(result.text)")
        }
    }

    @Test("contacts: phone numbers, e-mail, URLs and IP addresses")
    func contacts() {
        let cases: [(String, PHICategory)] = [
            ("call (555) 201-3344 today", .phone), ("tel. 555-201-3344", .phone), ("555.201.3344", .phone),
            ("+1 555 201 3344", .phone), ("+44 20 7946 0958", .phone), ("phone 555-0199", .phone),
            ("write to a.keller@example.org", .email), ("see https://portal.example.org/patient/123456", .url),
            ("see www.example.com/family", .url), ("from 192.168.12.7 at night", .ipAddress),
            ("host fe80::1ff:fe23:4567:890a", .ipAddress),
        ]
        for (text, category) in cases {
            let result = redact(text)
            #expect(result.counts[category] == 1 && result.replacements.count == 1, "\(text) → \(result.text)")
        }
    }

    @Test("addresses and ZIP codes (Safe Harbor: three digits, 000 for small areas)")
    func locations() {
        let full = redact("Address: 4518 W. Hawthorne Ave, Apt 3B, Springfield, IL 62704-1234.").text
        #expect(full == "Address: [ADDRESS], IL 627XX.", "\(full)")
        let small = redact("ZIP 03601").text
        #expect(small == "ZIP 000XX", "\(small)")
        let city = redact("She lives in Port Harlow with her grandmother.").text
        #expect(city == "She lives in [ADDRESS] with her grandmother.", "\(city)")
        let country = redact("The family moved to Germany in 2015.").text
        #expect(country == "The family moved to Germany in 2015.")
        let box = redact("Mail to PO Box 1187.").text
        #expect(box == "Mail to [ADDRESS].", "\(box)")
    }

    @Test("ages over 89 become 90+; younger ages and durations stay")
    func ages() {
        #expect(redact("A 92-year-old man").text == "A 90+-year-old man")
        #expect(redact("grandmother, aged 95, is well").text == "grandmother, aged 90+, is well")
        #expect(redact("Age: 91.").text == "Age: 90+.")
        #expect(redact("great-grandmother (97 yo)").text == "great-grandmother (90+ yo)")
        #expect(redact("A 45-year-old woman treated for 90 days.").text == "A 45-year-old woman treated for 90 days.")
    }

    // MARK: genetics

    @Test("genetics stays intact: HGVS, rsIDs, karyotypes, bands, coordinates, ontology ids, lab values, genes")
    func geneticsPreserved() {
        let text = """
        NM_000138.5(FBN1):c.1585C>T (p.Arg529*) and NC_000007.14:g.117559590G>A; c.2019-12A>G; c.1203-12_1203-3del; \
        m.3243A>G; rs113993960; 46,XY; 47,XX,+21; mos 45,X[12]/46,XX[18]; 46,XY,t(11;22)(q23;q11.2); \
        arr[GRCh37] 15q11.2q13.1(22770421_23282799)x1; 22q11.21 and 15q11.2-q13 deletions; chr7:117,559,590-117,669,665; \
        chrX:153,287,024; HP:0001166, OMIM #154700, ORPHA:558, MONDO:0007947, PMID: 20301331; CK 12,450 U/L; \
        phenylalanine 1,240 µmol/L; a 1.5 Mb deletion; FBN1, SCN1A, KIT, MET and CFTR; VCV000012345.
        """
        let result = redact(text)
        #expect(result.text == text, "changed: \(result.replacements.map { "\($0.rule)@\($0.originalStart)" })")
    }

    // MARK: output contract

    @Test("replacements and counts carry no original text; output is deterministic")
    func noOriginalInReplacements() throws {
        let text = "Anna Keller (MRN 84021937, DOB 03/12/2019) lives at 12 Elm Street; call 555-201-3344 or anna@example.org."
        let result = redact(text)
        let encoded = String(decoding: try JSONEncoder().encode(result.replacements), as: UTF8.self)
        for secret in ["Anna", "Keller", "84021937", "03/12/2019", "Elm", "555-201-3344", "anna@example.org"] {
            #expect(!encoded.contains(secret))
            #expect(!result.text.contains(secret), "\(secret) left in \(result.text)")
        }
        #expect(redact(text).text == result.text)
        // Offsets point at the replacement in the output.
        let out = Array(result.text.unicodeScalars)
        for r in result.replacements {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: out[r.start..<r.end])
            let piece = String(view)
            #expect(piece.hasPrefix("[") || piece.first?.isNumber == true || piece == "90+", "\(piece)")
        }
    }

    @Test("policy switches turn categories off")
    func policy() {
        let namesOff = Deidentifier(dateShiftKey: Self.key, policy: DeidentificationPolicy(names: false))
        let out = namesOff.deidentify("Anna Keller, MRN 84021937", patient: anna).text
        #expect(out == "Anna Keller, MRN [ID]")
    }

    @Test("synthetic PHI set (dev and holdout splits): recall of names, dates and identifiers ≥ 0.99, genetics unchanged")
    func fixtureSet() throws {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Fixtures/phi/phi-set.jsonl").path
        let data = try #require(FileManager.default.contents(atPath: path))
        struct Span: Decodable { var start: Int; var end: Int; var category: String? }
        struct Patient: Decodable { var pseudonym: String; var given: [String]; var family: [String]; var identifiers: [String] }
        struct Line: Decodable { var id: String; var split: String; var text: String; var patient: Patient; var phi: [Span]; var genetics: [Span] }
        var missed: [String] = []
        var geneticsChanged = 0
        var total = 0
        for raw in data.split(separator: UInt8(ascii: "\n")) {
            let line = try JSONDecoder().decode(Line.self, from: Data(raw))
            // holdout2 is reported by `mendel-bench deid`, not asserted here.
            guard line.split == "dev" || line.split == "holdout" else { continue }
            let patient = PatientIdentity(pseudonym: line.patient.pseudonym, givenNames: line.patient.given,
                                          familyNames: line.patient.family, identifiers: line.patient.identifiers)
            let result = deid.deidentify(line.text, patient: patient)
            for span in line.phi where ["name", "date", "identifier"].contains(span.category ?? "") {
                total += 1
                let covered = result.replacements.contains { $0.originalStart <= span.start && span.end <= $0.originalEnd }
                    || (span.start..<span.end).allSatisfy { i in result.replacements.contains { $0.originalStart <= i && i < $0.originalEnd } }
                if !covered { missed.append("\(line.id) \(span.category ?? "") \(span.start)") }
            }
            for span in line.genetics where result.replacements.contains(where: { $0.originalStart < span.end && span.start < $0.originalEnd }) {
                geneticsChanged += 1
            }
        }
        #expect(total > 250)
        // Recall ≥ 0.99 on names, dates and identifiers together (the bench reports each category).
        #expect(Double(missed.count) <= Double(total) * 0.01, "missed: \(missed)")
        #expect(geneticsChanged == 0)
    }
}
