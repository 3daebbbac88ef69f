/// Event `PipelineSnapshotRecorded` (schema v1): a pipeline export was imported as a snapshot of one
/// day and scored against the ICPs operating that day. The rows and their frozen scores are kept
/// beside the log (erasable); this event keeps what the board reads: each ICP's fit by count and
/// value, by tier, the disqualified part and its top reasons, and each owner's part outside fit
/// (owners as principal ids or pseudonyms, never names).
public struct PipelineSnapshotRecorded: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.pipelineSnapshotRecorded
    public var workspaceId: WorkspaceID
    public var snapshotId: SnapshotID
    /// The day the pipeline stood like this.
    public var day: CalendarDay
    /// SHA-256 of the file's bytes, in hex: the same file is recognised when imported again.
    public var contentHash: String
    /// Rows scored and stored.
    public var rows: Int
    /// Rows left out because they could not be read (`--skip-bad-rows`).
    public var skippedRows: Int
    /// The fit of each ICP scored.
    public var fits: [PipelineFit]
    public var recordedBy: PrincipalID
    public var recordedAt: Timestamp

    /// Creates the payload.
    public init(
        workspaceId: WorkspaceID, snapshotId: SnapshotID, day: CalendarDay, contentHash: String, rows: Int, skippedRows: Int, fits: [PipelineFit],
        recordedBy: PrincipalID, recordedAt: Timestamp
    ) {
        self.workspaceId = workspaceId
        self.snapshotId = snapshotId
        self.day = day
        self.contentHash = contentHash
        self.rows = rows
        self.skippedRows = skippedRows
        self.fits = fits
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}
