import Foundation
import MendelCore
import MendelCrypto
@testable import MendelInference
import Testing

/// The OpenAI-compatible client against a real loopback HTTP server replaying responses recorded from
/// llama-cpp-python's server (serving SmolLM2; see scripts/record-llm-fixtures), plus every error path.
@Suite struct ChatBackendTests {
    static let schema: JSONValue = [
        "type": "object",
        "properties": ["disease": ["enum": ["OMIM:154700", "OMIM:162200"]], "evidence": ["type": "array", "minItems": 1, "maxItems": 2, "items": ["enum": ["E1", "E2"]]]],
        "required": ["disease", "evidence"],
    ]
    static let request = ChatRequest(messages: [
        ChatMessage(role: "system", content: "Answer in JSON only."),
        ChatMessage(role: "user", content: "Facts: E1 HP:0001166 Arachnodactyly; E2 HP:0001083 Ectopia lentis. Candidates: OMIM:154700 Marfan syndrome, OMIM:162200 Neurofibromatosis type 1. Which candidate fits, citing facts?"),
    ], schema: schema, schemaName: "answer", maxTokens: 48)

    /// The body part of a recorded raw HTTP response.
    static func body(of raw: [UInt8]) -> [UInt8] {
        guard let end = raw.firstRange(of: Array("\r\n\r\n".utf8)) else { return [] }
        return Array(raw[end.upperBound...])
    }

    static func client(_ server: LoopbackHTTPServer, timeout: Double = 5, retries: Int = 0, stream: Bool = false) throws -> OpenAIChatClient {
        try OpenAIChatClient(baseURL: server.baseURL, allowedEndpoints: ["http://127.0.0.1:\(server.port)/v1"], model: "smollm2",
                             timeoutSeconds: timeout, maxRetries: retries, backoffSeconds: 0.01, stream: stream)
    }

