import ArgumentParser

/// `icpledger migrate`: applies pending Schema/ migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations from Schema/ (also done at every start).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting {
            try await database.withServices(label: "icpledger.migrate") { _ in }
            Terminal.say("database is up to date")
        }
    }
}
