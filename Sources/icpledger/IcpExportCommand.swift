import ArgumentParser
import ICPDomain
import ICPFile
import ICPLedger

/// `icpledger icp export NAME --workspace W [--revision N]`: the ICP as a YAML file.
struct IcpExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the ICP as a YAML file to edit and review (docs/icp-file.md).",
        discussion: """
            The file carries base-revision = the revision operating now, so plan and propose refuse it once
            another revision is published. Export is byte-stable. Example:
              icpledger icp export "Mid-market SaaS" --workspace acme > icp.yaml
            """)

    @Argument(help: "The ICP: id, name or name prefix.") var icp: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "Export this revision's definition (default: the one operating, else the draft).") var revision: Int?
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    /// `--json`: the file's text with what it was exported from.
    struct Exported: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var baseRevision: Int?
        var revision: Int?
        var yaml: String
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await database.withLedger(label: "icpledger.icp") { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let summary = try await ledger.resolveICP(icp, in: ws.id)
                guard let state = try await ledger.icpState(summary.id, in: ws.id) else { throw LedgerError.icpNotFound(icp) }
                let names = try await PrincipalNames.load(ledger, ws.id)
                guard let document = ICPFileDocument.exported(from: state, revision: revision, workspace: ws.name, owner: names[state.owner])
                else { throw CLIError("there is no revision \(revision ?? 0) of \(summary.name) (it has \(state.revisions.count))") }
                let definition = document.definition
                if output.json {
                    return try Output.json(
                        Exported(
                            workspace: ws.name, icp: state.id, name: definition.name,
                            baseRevision: state.publishedRevision, revision: revision, yaml: document.yaml()))
                }
                print(document.yaml(), terminator: "")
            }
        }
    }
}