    @Test func replaysARecordedSchemaAnswer() async throws {
        guard let recorded = LLMFixtures.recorded("chat-json-schema.http") else { return }
        let server = try LoopbackHTTPServer([.respond(recorded)])
        let response = try await Self.client(server).complete(Self.request)
        // The answer of the real server is JSON valid for the schema.
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(response.text.utf8))
        #expect(["OMIM:154700", "OMIM:162200"].contains(json["disease"]?.stringValue ?? ""))
        #expect((json["evidence"]?.arrayValue ?? []).allSatisfy { ["E1", "E2"].contains($0.stringValue ?? "") })
        #expect(response.responseHash == SHA256.hexHash(Self.body(of: recorded)))
        #expect(response.backend == "openai-compatible" && response.endpoint == server.baseURL && response.attempts == 1)
        // What went over the wire: POST to /v1/chat/completions, the canonical body whose hash is recorded.
        let sent = try #require(server.received.first)
        #expect(String(decoding: sent.prefix(40), as: UTF8.self).hasPrefix("POST /v1/chat/completions HTTP/1.1"))
        let sentBody = Self.body(of: sent)
        #expect(SHA256.hexHash(sentBody) == response.requestHash)
        let sentJSON = try JSONDecoder().decode(JSONValue.self, from: Data(sentBody))
        #expect(sentJSON["response_format"]?["type"]?.stringValue == "json_schema")
        #expect(sentJSON["response_format"]?["json_schema"]?["schema"] == Self.schema)
        #expect(sentJSON["temperature"]?.doubleValue == 0 && sentJSON["stream"]?.boolValue == false)
    }

    @Test func assemblesARecordedStream() async throws {
        guard let recorded = LLMFixtures.recorded("chat-json-schema-stream.http"), let plain = LLMFixtures.recorded("chat-json-schema.http") else { return }
        let server = try LoopbackHTTPServer([.respond(recorded)])
        let response = try await Self.client(server, stream: true).complete(Self.request)
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(response.text.utf8))
        #expect(json["disease"]?.stringValue != nil)
        #expect(response.finishReason != "unknown")
        let sentJSON = try JSONDecoder().decode(JSONValue.self, from: Data(Self.body(of: try #require(server.received.first))))
        #expect(sentJSON["stream"]?.boolValue == true)
        // Same request, same greedy server: the streamed text equals the non-streamed answer.
        let plainJSON = try JSONDecoder().decode(JSONValue.self, from: Data(Self.body(of: plain)))
        #expect(plainJSON["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue == response.text)
    }

    @Test func decodesChunkedBodies() async throws {
        let body = Self.body(of: LLMFixtures.recorded("chat-json-schema.http") ?? LLMFixtures.handMade)
        var chunked = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for start in stride(from: 0, to: body.count, by: 37) {
            let piece = body[start..<min(start + 37, body.count)]
            chunked += Array(String(piece.count, radix: 16).utf8) + Array("\r\n".utf8) + piece + Array("\r\n".utf8)
        }
        chunked += Array("0\r\n\r\n".utf8)
        let server = try LoopbackHTTPServer([.respond(chunked)])
        let response = try await Self.client(server).complete(Self.request)
        #expect(response.responseHash == SHA256.hexHash(body))
    }

    @Test func timesOutAndRetriesABoundedNumberOfTimes() async throws {
        let server = try LoopbackHTTPServer([.silent(seconds: 5), .silent(seconds: 5), .silent(seconds: 5)])
        await #expect(throws: ChatBackendError.timeout(endpoint: server.baseURL, seconds: 0.3)) {
            _ = try await Self.client(server, timeout: 0.3, retries: 1).complete(Self.request)
        }
        // The error is `.timeout` (not a closed connection after the server's 5 s of silence), so each try
        // was cut off by the client's deadline; no wall-clock assertion: the test pool may be starved.
        #expect(server.received.count == 2)  // one try + one retry, no more
    }

    @Test func connectionRefused() async throws {
        let server = try LoopbackHTTPServer([])
        let url = server.baseURL
        let allowed = ["http://127.0.0.1:\(server.port)/v1"]
        server.stop()
        usleep(200_000)  // the accept thread closes the listener
        let client = try OpenAIChatClient(baseURL: url, allowedEndpoints: allowed, model: "m", timeoutSeconds: 2, maxRetries: 2, backoffSeconds: 0.01)
        do {
            _ = try await client.complete(Self.request)
            Issue.record("expected connection refused")
        } catch {
            #expect(error.code == "llm.connection_failed")
        }
    }

    @Test func malformedJSONIsNotRetried() async throws {
        let server = try LoopbackHTTPServer([.respond(LLMFixtures.response(status: 200, reason: "OK", body: "{\"choices\": [")),
                                             .respond(LLMFixtures.response(status: 200, reason: "OK", body: "{}"))])
        await #expect(throws: ChatBackendError.malformedResponse(endpoint: server.baseURL, reason: "the body is not JSON")) {
            _ = try await Self.client(server, retries: 2).complete(Self.request)
        }
        #expect(server.received.count == 1)
        let shapeless = try LoopbackHTTPServer([.respond(LLMFixtures.response(status: 200, reason: "OK", body: "{\"choices\": []}"))])
        await #expect(throws: ChatBackendError.malformedResponse(endpoint: shapeless.baseURL, reason: "no choices[0].message.content")) {
            _ = try await Self.client(shapeless).complete(Self.request)
        }
    }

    @Test func non200Statuses() async throws {
        // 503 is transient: retried, then the recorded answer succeeds.
        let recorded = LLMFixtures.recorded("chat-json-schema.http") ?? LLMFixtures.handMade
        let flaky = try LoopbackHTTPServer([.respond(LLMFixtures.response(status: 503, reason: "Service Unavailable", body: "{\"error\":\"busy\"}")),
                                            .respond(recorded)])
        let response = try await Self.client(flaky, retries: 2).complete(Self.request)
        #expect(response.attempts == 2)
        // 400 is the request's fault: not retried, reported with the status only.
        let refusing = try LoopbackHTTPServer([.respond(LLMFixtures.response(status: 400, reason: "Bad Request", body: "{\"error\":\"bad schema\"}")),
                                               .respond(recorded)])
        await #expect(throws: ChatBackendError.httpStatus(endpoint: refusing.baseURL, status: 400)) {
            _ = try await Self.client(refusing, retries: 2).complete(Self.request)
        }
        #expect(refusing.received.count == 1)
        // 500 on every try: bounded retries, then the status.
        let broken = try LoopbackHTTPServer(Array(repeating: .respond(LLMFixtures.response(status: 500, reason: "Internal Server Error", body: "{}")), count: 5))
        await #expect(throws: ChatBackendError.httpStatus(endpoint: broken.baseURL, status: 500)) {
            _ = try await Self.client(broken, retries: 2).complete(Self.request)
        }
        #expect(broken.received.count == 3)
    }

    @Test func endpointsOutsideThePolicyAreRefusedBeforeConnecting() async throws {
        let server = try LoopbackHTTPServer([.respond(LLMFixtures.handMade)])
        let allowed = ["http://127.0.0.1:\(server.port)/v1"]
        for url in ["http://10.0.0.7:8080/v1", "http://127.0.0.1:\(server.port)/v1evil", "http://127.0.0.1:\(server.port)1/v1",
                    "http://localhost:\(server.port)/v1", "http://127.0.0.1:\(server.port)"] {
            #expect(throws: ChatBackendError.endpointNotAllowed(endpoint: url)) {
                _ = try OpenAIChatClient(baseURL: url, allowedEndpoints: allowed, model: "m")
            }
        }
        #expect(throws: ChatBackendError.self) { _ = try OpenAIChatClient(baseURL: "https://llm.lab/v1", allowedEndpoints: ["https://llm.lab/v1"], model: "m") }
        #expect(server.received.isEmpty)
        // Below an allowed base URL is fine.
        let endpoint = try ChatEndpoint("http://127.0.0.1:\(server.port)/v1/", allowed: allowed)
        #expect(endpoint.basePath == "/v1" && endpoint.port == server.port && endpoint.isLoopback)
    }

    @Test func requestHashIsCanonical() {
        let a = Self.request.canonicalBody(model: "m")
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("\"max_tokens\":48") && !text.contains("48.0"))
        #expect(text.hasPrefix("{\"max_tokens\""))  // keys sorted
        #expect(Self.request.hash(model: "m") == SHA256.hexHash(a))
        #expect(Self.request.hash(model: "m") != Self.request.hash(model: "n"))
        let object = try? JSONDecoder().decode(JSONValue.self, from: Data(Self.request.canonicalBody(model: "m", schemaStyle: .jsonObject)))
        #expect(object?["response_format"] == ["type": "json_object", "schema": Self.schema])
    }

    /// The embedded backend with the real SmolLM2 (skipped without data/models): greedy and constrained,
    /// so the same request gives byte-identical, schema-valid answers.
    @Test func embeddedBackendIsDeterministic() async throws {
        let directory = LLMFixtures.root.appendingPathComponent("data/models")
        guard let registry = try? ModelRegistry(directory: directory), registry.manifests["smollm2-135m-instruct-q4_1"] != nil else {
            print("SKIP: data/models/smollm2 not present (run scripts/fetch-models)")
            return
        }
        let backend = EmbeddedChatBackend(generator: try registry.loadDecoder("smollm2-135m-instruct-q4_1"), threads: 2)
        let first = try await backend.complete(Self.request)
        let second = try await backend.complete(Self.request)
        #expect(first.text == second.text && first.responseHash == second.responseHash)
        #expect(first.requestHash == Self.request.hash(model: "smollm2-135m-instruct-q4_1"))
        #expect(first.modelDigest == registry.manifests["smollm2-135m-instruct-q4_1"]?.manifest.digest)
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(first.text.utf8))
        #expect(["OMIM:154700", "OMIM:162200"].contains(json["disease"]?.stringValue ?? ""))
    }

    /// Against a real server started by scripts/test-integration (MENDEL_LLM_ENDPOINT), else skipped.
    @Test func liveServer() async throws {
        guard let base = ProcessInfo.processInfo.environment["MENDEL_LLM_ENDPOINT"] else {
            print("SKIP: MENDEL_LLM_ENDPOINT not set (scripts/test-integration starts a llama-cpp-python server)")
            return
        }
        let style = ChatRequest.SchemaStyle(rawValue: ProcessInfo.processInfo.environment["MENDEL_LLM_RESPONSE_FORMAT"] ?? "json_schema") ?? .jsonSchema
        for stream in [false, true] {
            let client = try OpenAIChatClient(baseURL: base, allowedEndpoints: [base], model: "smollm2", timeoutSeconds: 120, stream: stream,
                                              schemaStyle: style)
            let response = try await client.complete(Self.request)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(response.text.utf8))
            #expect(["OMIM:154700", "OMIM:162200"].contains(json["disease"]?.stringValue ?? ""))
        }
    }
}
