/// The key names an ICP file may use, level by level, in the order export writes them.
///
/// The parser refuses any other key, and the JSON Schema in `docs/icp-file.schema.json` lists exactly
/// these names (a test keeps the three in step).
public enum ICPFileKey {
    /// The format identifier every file starts with: `format: icpledger/v1`.
    public static let formatV1 = "icpledger/v1"

    /// Keys of the document root.
    public static let topLevel = [
        "format", "workspace", "icp", "base-revision", "owner",
        "name", "statement", "mode", "cadence", "missing-data", "tiers",
        "signals", "disqualifiers", "committee",
    ]
    /// Keys of the `signals` mapping, one per signal family.
    public static let signals = ["fit", "economic", "retention", "triggers"]
    /// Keys of one signal rule.
    public static let signal = ["key", "operator", "value", "weight", "rationale"]
    /// Keys of one disqualifier rule.
    public static let disqualifier = ["key", "operator", "value", "reason"]
    /// Keys of one committee seat.
    public static let committeeRole = ["role", "pain"]
    /// Keys of the `tiers` mapping (minimum score for tiers A, B and C).
    public static let tiers = ["a", "b", "c"]
    /// Keys of a `{min, max}` range value.
    public static let range = ["min", "max"]
    /// Keys of a finding file (`icpledger finding record --file`); `metrics` maps names to numbers.
    public static let finding = ["type", "summary", "severity", "recommendation", "icp", "metrics"]
    /// The field mapping file's format marker.
    public static let mappingFormatV1 = "icpledger-mapping/v1"
    /// The mapping file's top level.
    public static let mapping = ["format", "columns"]
    /// One mapped column written out.
    public static let mappedColumn = ["key", "as", "separator", "pick", "true-words", "false-words", "values"]
}
