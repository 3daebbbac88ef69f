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
            Refuses a stale file (another revision was published since it was exported) and a file that \
            changes nothing. Proposing again exactly what your open revision proposes (a retried script) \
            returns that revision and records nothing; when someone else's open revision proposes it, the \
            proposal is refused and names it. The last line of the output is the revision number alone:
              REV=$(icpledger icp propose icp.yaml --rationale "…" | tail -n 1)
            A new ICP is drafted as revision 1 with its owner taken from the file's 'owner' (default: you).
            """)

    @Argument(help: "The ICP file (YAML), or - for standard input.") var file: String
    @Option(help: "The workspace, by name or id (default: the file's 'workspace').") var workspace: String?
    @Option(help: "Why the ICP should change (required for a revision of an existing ICP; kept with a new ICP's draft).") var rationale: String?
    @Option(help: "Evidence: a finding id or a document URL (repeatable).") var evidence: [String] = []
    @Option(help: "A finding this revision answers (its id; repeatable): it is resolved by the revision when that is published.")
    var resolves: [String] = []
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        for ref in evidence { _ = try CLIValues.evidence(ref) }
        for id in resolves where FindingID(id.lowercased()) == nil {
            throw ValidationError("--resolves wants a finding id, not '\(TextEscaping.visible(id, limit: 60))'")
        }
    }

    struct Proposed: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var revision: Int
        var created: Bool
        /// True when an identical open proposal (or draft) by the same person was returned instead.
        var repeated: Bool
        var summary: PlanSummary
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.icp", actor: actor) { ledger in
                let target = try await ICPFileTarget.resolve(file, workspace: workspace, ledger: ledger, allowingNameClash: true)
                let (document, ws) = (target.document, target.workspace)
                let refs = try evidence.map(CLIValues.evidence)
                let name = document.definition.name
                let icp: ICPID
                let revision: Int
                let summary: PlanSummary
                var repeated = false
                if let existing = target.icp {
                    guard let rationale, !rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                        throw CLIError("say why the ICP should change with --rationale TEXT")
                    }
                    // The plan refuses a stale file and counts the changes; the ledger decides the proposal
                    // on its own read of the ICP (a file gone stale in between is refused there).
                    summary = try await target.plan(ledger, evidence: refs).summary
                    let proposal: Proposal
                    do {
                        proposal = try await ledger.propose(
                            existing.id, in: ws, definition: document.definition, rationale: rationale, evidence: refs,
                            basedOn: document.baseRevision ?? 0, resolves: resolves.compactMap { FindingID($0.lowercased()) })
                    } catch LedgerError.refused(.emptyChangeSet) {
                        throw CLIError("\(file): the file changes nothing against the revision it was exported from; nothing proposed")
                    } catch LedgerError.refused(.baseMoved(let edited, let operating)) {
                        let stale = ICPFileDocument.staleness(
                            baseRevision: edited == 0 ? nil : edited,
                            operatingRevision: operating == 0 ? nil : operating)
                        throw CLIError("\(file): \(stale.map { "\($0)" } ?? "the operating revision changed")")
                    }
                    icp = existing.id
                    revision = proposal.revision
                    repeated = proposal.repeated
                } else {
                    guard resolves.isEmpty else {
                        throw CLIError(
                            "a new ICP's first revision cannot resolve findings; once it is published, run: icpledger finding resolve ID --by-revision 1"
                        )
                    }
                    let by = try await ledger.actor(in: ws, needs: .editor)
                    if let existing = try await ledger.listICPs(in: ws.id).first(where: { $0.name == name }) {
                        // The same person sending the same new ICP again (a retried script) gets the draft it made.
                        let history = try await ledger.revisionHistory(existing.id, in: ws.id)
                        guard history.count == 1, let draft = history.first, draft.publishedAt == nil,
                            draft.definition == document.definition, draft.proposer == by
                        else {
                            throw ICPFileTarget.clashError(path: file, clash: existing, workspace: ws)
                        }
                        icp = existing.id
                        repeated = true
                    } else {
                        let owner: PrincipalID
                        if let ownerName = document.owner {
                            do {
                                owner = try await ledger.principal(named: ownerName, in: ws.id)
                            } catch LedgerError.principalNotFound {
                                throw CLIError("\(file): the owner '\(ownerName)' has no role in workspace '\(ws.name)'")
                            }
                        } else {
                            owner = by
                        }
                        icp = try await ledger.draftICP(in: ws, owner: owner, definition: document.definition, rationale: rationale, evidence: refs)
                    }
                    revision = 1
                    summary = ICPPlan(proposed: document.definition, against: nil).summary
                }
                if output.json {
                    return try Output.json(
                        Proposed(
                            workspace: ws.name, icp: icp, name: name, revision: revision,
                            created: document.icp == nil && !repeated, repeated: repeated, summary: summary))
                }
                if repeated {
                    Terminal.say("revision \(revision) of \"\(name)\" already proposes exactly this; nothing new was recorded")
                } else if document.icp == nil {
                    Terminal.say("drafted new ICP \"\(name)\" (\(icp)) as revision \(revision)")
                } else {
                    let s = summary
                    Terminal.say(
                        "proposed revision \(revision) of \"\(name)\": \(s.added) to add, \(s.changed) to change, \(s.removed) to remove"
                            + (s.distance.map { String(format: ", revision distance %.2f", $0) } ?? ""))
                }
                let approve = Shell.command(["icpledger", "revision", "approve", name, String(revision), "--workspace", ws.name])
                Terminal.say("next: an approver runs: \(approve)" + (ledger.actsByToken ? " (with their own token)" : " --as NAME"))
                Terminal.say(String(revision))
            }
        }
    }
}
