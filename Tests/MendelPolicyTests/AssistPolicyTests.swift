import Foundation
import Testing
@testable import MendelPolicy

/// `models.yaml` `assist:`: off by default, validated, endpoint must be allow-listed.
@Suite struct AssistPolicyTests {
    @Test func shippedAssistIsOffWithKBAuthoritative() throws {
        let set = try PolicyLoader.load(directory: PolicyDirectory.shipped)
        #expect(!set.models.assist.enabled && set.models.assist.fusion == .none && set.models.assist.fusionWeight == 0.05)
        #expect(set.models.assist.model == "smollm2-135m-instruct-q4_1" && set.models.assist.responseFormat == "json_schema")
    }

    @Test func enabledEndpointMustBeAllowed() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        let base = "version: 1\nallowed_endpoints: [http://127.0.0.1:8080/v1]\n"
        try dir.write("models.yaml", base + "assist:\n  enabled: true\n  backend: endpoint\n  endpoint: http://127.0.0.1:9999/v1\n")
        let error = try #require(dir.loadError())
        #expect(error.description.contains("assist.endpoint is not listed in allowed_endpoints"))
        try dir.write("models.yaml", base + "assist:\n  enabled: true\n  backend: endpoint\n  endpoint: http://127.0.0.1:8080/v1\n  fusion: rrf\n  fusion_weight: 0.1\n  response_format: json_object\n")
        let set = try PolicyLoader.load(directory: dir.url)
        #expect(set.models.assist.enabled && set.models.assist.backend == .endpoint && set.models.assist.fusion == .rrf)
        #expect(set.models.assist.fusionWeight == 0.1 && set.models.assist.responseFormat == "json_object")
    }

    @Test func badValuesAreRefusedWithTheKey() throws {
        let dir = try PolicyDirectory(); defer { dir.remove() }
        for (yaml, message) in [("fusion: borda", "assist.fusion must be none or rrf"), ("fusion_weight: 2", "assist.fusion_weight must be in [0, 1]"),
                                ("max_retries: 9", "assist.max_retries must be in 0...5"), ("temperature: 1", "unknown key 'temperature'"),
                                ("response_format: xml", "assist.response_format must be json_schema or json_object")] {
            try dir.write("models.yaml", "version: 1\nassist:\n  \(yaml)\n")
            let error = try #require(dir.loadError())
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
}
