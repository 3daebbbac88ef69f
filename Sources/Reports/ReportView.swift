import Foundation
import ICPDomain

/// What a page of one or several reports shows.
struct PageView {
    let title: String
    let reports: [ReportView]
    let several: Bool

    init(_ reports: [BoardReport], escape: (String) -> String) {
        let quarters = Set(reports.map(\.quarter.label)).sorted()
        if reports.count == 1, let only = reports.first {
            title = "ICP board report: \(escape(only.workspace.name)), \(only.quarter.label)"
        } else {
            title = "ICP board reports: \(reports.count) workspaces, \(quarters.joined(separator: ", "))"
        }
        self.reports = reports.enumerated().map { ReportView($0.element, prefix: "r\($0.offset + 1)", escape: escape) }
        several = reports.count > 1
    }
}

/// What the templates read: the report's figures formatted, its texts escaped by `escape` (for
/// Markdown; HTML escaping is the template engine's), and the charts laid out as SVG coordinates.
struct ReportView {
    let prefix: String
    let workspace: String
    let quarter: String
    let firstDay: String
    let lastDay: String
    let generatedAt: String
    let timeZone: String
    let checkpoint: CheckpointView
    let summary: [SummaryRow]
    let icps: [ICPView]
    let hasICPs: Bool

    struct CheckpointView {
        let origin: String
        let size: Int
        let root: String
        let keyId: String
        let noteLines: [String]
    }

    struct SummaryRow {
        let name: String
        let status: String
        let revision: String
        let published: Int
        let definitionDrift: String
        let marketDrift: String
        let fitShare: String
        let findings: String
        let cadence: String
        let lint: Int
    }

    struct ICPView {
        let anchor: String
        let name: String
        let status: String
        let owner: String
        let operating: String
        let revisions: [RevisionView]
        let hasRevisions: Bool
        let added: [RuleView]
        let removed: [RuleView]
        let hasDisqualifierChanges: Bool
        let drift: [DriftView]
        let currentDrift: DriftView?
        let fitTrend: [TrendView]
        let hasTrend: Bool
        let trendChart: LineChart
        let driftChart: BarChart
        let findings: [FindingGroupView]
        let hasFindings: Bool
        let cadence: CadenceView
        let lint: [LintView]
        let hasLint: Bool
    }

    struct RevisionView {
        let revision: Int
        let publishedOn: String
        let effectiveOn: String
        let publishedBy: String
        let emergency: Bool
        let justification: String?
        let diffSummary: String
        let distance: String
        let rationale: String
        let evidence: [EvidenceView]
        /// The evidence as one line (Markdown).
        let evidenceText: String?
        let proposer: String
        let approvers: String
        let afterTheFact: String?
    }

    struct EvidenceView {
        let label: String
        let url: String?
    }

    struct RuleView {
        let revision: Int
        let rule: String
        let reason: String
    }

    struct DriftView {
        let quarter: String
        let snapshot: String
        let previousSnapshot: String
        let revisions: String
        let definitionCount: String
        let definitionValue: String
        let marketCount: String
        let marketValue: String
        let note: String?
    }

    struct TrendView {
        let quarter: String
        let snapshot: String
        let revision: Int
        let count: String
        let value: String
        let rows: Int
    }

    struct FindingGroupView {
        let audit: String
        let opened: Int
        let resolved: Int
        let findings: [FindingView]
    }

    struct FindingView {
        let severity: String
        let summary: String
        let recorded: String
        let resolution: String
        let metrics: String?
    }

    struct CadenceView {
        let onTime: Int
        let late: Int
        let daysOverdue: Int
        let dueAtEnd: String
        let daysStaleAtEnd: Int
        let staleFlags: Int
        let emergencyPublishes: Int
        let emergencyReviewed: Int
        let reviews: [ReviewView]
        let hasReviews: Bool
    }

    struct ReviewView {
        let day: String
        let kind: String
        let by: String
        let due: String
        let timing: String
        let notes: String
    }

    struct LintView {
        let code: String
        let slug: String
        let message: String
    }

