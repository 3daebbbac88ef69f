import ArgumentParser
import LedgerConfiguration
import Logging

/// `icpledger`: governs a company's Ideal Customer Profile as an append-only history.
@main
struct ICPLedgerCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "icpledger",
        abstract: "Govern your Ideal Customer Profile as an append-only, verifiable history.",
        discussion: """
            The database comes from DATABASE_URL (or the libpq PG* variables). With neither set, \
            icpledger starts its own PostgreSQL cluster in .icpledger/postgres (see --data-dir).

            Exit codes: 0 success, 1 the operation failed (one line on stderr says why), \
            2 `icp plan` found changes (or `icp lint` warnings), 3 a check found a mismatch (`verify` a broken \
            hash chain, `audit projections` read-model rows that differ from the events), 4 `status` found a \
            halted projection or missing migrations, 64 the command line was not understood.
            """,
        version: version,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, VerifyCommand.self, DatabaseCommand.self,
            IcpCommand.self, RebuildCommand.self, DemoCommand.self,
            WorkspaceCommand.self, PrincipalCommand.self, RevisionCommand.self, FindingCommand.self, ReviewCommand.self,
            StatusCommand.self, TokenCommand.self, AccountCommand.self, AuditCommand.self, SchedulerCommand.self, ScheduleCommand.self,
            CalendarCommand.self, WebhookCommand.self, ScoreCommand.self, MappingCommand.self, PipelineCommand.self, KeyCommand.self,
            CheckpointCommand.self, ExportCommand.self, ReportCommand.self, ProofCommand.self,
        ]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            // A setting that cannot be used stops every command here, before it does anything, with one line
            // naming it. Help (ArgumentParser's own command) is given whatever the environment holds.
            let isOwnCommand = String(reflecting: type(of: command)).hasPrefix("icpledger.")
            let level: Logger.Level
            do {
                level = isOwnCommand ? LogSetup.level(try EnvironmentSettings.loaded.get(), command: command) : .warning
            } catch {
                Terminal.complain("icpledger: error: \(error)")
                throw ExitCode.failure
            }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
