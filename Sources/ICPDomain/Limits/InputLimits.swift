/// The largest inputs the ledger accepts, defined once for the domain, the CLI, the files and the API.
///
/// Every value a person sends ends up in a typed PostgreSQL column, a terminal or a file, so each
/// text has a maximum length and a character rule, each list a maximum size, and each number a
/// range. `decide` refuses anything outside them with a ``ValidationError`` naming the field; the
/// store refuses an encoded event larger than ``eventBytes``. docs/ARCHITECTURE.md lists them.
public enum InputLimits {
    /// Names of ICPs, workspaces and people: one line, at most this many characters.
    public static let nameLength = 120
    /// Attribute keys of rules and metric names: one line.
    public static let keyLength = 64
    /// Single values of a rule (a string, or one entry of a list): one line.
    public static let valueLength = 120
    /// Entries in one rule's list of values.
    public static let listValues = 200
    /// The ICP statement (one sentence, may wrap).
    public static let statementLength = 1_000
    /// Short explanations attached to one rule: a signal's rationale, a disqualifier's reason, a seat's pain.
    public static let ruleTextLength = 1_000
    /// Longer free text: rationales, comments, notes, justifications, reasons, summaries, recommendations.
    public static let textLength = 4_000
    /// Signals in one family (fit, economic, retention, buying).
    public static let signalsPerFamily = 50
    /// Disqualifiers of one ICP.
    public static let disqualifiers = 100
    /// Seats in one buying committee.
    public static let committeeSeats = 20
    /// Evidence references attached to one revision.
    public static let evidenceReferences = 20
    /// Length of a document URL given as evidence (http or https only).
    public static let urlLength = 2_000
    /// Metrics recorded with one finding.
    public static let metrics = 50
    /// The magnitude of any number in a rule or a metric.
    public static let numberMagnitude = 1e15
    /// Length of a time zone identifier such as `Europe/Berlin`.
    public static let timeZoneLength = 64
    /// Length of a finding's reference to erasable notes kept outside the events.
    public static let notesReferenceLength = 200
    /// The largest encoded event payload, in bytes.
    public static let eventBytes = 256 * 1024
}
