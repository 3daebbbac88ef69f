import Foundation
import Hummingbird
import ICPDomain
import ICPFile
import ICPLedger

/// Proposing, amending, approving, rejecting and publishing revisions from the pages. Every change
/// runs through ``V1Routes/command(_:_:_:)``: the signed-in principal acts, capped at the token's
/// role, and the domain's rules (four eyes among them) decide, whatever buttons a page showed.
extension WebRoutes {
    struct ProposeView {
        var workspaceName: String
        var workspaceHref: String
        var name: String
        var icpHref: String
        var heading: String
        var action: String
        var submitLabel: String
        var csrf: String
        var yaml: String
        var rationale: String
        var evidence: String
        var plan: String?
        var problems: String?
        var fields: [Problem.FieldError]
    }

    func proposeView(_ scope: Scope, _ summary: ICPSummary, amending revision: Int?, context: LedgerRequestContext) -> ProposeView {
        let href = "\(scope.href)/icps/\(summary.id)"
        return ProposeView(
            workspaceName: scope.summary.name, workspaceHref: scope.href, name: summary.name, icpHref: href,
            heading: revision.map { "Amend revision \($0) of \(summary.name)" } ?? "Propose a revision of \(summary.name)",
            action: revision.map { "\(href)/revisions/\($0)/amend" } ?? "\(href)/propose",
            submitLabel: revision == nil ? "Propose" : "Amend the proposal", csrf: context.csrfToken ?? "", yaml: "", rationale: "",
            evidence: "", plan: nil, problems: nil, fields: [])
    }

    /// The ICP's file at a revision (nil: the one operating, else the latest), as the editor starts from it.
    func exportedYAML(_ scope: Scope, _ summary: ICPSummary, revision: Int?) async throws -> String {
        guard let state = try await ledger.icpState(summary.id, in: scope.access.workspace) else { return "" }
        let chosen = revision ?? summary.publishedRevision ?? summary.latestRevision
        return ICPFileDocument.exported(from: state, revision: chosen, workspace: scope.summary.name, owner: scope.name(summary.owner))?.yaml() ?? ""
    }

    @Sendable func proposeForm(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let summary = try await icpSummary(context, scope)
        var view = proposeView(scope, summary, amending: nil, context: context)
        view.yaml = try await exportedYAML(scope, summary, revision: nil)
        return Self.page("propose", view, title: view.heading, context: context)
    }

    @Sendable func amendForm(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let summary = try await icpSummary(context, scope)
        let number = try api.revisionNumber(context)
        let record = try await ledger.revision(number, of: summary.id, in: scope.access.workspace)
        var view = proposeView(scope, summary, amending: number, context: context)
        view.yaml = try await exportedYAML(scope, summary, revision: number)
        view.rationale = record.rationale
        view.evidence = record.evidence.map(\.reference).joined(separator: "\n")
        return Self.page("propose", view, title: view.heading, context: context)
    }

    @Sendable func propose(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        try await submitDefinition(request, context, amending: nil)
    }

    @Sendable func amend(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        try await submitDefinition(request, context, amending: try api.revisionNumber(context))
    }

