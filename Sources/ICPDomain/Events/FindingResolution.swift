/// How a finding was closed.
///
/// Encoded as `{"kind": "revision", "icpId": "<uuid>", "revision": 4}` or `{"kind": "decision", "text": "..."}`.
public enum FindingResolution: Hashable, Sendable, Codable {
    /// A revision of an ICP addressed it.
    case revision(icpId: ICPID, number: Int)
    /// A recorded decision, e.g. "accepted risk; revisit after Q3".
    case decision(String)

    private enum CodingKeys: String, CodingKey { case kind, icpId, revision, text }
    private enum Kind: String, Codable { case revision, decision }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .revision: self = .revision(icpId: try c.decode(ICPID.self, forKey: .icpId), number: try c.decode(Int.self, forKey: .revision))
        case .decision: self = .decision(try c.decode(String.self, forKey: .text))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .revision(let icpId, let number):
            try c.encode(Kind.revision, forKey: .kind)
            try c.encode(icpId, forKey: .icpId)
            try c.encode(number, forKey: .revision)
        case .decision(let text):
            try c.encode(Kind.decision, forKey: .kind)
            try c.encode(text, forKey: .text)
        }
    }
}