    init(_ report: BoardReport, prefix: String, escape: (String) -> String) {
        self.prefix = prefix
        let zone = TimeZone(identifier: report.workspace.timeZone) ?? .gmt
        func person(_ principal: PrincipalID?) -> String { escape(report.display(principal)) }
        workspace = escape(report.workspace.name)
        quarter = report.quarter.label
        firstDay = report.quarter.firstDay.description
        lastDay = report.quarter.lastDay.description
        generatedAt = report.generatedAt.formatted(.iso8601)
        timeZone = escape(report.workspace.timeZone)
        checkpoint = CheckpointView(
            origin: escape(report.checkpoint.origin), size: report.checkpoint.size, root: report.checkpoint.root, keyId: report.checkpoint.keyId,
            noteLines: report.checkpoint.note.split(separator: "\n", omittingEmptySubsequences: false).map { VisibleText.line(String($0)) })
        summary = report.icps.map { icp in
            let drift = icp.currentDrift
            let findings = icp.findings.reduce((0, 0)) { ($0.0 + $1.opened, $0.1 + $1.resolved) }
            let cadence =
                icp.cadence.daysStaleAtEnd > 0
                ? "overdue \(icp.cadence.daysStaleAtEnd) d" : icp.cadence.late > 0 ? "\(icp.cadence.late) late" : "on time"
            return SummaryRow(
                name: escape(icp.name), status: icp.status.rawValue, revision: icp.operatingRevision.map { "r\($0)" } ?? "–",
                published: icp.revisions.count, definitionDrift: ReportNumbers.points(drift?.definition?.countPoints),
                marketDrift: ReportNumbers.points(drift?.market?.countPoints),
                fitShare: ReportNumbers.percent(icp.fitTrend.last.flatMap { $0.quarter == report.quarter.label ? $0.share.count : nil }),
                findings: "\(findings.0) / \(findings.1)", cadence: cadence, lint: icp.lint.count)
        }
        icps = report.icps.enumerated().map { index, icp in
            let revisions = icp.revisions.map { revision in
                RevisionView(
                    revision: revision.revision, publishedOn: ReportNumbers.day(revision.publishedAt, in: zone),
                    effectiveOn: revision.effectiveOn.description, publishedBy: person(revision.publishedBy), emergency: revision.emergency,
                    justification: revision.justification.map(escape), diffSummary: escape(revision.diffSummary),
                    distance: ReportNumbers.distance(revision.revisionDistance), rationale: escape(revision.rationale),
                    evidence: revision.evidence.map { evidence in
                        EvidenceView(
                            label: escape(evidence.summary.map { "\($0) (\(evidence.reference))" } ?? evidence.reference),
                            url: evidence.kind == "document" ? evidence.reference : nil)
                    },
                    evidenceText: revision.evidence.isEmpty
                        ? nil
                        : revision.evidence.map { evidence in escape(evidence.summary.map { "\($0) (\(evidence.reference))" } ?? evidence.reference) }
                            .joined(separator: "; "),
                    proposer: person(revision.proposer),
                    approvers: revision.approvers.isEmpty ? "none (emergency)" : revision.approvers.map(person).joined(separator: ", "),
                    afterTheFact: revision.afterTheFactReview.map { review in
                        escape(
                            "\(review.outcome ?? "reviewed") by \(report.display(review.reviewer)) on \(ReportNumbers.day(review.reviewedAt, in: zone)): \(review.comment)"
                        )
                    } ?? (revision.emergency ? "not reviewed yet" : nil))
            }
            let drift = icp.drift.map { entry in
                DriftView(
                    quarter: entry.quarter, snapshot: entry.snapshotDay?.description ?? "–",
                    previousSnapshot: entry.previousSnapshotDay?.description ?? "–",
                    revisions: "\(entry.previousRevision.map { "r\($0)" } ?? "–") → \(entry.revision.map { "r\($0)" } ?? "–")",
                    definitionCount: ReportNumbers.points(entry.definition?.countPoints),
                    definitionValue: ReportNumbers.points(entry.definition?.valuePoints),
                    marketCount: ReportNumbers.points(entry.market?.countPoints),
                    marketValue: ReportNumbers.points(entry.market?.valuePoints), note: entry.note.map(escape))
            }
            let groups = icp.findings.map { group in
                FindingGroupView(
                    audit: group.audit.rawValue, opened: group.opened, resolved: group.resolved,
                    findings: group.findings.map { finding in
                        FindingView(
                            severity: finding.severity.rawValue, summary: escape(finding.summary),
                            recorded: ReportNumbers.day(finding.recordedAt, in: zone),
                            resolution: escape(
                                finding.resolvedAt.map { "resolved \(ReportNumbers.day($0, in: zone))\(finding.resolution.map { ": \($0)" } ?? "")" }
                                    ?? "open"),
                            metrics: finding.metrics.isEmpty
                                ? nil
                                : escape(
                                    finding.metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(ReportNumbers.metric($0.value))" }.joined(
                                        separator: ", ")))
                    })
            }
            let cadence = CadenceView(
                onTime: icp.cadence.onTime, late: icp.cadence.late, daysOverdue: icp.cadence.daysOverdue,
                dueAtEnd: icp.cadence.dueAtEnd?.description ?? "–", daysStaleAtEnd: icp.cadence.daysStaleAtEnd, staleFlags: icp.cadence.staleFlags,
                emergencyPublishes: icp.cadence.emergencyPublishes, emergencyReviewed: icp.cadence.emergencyReviewed,
                reviews: icp.cadence.reviews.map { review in
                    ReviewView(
                        day: review.day.description, kind: review.kind, by: person(review.by), due: review.due?.description ?? "–",
                        timing: review.daysLate.map { $0 == 0 ? "on time" : "\($0) d late" } ?? "–", notes: escape(review.notes ?? ""))
                }, hasReviews: !icp.cadence.reviews.isEmpty)
            return ICPView(
                anchor: "\(prefix)-icp-\(index + 1)", name: escape(icp.name), status: icp.status.rawValue, owner: person(icp.owner),
                operating: icp.operatingRevision.map { "revision \($0)" } ?? "none", revisions: revisions, hasRevisions: !revisions.isEmpty,
                added: icp.disqualifiers.added.map { RuleView(revision: $0.revision, rule: escape($0.rule), reason: escape($0.reason)) },
                removed: icp.disqualifiers.removed.map { RuleView(revision: $0.revision, rule: escape($0.rule), reason: escape($0.reason)) },
                hasDisqualifierChanges: !(icp.disqualifiers.added.isEmpty && icp.disqualifiers.removed.isEmpty), drift: drift,
                currentDrift: drift.last,
                fitTrend: icp.fitTrend.map {
                    TrendView(
                        quarter: $0.quarter, snapshot: $0.snapshotDay.description, revision: $0.revision,
                        count: ReportNumbers.percent($0.share.count),
                        value: ReportNumbers.percent($0.share.value), rows: $0.share.rows)
                }, hasTrend: !icp.fitTrend.isEmpty, trendChart: LineChart(icp.fitTrend, title: "Fit share of the pipeline, \(escape(icp.name))"),
                driftChart: BarChart(icp.drift, title: "Drift per quarter, \(escape(icp.name))"), findings: groups, hasFindings: !groups.isEmpty,
                cadence: cadence, lint: icp.lint.map { LintView(code: $0.code, slug: $0.slug, message: escape($0.message)) },
                hasLint: !icp.lint.isEmpty)
        }
        hasICPs = !icps.isEmpty
    }
}

