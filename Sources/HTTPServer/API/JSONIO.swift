import Foundation
import Hummingbird
import NIOCore

/// JSON in and out of the API, one way everywhere: ISO 8601 instants, sorted keys, and bodies read
/// with a size limit and strictly — a malformed body, a wrong type, invalid UTF-8 or a field the
/// operation does not know is refused, never half-understood.
enum JSONIO {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }()

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        response(bytes: try encode(value), status: status, headers: headers)
    }

    /// A value's JSON, newline-terminated, as a response body holds it.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        var data = try encoder.encode(value)
        data.append(0x0A)
        return Array(data)
    }

    /// A JSON response of bytes already encoded.
    static func response(bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Reads and decodes a JSON object body whose top-level fields are all among `T.fields`.
    static func decode<T: APIRequestBody>(_ type: T.Type, from request: Request) async throws -> T {
        try decode(type, bytes: try await collect(request))
    }

    /// Like ``decode(_:from:)``, for a body that may be left out: nil when there is none.
    static func decodeIfPresent<T: APIRequestBody>(_ type: T.Type, from request: Request) async throws -> T? {
        let bytes = try await collect(request)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try decode(type, bytes: bytes)
    }

    /// The body, at most `limit` bytes of it (``HTTPLimits/maxBodyBytes`` unless an operation allows more).
    static func collect(_ request: Request, upTo limit: Int = HTTPLimits.maxBodyBytes) async throws -> Data {
        var request = request
        let size = limit > HTTPLimits.maxBodyBytes ? "\(limit >> 20) MiB" : "\(limit / 1024) KiB"
        do {
            return Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem.tooLarge("The body is larger than \(size).")
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge("The body is larger than \(size).")
        }
    }

    private static func decode<T: APIRequestBody>(_ type: T.Type, bytes: Data) throws -> T {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw Problem.malformed("The body is not valid UTF-8.") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: bytes, options: [])
        } catch {
            throw Problem.malformed("The body is not valid JSON.")
        }
        guard let fields = object as? [String: Any] else { throw Problem.malformed("The body must be a JSON object.") }
        let unknown = Set(fields.keys).subtracting(T.fields).sorted()
        if !unknown.isEmpty {
            throw Problem.invalid(
                "Unknown field\(unknown.count == 1 ? "" : "s"): \(unknown.joined(separator: ", ")).",
                errors: unknown.map { .init(field: $0, code: "unknownField", message: "This operation has no field '\($0)'.") })
        }
        let decoded: T
        do {
            decoded = try JSONDecoder().decode(T.self, from: bytes)
        } catch let error as DecodingError {
            throw Problem.invalid(describe(error), errors: [fieldError(error)])
        }
        // Nested objects (a definition's signals, an evidence entry) are held to their fields too: what
        // the body understood is encoded again, and a key sent that it does not show was not understood.
        let understood = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(decoded), options: [])) ?? [:]
        let ignored = unknownKeys(object, understood, path: "")
        if !ignored.isEmpty {
            throw Problem.invalid(
                "Unknown field\(ignored.count == 1 ? "" : "s"): \(ignored.prefix(10).joined(separator: ", ")).",
                errors: ignored.prefix(50).map { .init(field: $0, code: "unknownField", message: "There is no field '\($0)'.") })
        }
        return decoded
    }

    /// The paths of keys in `given` that `understood` (the decoded body, encoded again) does not have.
    /// A key sent as null or as an empty list or object says nothing, so it is never reported.
    static func unknownKeys(_ given: Any, _ understood: Any, path: String) -> [String] {
        switch (given, understood) {
        case (let given as [String: Any], let understood as [String: Any]):
            return given.keys.sorted().flatMap { key -> [String] in
                let here = path.isEmpty ? key : path + "." + key
                guard let value = given[key] else { return [] }
                if let inner = understood[key] { return unknownKeys(value, inner, path: here) }
                return isEmpty(value) ? [] : [here]
            }
        case (let given as [Any], let understood as [Any]) where given.count == understood.count:
            return zip(given, understood).enumerated().flatMap { index, pair in unknownKeys(pair.0, pair.1, path: "\(path)[\(index)]") }
        default:
            return []
        }
    }

    private static func isEmpty(_ value: Any) -> Bool {
        value is NSNull || (value as? [Any])?.isEmpty == true || (value as? [String: Any])?.isEmpty == true
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "Missing field \(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)."
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(describeType(type))."
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(describeType(type)), not null."
        case .dataCorrupted(let context): return "\(path(context).isEmpty ? "The body" : path(context)): \(context.debugDescription)"
        @unknown default: return "The body does not match the operation's schema."
        }
    }

    private static func fieldError(_ error: DecodingError) -> Problem.FieldError {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return .init(field: parent.isEmpty ? key.stringValue : parent + "." + key.stringValue, code: "missing", message: "Required.")
        case .typeMismatch(let type, let context): return .init(field: path(context), code: "wrongType", message: "Expected \(describeType(type)).")
        case .valueNotFound(let type, let context): return .init(field: path(context), code: "null", message: "Expected \(describeType(type)).")
        case .dataCorrupted(let context): return .init(field: path(context), code: "invalidValue", message: context.debugDescription)
        @unknown default: return .init(field: "", code: "invalid", message: "Does not match the schema.")
        }
    }

    private static func describeType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a \(type)"
        }
    }
}

/// A request body: its top-level field names are listed, so unknown ones are refused before decoding;
/// it is Encodable too, so that unknown keys in nested objects are found after (see `JSONIO`).
protocol APIRequestBody: Codable {
    static var fields: Set<String> { get }
}
