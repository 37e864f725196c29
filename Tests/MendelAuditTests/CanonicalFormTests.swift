@testable import MendelAudit
import Testing

@Suite struct CanonicalFormTests {
    private func encode(_ v: CanonicalValue) -> String { String(decoding: v.bytes, as: UTF8.self) }

    @Test func sortsKeysEscapesMinimallyAndHasNoWhitespace() {
        let value = CanonicalValue.object([
            ("b", .array([.unsigned(1), .signed(-2)])), ("a", .string("q\"b\\s/é😀\n\u{01}")), ("A", .object([])),
        ])
        #expect(encode(value) == #"{"A":{},"a":"q\"b\\s/é😀\n\u0001","b":[1,-2]}"#)
    }

    @Test func parserRoundTripsAndRejectsWhatCannotBeCanonical() throws {
        let text = #"{"A":{},"a":"q\"b\\s/é😀\n\u0001","b":[1,-2]}"#
        let parsed = try CanonicalParser.parse(Array(text.utf8)[...])
        #expect(encode(parsed) == text)
        // Other spellings parse, but re-encode differently (callers then report "non-canonical").
        for other in [#"{"b":[1,-2],"A":{},"a":"q\"b\\s/é😀\n\u0001"}"#, #"{"A": {},"a":"q\"b\\s\/é😀\n\u0001","b":[1,-2]}"#,
                      #"{"A":{},"a":"q\"b\\s/\u00e9😀\n\u0001","b":[1,-2]}"#] {
            #expect(encode(try CanonicalParser.parse(Array(other.utf8)[...])) == text)
        }
        for bad in [#"{"a":1,"a":1}"#, #"{"a":1.5}"#, #"{"a":true}"#, #"{"a":null}"#, #"{"a":1}x"#, #"{"a":"x"#,
                    #"{"a":"\ud800"}"#, "{\"a\":\"\u{01}\"}", #"[1,]"#, ""] {
            #expect(throws: CanonicalParser.Failure.self, "\(bad)") { try CanonicalParser.parse(Array(bad.utf8)[...]) }
        }
    }

    @Test func unusualButAllowedTextSurvivesTheLog() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        var event = f.event(1)
        event.details = ["quote": "he said \"x\" \\ é 😀 {\"hash\":\"0\"}", "empty": ""]
        event.actor.user = "o'brien"
        _ = try await log.append(event)
        try await log.close()
        #expect(try AuditReader(directory: f.directory).records().first?.event == event)
        #expect(f.verify().isValid)
    }
}
