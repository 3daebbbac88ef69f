extension DomainEvent {
    /// The stream this event belongs to.
    public var stream: StreamName {
        switch self {
        case .workspaceCreated(let p): .workspace(p.workspaceId)
        case .workspaceSettingsChanged(let p): .workspace(p.workspaceId)
        case .roleGranted(let p): .workspace(p.workspaceId)
        case .roleRevoked(let p): .workspace(p.workspaceId)
        case .principalErased(let p): .workspace(p.workspaceId)
        case .fieldMappingSet(let p): .workspace(p.workspaceId)
        case .pipelineSnapshotRecorded(let p): .workspace(p.workspaceId)
        case .logCheckpointed(let p): .workspace(p.workspaceId)
        case .icpDrafted(let p): .icp(p.icpId)
        case .revisionProposed(let p): .icp(p.icpId)
        case .proposalAmended(let p): .icp(p.icpId)
        case .revisionApproved(let p): .icp(p.icpId)
        case .revisionRejected(let p): .icp(p.icpId)
        case .approvalsDismissed(let p): .icp(p.icpId)
        case .icpOrphaned(let p): .icp(p.icpId)
        case .reviewNoticed(let p): .schedule(p.workspaceId)
        case .icpOwnerReassigned(let p): .icp(p.icpId)
        case .revisionPublished(let p): .icp(p.icpId)
        case .revisionEmergencyPublished(let p): .icp(p.icpId)
        case .afterTheFactReviewCompleted(let p): .icp(p.icpId)
        case .quarterlyReviewRecorded(let p): .icp(p.icpId)
        case .icpFlaggedStale(let p): .icp(p.icpId)
        case .icpRetired(let p): .icp(p.icpId)
        case .findingRecorded(let p): .finding(p.findingId)
        case .findingResolved(let p): .finding(p.findingId)
        }
    }
}
