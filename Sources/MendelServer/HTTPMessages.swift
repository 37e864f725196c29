import Foundation
import MendelCore
import NIOCore
import NIOHTTP1

/// A fully received HTTP request (body aggregated under the configured cap).
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// Path without the query string, e.g. `/v1/cases/C-1234`.
    public var path: String
    public var query: [String: String]
    public var headers: HTTPHeaders
    public var body: [UInt8]

    /// Path components after splitting on `/`, e.g. `["v1", "cases", "C-1234"]`.
    public var pathComponents: [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    init(head: HTTPRequestHead, body: [UInt8]) {
        self.method = head.method
        self.headers = head.headers
        self.body = body
        let uri = head.uri
        if let mark = uri.firstIndex(of: "?") {
            self.path = String(uri[..<mark])
            self.query = HTTPRequest.parseQuery(uri[uri.index(after: mark)...])
        } else {
            self.path = uri
            self.query = [:]
        }
    }

    static func parseQuery(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            result[key] = value
        }
        return result
    }

    /// Decodes the body as JSON, with errors that say what is wrong without echoing content.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws(APIError) -> T {
        guard !body.isEmpty else { throw APIError.badRequest(code: "request.empty_body", "the request body is empty; expected JSON") }
        guard String(validating: body, as: UTF8.self) != nil else {
            throw APIError.badRequest(code: "request.invalid_utf8", "the request body is not valid UTF-8")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw APIError.badRequest(code: "request.invalid_json", "the request body is not the expected JSON: \(APIError.describe(error))")
        } catch {
            throw APIError.badRequest(code: "request.invalid_json", "the request body is not valid JSON")
        }
    }
}

/// What a route returns: a complete body, or a stream of chunks (NDJSON progress events).
public enum HTTPResponse: Sendable {
    case full(status: HTTPResponseStatus, contentType: String, body: [UInt8])
    case stream(status: HTTPResponseStatus, contentType: String, chunks: AsyncStream<[UInt8]>)

    /// A JSON response from any encodable value (sorted keys, so responses are byte-stable).
    public static func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) -> HTTPResponse {
        do {
            var bytes = [UInt8](try CanonicalJSON.encode(value))
            bytes.append(UInt8(ascii: "\n"))
            return .full(status: status, contentType: "application/json", body: bytes)
        } catch {
            return .error(APIError.internalError(code: "response.encoding", "could not encode the response"))
        }
    }

    public static func error(_ error: APIError) -> HTTPResponse {
        .json(ErrorBody(error: .init(code: error.code, message: error.description)), status: error.status)
    }

    public var status: HTTPResponseStatus {
        switch self {
        case .full(let status, _, _), .stream(let status, _, _): status
        }
    }
}

/// `{"error": {"code": "...", "message": "..."}}` — the body of every error response.
public struct ErrorBody: Codable, Sendable {
    public struct Detail: Codable, Sendable {
        public var code: String
        public var message: String
    }
    public var error: Detail
}

/// An error that maps to an HTTP status. Messages are safe for clients, logs and the audit log.
public struct APIError: MendelError {
    public var status: HTTPResponseStatus
    public var code: String
    public var message: String

    public init(status: HTTPResponseStatus, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func badRequest(code: String, _ message: String) -> APIError { .init(status: .badRequest, code: code, message) }
    public static func notFound(code: String = "not_found", _ message: String) -> APIError { .init(status: .notFound, code: code, message) }
    public static func forbidden(_ message: String) -> APIError { .init(status: .forbidden, code: "access.denied", message) }
    public static func conflict(code: String, _ message: String) -> APIError { .init(status: .conflict, code: code, message) }
    public static func internalError(code: String, _ message: String) -> APIError { .init(status: .internalServerError, code: code, message) }
    public static func unavailable(code: String, _ message: String) -> APIError { .init(status: .serviceUnavailable, code: code, message) }

    /// Wraps any module error; `MendelError`s keep their code and PHI-free message.
    public static func from(_ error: any Error, status: HTTPResponseStatus = .unprocessableEntity) -> APIError {
        if let api = error as? APIError { return api }
        if let mendel = error as? any MendelError {
            let notFound = mendel.code.hasSuffix(".unknown") || mendel.code.contains(".unknown_")
            return APIError(status: notFound ? .notFound : status, code: mendel.code, mendel.description)
        }
        return APIError(status: .internalServerError, code: "internal", "internal error (\(type(of: error)))")
    }

    /// Describes a decoding error by JSON path only (never by value).
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "<root>" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context): return "field '\(path(context.codingPath))' should be \(type)"
        case .valueNotFound(let type, let context): return "field '\(path(context.codingPath))' should be \(type), found null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "malformed JSON" : "invalid value at '\(path(context.codingPath))'"
        @unknown default: return "malformed JSON"
        }
    }
}
