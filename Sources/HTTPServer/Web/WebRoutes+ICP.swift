import Foundation
import Hummingbird
import ICPDomain
import ICPFile
import ICPLedger

/// An ICP's pages: the operating definition (today or on any past day), its history, and any two
/// revisions compared.
extension WebRoutes {
    /// The ICP a path names, in the scope's workspace; 404 when it has none.
    func icpSummary(_ context: LedgerRequestContext, _ scope: Scope) async throws -> ICPSummary {
        let id = try api.icpID(context)
        guard let summary = try await ledger.listICPs(in: scope.access.workspace).first(where: { $0.id == id }) else {
            throw Problem.notFound("There is no ICP \(id) in this workspace.")
        }
        return summary
    }

    struct Crumbs {
        var workspaceName: String
        var workspaceHref: String
        var name: String
        var icpHref: String
    }

    // MARK: The operating ICP

    struct ICPView {
        struct Family {
            var family: String
            var signals: [SignalRow]
        }
        struct SignalRow {
            var rule: String
            var weight: String
            var rationale: String
        }
        struct Reasoned {
            var rule: String
            var reason: String
        }
        struct Role {
            var role: String
            var pain: String
        }
        struct Lint {
            var code: String
            var message: String
        }
        struct Shown {
            var revision: Int
            var effectiveOn: String
            var publishedAt: String
            var publishedBy: String
            var emergency: Bool
            var statement: String
            var mode: String
            var cadence: String
            var missingData: String
            var families: [Family]
            var disqualifiers: [Reasoned]
            var committee: [Role]
            var tierA: String
            var tierB: String
            var tierC: String
            var lint: [Lint]
        }
        var workspaceName: String
        var workspaceHref: String
        var name: String
        var icpHref: String
        var historyHref: String
        var diffHref: String
        var proposeHref: String
        var mayPropose: Bool
        var status: String
        var owner: String
        var nextReview: String
        var day: String
        var shown: Shown?
        var absent: String?
    }

    static func shown(
        _ definition: ICPDefinition, revision: Int, effectiveOn: CalendarDay?, publishedAt: Date?, publishedBy: PrincipalID?, emergency: Bool,
        lint: [LintWarning], scope: Scope
    ) -> ICPView.Shown {
        ICPView.Shown(
            revision: revision, effectiveOn: effectiveOn?.description ?? "—", publishedAt: publishedAt.map(scope.when) ?? "—",
            publishedBy: scope.name(publishedBy), emergency: emergency, statement: definition.statement, mode: definition.mode.rawValue,
            cadence: definition.cadence.description, missingData: definition.missingDataPolicy.rawValue,
            families: SignalFamily.allCases.compactMap { family in
                let signals = definition.signals[family]
                guard !signals.isEmpty else { return nil }
                return ICPView.Family(
                    family: family.fileName,
                    signals: signals.map {
                        .init(rule: $0.fileText, weight: $0.weight.fileText, rationale: $0.rationale)
                    })
            },
            disqualifiers: definition.disqualifiers.map { .init(rule: $0.fileText, reason: $0.reason) },
            committee: definition.committee.map { .init(role: $0.kind.fileName, pain: $0.pain) },
            tierA: definition.thresholds.a.fileText, tierB: definition.thresholds.b.fileText,
            tierC: definition.thresholds.c.fileText, lint: lint.map { .init(code: $0.code.rawValue, message: $0.message) })
    }

    @Sendable func icp(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let summary = try await icpSummary(context, scope)
        let workspace = scope.access.workspace
        let href = "\(scope.href)/icps/\(summary.id)"
        var shown: ICPView.Shown?
        var absent: String?
        var day = ""
        if let text = request.uri.queryParameters.get("on").map({ String($0) }), !text.isEmpty {
            guard let asked = CalendarDay(text) else {
                throw Problem.invalid(
                    "A day is written 2026-03-31.", errors: [.init(field: "on", code: "invalidValue", message: "Not a day.")])
            }
            day = asked.description
            if let record = try await ledger.operatingOn(asked, icp: summary.id, in: workspace) {
                shown = Self.shown(
                    record.definition, revision: record.revision, effectiveOn: record.effectiveOn, publishedAt: record.publishedAt,
                    publishedBy: record.publishedBy, emergency: record.emergency,
                    lint: try await ledger.lint(summary.id, revision: record.revision, in: workspace), scope: scope)
            } else {
                absent = "No revision of this ICP was in force on \(asked)."
            }
        } else if let current = try await ledger.currentICP(summary.id, in: workspace) {
            shown = Self.shown(
                current.definition, revision: current.revision, effectiveOn: current.effectiveOn, publishedAt: current.publishedAt,
                publishedBy: current.publishedBy, emergency: current.emergency,
                lint: try await ledger.lint(summary.id, revision: current.revision, in: workspace), scope: scope)
        } else {
            absent = "No revision of this ICP is in force today: it has not been published yet, or it was retired."
        }
        let view = ICPView(
            workspaceName: scope.summary.name, workspaceHref: scope.href, name: summary.name, icpHref: href, historyHref: "\(href)/history",
            diffHref: "\(href)/diff", proposeHref: "\(href)/propose", mayPropose: scope.access.role >= .editor && summary.status != .retired,
            status: summary.status.rawValue, owner: scope.name(summary.owner),
            nextReview: summary.nextReviewDue.map { "\($0) (\(WebText.daysLeft(summary.daysUntilDue)))" } ?? "—", day: day, shown: shown,
            absent: absent)
        return Self.page("icp", view, title: summary.name, context: context)
    }

