import ArgumentParser
import LedgerConfiguration
import Logging

/// The settings as the environment gives them, read once per process. Commands read them again
/// with their own options on top (`DatabaseOptions.configuration`).
enum EnvironmentSettings {
    static let loaded = Result { () throws(ConfigurationError) in try LedgerConfiguration.load() }
}

/// The log level: `ICPLEDGER_LOG_LEVEL` when set; otherwise `info` for `serve`, which people
/// watch as a service, and `warning` for every other command, whose output is its answer.
enum LogSetup {
    static func level(_ configuration: LedgerConfiguration, command: any ParsableCommand) -> Logger.Level {
        configuration.logLevel ?? (command is ServeCommand ? .info : .warning)
    }
}
