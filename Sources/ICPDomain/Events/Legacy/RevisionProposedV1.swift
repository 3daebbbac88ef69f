import Foundation

/// `RevisionProposed` as written at schema version 1 (read-only; upcast to ``RevisionProposed``).
struct RevisionProposedV1: Decodable {
    var icpId: ICPID
    var revision: Int
    var baseRevision: Int
    var changes: [DefinitionChange]
    var rationale: String
    /// v1 kept evidence as strings: `"finding:<uuid>"` or a document URL.
    var evidence: [String]
    /// Renamed `proposer` in v2.
    var proposedBy: PrincipalID
    var proposedAt: Timestamp

    /// The v2 payload: evidence strings are split into typed references.
    func upcast() throws -> RevisionProposed {
        let refs = try evidence.map { text throws -> EvidenceRef in
            if text.hasPrefix("finding:") {
                guard let id = FindingID(String(text.dropFirst("finding:".count))) else {
                    throw EventCodecError.malformedPayload(type: "RevisionProposed", version: 1, detail: "bad finding reference \(text)")
                }
                return .finding(id)
            }
            guard let url = URL(string: text) else {
                throw EventCodecError.malformedPayload(type: "RevisionProposed", version: 1, detail: "bad document URL \(text)")
            }
            return .document(url)
        }
        return RevisionProposed(
            icpId: icpId, revision: revision, baseRevision: baseRevision, changes: changes,
            rationale: rationale, evidence: refs, proposer: proposedBy, proposedAt: proposedAt
        )
    }
}