    // MARK: History

    struct HistoryView {
        struct Detail {
            var label: String
            var text: String
        }
        struct Item {
            var what: String
            var who: String
            var when: String
            var revision: Int?
            var revisionHref: String?
            var details: [Detail]
            var evidence: [WebText.Evidence]
        }
        var workspaceName: String
        var workspaceHref: String
        var name: String
        var icpHref: String
        struct Finding {
            var text: String
            var href: String
            var when: String
            var status: String
        }
        var items: [Item]
        var olderHref: String?
        var newestHref: String?
        /// The audit findings recorded about this ICP (their own streams), newest first.
        var findings: [Finding]
    }

    static let historyPage = 25

    @Sendable func history(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let summary = try await icpSummary(context, scope)
        let href = "\(scope.href)/icps/\(summary.id)"
        let before = request.uri.queryParameters.get("before", as: Int64.self).flatMap { $0 > 0 ? $0 : nil }
        // The page plus one: whether older events exist.
        let entries = try await ledger.icpActivity(summary.id, in: scope.access.workspace, before: before, limit: Self.historyPage + 1)
        let items = entries.prefix(Self.historyPage).map { Self.historyItem($0, scope: scope, icpHref: href) }
        let findings = try await ledger.findings(in: scope.access.workspace).filter { $0.icpId == summary.id }.sorted {
            $0.recordedAt > $1.recordedAt
        }
        let view = HistoryView(
            workspaceName: scope.summary.name, workspaceHref: scope.href, name: summary.name, icpHref: href, items: Array(items),
            olderHref: entries.count > Self.historyPage ? "\(href)/history?before=\(entries[Self.historyPage - 1].version)" : nil,
            newestHref: before == nil ? nil : "\(href)/history",
            findings: findings.prefix(50).map {
                .init(
                    text: "\(WebText.audit($0.audit)) (\($0.severity.rawValue)): \($0.summary)",
                    href: "\(scope.href)/findings?status=all&finding=\($0.id)",
                    when: scope.when($0.recordedAt), status: $0.isResolved ? "resolved" : "open")
            })
        return Self.page("history", view, title: "History of \(summary.name)", context: context)
    }

    /// One event of the ICP's stream as a line of the timeline: what, who, when, and the why it carries
    /// (rationale, reason, comment, justification, notes) with its evidence. Erased notes show as such.
    static func historyItem(_ entry: ICPActivityEntry, scope: Scope, icpHref: String) -> HistoryView.Item {
        let payload = (try? JSONSerialization.jsonObject(with: Data(entry.payload.utf8))) as? [String: Any] ?? [:]
        func text(_ key: String) -> String? {
            guard let value = payload[key] as? String, !value.isEmpty else { return nil }
            if value.hasPrefix("note:") { return entry.notes?[value] ?? "(erased)" }
            return value
        }
        var details: [HistoryView.Detail] = []
        for (key, label) in [
            ("rationale", "Why"), ("reason", "Reason"), ("comment", "Comment"), ("justification", "Justification"), ("notes", "Notes"),
            ("outcome", "Outcome"), ("effectiveOn", "In force from"), ("dueOn", "Due"),
        ] {
            if let value = text(key) { details.append(.init(label: label, text: value)) }
        }
        if let changes = payload["changes"] as? [Any] { details.append(.init(label: "Changes", text: "\(changes.count)")) }
        let evidence = (payload["evidence"] as? [[String: Any]] ?? []).compactMap { item -> WebText.Evidence? in
            guard let kind = item["kind"] as? String, let ref = item["ref"] as? String else { return nil }
            let reference =
                kind == "finding" ? UUID(uuidString: ref).map { EvidenceRef.finding(FindingID($0)) } : URL(string: ref).map(EvidenceRef.document)
            return reference.map { WebText.evidence($0, workspace: scope.access.workspace) }
        }
        let revision = payload["revision"] as? Int
        return HistoryView.Item(
            what: WebText.eventName(entry.type), who: scope.name(entry.actor), when: scope.when(entry.occurredAt), revision: revision,
            revisionHref: revision.map { "\(icpHref)/revisions/\($0)" }, details: details, evidence: evidence)
    }

    // MARK: Diff

