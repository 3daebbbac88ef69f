/// The typed operand of a signal or disqualifier rule.
///
/// Encoded as `{"kind": "...", "value": ...}` so the wire form is explicit and stable.
public enum RuleValue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A single string, e.g. an industry code.
    case string(String)
    /// A single number, e.g. an ACV floor.
    case number(Double)
    /// A boolean flag.
    case bool(Bool)
    /// A list of strings for `in` / `notIn`.
    case stringList([String])
    /// An inclusive numeric range for `between`.
    case numberRange(NumberRange)

    /// The kind of a value, used for operator/value type checks.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// See ``RuleValue/string(_:)``.
        case string
        /// See ``RuleValue/number(_:)``.
        case number
        /// See ``RuleValue/bool(_:)``.
        case bool
        /// See ``RuleValue/stringList(_:)``.
        case stringList
        /// See ``RuleValue/numberRange(_:)``.
        case numberRange
    }

    /// The kind of this value.
    public var kind: Kind {
        switch self {
        case .string: .string
        case .number: .number
        case .bool: .bool
        case .stringList: .stringList
        case .numberRange: .numberRange
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .string: self = .string(try c.decode(String.self, forKey: .value))
        case .number: self = .number(try c.decode(Double.self, forKey: .value))
        case .bool: self = .bool(try c.decode(Bool.self, forKey: .value))
        case .stringList: self = .stringList(try c.decode([String].self, forKey: .value))
        case .numberRange: self = .numberRange(try c.decode(NumberRange.self, forKey: .value))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .string(let v): try c.encode(v, forKey: .value)
        case .number(let v): try c.encode(v, forKey: .value)
        case .bool(let v): try c.encode(v, forKey: .value)
        case .stringList(let v): try c.encode(v, forKey: .value)
        case .numberRange(let v): try c.encode(v, forKey: .value)
        }
    }

    /// A number as people write it: `40000`, not `40000.0`.
    static func written(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    public var description: String {
        switch self {
        case .string(let v): "\"\(v)\""
        case .number(let v): Self.written(v)
        case .bool(let v): "\(v)"
        case .stringList(let v): "[" + v.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .numberRange(let r): "\(Self.written(r.lower))…\(Self.written(r.upper))"
        }
    }
}
