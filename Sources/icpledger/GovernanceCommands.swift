import ArgumentParser
import Foundation
import ICPDomain
import ICPFile
import ICPLedger

/// `icpledger revision amend NAME REV FILE --workspace W --rationale TEXT`.
struct RevisionAmendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Replace an open proposal with an edited ICP file; approvals it had are dismissed.",
        discussion: """
            The file is read and planned as 'icp plan' reads it (a file exported from a revision that no longer \
            operates is refused). Whoever amends becomes an author of the revision, so they cannot approve it.
            """)
    @OptionGroup var target: RevisionCommand.Target
    @Argument(help: "The edited ICP file (YAML), or - for standard input.") var file: String
    @Option(help: "Why the proposal changes (recorded).") var rationale: String
    @Option(help: "Evidence: a finding id or a document URL (repeatable).") var evidence: [String] = []
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        for ref in evidence { _ = try CLIValues.evidence(ref) }
        guard !rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("say why with --rationale TEXT") }
    }

    struct Amended: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var revision: Int
        var status: String
        var summary: PlanSummary?
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.revision", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: target.workspace)
                let icp = try await ledger.resolveICP(target.icp, in: ws.id)
                let (text, document) = try ICPFileTarget.read(file)
                if let named = document.icp, named != icp.id {
                    throw CLIError("\(file): the file is ICP \(named), not \(icp.name) (\(icp.id))")
                }
                // A file that names its ICP is planned against what operates (and refused when stale).
                let summary =
                    document.icp == nil
                    ? nil
                    : try await ICPFileTarget(path: file, text: text, document: document, workspace: ws, icp: icp).plan(ledger).summary
                let amended = try await ledger.amend(
                    icp.id, revision: target.revision, definition: document.definition, rationale: rationale,
                    evidence: try evidence.map(CLIValues.evidence), in: ws)
                let status = amended.status?.rawValue ?? "unknown"
                if output.json {
                    return try Output.json(
                        Amended(workspace: ws.name, icp: icp.id, name: icp.name, revision: target.revision, status: status, summary: summary))
                }
                let counts = summary.map { ": \($0.added) to add, \($0.changed) to change, \($0.removed) to remove" } ?? ""
                Terminal.say("amended revision \(target.revision) of \"\(icp.name)\"\(counts); its approvals are dismissed")
                let approve = Shell.command(["icpledger", "revision", "approve", icp.name, String(target.revision), "--workspace", ws.name])
                Terminal.say("next: an approver other than you runs: \(approve)")
            }
        }
    }
}

/// `icpledger icp retire NAME --workspace W --reason TEXT`.
struct IcpRetireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire", abstract: "Retire an ICP: it stops operating and leaves the review cadence (approvers and admins).")
    @Argument(help: "The ICP: id, name or name prefix.") var icp: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "Why it is retired (recorded).") var reason: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    struct Retired: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var reason: String
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.icp", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let summary = try await ledger.resolveICP(icp, in: ws.id)
                try await ledger.retire(summary.id, reason: reason, in: ws)
                if output.json { return try Output.json(Retired(workspace: ws.name, icp: summary.id, name: summary.name, reason: reason)) }
                Terminal.say("retired \"\(summary.name)\"")
            }
        }
    }
}