/// The drawing area both charts share (the template's grid lines are drawn at these numbers), and
/// how coordinates are written.
enum ChartFrame {
    static let width = 560.0, height = 220.0, left = 44.0, right = 40.0, top = 16.0, bottom = 36.0

    /// A label under the plot, centred on `x`.
    struct Tick {
        let x: String
        let label: String
    }

    /// A coordinate, to a tenth.
    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// The fit-share trend as an SVG line chart (by count and by value, 0–100 %).
struct LineChart {
    struct Point {
        let x: String
        let y: String
        let label: String
    }

    let title: String
    let countLine: String
    let valueLine: String
    let countPoints: [Point]
    let ticks: [ChartFrame.Tick]
    let empty: Bool
    let summary: String

    init(_ points: [FitPoint], title: String) {
        self.title = title
        let plotWidth = ChartFrame.width - ChartFrame.left - ChartFrame.right, plotHeight = ChartFrame.height - ChartFrame.top - ChartFrame.bottom
        func x(_ index: Int) -> Double {
            points.count <= 1 ? ChartFrame.left + plotWidth / 2 : ChartFrame.left + plotWidth * Double(index) / Double(points.count - 1)
        }
        func y(_ share: Double?) -> Double { ChartFrame.top + plotHeight * (1 - min(max(share ?? 0, 0), 100) / 100) }
        countLine = points.enumerated().map { "\(ChartFrame.f(x($0.offset))),\(ChartFrame.f(y($0.element.share.count)))" }.joined(separator: " ")
        valueLine = points.enumerated().map { "\(ChartFrame.f(x($0.offset))),\(ChartFrame.f(y($0.element.share.value)))" }.joined(separator: " ")
        countPoints = points.enumerated().map {
            Point(
                x: ChartFrame.f(x($0.offset)), y: ChartFrame.f(y($0.element.share.count)),
                label: "\($0.element.quarter): \(ReportNumbers.percent($0.element.share.count))")
        }
        ticks = points.enumerated().map { ChartFrame.Tick(x: ChartFrame.f(x($0.offset)), label: $0.element.quarter) }
        empty = points.isEmpty
        summary =
            points.isEmpty
            ? "No snapshot scored this ICP in these quarters."
            : points.map { "\($0.quarter) \(ReportNumbers.percent($0.share.count)) by count, \(ReportNumbers.percent($0.share.value)) by value" }
                .joined(separator: "; ")
    }
}

/// Definition and market drift per quarter as an SVG bar chart (percentage points by count).
struct BarChart {
    struct Bar {
        let x: String
        let y: String
        let width: String
        let height: String
        let label: String
    }

