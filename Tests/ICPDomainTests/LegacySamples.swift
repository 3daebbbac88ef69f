import Foundation

@testable import ICPDomain

/// Literal payloads of every superseded schema version.
enum LegacySamples {
    static func payload(_ kind: EventKind, version: Int) -> Data? {
        switch (kind, version) {
        case (.revisionProposed, 1):
            Data(
                #"{"baseRevision":0,"changes":[],"evidence":[],"icpId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","proposedAt":0,"proposedBy":"p","rationale":"r","revision":2}"#
                    .utf8)
        case (.quarterlyReviewRecorded, 1):
            Data(#"{"icpId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","notes":"","reaffirmed":true,"reviewedAt":0,"reviewer":"p"}"#.utf8)
        default:
            nil
        }
    }
}
