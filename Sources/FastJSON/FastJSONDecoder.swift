public import Foundation

/// A fast JSON decoder for `Decodable` types, intended as a drop-in replacement for
/// `JSONDecoder()` with its default strategies.
///
/// The input is validated structurally and indexed once into a flat token array; values
/// are converted lazily when a `Decodable` type asks for them. Like `JSONDecoder`:
/// - `URL` decodes from a string, `Data` from a Base64 string and `Decimal` from a number;
/// - integers accept integral non-integer spellings such as `1e2` or `1.0`;
/// - for duplicate keys in an object the first occurrence wins;
/// - trailing commas (`[1,]`, `{"a":1,}`) are accepted, nesting is limited to 512 levels;
/// - the contents of a scalar (number syntax, string escapes, control characters,
///   UTF-8 validity) are checked when that value is decoded, not when it is skipped.
///
/// Known differences from `JSONDecoder`:
/// - Only UTF-8 input (an initial UTF-8 BOM is skipped; UTF-16/32 input is rejected), and
///   inputs must be smaller than 4 GiB.
/// - Malformed or unrepresentable scalars (bad number syntax, a number that does not fit the
///   requested type, bad escapes, invalid UTF-8) throw `DecodingError.dataCorrupted` with the
///   value's coding path and a specific message. Foundation throws its internal `JSONError`
///   inside `init(from:)` and turns it into `.dataCorrupted` with an empty path and
///   "The given data was not valid JSON." at the top level.
/// - Coding-path keys rebuilt for errors carry the JSON key as `stringValue` and no
///   `intValue` (array positions are "Index N" with an `intValue`), not the caller's key.
/// - `allKeys` lists keys in document order (Foundation's order is unspecified).
/// - Error `debugDescription` wording may differ.
public struct FastJSONDecoder: Sendable {
    /// Contextual information exposed to `Decodable` types through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates a decoder.
    public init() {}

    /// Decodes a value of `type` from UTF-8 JSON bytes.
    ///
    /// The bytes are copied, so they need only be valid for the duration of the call.
    /// - Throws: `DecodingError` if the input is not valid JSON or does not match `type`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        let state = try _State(bytes: bytes, userInfo: userInfo)
        return try state.decodeValue(T.self, at: 0)
    }

    /// Decodes a value of `type` from UTF-8 JSON data.
    /// - Throws: `DecodingError` if the input is not valid JSON or does not match `type`.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a value of `type` from a JSON string.
    /// - Throws: `DecodingError` if the input is not valid JSON or does not match `type`.
    public func decode<T: Decodable>(_ type: T.Type, from string: String) throws -> T {
        var string = string
        return try string.withUTF8 { try decode(type, from: UnsafeRawBufferPointer($0)) }
    }
}
