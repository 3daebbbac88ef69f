import FastJSON
import Foundation

extension EventCodec {
    /// Decodes a payload written at an older schema version and upcasts it.
    ///
    /// Upcasters:
    /// - `RevisionProposed` v1 → v2: `proposedBy` was renamed `proposer`; `evidence` was a list of
    ///   plain strings (`"finding:<uuid>"` or a URL) and is now split into typed ``EvidenceRef`` values.
    /// - `QuarterlyReviewRecorded` v1 → v2: the boolean `reaffirmed` became the ``ReviewOutcome`` enum.
    static func decodeLegacy(_ kind: EventKind, version: Int, from data: Data, using decoder: FastJSONDecoder) throws -> DomainEvent {
        switch (kind, version) {
        case (.revisionProposed, 1):
            return .revisionProposed(try decoder.decode(RevisionProposedV1.self, from: data).upcast())
        case (.quarterlyReviewRecorded, 1):
            return .quarterlyReviewRecorded(try decoder.decode(QuarterlyReviewRecordedV1.self, from: data).upcast())
        default:
            throw EventCodecError.unsupportedSchemaVersion(type: kind.rawValue, version: version)
        }
    }
}
