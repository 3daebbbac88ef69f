import ArgumentParser
import ICPDomain
import ICPFile
import ICPLedger

/// `icpledger icp plan FILE --workspace W`: what proposing the file would change. Stores nothing.
struct IcpPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what proposing an ICP file would change against the operating revision.",
        discussion: """
            Prints the rule-by-rule changes, the revision distance and the linter's warnings; stores nothing. \
            A file without an 'icp' id plans the creation of a new ICP.
            Exit codes (like terraform plan -detailed-exitcode): 0 no change, 2 changes, 1 error \
            (unreadable or invalid file, unknown workspace or ICP, stale file), 64 usage.
            """)

    @Argument(help: "The ICP file (YAML), or - for standard input.") var file: String
    @Option(help: "The workspace, by name or id (default: the file's 'workspace').") var workspace: String?
    @Option(help: "Evidence you will propose it with: a finding id or a document URL (repeatable; linted).") var evidence: [String] = []
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        for ref in evidence { _ = try CLIValues.evidence(ref) }
    }

    struct View: Encodable {
        var workspace: String
        var icp: ICPID?
        var name: String
        var operatingRevision: Int?
        var summary: PlanSummary
    }

    func run() async throws {
        let code: Int32 = try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.icp") { ledger in
                let target = try await ICPFileTarget.resolve(file, workspace: workspace, ledger: ledger)
                let plan = try await target.plan(ledger, evidence: try evidence.map(CLIValues.evidence))
                if output.json {
                    try Output.json(
                        View(
                            workspace: target.workspace.name, icp: target.icp?.id, name: target.document.definition.name,
                            operatingRevision: target.icp?.publishedRevision, summary: plan.summary))
                } else {
                    Terminal.say(plan.text, terminator: plan.text.hasSuffix("\n") ? "" : "\n")
                }
                return plan.summary.exitCode
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}
