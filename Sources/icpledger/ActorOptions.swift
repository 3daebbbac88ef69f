import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `--as PRINCIPAL`: who acts. Default: `ICPLEDGER_ACTOR`, else the OS user name.
/// The name maps to an opaque principal id in the workspace; events carry only the id.
struct ActorOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "Act as this person (default: ICPLEDGER_ACTOR, else your OS user name).", valueName: "principal"))
    var actingAs: String?

    /// The acting person's name: `--as`, else `ICPLEDGER_ACTOR`, else the OS user.
    var name: String {
        actingAs ?? (try? EnvironmentSettings.loaded.get())?.actor ?? NSUserName()
    }

    /// `--as ""` is a mistake, not a request to fall back to someone else; a name must be one a workspace can hold.
    func validate() throws {
        if let actingAs, actingAs.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--as needs a person's name; leave it out to act as ICPLEDGER_ACTOR or your OS user")
        }
        if let problem = TextRule.name.problems(name, at: "name").first {
            throw ValidationError("you act as '\(TextEscaping.visible(name, limit: 40))', which is not a usable name: \(problem.message)")
        }
    }

    /// The acting person's principal id in the workspace; a clear error when they are not known there,
    /// suggesting the grant that `role` (the least role the action needs) calls for.
    func principal(_ ledger: Ledger, _ workspace: WorkspaceSummary, needs role: WorkspaceRole = .editor) async throws -> PrincipalID {
        do {
            return try await ledger.principal(named: name, in: workspace.id)
        } catch LedgerError.principalNotFound {
            throw CLIError(
                "you act as '\(name)', who has no role in workspace '\(workspace.name)'; "
                    + "pass --as NAME (or set ICPLEDGER_ACTOR), or ask an admin to run: "
                    + Shell.command(["icpledger", "principal", "grant", name, "--role", role.rawValue, "--workspace", workspace.name]))
        }
    }
}

/// `--json`: machine-readable output instead of tables.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of readable text.")
    var json = false
}

/// A refusal worded for the terminal (printed as one `icpledger: error: …` line).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Parsing of the small value vocabularies the commands accept.
enum CLIValues {
    static func role(_ text: String) throws -> WorkspaceRole {
        guard let role = WorkspaceRole(rawValue: text.lowercased()) else {
            throw ValidationError("unknown role '\(text)'; use one of: viewer, editor, approver, admin")
        }
        return role
    }

    static let auditNames: [(String, AuditType)] = [
        ("customer", .customer), ("pipeline", .pipeline), ("message", .message), ("win-loss", .winLoss), ("expansion", .expansion),
    ]

    static func audit(_ text: String) throws -> AuditType {
        guard let found = auditNames.first(where: { $0.0 == text.lowercased() }) else {
            throw ValidationError("unknown audit type '\(text)'; use one of: \(auditNames.map(\.0).joined(separator: ", "))")
        }
        return found.1
    }

    static func auditName(_ audit: AuditType) -> String {
        auditNames.first { $0.1 == audit }?.0 ?? audit.rawValue
    }

    static func severity(_ text: String) throws -> FindingSeverity {
        guard let severity = FindingSeverity(rawValue: text.lowercased()) else {
            throw ValidationError("unknown severity '\(text)'; use one of: \(FindingSeverity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return severity
    }

    static func outcome(_ text: String) throws -> ReviewOutcome {
        switch text.lowercased() {
        case "reaffirmed": return .reaffirmed
        case "revision-needed", "revisionneeded": return .revisionNeeded
        default: throw ValidationError("unknown review outcome '\(text)'; use reaffirmed or revision-needed")
        }
    }

    static func day(_ text: String, option: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else { throw ValidationError("\(option) wants a day as YYYY-MM-DD, not '\(text)'") }
        return day
    }

    /// `NAME=VALUE` with a numeric value.
    static func metric(_ text: String) throws -> (String, Double) {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite else {
            throw ValidationError("--metric wants NAME=NUMBER, not '\(text)'")
        }
        return (parts[0], value)
    }

    /// A finding id (UUID) or an http(s) document URL.
    static func evidence(_ text: String) throws -> EvidenceRef {
        if let evidence = EvidenceRef(reference: text) { return evidence }
        throw ValidationError("--evidence wants a finding id (UUID) or an http(s) link to a document, not '\(TextEscaping.visible(text, limit: 80))'")
    }

    /// Today in the workspace's time zone.
    static func today(_ workspace: WorkspaceSummary) -> CalendarDay {
        CalendarDay(Date(), in: TimeZone(identifier: workspace.timeZone) ?? .gmt)
    }
}
