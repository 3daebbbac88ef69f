import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client of the icpledger HTTP API: bearer token, JSON in and out, problem documents turned
/// into one-line errors, and read-your-writes across requests (each write's consistency token is sent
/// back with the reads that follow it, as `?after=`).
final class APIClient: Sendable {
    let base: URL
    let token: String
    private let session: URLSession
    private let consistency = Mutex<String?>(nil)

    init(base: URL, token: String) {
        self.base = base
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// A request's body.
    enum Body {
        case none
        case json(any Encodable)
        case yaml(String)
        /// Bytes sent as they are (an export file), with their media type.
        case bytes(Data, contentType: String)
    }

    /// The answer: status, body bytes and headers.
    struct Answer {
        var status: Int
        var data: Data
        var headers: [String: String]
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 instant: \(text)"))
        }
        return decoder
    }()

    /// GETs `path` and decodes the JSON answer; nil on 404 when `missingIsNil`.
    func get<T: Decodable>(_ type: T.Type, _ path: String, query: [URLQueryItem] = [], missingIsNil: Bool = false) async throws -> T? {
        let answer = try await send("GET", path, query: query, allowing: missingIsNil ? [404] : [])
        if answer.status == 404 { return nil }
        return try decode(type, answer, path)
    }

    /// GETs `path`; a 404 is an error.
    func get<T: Decodable>(_ type: T.Type, _ path: String, query: [URLQueryItem] = []) async throws -> T {
        try decode(type, try await send("GET", path, query: query), path)
    }

    /// Sends a change and decodes the JSON answer.
    func post<T: Decodable>(_ type: T.Type, _ path: String, _ body: Body, query: [URLQueryItem] = []) async throws -> T {
        try decode(type, try await send("POST", path, query: query, body: body), path)
    }

    func decode<T: Decodable>(_ type: T.Type, _ answer: Answer, _ path: String) throws -> T {
        do {
            return try Self.decoder.decode(type, from: answer.data)
        } catch {
            throw CLIError("the server's answer to \(path) is not what this icpledger expects (is it the same version?): \(error)")
        }
    }

    /// Sends one request. A 2xx (or a status in `allowing`) is returned; anything else is thrown as a
    /// ``RemoteFailure`` carrying the problem document's detail. `timeout` is how long the server may
    /// stay silent (the session's 60 seconds unless given; an import of a large export takes longer).
    func send(
        _ method: String, _ path: String, query: [URLQueryItem] = [], body: Body = .none, allowing: Set<Int> = [], timeout: TimeInterval? = nil
    ) async throws -> Answer {
        var items = query
        if method == "GET", path.hasPrefix("/v1/workspaces/"), let after = consistency.withLock({ $0 }) {
            items.append(URLQueryItem(name: "after", value: after))
        }
        var components = URLComponents(url: base.appendingPathComponent(String(path.dropFirst())), resolvingAgainstBaseURL: false)
        if !items.isEmpty { components?.queryItems = items }
        guard let url = components?.url else { throw CLIError("cannot make a request URL from \(base) and \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let timeout { request.timeoutInterval = timeout }
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json, application/problem+json, application/yaml", forHTTPHeaderField: "Accept")
        request.setValue("icpledger/\(ICPLedgerCommand.version)", forHTTPHeaderField: "User-Agent")
        switch body {
        case .none:
            break
        case .json(let value):
            request.httpBody = try Self.encoder.encode(value)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        case .yaml(let text):
            request.httpBody = Data(text.utf8)
            request.setValue("application/yaml", forHTTPHeaderField: "Content-Type")
        case .bytes(let data, let contentType):
            request.httpBody = data
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw CLIError("cannot reach the icpledger server at \(base.absoluteString) (ICPLEDGER_SERVER): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw CLIError("the server at \(base.absoluteString) did not answer in HTTP") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        let answer = Answer(status: http.statusCode, data: data, headers: headers)
        if (200..<300).contains(http.statusCode) {
            if let token = headers["icpledger-consistency-token"] { consistency.withLock { $0 = token } }
            return answer
        }
        if allowing.contains(http.statusCode) { return answer }
        throw RemoteFailure(answer, server: base)
    }
}

/// A request the server refused, worded from its problem document.
struct RemoteFailure: Error, CustomStringConvertible {
    let status: Int
    /// The problem's type slug (`four-eyes`, `forbidden`, …); nil when the answer was not a problem document.
    let type: String?
    let description: String

    private struct ProblemDocument: Decodable {
        var type: String?
        var title: String?
        var detail: String?
    }

    init(_ answer: APIClient.Answer, server: URL) {
        status = answer.status
        let problem = try? JSONDecoder().decode(ProblemDocument.self, from: answer.data)
        type = problem?.type.map { String($0.split(separator: "/").last ?? "") }
        let said = problem?.detail ?? problem?.title ?? "HTTP \(answer.status)"
        switch answer.status {
        case 401: description = "the server refused the token (ICPLEDGER_TOKEN): \(said)"
        default: description = problem == nil ? "the server at \(server.absoluteString) answered HTTP \(answer.status)" : said
        }
    }
}
