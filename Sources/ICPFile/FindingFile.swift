public import ICPDomain
import Yams

/// An audit finding written as a small YAML file, for `icpledger finding record --file`.
///
/// Keys: `type`, `summary`, `severity`, `recommendation`, `icp`, and `metrics`, a mapping of
/// metric names to numbers. It is read by the same reader as ICP files, so a syntax error names
/// its line and column, a misspelt key gets the nearest known one, and values are checked by type.
/// Whether the values make a valid finding is the domain's call, not the file's.
public struct FindingFile: Sendable, Hashable {
    public var type: String?
    public var summary: String?
    public var severity: String?
    public var recommendation: String?
    public var icp: String?
    public var metrics: [String: Double] = [:]

    public init() {}

    /// Reads a finding file's text; a file beyond ``ICPFileLimits`` is refused before it is parsed.
    public static func parse(_ source: String) throws(ICPFileError) -> FindingFile {
        var reader = FileReader()
        return try reader.readFinding(source)
    }
}

extension FileReader {
    mutating func readFinding(_ source: String) throws(ICPFileError) -> FindingFile {
        guard let root = try Self.compose(source), !Self.isNull(root) else {
            throw .invalidValue(
                path: "(document)", message: "the file is empty; a finding needs at least type, summary and severity",
                location: nil)
        }
        let top = try mapping(
            root, path: "", known: ICPFileKey.finding,
            what: "a mapping with the keys \(ICPFileKey.finding.joined(separator: ", "))")
        var file = FindingFile()
        if let node = top.optional("type") { file.type = try text(node, "type") }
        if let node = top.optional("summary") { file.summary = try text(node, "summary") }
        if let node = top.optional("severity") { file.severity = try text(node, "severity") }
        if let node = top.optional("recommendation") { file.recommendation = try text(node, "recommendation") }
        if let node = top.optional("icp") { file.icp = try text(node, "icp") }
        if let node = top.optional("metrics"), !Self.isNull(node) {
            guard case .mapping(let map) = node else {
                throw .wrongType(
                    path: "metrics", expected: "a mapping of metric names to numbers", found: Self.describe(node),
                    location: Self.location(node))
            }
            for (keyNode, value) in map {
                let name = try text(keyNode, "metrics")
                file.metrics[name] = try number(value, "metrics.\(name)")
            }
        }
        return file
    }
}

extension FindingFile {
    /// A finding file to fill in for `audit`: every key, and every metric the audit defines as a
    /// commented-out line explaining its meaning, unit and range. It parses as it is (with no metrics);
    /// its blank summary is refused until it is written.
    public static func template(for audit: AuditType, typeName: String) -> String {
        var lines = [
            "# A \(typeName) audit finding. Fill it in, then record it:",
            "#   icpledger finding record --workspace WORKSPACE --file THIS-FILE.yaml",
            "# Summaries state business facts; keep the names of people out of them.",
            "type: \(typeName)",
            "summary: \"\"          # what the audit found",
            "severity: medium     # low | medium | high | critical",
            "recommendation: \"\"   # what to change because of it",
            "# icp: NAME          # the ICP it is about (id, name or name prefix)",
            "",
            "# Uncomment each metric you measured. Others go under custom., e.g. custom.lossesCitingSoc2: 6",
            "metrics:",
        ]
        let width = audit.metrics.map(\.name.count).max() ?? 0
        for metric in audit.metrics {
            let range = "\(YAMLText.number(metric.range.lowerBound)) to \(YAMLText.number(metric.range.upperBound))\(metric.unit.symbol)"
            let kind = metric.unit == .count ? "a whole number, \(range)" : range
            lines.append("  # \(metric.name):" + String(repeating: " ", count: width - metric.name.count + 1) + "# \(metric.meaning) (\(kind))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
