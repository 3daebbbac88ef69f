import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger icp list|show|history|diff|as-of|findings`: reading ICPs at a terminal.
struct IcpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "icp",
        abstract: "Read the ICPs of a workspace: the list, the one in force, its history, diffs, and as of any date.",
        discussion: """
            Workspaces are given by name or by id. ICPs are given by id, by name, or by an unambiguous name prefix.
            Try: icpledger demo && icpledger icp list --workspace demo
            """,
        subcommands: [
            List.self, Show.self, History.self, Diff.self, AsOf.self, Findings.self,
            IcpExportCommand.self, IcpPlanCommand.self, IcpProposeCommand.self, IcpRetireCommand.self, IcpLintCommand.self, IcpReassignCommand.self,
        ])

    struct Common: ParsableArguments {
        @Option(help: "The workspace, by name or id (default: ICPLEDGER_WORKSPACE).")
        var workspace: String?

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @OptionGroup var connection: ConnectionOptions

        /// `--workspace`, else `ICPLEDGER_WORKSPACE`; never a silent default.
        func workspaceName() throws -> String {
            if let workspace { return workspace }
            if let configured = try EnvironmentSettings.loaded.get().workspace { return configured }
            throw CLIError("name the workspace with --workspace NAME (or set ICPLEDGER_WORKSPACE)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The ICPs of a workspace, with their review status today.")
        @OptionGroup var common: Common

        func run() async throws {
            try await CommandFailure.reporting {
                try await common.connection.withGateway(label: "icpledger.icp") { ledger in
                    let ws = try await ledger.workspace(named: try common.workspaceName())
                    let list = try await ledger.listICPs(in: ws.id)
                    if common.json { return try Output.json(list) }
                    let names = try await ledger.names(in: ws.id)
                    let zone = TimeZone(identifier: ws.timeZone) ?? .gmt
                    Terminal.say("Workspace \(ws.name) (\(ws.timeZone)), \(list.count) ICPs\n")
                    Terminal.say(
                        TextTable(
                            headers: [
                                "NAME", "STATUS", "IN FORCE", "OPEN", "OWNER", "LAST PUBLISHED", "LAST REVIEWED", "NEXT REVIEW", "CADENCE",
                                "REVIEW OWED",
                            ],
                            rows: list.map { icp in
                                [
                                    icp.name, icp.status.rawValue, inForce(icp), String(icp.openRevisions),
                                    names[icp.owner] + (icp.orphanedSince == nil ? "" : " (no access)"), Output.day(icp.lastPublishedAt, zone),
                                    Output.day(icp.lastReviewedAt, zone),
                                    icp.nextReviewDue?.description ?? "—", cadence(icp),
                                    icp.overdueAfterTheFactReviews == 0
                                        ? "—" : "after-the-fact" + (icp.overdueAfterTheFactReviews > 1 ? " ×\(icp.overdueAfterTheFactReviews)" : ""),
                                ]
                            }
                        ).render())
                }
            }
        }

        func inForce(_ icp: ICPSummary) -> String {
            let now = icp.inForceRevision.map { "r\($0)" } ?? "—"
            guard let next = icp.scheduled else { return now }
            return now + " (r\(next.revision) from \(next.effectiveOn))"
        }

        func cadence(_ icp: ICPSummary) -> String {
            switch icp.cadenceStatus {
            case .fresh: "fresh (\(icp.daysUntilDue ?? 0)d left)"
            case .dueSoon: "due soon (\(icp.daysUntilDue ?? 0)d left)"
            case .overdue: "OVERDUE (\(-(icp.daysUntilDue ?? 0))d)"
            case .notPublished: "not published"
            case .retired: "retired"
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The revision in force: signals, disqualifiers, buying committee.")
        @Argument(help: "The ICP: id, name or name prefix.") var icp: String
        @OptionGroup var common: Common

        func run() async throws {
            try await CommandFailure.reporting {
                try await common.connection.withGateway(label: "icpledger.icp") { ledger in
                    let ws = try await ledger.workspace(named: try common.workspaceName())
                    let summary = try await ledger.resolveICP(icp, in: ws.id)
                    guard let current = try await ledger.currentICP(summary.id, in: ws.id) else {
                        if let next = summary.scheduled {
                            throw CLIError(
                                "\(summary.name) has no revision in force yet: revision \(next.revision) takes effect on \(next.effectiveOn)")
                        }
                        throw CLIError("\(summary.name) has no revision in force (\(summary.status.rawValue))")
                    }
                    if common.json { return try Output.json(current) }
                    let names = try await ledger.names(in: ws.id)
                    IcpCommand.printDefinition(
                        current.definition,
                        header: """
                            \(current.definition.name) — revision \(current.revision) in force since \(current.effectiveOn) \
                            (published by \(names[current.publishedBy])\(current.emergency ? ", EMERGENCY" : ""))
                            """ + (current.scheduled.map { "\nrevision \($0.revision) is published to take effect on \($0.effectiveOn)" } ?? ""))
                }
            }
        }
    }

    static func printDefinition(_ d: ICPDefinition, header: String) {
        Terminal.say(header)
        Terminal.say("\n\(d.statement)\n")
        Terminal.say(
            "Mode \(d.mode.rawValue), review \(d.cadence.fileName ?? d.cadence.description), tiers A≥\(d.thresholds.a.fileText) B≥\(d.thresholds.b.fileText) C≥\(d.thresholds.c.fileText), missing data \(d.missingDataPolicy.fileName)\n"
        )
        Terminal.say(
            TextTable(
                headers: ["FAMILY", "RULE", "WEIGHT", "WHY"],
                rows: d.signals.all.map { family, s in
                    [family.fileName, s.fileText, s.weight.fileText, Output.clip(s.rationale)]
                }
            ).render())
        Terminal.say("")
        Terminal.say(
            TextTable(
                headers: ["DISQUALIFIER", "REASON"], rows: d.disqualifiers.map { [$0.fileText, Output.clip($0.reason, 80)] }
            ).render())
        Terminal.say("")
        Terminal.say(
            TextTable(headers: ["COMMITTEE SEAT", "PAIN"], rows: d.committee.map { [$0.kind.fileName, Output.clip($0.pain, 80)] }).render())
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every revision: who proposed and approved it, when it took effect, what changed.")
        @Argument(help: "The ICP: id, name or name prefix.") var icp: String
        @Option(help: "Show the history of one rule key across revisions instead.") var rule: String?
        @OptionGroup var common: Common

        func run() async throws {
            try await CommandFailure.reporting {
                try await common.connection.withGateway(label: "icpledger.icp") { ledger in
                    let ws = try await ledger.workspace(named: try common.workspaceName())
                    let summary = try await ledger.resolveICP(icp, in: ws.id)
                    if let rule {
                        let history = RuleHistoryEntry.history(of: rule, in: try await ledger.revisionHistory(summary.id, in: ws.id))
                        if common.json { return try Output.json(history) }
                        Terminal.say("Rule '\(rule)' in \(summary.name)\n")
                        Terminal.say(
                            TextTable(
                                headers: ["REV", "STATUS", "EFFECTIVE", "CHANGE", "RULES"],
                                rows: history.map {
                                    [
                                        "r\($0.revision)", $0.status.rawValue, $0.effectiveOn?.description ?? "—", $0.change,
                                        $0.rules.isEmpty ? "—" : $0.rules.joined(separator: "; "),
                                    ]
                                }
                            ).render())
                        return
                    }
                    let history = try await ledger.revisionHistory(summary.id, in: ws.id)
                    if common.json { return try Output.json(history) }
                    let names = try await ledger.names(in: ws.id)
                    let zone = TimeZone(identifier: ws.timeZone) ?? .gmt
                    Terminal.say("\(summary.name): \(history.count) revisions\n")
                    Terminal.say(
                        TextTable(
                            headers: ["REV", "STATUS", "PROPOSER", "APPROVED BY", "PROPOSED", "EFFECTIVE", "DIST", "CHANGES", "RATIONALE"],
                            rows: history.map { r in
                                [
                                    "r\(r.revision)" + (r.inForce ? " *" : ""), r.status.rawValue, names[r.proposer],
                                    r.approvers.isEmpty ? (r.emergency ? "(emergency)" : "—") : r.approvers.map { names[$0] }.joined(separator: ", "),
                                    Output.day(r.proposedAt, zone), r.effectiveOn?.description ?? "—", String(format: "%.2f", r.revisionDistance),
                                    Output.clip(r.diffSummary, 50), Output.clip(r.rationale, 50),
                                ]
                            }
                        ).render())
                    Terminal.say("\n* = in force")
                    let notes = history.flatMap { r in r.approvalNotes.map { (r.revision, $0) } }
                    if !notes.isEmpty {
                        Terminal.say("\nApproval comments:")
                        for (revision, note) in notes {
                            Terminal.say("  r\(revision) \(names[note.approver]) (\(Output.day(note.approvedAt.date, zone))): \(note.comment)")
                        }
                    }
                }
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What changed between two revisions (default: the latest against the one before).")
        @Argument(help: "The ICP: id, name or name prefix.") var icp: String
        @Option(help: "The earlier revision.") var from: Int?
        @Option(help: "The later revision.") var to: Int?
        @OptionGroup var common: Common

        func run() async throws {
            try await CommandFailure.reporting {
                try await common.connection.withGateway(label: "icpledger.icp") { ledger in
                    let ws = try await ledger.workspace(named: try common.workspaceName())
                    let summary = try await ledger.resolveICP(icp, in: ws.id)
                    let to = to ?? summary.latestRevision
                    let from = from ?? max(1, to - 1)
                    let a = try await ledger.revision(from, of: summary.id, in: ws.id)
                    let b = try await ledger.revision(to, of: summary.id, in: ws.id)
                    let diff = DefinitionDiff.between(a.definition, b.definition)
                    if common.json { return try Output.json(diff) }
                    Terminal.say(
                        "\(summary.name): r\(from) → r\(to), revision distance \(String(format: "%.3f", RevisionDistance.between(a.definition, b.definition)))\n"
                    )
                    if diff.isEmpty {
                        Terminal.say("no change")
                        return
                    }
                    Terminal.say(TextTable(headers: ["CHANGE", "BEFORE", "AFTER"], rows: diff.changes.map(IcpCommand.describe)).render())
                }
            }
        }
    }

    static func describe(_ change: DefinitionChange) -> [String] {
        func list<E>(_ c: ListChange<E>, _ what: String, _ text: (E) -> String) -> [String] {
            switch c {
            case .added(let e): ["+ \(what)", "—", text(e)]
            case .removed(_, let e): ["- \(what)", text(e), "—"]
            case .changed(_, let x, let y): ["~ \(what)", text(x), text(y)]
            case .reordered(let order): ["\(what) order", "", order.map(\.description).joined(separator: ", ")]
            }
        }
        func signal(_ s: Signal) -> String { s.fileText + " (weight \(s.weight.fileText))" }
        switch change {
        case .signal(let family, let c): return list(c, "\(family.fileName) signal", signal)
        case .disqualifier(let c): return list(c, "disqualifier") { $0.fileText }
        case .committeeRole(let c): return list(c, "committee seat") { "\($0.kind.fileName): \(Output.clip($0.pain, 40))" }
        case .name(let a, let b): return ["name", a, b]
        case .statement(let a, let b): return ["statement", Output.clip(a, 40), Output.clip(b, 40)]
        case .mode(let a, let b): return ["mode", a.rawValue, b.rawValue]
        case .cadence(let a, let b): return ["cadence", a.fileName ?? a.description, b.fileName ?? b.description]
        case .thresholds(let a, let b):
            return [
                "tiers", "A≥\(a.a.fileText) B≥\(a.b.fileText) C≥\(a.c.fileText)",
                "A≥\(b.a.fileText) B≥\(b.b.fileText) C≥\(b.c.fileText)",
            ]
        case .missingDataPolicy(let a, let b): return ["missing data", a.fileName, b.fileName]
        }
    }

    struct AsOf: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "as-of",
            abstract: "The ICP operating on a day (effective dates), or as recorded at a moment (when events were stored).")
        @Argument(help: "The ICP: id, name or name prefix.") var icp: String
        @Option(name: .customLong("operating-on"), help: "A day, YYYY-MM-DD: the revision in force that day.") var operatingOn: String?
        @Option(name: .customLong("recorded-at"), help: "An ISO 8601 instant: the ICP as the ledger had recorded it then.") var recordedAt: String?
        @OptionGroup var common: Common

        func validate() throws {
            guard (operatingOn == nil) != (recordedAt == nil) else {
                throw ValidationError("give exactly one of --operating-on YYYY-MM-DD or --recorded-at ISO8601")
            }
            if let operatingOn, CalendarDay(operatingOn) == nil { throw ValidationError("--operating-on wants YYYY-MM-DD, not \(operatingOn)") }
            if let recordedAt, Self.instant(recordedAt) == nil {
                throw ValidationError("--recorded-at wants an ISO 8601 instant such as 2026-03-31T17:00:00Z")
            }
        }

        static func instant(_ text: String) -> Date? {
            let f = ISO8601DateFormatter()
            if let d = f.date(from: text) { return d }
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let d = f.date(from: text) { return d }
            f.formatOptions = [.withFullDate]
            return f.date(from: text)
        }

        func run() async throws {
            try await CommandFailure.reporting {
                try await common.connection.withGateway(label: "icpledger.icp") { ledger in
                    let ws = try await ledger.workspace(named: try common.workspaceName())
                    let summary = try await ledger.resolveICP(icp, in: ws.id)
                    let names = try await ledger.names(in: ws.id)
                    if let operatingOn, let day = CalendarDay(operatingOn) {
                        guard let record = try await ledger.operatingOn(day, icp: summary.id, in: ws.id) else {
                            if common.json { return try Output.json([String: String]()) }
                            Terminal.say("No revision of \(summary.name) was in force on \(day).")
                            return
                        }
                        if common.json { return try Output.json(record) }
                        IcpCommand.printDefinition(
                            record.definition,
                            header: """
                                \(record.definition.name) operating on \(day): revision \(record.revision), effective \(record.effectiveOn?.description ?? "—"), \
                                published by \(names[record.publishedBy])
                                """)
                    } else if let recordedAt, let moment = Self.instant(recordedAt) {
                        guard let recorded = try await ledger.recordedAt(moment, icp: summary.id, in: ws.id) else {
                            Terminal.say("\(summary.name) had not been recorded by \(recordedAt).")
                            return
                        }
                        if common.json {
                            return try Output.json(
                                RecordedView(
                                    moment: moment, events: recorded.eventCount, status: recorded.status.rawValue,
                                    publishedRevision: recorded.publishedRevision, revisions: recorded.revisions,
                                    definition: recorded.definition))
                        }
                        IcpCommand.printDefinition(
                            recorded.definition,
                            header: """
                                \(summary.name) as recorded at \(recordedAt): \(recorded.eventCount) events, status \(recorded.status.rawValue), \
                                \(recorded.publishedRevision.map { "revision \($0) published" } ?? "nothing published yet"), \(recorded.revisions) revisions
                                """)
                    }
                }
            }
        }
    }

    struct RecordedView: Encodable {
        var moment: Date
        var events: Int
        var status: String
        var publishedRevision: Int?
        var revisions: Int
        var definition: ICPDefinition
    }

    struct Findings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Audit findings of the workspace, newest first.")
        @Flag(help: "Only open findings.") var open = false
        @OptionGroup var common: Common

        func run() async throws {
            try await CommandFailure.reporting {
                try await common.connection.withGateway(label: "icpledger.icp") { ledger in
                    let ws = try await ledger.workspace(named: try common.workspaceName())
                    let findings = try await ledger.findings(in: ws.id, openOnly: open)
                    if common.json { return try Output.json(findings) }
                    let zone = TimeZone(identifier: ws.timeZone) ?? .gmt
                    Terminal.say(
                        TextTable(
                            headers: ["ID", "RECORDED", "AUDIT", "SEVERITY", "STATUS", "SUMMARY"],
                            rows: findings.map { f in
                                [
                                    f.id.description, Output.day(f.recordedAt, zone), CLIValues.auditName(f.audit), f.severity.rawValue,
                                    f.isResolved ? (f.resolvedByRevision.map { "resolved by r\($0)" } ?? "resolved by a decision") : "open",
                                    Output.clip(f.summary, 60),
                                ]
                            }
                        ).render())
                }
            }
        }
    }
}
