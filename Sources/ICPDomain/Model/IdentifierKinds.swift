/// The kind of a workspace (tenant) identifier.
public enum WorkspaceKind: IdentifierKind {}

/// The kind of an ICP identifier.
public enum ICPKind: IdentifierKind {}

/// The kind of a finding identifier.
public enum FindingKind: IdentifierKind {}

/// The identifier of a workspace (tenant), a UUID that encodes as a lowercase string.
public typealias WorkspaceID = Identifier<WorkspaceKind>

/// The identifier of an ICP, a UUID that encodes as a lowercase string.
public typealias ICPID = Identifier<ICPKind>

/// The identifier of a finding, a UUID that encodes as a lowercase string.
public typealias FindingID = Identifier<FindingKind>

/// The kind of a pipeline snapshot identifier.
public enum SnapshotKind: IdentifierKind {}

/// The identifier of a pipeline snapshot, a UUID that encodes as a lowercase string.
public typealias SnapshotID = Identifier<SnapshotKind>