    /// A posted ICP file: "preview" shows its plan (changes, distance, lint, impact); "propose" stores
    /// it as a new revision (or amends the open one) and goes to the proposal's page. A file that
    /// cannot be read comes back in the form with every problem named.
    func submitDefinition(_ request: Request, _ context: LedgerRequestContext, amending revision: Int?) async throws -> Response {
        let scope = try await scope(request, context)
        let summary = try await icpSummary(context, scope)
        let form = try await WebForm.read(request)
        var view = proposeView(scope, summary, amending: revision, context: context)
        let uploaded = form.text("file")
        view.yaml = uploaded ?? form["yaml"] ?? ""
        view.rationale = form["rationale"] ?? ""
        view.evidence = form["evidence"] ?? ""
        func again(_ problem: Problem) -> Response {
            view.problems = problem.detail
            view.fields = problem.errors
            return Self.page("propose", view, title: view.heading, context: context, status: problem.status)
        }
        let file: ICPFileDocument
        let evidence: [EvidenceRef]
        do {
            guard !view.yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Problem.invalid("Paste the ICP file or upload it.", errors: [.init(field: "yaml", code: "missing", message: "Required.")])
            }
            file = try V1Routes.icpFile(text: view.yaml)
            if let named = file.icp, named != summary.id {
                throw Problem.invalid(
                    "The file is ICP \(named), not this one.", errors: [.init(field: "icp", code: "invalidReference", message: "Names another ICP.")])
            }
            evidence = try WebText.evidenceList(form["evidence"])
        } catch let problem as Problem {
            return again(problem)
        }
        if form["step"] != "propose" {
            let state = try await ledger.icpState(summary.id, in: scope.access.workspace)
            do {
                view.plan = try await ledger.plan(file.definition, against: state, evidence: evidence, in: scope.access.workspace).rendered()
            } catch {
                guard let problem = Problem.from(error) else { throw error }
                return again(problem)
            }
            return Self.page("propose", view, title: view.heading, context: context)
        }
        guard let rationale = form.text("rationale") else {
            return again(
                Problem.invalid("Say why the ICP should change.", errors: [.init(field: "rationale", code: "missing", message: "Required.")]))
        }
        let workspace = scope.access.workspace
        do {
            let outcome = try await api.command(scope.access, request) { actor in
                if let revision {
                    return try await ledger.amendDefinition(
                        summary.id, in: workspace, revision: revision, definition: file.definition, rationale: rationale, evidence: evidence,
                        by: actor)
                }
                return try await ledger.proposeDefinition(
                    summary.id, in: workspace, definition: file.definition, rationale: rationale, evidence: evidence, basedOn: file.baseRevision,
                    resolves: [], by: actor)
            }
            guard let number = revision ?? outcome.revision else {
                return again(Problem.conflict("Nothing was proposed: the file defines the ICP as it already is."))
            }
            return Self.redirect(Self.revisionHref(scope, summary.id, number, outcome, done: revision == nil ? "proposed" : "amended"))
        } catch {
            guard let problem = Problem.from(error), problem.status.code < 500 else { throw error }
            return again(problem)
        }
    }

    /// The proposal's page after a command, waiting for the read models to show it (`after=`).
    static func revisionHref(_ scope: Scope, _ icp: ICPID, _ revision: Int, _ outcome: Ledger.Outcome<some Any>, done: String) -> String {
        var href = "\(scope.href)/icps/\(icp)/revisions/\(revision)?done=\(done)"
        if let cursor = outcome.cursor { href += "&after=\(ConsistencyToken(cursor).text)" }
        return href
    }

    // MARK: The proposal

    struct ProposalView {
        struct Approval {
            var who: String
            var when: String
            var comment: String?
        }
        var workspaceName: String
        var workspaceHref: String
        var name: String
        var icpHref: String
        var href: String
        var amendHref: String
        var csrf: String
        var revision: Int
        var baseRevision: Int
        var status: String
        var statusClass: String
        var proposer: String
        var proposedAt: String
        var rationale: String
        var evidence: [WebText.Evidence]
        var approvals: [Approval]
        var rejection: String?
        var published: String?
        var diffSummary: String
        var distance: String
        var plan: String
        var notice: String?
        var ownProposal: Bool
        var mayApprove: Bool
        var mayReject: Bool
        var mayPublish: Bool
        var mayAmend: Bool
    }

    /// Fixed words for `?done=`: a link cannot put words of its own into the page.
    static let notices = [
        "proposed": "The revision is proposed. A second person with the approver role approves it.",
        "amended": "The proposal is amended; approvals given before the amendment no longer count.",
        "approved": "You approved this revision.", "rejected": "You rejected this revision.", "published": "The revision is published.",
    ]

    @Sendable func proposal(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let summary = try await icpSummary(context, scope)
        let number = try api.revisionNumber(context)
        let workspace = scope.access.workspace
        let record = try await ledger.revision(number, of: summary.id, in: workspace)
        // Planned as it was proposed: against the ICP without this revision and the ones after it, so
        // the plan and its lint speak of this revision's number.
        var state = try await ledger.icpState(summary.id, in: workspace)
        state?.revisions.removeAll { $0.number >= number }
        let plan = try await ledger.plan(record.definition, against: state, evidence: record.evidence, in: workspace).rendered()
        let me = scope.access.principal
        let role = scope.access.role
        let open = record.status == .proposed || record.status == .approved
        let own = record.proposer == me || record.authors.contains(me)
        let href = "\(scope.href)/icps/\(summary.id)/revisions/\(number)"
        var published: String?
        if let at = record.publishedAt {
            published =
                "\(scope.when(at)) by \(scope.name(record.publishedBy)), in force from \(record.effectiveOn?.description ?? "—")"
                + (record.emergency ? " (emergency: \(record.justification ?? ""))" : "")
        }
        let view = ProposalView(
            workspaceName: scope.summary.name, workspaceHref: scope.href, name: summary.name, icpHref: "\(scope.href)/icps/\(summary.id)",
            href: href, amendHref: "\(href)/amend", csrf: context.csrfToken ?? "", revision: number, baseRevision: record.baseRevision,
            status: record.status.rawValue, statusClass: record.status.rawValue, proposer: scope.name(record.proposer),
            proposedAt: scope.when(record.proposedAt), rationale: record.rationale,
            evidence: record.evidence.map { WebText.evidence($0, workspace: workspace) },
            approvals: record.approvalNotes.map { .init(who: scope.name($0.approver), when: scope.when($0.approvedAt.date), comment: $0.comment) }
                + record.approvers.filter { approver in !record.approvalNotes.contains { $0.approver == approver } }.map {
                    .init(who: scope.name($0), when: record.approvedAt.map(scope.when) ?? "", comment: nil)
                },
            rejection: record.rejectedAt.map { "by \(scope.name(record.rejectedBy)), \(scope.when($0)): \(record.rejectionReason ?? "")" },
            published: published, diffSummary: record.diffSummary, distance: String(format: "%.3f", record.revisionDistance), plan: plan,
            notice: request.uri.queryParameters.get("done").flatMap { Self.notices[String($0)] }, ownProposal: own && open,
            mayApprove: open && !own && role >= .approver && !record.approvers.contains(me), mayReject: open && !own && role >= .approver,
            mayPublish: record.status == .approved && role >= .editor, mayAmend: open && role >= .editor)
        return Self.page("proposal", view, title: "\(summary.name), revision \(number)", context: context)
    }

    @Sendable func approve(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let (icp, number) = (try api.icpID(context), try api.revisionNumber(context))
        let form = try await WebForm.read(request)
        let outcome = try await api.command(scope.access, request) { actor in
            try await ledger.approve(icp, in: scope.access.workspace, revision: number, comment: form.text("comment"), by: actor)
        }
        return Self.redirect(Self.revisionHref(scope, icp, number, outcome, done: "approved"))
    }

    @Sendable func reject(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let (icp, number) = (try api.icpID(context), try api.revisionNumber(context))
        let form = try await WebForm.read(request)
        guard let reason = form.text("reason") else {
            throw Problem.invalid("Say why the revision is rejected.", errors: [.init(field: "reason", code: "missing", message: "Required.")])
        }
        let outcome = try await api.command(scope.access, request) { actor in
            try await ledger.reject(icp, in: scope.access.workspace, revision: number, reason: reason, by: actor)
        }
        return Self.redirect(Self.revisionHref(scope, icp, number, outcome, done: "rejected"))
    }

    @Sendable func publish(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let (icp, number) = (try api.icpID(context), try api.revisionNumber(context))
        let form = try await WebForm.read(request)
        var day: CalendarDay?
        if let text = form.text("effectiveOn") {
            guard let parsed = CalendarDay(text) else {
                throw Problem.invalid(
                    "A day is written 2026-03-31.", errors: [.init(field: "effectiveOn", code: "invalidValue", message: "Not a day.")])
            }
            day = parsed
        }
        let effectiveOn = try await api.effectiveDay(day, in: scope.access.workspace)
        let outcome = try await api.command(scope.access, request) { actor in
            try await ledger.publish(icp, in: scope.access.workspace, revision: number, effectiveOn: effectiveOn, by: actor)
        }
        return Self.redirect(Self.revisionHref(scope, icp, number, outcome, done: "published"))
    }
}
