import ArgumentParser
import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerApplication
import Reports

/// `icpledger report board`: the board's quarterly report on ICP drift, with a signed checkpoint of
/// the log behind it (direct database access: the signing key file must be on this machine).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for the board.",
        subcommands: [Board.self])

    struct Board: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The quarter's board report: revisions, disqualifiers, definition and market drift, fit share, findings, cadence, lint.",
            discussion: """
                Every figure comes from the workspace's events as one signed checkpoint covers them; the report ends \
                with that checkpoint, which `icpledger verify --offline --checkpoint` checks against an export. The key is \
                --key, else ICPLEDGER_SIGNING_KEY, else (embedded database only) .icpledger/signing.key, made on first use.
                """)

        @Option(help: "The workspace, by name or id.") var workspace: String?
        @Flag(help: "One report across every workspace where you hold a role.") var allWorkspaces = false
        @Option(help: "FY2026-Q3 (fiscal year named by the year it ends), current or previous.") var quarter = "previous"
        @Option(help: "json, md or html.") var format: String = "md"
        @Option(help: "Write the report to this file instead of the terminal.") var out: String?
        @Option(help: "The signing key file (default: ICPLEDGER_SIGNING_KEY).") var key: String?
        @OptionGroup var actor: ActorOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if allWorkspaces == (workspace != nil) { throw ValidationError("name one --workspace, or pass --all-workspaces") }
            if BoardReportRenderer.Format(rawValue: format) == nil { throw ValidationError("--format is json, md or html") }
        }

        func run() async throws {
            try await CommandFailure.reporting {
                let format = BoardReportRenderer.Format(rawValue: format) ?? .md
                let configuration = try database.configuration(key.map { [.signingKey: $0] } ?? [:])
                let made: (String, CheckpointSigner) -> Void = { path, signer in
                    Terminal.complain(
                        "icpledger: made a checkpoint signing key at \(TextEscaping.visible(path)); verifiers pin its public key: \(signer.verifier.text)"
                    )
                }
                guard let signer = try CheckpointKey.load(configuration, made: made) else {
                    throw CLIError(
                        "no signing key: pass --key FILE or set ICPLEDGER_SIGNING_KEY (make one with: icpledger key create --out FILE)")
                }
                let reports: [BoardReport] = try await database.withLedger(label: "icpledger.report") { ledger in
                    var reports: [BoardReport] = []
                    let workspaces = allWorkspaces ? try await ledger.listWorkspaces() : [try await ledger.workspace(named: workspace ?? "")]
                    for ws in workspaces {
                        let principal: PrincipalID
                        do {
                            principal = try await actor.principal(ledger, ws, needs: .viewer)
                        } catch  where allWorkspaces {
                            continue  // not a member there: not part of this person's report
                        }
                        do {
                            reports.append(try await ledger.boardReport(ws.id, quarter: quarter, signer: signer, by: principal))
                        } catch LedgerError.refused(.insufficientRole) where allWorkspaces {
                            continue
                        }
                    }
                    return reports
                }
                if allWorkspaces && reports.isEmpty { throw CLIError("you hold a role in no workspace: there is nothing to report") }
                let text =
                    reports.count == 1 && !allWorkspaces
                    ? BoardReportRenderer.render(reports[0], as: format) : BoardReportRenderer.render(reports, as: format)
                guard let out else { return Terminal.say(text, terminator: "") }
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                for report in reports {
                    Terminal.complain(
                        "icpledger: \(TextEscaping.visible(report.workspace.name)) \(report.quarter.label): checkpoint of \(report.checkpoint.size) events, root \(report.checkpoint.root)"
                    )
                }
                Terminal.complain("icpledger: wrote \(TextEscaping.visible(out))")
            }
        }
    }
}
