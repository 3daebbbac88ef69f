import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPLedger
import Reports

/// A workspace's findings (filter, record, resolve) and its board report.
extension WebRoutes {
    struct FindingsView {
        struct Option {
            var value: String
            var label: String
            var selected: Bool
        }
        struct Choice {
            var value: String
            var label: String
        }
        struct Row {
            var id: String
            var severity: String
            var audit: String
            var icpName: String?
            var status: String
            var statusClass: String
            var summary: String
            var recommendation: String
            var who: String
            var when: String
            var resolution: String?
            var mayResolve: Bool
            var resolveHref: String
        }
        var workspaceName: String
        var workspaceHref: String
        var findingsHref: String
        var csrf: String
        var audits: [Option]
        var statuses: [Option]
        var icps: [Option]
        var rows: [Row]
        var count: Int
        var previousHref: String?
        var nextHref: String?
        var mayRecord: Bool
        var auditChoices: [Choice]
        var severities: [String]
        var icpChoices: [Choice]
    }

    static let findingsPage = 25

    @Sendable func findings(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let workspace = scope.access.workspace
        let query = request.uri.queryParameters
        let audit = query.get("audit").flatMap { AuditType(rawValue: String($0)) }
        let status = query.get("status").map { String($0) } ?? "open"
        let icpFilter = query.get("icp").flatMap { ICPID(String($0)) }
        let single = query.get("finding").flatMap { UUID(uuidString: String($0)) }.map(FindingID.init)
        let page = max(1, min(query.get("page", as: Int.self) ?? 1, 100_000))
        let icps = try await ledger.listICPs(in: workspace)
        let names = Dictionary(icps.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let all = try await ledger.findings(in: workspace, openOnly: status == "open" && single == nil)
        let matching = all.filter { finding in
            if let single { return finding.id == single }
            if let audit, finding.audit != audit { return false }
            if let icpFilter, finding.icpId != icpFilter { return false }
            if status == "resolved", !finding.isResolved { return false }
            return true
        }.sorted { $0.recordedAt > $1.recordedAt }
        let shown = matching.dropFirst((page - 1) * Self.findingsPage).prefix(Self.findingsPage)
        let href = "\(scope.href)/findings"
        func pageHref(_ number: Int) -> String {
            var parts = ["status=\(status == "resolved" || status == "all" ? status : "open")", "page=\(number)"]
            if let audit { parts.append("audit=\(audit.rawValue)") }
            if let icpFilter { parts.append("icp=\(icpFilter)") }
            return "\(href)?\(parts.joined(separator: "&"))"
        }
        let mayEdit = scope.access.role >= .editor
        let view = FindingsView(
            workspaceName: scope.summary.name, workspaceHref: scope.href, findingsHref: href, csrf: context.csrfToken ?? "",
            audits: [.init(value: "", label: "Every audit", selected: audit == nil)]
                + AuditType.allCases.map { .init(value: $0.rawValue, label: WebText.audit($0), selected: $0 == audit) },
            statuses: [("open", "Open"), ("resolved", "Resolved"), ("all", "All")].map { .init(value: $0.0, label: $0.1, selected: $0.0 == status) },
            icps: [.init(value: "", label: "Every ICP", selected: icpFilter == nil)]
                + icps.map { .init(value: $0.id.description, label: $0.name, selected: $0.id == icpFilter) },
            rows: shown.map { finding in
                var resolution: String?
                if let at = finding.resolvedAt {
                    resolution =
                        "resolved \(scope.when(at))"
                        + (finding.resolvedByRevision.map { " by revision \($0)" } ?? "") + (finding.resolutionText.map { ": \($0)" } ?? "")
                }
                return .init(
                    id: finding.id.description, severity: finding.severity.rawValue, audit: WebText.audit(finding.audit),
                    icpName: finding.icpId.flatMap { names[$0] }, status: finding.isResolved ? "resolved" : "open",
                    statusClass: finding.isResolved ? "resolved" : "proposed", summary: finding.summary, recommendation: finding.recommendation,
                    who: scope.name(finding.recordedBy), when: scope.when(finding.recordedAt), resolution: resolution,
                    mayResolve: mayEdit && !finding.isResolved, resolveHref: "\(href)/\(finding.id)/resolve")
            },
            count: matching.count, previousHref: page > 1 ? pageHref(page - 1) : nil,
            nextHref: matching.count > page * Self.findingsPage ? pageHref(page + 1) : nil, mayRecord: mayEdit,
            auditChoices: AuditType.allCases.map { .init(value: $0.rawValue, label: WebText.audit($0)) },
            severities: FindingSeverity.allCases.map(\.rawValue), icpChoices: icps.map { .init(value: $0.id.description, label: $0.name) })
        return Self.page("findings", view, title: "Findings — \(scope.summary.name)", context: context)
    }

    @Sendable func recordFinding(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let form = try await WebForm.read(request)
        guard let audit = form["audit"].flatMap(AuditType.init(rawValue:)) else {
            throw Problem.invalid("Choose the audit.", errors: [.init(field: "audit", code: "invalidValue", message: "Not an audit type.")])
        }
        guard let severity = form["severity"].flatMap(FindingSeverity.init(rawValue:)) else {
            throw Problem.invalid("Choose the severity.", errors: [.init(field: "severity", code: "invalidValue", message: "Not a severity.")])
        }
        var icp: ICPID?
        if let text = form.text("icp") {
            guard let id = ICPID(text) else {
                throw Problem.invalid("Choose an ICP of this workspace.", errors: [.init(field: "icp", code: "invalidValue", message: "Not an ICP.")])
            }
            icp = id
        }
        let id = FindingID()
        let outcome = try await api.command(scope.access, request) { actor in
            try await ledger.recordFinding(
                id, in: scope.access.workspace, audit: audit, summary: form.text("summary") ?? "", severity: severity,
                recommendation: form.text("recommendation") ?? "", icp: icp, by: actor)
        }
        var href = "\(scope.href)/findings?finding=\(id)"
        if let cursor = outcome.cursor { href += "&after=\(ConsistencyToken(cursor).text)" }
        return Self.redirect(href)
    }

    @Sendable func resolveFinding(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let text = try context.parameters.require("finding")
        guard let uuid = UUID(uuidString: text) else { throw Problem.notFound("There is no finding \(text).") }
        let form = try await WebForm.read(request)
        guard let decision = form.text("decision") else {
            throw Problem.invalid("Say what closes the finding.", errors: [.init(field: "decision", code: "missing", message: "Required.")])
        }
        let outcome = try await api.command(scope.access, request) { actor in
            try await ledger.resolveFinding(FindingID(uuid), in: scope.access.workspace, resolution: .decision(decision), by: actor)
        }
        var href = "\(scope.href)/findings?status=all&finding=\(uuid)"
        if let cursor = outcome.cursor { href += "&after=\(ConsistencyToken(cursor).text)" }
        return Self.redirect(href)
    }

    // MARK: Board report

    struct ReportBarView {
        var workspaceHref: String
        var reportHref: String
        var quarter: String
        var generatedAt: String
        var events: Int
        var csrf: String
    }

    /// The report's own page with its inline styles; like every page, it runs no script.
    static let reportPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The latest report this instance rendered for the workspace and quarter; the first visit renders one.
    @Sendable func report(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let quarter = Self.reportQuarter(request.uri.queryParameters.get("quarter").map { String($0) })
        let key = "\(scope.access.workspace) \(scope.access.principal) \(quarter)"
        let entry: RenderedReports.Entry
        if let rendered = reports.get(key) { entry = rendered } else { entry = try await renderReport(scope, quarter: quarter, key: key) }
        return reportPage(entry, scope: scope, quarter: quarter, context: context)
    }

    /// Renders the report again: a new checkpoint is signed when the log grew since the last one.
    @Sendable func renderReport(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let form = try await WebForm.read(request)
        let quarter = Self.reportQuarter(form["quarter"])
        _ = try await renderReport(scope, quarter: quarter, key: "\(scope.access.workspace) \(scope.access.principal) \(quarter)")
        return Self.redirect("\(scope.href)/report?quarter=\(quarter)")
    }

    static func reportQuarter(_ text: String?) -> String {
        guard let text, !text.isEmpty, text.utf8.count <= 20,
            text.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else { return "previous" }
        return text
    }

    func renderReport(_ scope: Scope, quarter: String, key: String) async throws -> RenderedReports.Entry {
        let signer = try api.requireSigner()
        let report = try await Ledger.$roleCeiling.withValue(scope.access.caller.maxRole) {
            try await api.report(scope.access.workspace, quarter: quarter, signer: signer, by: scope.access.principal)
        }
        let entry = RenderedReports.Entry(
            html: BoardReportRenderer.render(report, as: .html), generatedAt: report.generatedAt, events: report.checkpoint.size)
        reports.put(entry, for: key)
        return entry
    }

    func reportPage(_ entry: RenderedReports.Entry, scope: Scope, quarter: String, context: LedgerRequestContext) -> Response {
        let bar =
            WebTemplates.library.render(
                ReportBarView(
                    workspaceHref: scope.href, reportHref: "\(scope.href)/report", quarter: quarter, generatedAt: scope.when(entry.generatedAt),
                    events: entry.events, csrf: context.csrfToken ?? ""), withTemplate: "reportBar") ?? ""
        var html = entry.html
        if let body = html.range(of: "<body>") { html.insert(contentsOf: "\n" + bar, at: body.upperBound) }
        return Self.text(
            html, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-store", .contentSecurityPolicy: Self.reportPolicy],
            context: context)
    }
}
