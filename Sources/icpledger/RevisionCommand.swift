import ArgumentParser
import ICPDomain
import ICPLedger

/// `icpledger revision approve|reject|publish|emergency-publish NAME REV`: the four-eyes path to publication.
struct RevisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revision",
        abstract: "Show a revision, or decide on a proposed one: approve, reject, publish, amend, or (admins) emergency-publish.",
        discussion: """
            Four-eyes: whoever proposed or amended a revision cannot approve or reject it, and only an \
            approved revision can be published. emergency-publish (admins only) publishes at once, records \
            the bypass, and opens an after-the-fact review by another approver.
            """,
        subcommands: [
            RevisionApproveCommand.self, RevisionRejectCommand.self, RevisionPublishCommand.self,
            RevisionEmergencyPublishCommand.self, RevisionAmendCommand.self, RevisionShowCommand.self,
        ])

    /// What every revision subcommand names: the ICP, the revision, the workspace.
    struct Target: ParsableArguments {
        @Argument(help: "The ICP: id, name or name prefix.") var icp: String
        @Argument(help: "The revision number.") var revision: Int
        @Option(help: "The workspace, by name or id.") var workspace: String
    }

    /// The result every revision subcommand prints (as JSON with --json).
    struct Decided: Encodable {
        var workspace: String
        var icp: ICPID
        var name: String
        var revision: Int
        var status: String
        var effectiveOn: CalendarDay?
    }

    /// Resolves the target, takes the decision as the acting person, prints the outcome.
    static func decide(
        _ target: Target, _ decision: RevisionDecision, actor: ActorOptions, output: OutputOptions, connection: ConnectionOptions
    ) async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.revision", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: target.workspace)
                let icp = try await ledger.resolveICP(target.icp, in: ws.id)
                let decided = try await ledger.decide(decision, icp: icp, revision: target.revision, in: ws)
                let status = decided.status.map { $0.rawValue } ?? "unknown"
                if output.json {
                    return try Output.json(
                        Decided(
                            workspace: ws.name, icp: icp.id, name: icp.name, revision: target.revision,
                            status: status, effectiveOn: decided.effectiveOn))
                }
                let effective = decided.effectiveOn.map { ", effective \($0)" } ?? ""
                Terminal.say("\(icp.name) revision \(target.revision): \(kebab(status))\(effective)")
            }
        }
    }

    /// `emergencyPublished` → `emergency-published`, for people.
    static func kebab(_ text: String) -> String {
        text.reduce(into: "") { result, character in
            if character.isUppercase { result += "-" + character.lowercased() } else { result.append(character) }
        }
    }
}

/// `--effective YYYY-MM-DD [--backdated]`, shared by `publish` and `emergency-publish`.
struct EffectiveDayOption: ParsableArguments {
    @Option(help: "The day it takes effect, YYYY-MM-DD (default: today in the workspace's time zone).") var effective: String?
    @Flag(help: "Allow an effective day before the revision was proposed (recording a decision taken earlier).")
    var backdated = false

    func validate() throws {
        if let effective { _ = try CLIValues.day(effective, option: "--effective") }
    }

    /// The day given; nil for today in the workspace's time zone.
    func day() throws -> CalendarDay? {
        try effective.map { try CLIValues.day($0, option: "--effective") }
    }
}