    struct DiffView {
        struct Option {
            var value: Int
            var label: String
            var selected: Bool
        }
        struct Row {
            var part: String
            var before: String
            var after: String
            var kind: String
        }
        struct Compared {
            var from: Int
            var to: Int
            var changeCount: Int
            var distance: String
            var rows: [Row]
        }
        var workspaceName: String
        var workspaceHref: String
        var name: String
        var icpHref: String
        var diffHref: String
        var fromOptions: [Option]
        var toOptions: [Option]
        var compared: Compared?
    }

    @Sendable func diff(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let summary = try await icpSummary(context, scope)
        let href = "\(scope.href)/icps/\(summary.id)"
        let revisions = try await ledger.revisionHistory(summary.id, in: scope.access.workspace)
        let numbers = revisions.map(\.revision)
        let query = request.uri.queryParameters
        let to = query.get("to", as: Int.self) ?? summary.latestRevision
        let from = query.get("from", as: Int.self) ?? max(1, (revisions.first { $0.revision == to }?.baseRevision ?? to - 1))
        var compared: DiffView.Compared?
        if let a = revisions.first(where: { $0.revision == from }), let b = revisions.first(where: { $0.revision == to }) {
            let changes = DefinitionDiff.between(a.definition, b.definition)
            compared = DiffView.Compared(
                from: from, to: to, changeCount: changes.changes.count,
                distance: String(format: "%.3f", RevisionDistance.between(a.definition, b.definition)),
                rows: Self.ruleRows(a.definition, b.definition))
        } else if !revisions.isEmpty, query.get("from") != nil || query.get("to") != nil {
            throw Problem.notFound("This ICP has revisions 1 to \(numbers.max() ?? 1); choose two of them.")
        }
        func options(_ selected: Int) -> [DiffView.Option] {
            revisions.map { .init(value: $0.revision, label: "Revision \($0.revision) (\($0.status.rawValue))", selected: $0.revision == selected) }
        }
        let view = DiffView(
            workspaceName: scope.summary.name, workspaceHref: scope.href, name: summary.name, icpHref: href, diffHref: "\(href)/diff",
            fromOptions: options(from), toOptions: options(to), compared: compared)
        return Self.page("diff", view, title: "Compare revisions of \(summary.name)", context: context)
    }

    /// The two definitions side by side, one row per part and per rule: the scalar parts, then each
    /// family's signals, the disqualifiers and the committee, matched by key and operator.
    static func ruleRows(_ a: ICPDefinition, _ b: ICPDefinition) -> [DiffView.Row] {
        var rows: [DiffView.Row] = []
        func row(_ part: String, _ before: String?, _ after: String?) {
            let kind =
                switch (before, after) {
                case (nil, _): "added"
                case (_, nil): "removed"
                case (let x?, let y?) where x == y: "same"
                default: "changed"
                }
            rows.append(.init(part: part, before: before ?? "—", after: after ?? "—", kind: kind))
        }
        row("Name", a.name, b.name)
        row("Statement", a.statement, b.statement)
        row("Mode", a.mode.rawValue, b.mode.rawValue)
        row("Review cadence", a.cadence.description, b.cadence.description)
        row(
            "Tiers", "A \(a.thresholds.a.fileText), B \(a.thresholds.b.fileText), C \(a.thresholds.c.fileText)",
            "A \(b.thresholds.a.fileText), B \(b.thresholds.b.fileText), C \(b.thresholds.c.fileText)")
        row("Missing data", a.missingDataPolicy.rawValue, b.missingDataPolicy.rawValue)
        func matched<T>(_ part: String, _ left: [T], _ right: [T], key: (T) -> String, text: (T) -> String) {
            // Rules with the same key and operator are told apart by their place: `industry in #2`.
            func keyed(_ items: [T]) -> [(String, T)] {
                var seen: [String: Int] = [:]
                return items.map { item in
                    let base = key(item)
                    let ordinal = seen[base, default: 0]
                    seen[base] = ordinal + 1
                    return (ordinal == 0 ? base : "\(base) #\(ordinal + 1)", item)
                }
            }
            let (beforeList, afterList) = (keyed(left), keyed(right))
            let before = Dictionary(beforeList, uniquingKeysWith: { x, _ in x })
            let after = Dictionary(afterList, uniquingKeysWith: { x, _ in x })
            var order = beforeList.map(\.0)
            for (name, _) in afterList where before[name] == nil { order.append(name) }
            for name in order { row("\(part): \(name)", before[name].map(text), after[name].map(text)) }
        }
        for family in SignalFamily.allCases {
            matched(
                "\(family.fileName) signal", a.signals[family], b.signals[family], key: { "\($0.key) \($0.op.fileName)" },
                text: { "\($0.fileText), weight \($0.weight.fileText)" })
        }
        matched(
            "Disqualifier", a.disqualifiers, b.disqualifiers, key: { "\($0.key) \($0.op.fileName)" },
            text: { "\($0.fileText) — \($0.reason)" })
        matched("Committee", a.committee, b.committee, key: { $0.kind.fileName }, text: { $0.pain })
        return rows
    }
}
