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
            The file carries base-revision = the revision operating now, so plan and propose refuse it once \
            another revision is published. Export is byte-stable. Example:
              icpledger icp export "Mid-market SaaS" --workspace acme > icp.yaml
            """)

    @Argument(help: "The ICP: id, name or name prefix.") var icp: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "Export this revision's definition (default: the one operating, else the draft).") var revision: Int?
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

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
            try await connection.withGateway(label: "icpledger.icp") { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let summary = try await ledger.resolveICP(icp, in: ws.id)
                guard let exported = try await ledger.export(summary, revision: revision, in: ws) else {
                    throw CLIError("there is no revision \(revision ?? 0) of \(summary.name) (it has \(summary.latestRevision))")
                }
                if output.json {
                    return try Output.json(
                        Exported(
                            workspace: ws.name, icp: summary.id, name: exported.name,
                            baseRevision: exported.baseRevision, revision: revision, yaml: exported.yaml))
                }
                print(exported.yaml, terminator: "")
            }
        }
    }
}
