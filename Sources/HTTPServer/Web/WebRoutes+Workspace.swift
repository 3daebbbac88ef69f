import Foundation
import Hummingbird
import ICPDomain
import ICPLedger

/// The pages across workspaces (portfolio, schedule) and a workspace's own page.
extension WebRoutes {
    /// What every page inside a workspace needs: the caller's access, the workspace's settings, its
    /// time zone and the names of its people.
    struct Scope {
        var access: V1Routes.Access
        var summary: WorkspaceSummary
        /// The workspace's time zone, as a calendar.
        var calendar: Calendar
        var names: [PrincipalID: String]

        func name(_ principal: PrincipalID?) -> String {
            guard let principal else { return "the system" }
            return names[principal] ?? principal.rawValue
        }

        var href: String { "/w/\(access.workspace)" }
        func when(_ date: Date) -> String { WebText.moment(date, in: calendar) }
    }

    func scope(_ request: Request, _ context: LedgerRequestContext) async throws -> Scope {
        let access = try await api.access(request, context)
        guard let summary = try await ledger.workspaceSummary(access.workspace) else {
            throw Problem.notFound("There is no workspace \(access.workspace).")
        }
        let names = Dictionary(try await ledger.principals(in: access.workspace).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return Scope(
            access: access, summary: summary, calendar: WebText.calendar(in: TimeZone(identifier: summary.timeZone) ?? .gmt), names: names)
    }

    // MARK: Portfolio

    struct PortfolioView {
        struct Waiting {
            var revision: Int
            var href: String
        }
        struct Row {
            var name: String
            var icpHref: String
            var workspaceName: String
            var workspaceHref: String
            var statusClass: String
            var statusLabel: String
            var due: String
            var daysText: String
            var owner: String
            var waiting: [Waiting]
            var rank: Int
        }
        struct WorkspaceLink {
            var name: String
            var href: String
            var role: String
        }
        // Mustache reads stored properties only (through Mirror): the counts are stored.
        var entries: [Row]
        var hasEntries: Bool
        var countText: String
        var workspaces: [WorkspaceLink]

        init(entries: [Row], workspaces: [WorkspaceLink]) {
            self.entries = entries
            hasEntries = !entries.isEmpty
            countText = entries.count == 1 ? "1 ICP" : "\(entries.count) ICPs"
            self.workspaces = workspaces
        }
    }

    /// Urgency on the portfolio page: overdue, owed reviews, no owner, waiting for my approval, due soon, the rest.
    static func rank(_ status: PortfolioStatus, waiting: Bool) -> Int {
        switch status {
        case .overdue: 0
        case .owedReview: 1
        case .orphaned: 2
        case _ where waiting: 3
        case .dueSoon: 4
        case .fresh: 5
        case .notPublished: 6
        }
    }

    @Sendable func portfolio(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        // Each workspace is read once, for the portfolio and for what waits for this person's approval.
        let workspaces = try await ledger.portfolioWorkspaces(of: caller.account, limitedTo: caller.workspace)
        let entries = PortfolioEntry.portfolio(workspaces)
        var waiting: [ICPID: [PortfolioView.Waiting]] = [:]
        var links: [PortfolioView.WorkspaceLink] = []
        for workspace in workspaces {
            guard let role = caller.effectiveRole(workspace.role) else { continue }
            let id = workspace.summary.id, me = workspace.principal
            links.append(.init(name: workspace.summary.name, href: "/w/\(id)", role: role.rawValue))
            guard role >= .approver else { continue }
            for icp in workspace.icps where icp.openRevisions > 0 {
                for revision in try await ledger.revisionHistory(icp.id, in: id)
                where revision.status == .proposed && revision.proposer != me && !revision.authors.contains(me) && !revision.approvers.contains(me) {
                    waiting[icp.id, default: []].append(
                        .init(revision: revision.revision, href: "/w/\(id)/icps/\(icp.id)/revisions/\(revision.revision)"))
                }
            }
        }
        var rows = entries.map { entry in
            let mine = waiting[entry.icp] ?? []
            let rank = Self.rank(entry.status, waiting: !mine.isEmpty)
            return PortfolioView.Row(
                name: entry.name, icpHref: "/w/\(entry.workspace)/icps/\(entry.icp)", workspaceName: entry.workspaceName,
                workspaceHref: "/w/\(entry.workspace)", statusClass: rank == 3 ? "waiting" : entry.status.rawValue,
                statusLabel: rank == 3 ? "waiting for you" : entry.status.label, due: entry.dueOn?.description ?? "—",
                daysText: WebText.daysLeft(entry.daysLeft), owner: entry.ownerName ?? entry.owner.rawValue, waiting: mine, rank: rank)
        }
        // A stable sort keeps the portfolio's own order (longest overdue first, soonest due first) within a rank.
        rows = rows.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
        links.sort { $0.name.lowercased() < $1.name.lowercased() }
        return Self.page("portfolio", PortfolioView(entries: rows, workspaces: links), title: "Portfolio", context: context)
    }

    // MARK: Workspace

    struct WorkspaceView {
        struct ICPRow {
            var name: String
            var href: String
            var status: String
            var operating: String
            var cadence: String
            var cadenceClass: String
            var due: String
            var openRevisions: Int
        }
        struct ProposalRow {
            var icpName: String
            var revision: Int
            var href: String
            var status: String
            var statusClass: String
            var proposer: String
            var when: String
        }
        struct FindingRow {
            var severity: String
            var audit: String
            var summary: String
            var when: String
        }
        struct ActivityRow {
            var what: String
            var who: String
            var when: String
        }
        var name: String
        var timeZone: String
        var role: String
        var findingsHref: String
        var reportHref: String
        var halt: String?
        var hasICPs: Bool
        var icps: [ICPRow]
        var proposals: [ProposalRow]
        var findings: [FindingRow]
        var activity: [ActivityRow]
    }

    @Sendable func workspace(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let workspace = scope.access.workspace
        let icps = try await ledger.listICPs(in: workspace)
        var proposals: [WorkspaceView.ProposalRow] = []
        for icp in icps where icp.openRevisions > 0 {
            for revision in try await ledger.revisionHistory(icp.id, in: workspace) where [.proposed, .approved].contains(revision.status) {
                proposals.append(
                    .init(
                        icpName: icp.name, revision: revision.revision, href: "\(scope.href)/icps/\(icp.id)/revisions/\(revision.revision)",
                        status: revision.status.rawValue, statusClass: revision.status.rawValue, proposer: scope.name(revision.proposer),
                        when: scope.when(revision.proposedAt)))
            }
        }
        let severityOrder: [FindingSeverity] = [.critical, .high, .medium, .low]
        let findings = try await ledger.findings(in: workspace, openOnly: true)
            .sorted {
                (severityOrder.firstIndex(of: $0.severity) ?? 9, $1.recordedAt) < (severityOrder.firstIndex(of: $1.severity) ?? 9, $0.recordedAt)
            }
            .prefix(10)
        let view = WorkspaceView(
            name: scope.summary.name, timeZone: scope.summary.timeZone, role: scope.access.role.rawValue, findingsHref: "\(scope.href)/findings",
            reportHref: "\(scope.href)/report", halt: try await ledger.projectionHalt(in: workspace).map { "\($0)" },
            hasICPs: !icps.isEmpty,
            icps: icps.map { icp in
                .init(
                    name: icp.name, href: "\(scope.href)/icps/\(icp.id)", status: icp.status.rawValue,
                    operating: icp.inForceRevision.map { "revision \($0)" } ?? "none", cadence: icp.cadenceStatus.rawValue,
                    cadenceClass: icp.cadenceStatus.rawValue, due: icp.nextReviewDue?.description ?? "—", openRevisions: icp.openRevisions)
            },
            proposals: proposals,
            findings: findings.map {
                .init(severity: $0.severity.rawValue, audit: WebText.audit($0.audit), summary: $0.summary, when: scope.when($0.recordedAt))
            },
            activity: try await ledger.activity(in: workspace, limit: 15).map {
                .init(what: WebText.eventName($0.type), who: scope.name($0.actor), when: scope.when($0.occurredAt))
            })
        return Self.page("workspace", view, title: scope.summary.name, context: context)
    }

    // MARK: Schedule

    struct ScheduleView {
        struct Row {
            var name: String
            var icpHref: String
            var workspaceName: String
            var due: String
            var daysText: String
            var owner: String
        }
        var overdue: [Row]
        var upcoming: [Row]
        var feedCount: Int
        var feedPath: String?
    }

    @Sendable func schedule(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        try await schedulePage(context, feedPath: nil)
    }

    /// Makes a calendar feed and shows its address in the answer itself, once: never in a URL the
    /// browser would keep in its history.
    @Sendable func createCalendarFeed(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let (_, secret) = try await ledger.createCalendarFeed(for: caller.account, workspace: caller.workspace)
        return try await schedulePage(context, feedPath: "/calendar/\(secret).ics")
    }

    func schedulePage(_ context: LedgerRequestContext, feedPath: String?) async throws -> Response {
        let caller = try context.requireCaller()
        let entries = try await ledger.portfolio(of: caller.account, limitedTo: caller.workspace).filter { $0.dueOn != nil }
        func row(_ entry: PortfolioEntry) -> ScheduleView.Row {
            .init(
                name: entry.name, icpHref: "/w/\(entry.workspace)/icps/\(entry.icp)", workspaceName: entry.workspaceName,
                due: entry.dueOn?.description ?? "", daysText: WebText.daysLeft(entry.daysLeft), owner: entry.ownerName ?? entry.owner.rawValue)
        }
        let overdue = entries.filter { ($0.daysLeft ?? 0) < 0 }.sorted { ($0.daysLeft ?? 0) < ($1.daysLeft ?? 0) }
        let upcoming = entries.filter { ($0.daysLeft ?? 0) >= 0 }.sorted { ($0.daysLeft ?? 0) < ($1.daysLeft ?? 0) }
        let feeds = try await ledger.calendarFeeds(of: caller.account).filter { $0.revokedAt == nil }
        let view = ScheduleView(overdue: overdue.map(row), upcoming: upcoming.map(row), feedCount: feeds.count, feedPath: feedPath)
        return Self.page("schedule", view, title: "Review schedule", context: context)
    }
}
