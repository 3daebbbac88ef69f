import ArgumentParser
import ByteText
import Foundation
import ICPDomain
import Projections

/// `icpledger audit projections`: do the read models say what the events say?
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check derived data against the events it comes from.", subcommands: [Projections.self])

    struct Projections: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every list and history from the events and show where the stored ones disagree; changes nothing.",
            discussion: """
                Prints every row that differs (up to --show), and exits 3 when any does (as verify does on a broken chain); 'icpledger rebuild' \
                then recomputes them from the events. Safe while serve runs: a workspace \
                that receives changes during the audit is left out and counted, so run it again for those.
                """)
        @Option(help: "Show at most this many differing rows.") var show = 50
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...10_000).contains(show) else { throw ValidationError("--show wants a number from 1 to 10000") }
        }

        struct Audited: Encodable {
            var events: Int
            var differingRows: Int
            var changedMeanwhile: Int
            var differences: [ProjectionDifference]
        }

        func run() async throws {
            let differing: Int = try await CommandFailure.reporting {
                try await database.withServices(label: "icpledger.audit") { services in
                    let db = services.database
                    let report = try await ReadModelRebuild(owner: db.owner, system: db.system, logger: services.logger).audit(showing: show)
                    if output.json {
                        try Output.json(
                            Audited(
                                events: report.events, differingRows: report.differingRows, changedMeanwhile: report.changedMeanwhile,
                                differences: report.differences))
                        return report.differingRows
                    }
                    if report.changedMeanwhile > 0 {
                        Terminal.say(
                            "\(report.changedMeanwhile) workspace\(report.changedMeanwhile == 1 ? "" : "s") changed during the audit and "
                                + "\(report.changedMeanwhile == 1 ? "was" : "were") not compared; run it again for them")
                    }
                    if report.differingRows == 0 {
                        Terminal.say("the read models match a replay of \(report.events) events: no difference")
                        return 0
                    }
                    Terminal.say("\(report.differingRows) read-model rows differ from a replay of \(report.events) events\n")
                    Terminal.say(
                        TextTable(
                            headers: ["TABLE", "WORKSPACE", "ONLY IN", "ROW"],
                            rows: report.differences.map {
                                [$0.table, UUIDText.lowercase($0.tenant), $0.side == "live" ? "read model" : "events", Output.clip($0.row, 160)]
                            }
                        ).render())
                    if report.differingRows > report.differences.count {
                        Terminal.say("… and \(report.differingRows - report.differences.count) more (--show N)")
                    }
                    Terminal.say("\nrun 'icpledger rebuild' to replace the read models with what the events say")
                    return report.differingRows
                }
            }
            if differing > 0 { throw ExitCode(3) }
        }
    }
}
