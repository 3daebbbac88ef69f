import Foundation
import Logging

/// The log level: `ICPLEDGER_LOG_LEVEL` (trace…critical) when set; otherwise `info` for `serve`,
/// which people watch as a service, and `warning` for every other command, whose output is its answer.
enum LogSetup {
    static var level: Logger.Level {
        if let level = ProcessInfo.processInfo.environment["ICPLEDGER_LOG_LEVEL"].flatMap({ Logger.Level(rawValue: $0.lowercased()) }) {
            return level
        }
        return CommandLine.arguments.dropFirst().first == "serve" ? .info : .warning
    }
}
