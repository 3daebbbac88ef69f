/// Why an event could not be encoded or decoded.
public enum EventCodecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The type name is not one this module knows.
    case unknownType(String)
    /// The schema version is newer than this code, or below 1.
    case unsupportedSchemaVersion(type: String, version: Int)
    /// The JSON did not match the schema.
    case malformedPayload(type: String, version: Int, detail: String)

    public var description: String {
        switch self {
        case .unknownType(let t): "Unknown event type '\(t)'."
        case .unsupportedSchemaVersion(let t, let v): "Event type '\(t)' has no schema version \(v)."
        case .malformedPayload(let t, let v, let detail): "Payload of '\(t)' v\(v) is malformed: \(detail)"
        }
    }
}
