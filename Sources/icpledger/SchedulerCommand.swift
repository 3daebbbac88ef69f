import ArgumentParser
import Foundation
import Scheduler

/// `icpledger scheduler run-once`: the review scheduler for people who prefer cron to `serve`.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Record review notices: due soon, overdue (stale) and reminders. serve does this on its own.",
        subcommands: [RunOnce.self])

    struct RunOnce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-once",
            abstract: "Record the review notices owed now, once (for cron); nothing happens while another instance leads.",
            discussion: """
                One scheduler leads at a time, by a lease in the database (ICPLEDGER_SCHEDULER_LEASE seconds); a \
                running serve usually holds it, and then this command says so and records nothing. Each notice is \
                recorded once however often this runs. A workspace whose notices cannot be recorded is named and \
                the others go on; the command then exits 1.
                """)
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let configuration = try await CommandFailure.reporting { try database.configuration() }
            let outcome = try await CommandFailure.reporting {
                try await database.withServices(label: "icpledger.scheduler") { services in
                    let scheduler = ReviewScheduler(
                        pool: services.systemPool, leaseSeconds: configuration.scheduler.leaseSeconds, now: configuration.clock.now,
                        logger: services.logger)
                    let run = try await scheduler.runOnce()
                    try await scheduler.release(after: run)
                    return run
                }
            }
            if output.json {
                try Output.json(outcome)
            } else if let held = outcome.heldBy {
                Terminal.say(
                    "another scheduler leads (\(held.holder), lease until \(ISO8601DateFormatter().string(from: held.expiresAt))); nothing recorded")
            } else {
                Terminal.say(
                    "recorded \(outcome.recorded) review notice\(outcome.recorded == 1 ? "" : "s") across \(outcome.workspaces) "
                        + "workspace\(outcome.workspaces == 1 ? "" : "s")")
                for (workspace, reason) in outcome.failures.sorted(by: { $0.key < $1.key }) {
                    Terminal.complain("workspace \(workspace): \(reason)")
                }
            }
            if !outcome.failures.isEmpty { throw ExitCode(1) }
        }
    }
}
