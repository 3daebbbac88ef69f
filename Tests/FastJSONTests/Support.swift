import FastJSON
import Foundation
import TestFixtures
import Testing

// MARK: - Outcomes

/// The observable result of a decode: the value (compared through a canonical re-encoding)
/// or the error's kind and coding path.
enum Outcome: Equatable, CustomStringConvertible {
    case value(String)
    case error(kind: String, path: [String])

    var description: String {
        switch self {
        case .value(let v): return "value(\(v))"
        case .error(let kind, let path): return "\(kind)\(path)"
        }
    }

    var kind: String? {
        if case .error(let kind, _) = self { return kind }
        return nil
    }

    var isError: Bool { kind != nil }
}

func errorKind(_ error: any Error) -> (kind: String, path: [String]) {
    switch error {
    case DecodingError.keyNotFound(let key, let c):
        return ("keyNotFound(\(key.stringValue))", c.codingPath.map(\.stringValue))
    case DecodingError.typeMismatch(_, let c):
        return ("typeMismatch", c.codingPath.map(\.stringValue))
    case DecodingError.valueNotFound(_, let c):
        return ("valueNotFound", c.codingPath.map(\.stringValue))
    case DecodingError.dataCorrupted(let c):
        return ("dataCorrupted", c.codingPath.map(\.stringValue))
    default:
        // Inside `init(from:)`, Foundation surfaces malformed or unrepresentable numbers and
        // invalid strings as its internal `JSONError`; it becomes `.dataCorrupted` at the top
        // level. FastJSON throws `.dataCorrupted` directly, so both count as the same kind.
        if "\(type(of: error))" == "JSONError" { return ("dataCorrupted", []) }
        return ("other:\(type(of: error))", [])
    }
}

let canonicalEncoder: JSONEncoder = {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return e
}()

func canonical<T: Encodable>(_ value: T) -> String {
    // Wrapped in an array so that top-level scalars encode on every platform.
    guard let data = try? canonicalEncoder.encode([value]) else { return "<unencodable \(value)>" }
    return String(decoding: data, as: UTF8.self)
}

func foundationOutcome<T: Decodable & Encodable>(_ type: T.Type, _ bytes: [UInt8]) -> Outcome {
    do {
        return .value(canonical(try JSONDecoder().decode(T.self, from: Data(bytes))))
    } catch {
        let (k, p) = errorKind(error)
        return .error(kind: k, path: p)
    }
}

func fastOutcome<T: Decodable & Encodable>(_ type: T.Type, _ bytes: [UInt8]) -> Outcome {
    do {
        return .value(canonical(try FastJSONDecoder().decode(T.self, from: Data(bytes))))
    } catch {
        let (k, p) = errorKind(error)
        return .error(kind: k, path: p)
    }
}

/// Compares the two decoders on `bytes`: equal values, or the same error kind. Coding paths
/// are compared too, except for `.dataCorrupted` (Foundation reports an empty path for
/// malformed JSON and unrepresentable numbers; see FastJSONDecoder's documentation).
@discardableResult
func expectSameOutcome<T: Decodable & Encodable>(
    _ type: T.Type, _ bytes: [UInt8], comparePaths: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> (foundation: Outcome, fast: Outcome) {
    let f = foundationOutcome(T.self, bytes)
    let x = fastOutcome(T.self, bytes)
    let input = String(decoding: bytes, as: UTF8.self).debugDescription
    switch (f, x) {
    case (.value(let a), .value(let b)):
        #expect(a == b, "\(T.self) \(input): Foundation \(a) vs FastJSON \(b)", sourceLocation: sourceLocation)
    case (.error(let ka, let pa), .error(let kb, let pb)):
        #expect(ka == kb, "\(T.self) \(input): Foundation \(f) vs FastJSON \(x)", sourceLocation: sourceLocation)
        if comparePaths && ka != "dataCorrupted" {
            #expect(pa == pb, "\(T.self) \(input): Foundation \(f) vs FastJSON \(x)", sourceLocation: sourceLocation)
        }
    default:
        Issue.record("\(T.self) \(input): Foundation \(f) vs FastJSON \(x)", sourceLocation: sourceLocation)
    }
    return (f, x)
}

@discardableResult
func expectSameOutcome<T: Decodable & Encodable>(
    _ type: T.Type, _ json: String, comparePaths: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> (foundation: Outcome, fast: Outcome) {
    expectSameOutcome(T.self, Array(json.utf8), comparePaths: comparePaths, sourceLocation: sourceLocation)
}

// MARK: - Generic JSON value (exercises containers the way dynamic decoders do)

struct AnyKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) {
        stringValue = s
        intValue = nil
    }
    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Decodes any JSON value by probing containers, like dynamic JSON decoders do.
indirect enum AnyJSON: Codable, Equatable {
    case null
    case bool(Bool)
    case number(UInt64)  // Double bit pattern, so that -0.0 != 0.0
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: AnyKey.self) {
            var d: [String: AnyJSON] = [:]
            // Sorted: Foundation's `allKeys` order is unspecified (hash order), and with several
            // errors in a document the first one met must be the same for both decoders.
            for k in c.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                d[k.stringValue] = try c.decode(AnyJSON.self, forKey: k)
            }
            self = .object(d)
        } else if var u = try? decoder.unkeyedContainer() {
            var a: [AnyJSON] = []
            while !u.isAtEnd { a.append(try u.decode(AnyJSON.self)) }
            self = .array(a)
        } else {
            let s = try decoder.singleValueContainer()
            if s.decodeNil() {
                self = .null
            } else if let b = try? s.decode(Bool.self) {
                self = .bool(b)
            } else if let d = try? s.decode(Double.self) {
                self = .number(d.bitPattern)
            } else {
                self = .string(try s.decode(String.self))
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode("n:\(n)")
        case .string(let s): try c.encode("s:\(s)")
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
