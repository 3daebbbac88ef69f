public import Foundation

/// A pointer to the evidence behind a revision: an audit finding or an external document.
///
/// Encoded as `{"kind": "finding", "ref": "<uuid>"}` or `{"kind": "document", "ref": "<url>"}`.
public enum EvidenceRef: Hashable, Sendable, Codable, CustomStringConvertible {
    /// An audit finding recorded in this workspace.
    case finding(FindingID)
    /// A document such as a win-loss deck or a dashboard.
    case document(URL)

    private enum CodingKeys: String, CodingKey { case kind, ref }
    private enum Kind: String, Codable { case finding, document }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .finding: self = .finding(try c.decode(FindingID.self, forKey: .ref))
        case .document: self = .document(try c.decode(URL.self, forKey: .ref))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .finding(let id):
            try c.encode(Kind.finding, forKey: .kind)
            try c.encode(id, forKey: .ref)
        case .document(let url):
            try c.encode(Kind.document, forKey: .kind)
            try c.encode(url.absoluteString, forKey: .ref)
        }
    }

    public var description: String {
        switch self {
        case .finding(let id): "finding:\(id)"
        case .document(let url): url.absoluteString
        }
    }
}
