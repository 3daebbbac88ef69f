import ArgumentParser
import Logging

/// `icpledger migrate`: applies pending Schema/ migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations from Schema/ (also done at every start).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let logger = Logger(label: "icpledger.migrate")
            try await database.withMigrated(logger: logger) { _ in }
            Terminal.say("database is up to date")
        }
    }
}