    let title: String
    let definitionBars: [Bar]
    let marketBars: [Bar]
    let ticks: [ChartFrame.Tick]
    let zeroY: String
    let scaleLabel: String
    let summary: String

    init(_ entries: [DriftEntry], title: String) {
        self.title = title
        let plotWidth = ChartFrame.width - ChartFrame.left - ChartFrame.right, plotHeight = ChartFrame.height - ChartFrame.top - ChartFrame.bottom
        let values = entries.flatMap { [$0.definition?.countPoints, $0.market?.countPoints] }.compactMap { $0 }.filter(\.isFinite)
        let scale = max(5, (values.map(abs).max() ?? 0).rounded(.up))
        let zero = ChartFrame.top + plotHeight / 2
        let slot = entries.isEmpty ? plotWidth : plotWidth / Double(entries.count)
        let barWidth = max(4, slot * 0.3)
        func bar(_ index: Int, _ offset: Double, _ value: Double?, _ name: String, _ quarter: String) -> Bar? {
            guard let value, value.isFinite else { return nil }
            let length = plotHeight / 2 * min(abs(value), scale) / scale
            let x = ChartFrame.left + slot * Double(index) + slot / 2 + offset
            return Bar(
                x: ChartFrame.f(x), y: ChartFrame.f(value >= 0 ? zero - length : zero), width: ChartFrame.f(barWidth),
                height: ChartFrame.f(max(length, 0.5)),
                label: "\(quarter) \(name) drift: \(ReportNumbers.points(value))")
        }
        definitionBars = entries.enumerated().compactMap {
            bar($0.offset, -barWidth, $0.element.definition?.countPoints, "definition", $0.element.quarter)
        }
        marketBars = entries.enumerated().compactMap { bar($0.offset, 0, $0.element.market?.countPoints, "market", $0.element.quarter) }
        ticks = entries.enumerated().map {
            ChartFrame.Tick(x: ChartFrame.f(ChartFrame.left + slot * Double($0.offset) + slot / 2), label: $0.element.quarter)
        }
        zeroY = ChartFrame.f(zero)
        scaleLabel = "±\(Int(scale)) pp"
        summary = entries.map {
            "\($0.quarter): definition \(ReportNumbers.points($0.definition?.countPoints)), market \(ReportNumbers.points($0.market?.countPoints))"
        }.joined(separator: "; ")
    }
}