/// `icpledger review complete NAME REV --workspace W --outcome upheld|reverted --notes TEXT`.
struct ReviewCompleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Close the after-the-fact review of an emergency publication (an approver other than its publisher).",
        discussion: """
            upheld: the revision stays. reverted: the definition it replaced is proposed again as a new \
            revision, which goes through approval like any other.
            """)
    @Argument(help: "The ICP: id, name or name prefix.") var icp: String
    @Argument(help: "The emergency-published revision.") var revision: Int
    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "upheld | reverted") var outcome: String
    @Option(help: "What the review concluded (recorded).") var notes: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard AfterTheFactOutcome(rawValue: outcome.lowercased()) != nil else {
            throw ValidationError("unknown outcome '\(outcome)'; use upheld or reverted")
        }
    }

    struct Completed: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var revision: Int
        var outcome: AfterTheFactOutcome
        /// The revision proposing the earlier definition again, when reverted.
        var proposedRevision: Int?
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let result = AfterTheFactOutcome(rawValue: outcome.lowercased()) ?? .upheld
            try await connection.withGateway(label: "icpledger.review", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let summary = try await ledger.resolveICP(icp, in: ws.id)
                let events = try await ledger.completeReview(summary.id, revision: revision, outcome: result, notes: notes, in: ws)
                let proposed =
                    events.contains(EventKind.revisionProposed.rawValue)
                    ? try await ledger.resolveICP(summary.id.description, in: ws.id).latestRevision : nil
                if output.json {
                    return try Output.json(
                        Completed(
                            workspace: ws.name, icp: summary.id, name: summary.name, revision: revision, outcome: result, proposedRevision: proposed))
                }
                Terminal.say("closed the after-the-fact review of \"\(summary.name)\" revision \(revision): \(result.rawValue)")
                if let proposed {
                    Terminal.say("proposed revision \(proposed) with the definition revision \(revision) replaced; it needs an approver")
                } else if result == .reverted {
                    Terminal.say("nothing to propose: what operates already is the earlier definition, or a revision proposing it is open")
                }
            }
        }
    }
}

/// `icpledger finding resolve ID --workspace W (--by-revision N [--icp NAME] | --note TEXT)`.
struct FindingResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Close a finding: by the revision that answers it, or by a recorded decision.")
    @Argument(help: "The finding's id (see 'icpledger icp findings').") var finding: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(name: .customLong("by-revision"), help: "The revision that answers it.") var byRevision: Int?
    @Option(help: "The ICP of that revision (default: the ICP the finding is about).") var icp: String?
    @Option(help: "The decision taken instead, e.g. 'accepted risk; revisit after Q3'.") var note: String?
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard (byRevision == nil) != (note == nil) else { throw ValidationError("give exactly one of --by-revision N or --note TEXT") }
        if let byRevision, byRevision < 1 { throw ValidationError("--by-revision wants a revision number from 1") }
        if icp != nil, byRevision == nil { throw ValidationError("--icp goes with --by-revision") }
        guard UUID(uuidString: finding) != nil else { throw ValidationError("'\(TextEscaping.visible(finding, limit: 60))' is not a finding id") }
    }

    struct Resolved: Encodable {
        var workspace: String
        var finding: FindingID
        var icp: ICPID?
        var revision: Int?
        var note: String?
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.finding", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                guard let id = FindingID(finding.lowercased()),
                    let record = try await ledger.findings(in: ws.id, openOnly: false).first(where: { $0.id == id })
                else { throw CLIError("there is no finding \(finding) in workspace '\(ws.name)'") }
                var answeredBy: ICPSummary? = nil
                let resolution: FindingResolution
                if let byRevision {
                    if let icp {
                        answeredBy = try await ledger.resolveICP(icp, in: ws.id)
                    } else if let about = record.icpId {
                        answeredBy = try await ledger.listICPs(in: ws.id).first { $0.id == about }
                    }
                    guard let answeredBy else { throw CLIError("the finding is about no ICP: name the revision's ICP with --icp NAME") }
                    resolution = .revision(icpId: answeredBy.id, number: byRevision)
                } else {
                    resolution = .decision(note ?? "")
                }
                try await ledger.resolveFinding(id, resolution: resolution, in: ws)
                if output.json {
                    return try Output.json(Resolved(workspace: ws.name, finding: id, icp: answeredBy?.id, revision: byRevision, note: note))
                }
                if let answeredBy, let byRevision {
                    Terminal.say("resolved finding \(id) by revision \(byRevision) of \"\(answeredBy.name)\"")
                } else {
                    Terminal.say("resolved finding \(id) by a decision")
                }
            }
        }
    }
}

/// `icpledger principal revoke NAME --workspace W`.
struct PrincipalRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Take a person's role away (admins only); their tokens stop reaching the workspace.")
    @Argument(help: "The person's name.") var name: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    struct Revoked: Encodable {
        var workspace: String
        var name: String
        var principal: PrincipalID
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.principal", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let principal = try await ledger.revokeRole(of: name, in: ws)
                if output.json { return try Output.json(Revoked(workspace: ws.name, name: name, principal: principal)) }
                Terminal.say("\(name) no longer has a role in \(ws.name)")
            }
        }
    }
}

