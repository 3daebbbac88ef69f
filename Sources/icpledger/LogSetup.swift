import Foundation
import Logging

/// The log level from `ICPLEDGER_LOG_LEVEL` (trace…critical), `info` by default.
enum LogSetup {
    static var level: Logger.Level {
        ProcessInfo.processInfo.environment["ICPLEDGER_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    }
}
