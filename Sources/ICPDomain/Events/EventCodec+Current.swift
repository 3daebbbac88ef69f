import FastJSON
import Foundation

extension EventCodec {
    /// Decodes a payload already upgraded to the current schema version.
    static func decodeCurrent(_ kind: EventKind, from data: Data, using decoder: FastJSONDecoder) throws -> DomainEvent {
        switch kind {
        case .workspaceCreated: .workspaceCreated(try decoder.decode(WorkspaceCreated.self, from: data))
        case .workspaceSettingsChanged: .workspaceSettingsChanged(try decoder.decode(WorkspaceSettingsChanged.self, from: data))
        case .roleGranted: .roleGranted(try decoder.decode(RoleGranted.self, from: data))
        case .roleRevoked: .roleRevoked(try decoder.decode(RoleRevoked.self, from: data))
        case .icpDrafted: .icpDrafted(try decoder.decode(ICPDrafted.self, from: data))
        case .revisionProposed: .revisionProposed(try decoder.decode(RevisionProposed.self, from: data))
        case .proposalAmended: .proposalAmended(try decoder.decode(ProposalAmended.self, from: data))
        case .revisionApproved: .revisionApproved(try decoder.decode(RevisionApproved.self, from: data))
        case .revisionRejected: .revisionRejected(try decoder.decode(RevisionRejected.self, from: data))
        case .approvalsDismissed: .approvalsDismissed(try decoder.decode(ApprovalsDismissed.self, from: data))
        case .icpOrphaned: .icpOrphaned(try decoder.decode(ICPOrphaned.self, from: data))
        case .reviewNoticed: .reviewNoticed(try decoder.decode(ReviewNoticed.self, from: data))
        case .fieldMappingSet: .fieldMappingSet(try decoder.decode(FieldMappingSet.self, from: data))
        case .pipelineSnapshotRecorded: .pipelineSnapshotRecorded(try decoder.decode(PipelineSnapshotRecorded.self, from: data))
        case .logCheckpointed: .logCheckpointed(try decoder.decode(LogCheckpointed.self, from: data))
        case .principalErased: .principalErased(try decoder.decode(PrincipalErased.self, from: data))
        case .icpOwnerReassigned: .icpOwnerReassigned(try decoder.decode(ICPOwnerReassigned.self, from: data))
        case .revisionPublished: .revisionPublished(try decoder.decode(RevisionPublished.self, from: data))
        case .revisionEmergencyPublished: .revisionEmergencyPublished(try decoder.decode(RevisionEmergencyPublished.self, from: data))
        case .afterTheFactReviewCompleted: .afterTheFactReviewCompleted(try decoder.decode(AfterTheFactReviewCompleted.self, from: data))
        case .quarterlyReviewRecorded: .quarterlyReviewRecorded(try decoder.decode(QuarterlyReviewRecorded.self, from: data))
        case .icpFlaggedStale: .icpFlaggedStale(try decoder.decode(ICPFlaggedStale.self, from: data))
        case .icpRetired: .icpRetired(try decoder.decode(ICPRetired.self, from: data))
        case .findingRecorded: .findingRecorded(try decoder.decode(FindingRecorded.self, from: data))
        case .findingResolved: .findingResolved(try decoder.decode(FindingResolved.self, from: data))
        }
    }
}
