import Foundation
import MendelCore
import Testing
@testable import MendelInference

@Suite struct ConstraintTests {
    static let schemaJSON: JSONValue = [
        "type": "object",
        "properties": [
            "gene": ["type": "string", "maxLength": 12],
            "inheritance": ["enum": ["AD", "AR", "XL"]],
            "score": ["type": "number"],
            "count": ["type": "integer"],
            "ok": ["type": "boolean"],
            "hpo": ["type": "array", "items": ["type": "string"], "maxItems": 3],
        ],
        "required": ["gene", "inheritance", "score"],
    ]

    func accepts(_ text: String, complete: Bool) throws -> Bool {
        var v = JSONPrefixValidator(schema: try JSONSchema(Self.schemaJSON))
        guard v.feed(Array(text.utf8)) else { return false }
        return complete ? v.isComplete : true
    }

    @Test func validatorAcceptsValidPrefixesAndRejectsInvalid() throws {
        let full = #"{"gene": "FBN1", "inheritance": "AD", "score": -1.5e3, "hpo": ["HP:0001166", "HP:0000098"], "ok": true, "count": 2}"#
        #expect(try accepts(full, complete: true))
        for cut in [1, 5, 20, 40, full.utf8.count - 1] {
            #expect(try accepts(String(decoding: Array(full.utf8).prefix(cut), as: UTF8.self), complete: false))
            #expect(try !accepts(String(decoding: Array(full.utf8).prefix(cut), as: UTF8.self), complete: true))
        }
        #expect(try !accepts(#"{"gene": "FBN1"}"#, complete: false))           // closes without required fields
        #expect(try !accepts(#"{"colour""#, complete: false))                     // undeclared property
        #expect(try !accepts(#"{"inheritance": "AX"#, complete: false))           // not an enum value
        #expect(try !accepts(#"{"count": 1.5"#, complete: false))                 // integer with a fraction
        #expect(try !accepts(#"{"score": 01"#, complete: false))                  // leading zero
        #expect(try !accepts(#"{"gene": "ABCDEFGHIJKLM"#, complete: false))       // maxLength 12
        #expect(try !accepts(#"{"hpo": ["a","b","c","d"#, complete: false))       // maxItems 3
        #expect(try !accepts(#"{"gene": "a", "gene""#, complete: false))          // duplicate key
        #expect(try !accepts("[", complete: false))
        #expect(try accepts(#"{"gene": "\u00e9\n", "inheritance": "XL", "score": 0}"#, complete: true))
    }

    @Test func minimalCompletionClosesEveryPrefix() throws {
        let schema = try JSONSchema(Self.schemaJSON)
        let full = Array(#"{"hpo": ["HP:0001166", "x\u00e9"], "gene": "FBN1", "inheritance": "AD", "score": -1.5e3}"#.utf8)
        for cut in 0...full.count {
            var v = JSONPrefixValidator(schema: schema)
            let fed = v.feed(full.prefix(cut))
            #expect(fed)
            let completion = v.minimalCompletion
            let closed = v.feed(completion)
            #expect(closed, "prefix \(cut)")
            #expect(v.isComplete, "prefix \(cut): \(String(decoding: full.prefix(cut) + completion, as: UTF8.self))")
        }
        var fresh = JSONPrefixValidator(schema: schema)
        let leading = fresh.feed(Array(" {".utf8))
        #expect(!leading)  // no leading whitespace
        var tabs = JSONPrefixValidator(schema: schema)
        let tab = tabs.feed(Array("{\t".utf8))
        #expect(!tab)
    }

    @Test func unsupportedSchemasAreRefused() {
        #expect(throws: InferenceError.self) { _ = try JSONSchema(["type": "object", "required": ["x"]]) }
        #expect(throws: InferenceError.self) { _ = try JSONSchema(["oneOf": [["type": "string"]]]) }
        #expect(throws: InferenceError.self) { _ = try JSONSchema(["type": "array"]) }
    }

    /// Even a random-weight model produces parseable, schema-valid JSON under the constraint.
    @Test(arguments: [SamplingParameters.greedy, SamplingParameters(temperature: 1.0, topK: 40, topP: 0.9, seed: 7)])
    func constrainedGenerationAlwaysParses(sampling: SamplingParameters) throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try TinyLlama(seed: 21, matrixType: 3).write(to: dir.path("t.gguf"))
        let generator = try TextGenerator(path: dir.path("t.gguf").path)
        let schema = try JSONSchema([
            "type": "object",
            "properties": ["answer": ["enum": ["yes", "no"]], "n": ["type": "integer"], "tags": ["type": "array", "items": ["type": "boolean"], "maxItems": 2]],
            "required": ["answer", "n", "tags"],
        ])
        let result = try generator.generate(messages: [ChatMessage(role: "user", content: "Answer in JSON")], schema: schema,
                                            parameters: GenerationParameters(maxTokens: 60, sampling: sampling))
        print("constrained output:", result.text.debugDescription, result.tokens.count)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.text.utf8)) as? [String: Any], "\(result.text)")
        #expect(["yes", "no"].contains(object["answer"] as? String))
        #expect(object["n"] is NSNumber)
        #expect((object["tags"] as? [Any])?.count ?? 99 <= 2)
        #expect([.schemaComplete, .endOfGeneration].contains(result.finishReason))
    }
}
