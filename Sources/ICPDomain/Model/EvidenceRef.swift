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

    /// Reads evidence as people write it: a finding id (UUID), or an http(s) link with a host.
    public init?(reference text: String) {
        if let uuid = UUID(uuidString: text) {
            self = .finding(FindingID(uuid))
        } else if let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        {
            self = .document(url)
        } else {
            return nil
        }
    }

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

    /// The evidence as people write it: the finding's id or the link (``init(reference:)`` reads it back).
    public var reference: String {
        switch self {
        case .finding(let id): id.description
        case .document(let url): url.absoluteString
        }
    }

    public var description: String {
        switch self {
        case .finding(let id): "finding:\(id)"
        case .document(let url): url.absoluteString
        }
    }
}
