public import ICPDomain

/// An ICP as a reviewable YAML file: the whole definition plus the metadata that ties the file to
/// the workspace, the ICP and the revision it was exported from.
///
/// `yaml()` writes it; `ICPFileDocument(yaml:)` reads it back. Export → parse is lossless and
/// export is byte-stable, so the file can live in version control and be reviewed as a diff.
public struct ICPFileDocument: Hashable, Sendable {
    /// The ICP definition the file describes.
    public var definition: ICPDefinition
    /// The workspace name, for the reader's orientation; optional.
    public var workspace: String?
    /// The ICP the file belongs to; nil for a new ICP.
    public var icp: ICPID?
    /// The revision the file was exported from; nil for a new ICP. Used to detect stale plans.
    public var baseRevision: Int?
    /// The owner, as people type it (a name or e-mail); the CLI maps it to a principal.
    public var owner: String?

    /// Creates a document.
    public init(
        definition: ICPDefinition,
        workspace: String? = nil,
        icp: ICPID? = nil,
        baseRevision: Int? = nil,
        owner: String? = nil
    ) {
        self.definition = definition
        self.workspace = workspace
        self.icp = icp
        self.baseRevision = baseRevision
        self.owner = owner
    }
}
