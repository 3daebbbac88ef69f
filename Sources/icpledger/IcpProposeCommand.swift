import ArgumentParser
import ICPDomain
import ICPFile
import ICPLedger

/// `icpledger icp propose FILE --workspace W --rationale TEXT [--evidence REF]...`.
struct IcpProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Record the ICP file as a proposed revision (drafting the ICP if it is new).",
        discussion: """
            Refuses a stale file (another revision was published since it was exported) and a file that
            changes nothing. The last line of the output is the new revision number alone, for scripts:
              REV=$(icpledger icp propose icp.yaml --workspace acme --rationale "…" | tail -n 1)
            A new ICP is drafted as revision 1 with its owner taken from the file's 'owner' (default: you).
            """)

    @Argument(help: "The ICP file (YAML), or - for standard input.") var file: String
    @Option(help: "The workspace, by name or id (default: the file's 'workspace').") var workspace: String?
    @Option(help: "Why the ICP should change (required for a revision of an existing ICP).") var rationale: String?
    @Option(help: "Evidence: a finding id or a document URL (repeatable).") var evidence: [String] = []
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        for ref in evidence { _ = try CLIValues.evidence(ref) }
    }

    struct Proposed: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var revision: Int
        var created: Bool
        var summary: PlanSummary
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await LedgerSession.run(database, label: "icpledger.icp") { ledger, _ in
                let target = try await ICPFileTarget.resolve(file, workspace: workspace, ledger: ledger)
                try target.checkNotStale()
                let by = try await actor.principal(ledger, target.workspace)
                let plan = target.plan
                let ws = target.workspace
                let icp: ICPID
                let revision: Int
                if let state = target.state {
                    guard plan.summary.hasChanges else {
                        throw CLIError("\(file): the file changes nothing against revision \(target.operatingRevision.map(String.init) ?? "1"); nothing proposed")
                    }
                    guard let rationale, !rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                        throw CLIError("say why the ICP should change with --rationale TEXT")
                    }
                    let refs = try evidence.map(CLIValues.evidence)
                    let outcome = try await ledger.proposeDefinition(state.id, in: ws.id, definition: target.document.definition,
                                                                     rationale: rationale, evidence: refs, by: by)
                    icp = state.id
                    revision = outcome.state?.revisions.last?.number ?? state.revisions.count + 1
                } else {
                    let owner: PrincipalID
                    if let ownerName = target.document.owner {
                        do {
                            owner = try await ledger.principal(named: ownerName, in: ws.id)
                        } catch LedgerError.principalNotFound {
                            throw CLIError("\(file): the owner '\(ownerName)' has no role in workspace '\(ws.name)'")
                        }
                    } else {
                        owner = by
                    }
                    icp = ICPID()
                    let outcome = try await ledger.draftICP(icp, in: ws.id, owner: owner, definition: target.document.definition, by: by)
                    revision = outcome.state?.revisions.last?.number ?? 1
                }
                if output.json {
                    return try Output.json(Proposed(workspace: ws.name, icp: icp, name: target.document.definition.name,
                                                    revision: revision, created: target.state == nil, summary: plan.summary))
                }
                let name = target.document.definition.name
                if target.state == nil {
                    print("drafted new ICP \"\(name)\" (\(icp)) as revision \(revision)")
                } else {
                    let s = plan.summary
                    print("proposed revision \(revision) of \"\(name)\": \(s.added) to add, \(s.changed) to change, \(s.removed) to remove"
                          + (s.distance.map { String(format: ", revision distance %.2f", $0) } ?? ""))
                }
                print("next: an approver runs 'icpledger revision approve \"\(name)\" \(revision) --workspace \(ws.name) --as NAME'")
                print(revision)
            }
        }
    }
}
