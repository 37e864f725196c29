import MendelCore

/// The JSON schemas the model must answer in (enforced by the constrained decoder in process, and sent
/// as `response_format` to servers). Disease and fact ids are enumerated, so a schema-following model
/// can only name what it was given; grounding still checks every answer, whatever produced it.
public enum AssistSchemas {
    /// `{"differential":[{"disease","evidence":[…],"rationale"}], "narrative":[{"evidence":[…],"text"}]}`.
    public static func differential(diseases: [String], evidence: [String], maxItems: Int, maxSentences: Int,
                                    rationaleLength: Int = 160, sentenceLength: Int = 200) -> JSONValue {
        let citations: JSONValue = ["type": "array", "minItems": 1, "maxItems": 3, "items": ["enum": .array(evidence.map { .string($0) })]]
        let item: JSONValue = [
            "type": "object",
            "properties": [
                "disease": ["enum": .array(diseases.map { .string($0) })],
                "evidence": citations,
                "rationale": ["type": "string", "maxLength": .number(Double(rationaleLength))],
            ],
            "required": ["disease", "evidence", "rationale"],
        ]
        let sentence: JSONValue = [
            "type": "object",
            "properties": ["evidence": citations, "text": ["type": "string", "maxLength": .number(Double(sentenceLength))]],
            "required": ["evidence", "text"],
        ]
        return [
            "type": "object",
            "properties": [
                "differential": ["type": "array", "minItems": 1, "maxItems": .number(Double(maxItems)), "items": item],
                "narrative": ["type": "array", "minItems": 1, "maxItems": .number(Double(maxSentences)), "items": sentence],
            ],
            "required": ["differential", "narrative"],
        ]
    }

    /// `{"sentences":[{"facts":[…],"text"}]}` for a gene card summary.
    public static func geneSummary(facts: [String], maxSentences: Int, sentenceLength: Int = 180) -> JSONValue {
        [
            "type": "object",
            "properties": [
                "sentences": [
                    "type": "array", "minItems": 1, "maxItems": .number(Double(maxSentences)),
                    "items": [
                        "type": "object",
                        "properties": [
                            "facts": ["type": "array", "minItems": 1, "maxItems": 3, "items": ["enum": .array(facts.map { .string($0) })]],
                            "text": ["type": "string", "maxLength": .number(Double(sentenceLength))],
                        ],
                        "required": ["facts", "text"],
                    ],
                ],
            ],
            "required": ["sentences"],
        ]
    }
}
