import Foundation
import Testing
@testable import MendelCore

@Suite("HPO and disease identifiers")
struct IdentifierTests {
    @Test("HPO ids parse only in the HP:nnnnnnn form and round-trip")
    func hpoParsing() throws {
        let id = try #require(HPOTermID("HP:0001250"))
        #expect(id.number == 1250)
        #expect(id.description == "HP:0001250")
        #expect(HPOTermID("HP_0001250") == id)
        for bad in ["HP:001250", "HP:00012500", "hp:0001250", "HP:000125a", "", "OMIM:154700", "HP:0001250 "] {
            #expect(HPOTermID(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test("disease ids need a letter prefix and a local part")
    func diseaseParsing() {
        #expect(DiseaseID("OMIM:154700")?.namespace == "OMIM")
        #expect(DiseaseID("ORPHA:558") != nil)
        #expect(DiseaseID(":1") == nil)
        #expect(DiseaseID("OMIM:") == nil)
        #expect(DiseaseID("154700") == nil)
    }

    @Test("canonical JSON is byte-stable regardless of insertion order")
    func canonicalJSON() throws {
        let a: JSONValue = ["b": 1, "a": ["z": true, "y": nil]]
        let b: JSONValue = ["a": ["y": nil, "z": true], "b": 1]
        #expect(try CanonicalJSON.encode(a) == CanonicalJSON.encode(b))
        #expect(String(decoding: try CanonicalJSON.encode(a), as: UTF8.self) == #"{"a":{"y":null,"z":true},"b":1}"#)
    }
}

@Suite("Phenopacket decoding")
struct PhenopacketTests {
    @Test("observed and excluded terms are separated, de-duplicated, and interpretations ignored")
    func terms() throws {
        let json = """
        {"id":"p1","subject":{"id":"s","sex":"FEMALE"},
         "phenotypicFeatures":[{"type":{"id":"HP:0001250"}},{"type":{"id":"HP:0001250"}},
                               {"type":{"id":"HP:0000252"},"excluded":true},{"type":{"id":"NOT-AN-ID"}}],
         "interpretations":[{"id":"answer"}]}
        """
        let packet = try Phenopacket.decode(Data(json.utf8))
        #expect(packet.observedTerms == [HPOTermID("HP:0001250")!])
        #expect(packet.excludedTerms == [HPOTermID("HP:0000252")!])
        #expect(packet.invalidTermIDs == ["NOT-AN-ID"])
        #expect(packet.subject?.sex == .female)
    }

    @Test("errors name the JSON path, never the content")
    func errors() {
        #expect(throws: PhenopacketError.missingField(path: "id")) { try Phenopacket.decode(Data("{}".utf8)) }
        #expect(throws: PhenopacketError.wrongType(path: "id", expected: "String")) { try Phenopacket.decode(Data(#"{"id": 5}"#.utf8)) }
        #expect(throws: PhenopacketError.invalidJSON(reason: "syntax error")) { try Phenopacket.decode(Data(#"{"id": "secret-name"#.utf8)) }
        do {
            _ = try Phenopacket.decode(Data(#"{"id":"x","phenotypicFeatures":[{"type":{"label":"Jane Doe"}}]}"#.utf8))
            Issue.record("should have thrown")
        } catch {
            #expect(error.description.contains("phenotypicFeatures.[0].type.id"))
            #expect(!error.description.contains("Jane"))
        }
    }

    @Test("unknown sex values decode as unknown rather than failing")
    func unknownSex() throws {
        let packet = try Phenopacket.decode(Data(#"{"id":"x","subject":{"sex":"SOMETHING"}}"#.utf8))
        #expect(packet.subject?.sex == .unknown)
    }
}