/// `icpledger icp lint NAME --workspace W [--revision N]`.
struct IcpLintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check an ICP in force (or one revision) against the common ways ICPs go wrong.",
        discussion: "Exit codes: 0 no warning, 2 warnings, 1 error.")
    @Argument(help: "The ICP: id, name or name prefix.") var icp: String
    @Option(help: "Lint this revision instead of the one in force.") var revision: Int?
    @OptionGroup var common: IcpCommand.Common

    struct Linted: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var revision: Int?
        var warnings: [LintWarning]
    }

    func run() async throws {
        let count: Int = try await CommandFailure.reporting {
            try await common.connection.withGateway(label: "icpledger.icp") { ledger in
                let ws = try await ledger.workspace(named: try common.workspaceName())
                let summary = try await ledger.resolveICP(icp, in: ws.id)
                let warnings = try await ledger.lint(summary.id, revision: revision, in: ws)
                if common.json {
                    try Output.json(Linted(workspace: ws.name, icp: summary.id, name: summary.name, revision: revision, warnings: warnings))
                    return warnings.count
                }
                let which = revision.map { "revision \($0)" } ?? "the revision in force"
                if warnings.isEmpty {
                    Terminal.say("\(summary.name), \(which): no warnings")
                } else {
                    Terminal.say("\(summary.name), \(which): \(warnings.count) warning\(warnings.count == 1 ? "" : "s")\n")
                    Terminal.say(
                        TextTable(
                            headers: ["CODE", "RULE", "WHAT", "FIX"],
                            rows: warnings.map { [$0.code.rawValue, $0.code.slug, $0.message, $0.fixHint] }
                        ).render())
                }
                return warnings.count
            }
        }
        if count > 0 { throw ExitCode(2) }
    }
}

/// `icpledger icp reassign NAME --owner PERSON --workspace W`.
struct IcpReassignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Make another person the ICP's owner (approvers and admins); an orphaned ICP needs this once its owner lost access.")
    @Argument(help: "The ICP: id, name or name prefix.") var icp: String
    @Option(help: "The new owner, by name; they need a role in the workspace.") var owner: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    struct Reassigned: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var owner: String
        var principal: PrincipalID
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.icp", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let summary = try await ledger.resolveICP(icp, in: ws.id)
                let principal = try await ledger.principal(named: owner, in: ws.id)
                try await ledger.reassign(summary.id, to: principal, in: ws)
                if output.json {
                    return try Output.json(Reassigned(workspace: ws.name, icp: summary.id, name: summary.name, owner: owner, principal: principal))
                }
                Terminal.say("\(owner) now owns \"\(summary.name)\"")
            }
        }
    }
}

/// `icpledger principal erase NAME --workspace W`.
struct PrincipalEraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a person from a workspace (admins, not themselves): role, name, e-mail, sign-in and tokens.",
        discussion: """
            The words of their comments, reasons, justifications and notes are kept outside the events and go too. \
            Events name people only by an opaque id, so no event changes and every hash chain stays valid. \
            What cannot be removed is reported: events whose free text (rationales, finding summaries, comments \
            written before the side table existed) stays in the history.
            """)
    @Argument(help: "The person's name.") var name: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.principal", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let report = try await ledger.erase(name, in: ws)
                if output.json { return try Output.json(report) }
                Terminal.say("erased a person from \(ws.name): they are \(report.principal) from now on, in every event")
                Terminal.say(
                    "revoked \(report.tokensRevoked) token\(report.tokensRevoked == 1 ? "" : "s"); dropped \(report.storedAnswersDropped) stored "
                        + "answer\(report.storedAnswersDropped == 1 ? "" : "s"); \(report.icpsOrphaned) ICP\(report.icpsOrphaned == 1 ? "" : "s") orphaned"
                )
                if report.keptFreeText.isEmpty {
                    Terminal.say("no event keeps free text they wrote")
                } else {
                    let kept = report.keptFreeText.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                    Terminal.say(
                        "kept, because the hash chain covers them: the free text of \(kept); read them with icp history if they may name the person")
                }
            }
        }
    }
}
