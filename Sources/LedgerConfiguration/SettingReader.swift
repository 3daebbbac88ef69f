import Configuration
import Foundation
import Logging
import Postgres

/// Reads one setting at a time as text and turns it into the type the program needs, with a
/// ``ConfigurationError`` naming the setting when it cannot.
struct SettingReader {
    let reader: ConfigReader

    /// The setting's text; nil when unset or empty.
    func text(_ setting: Setting) -> String? {
        let key = ConfigKey(setting.key.split(separator: ".").map(String.init))
        guard let value = reader.string(forKey: key, isSecret: setting.isSecret), !value.isEmpty else { return nil }
        return value
    }

    /// A libpq connection string or URL, checked by libpq's own parser.
    func connectionString(_ setting: Setting) throws(ConfigurationError) -> String? {
        guard let value = text(setting) else { return nil }
        do {
            try PostgresConnectionSettings(connectionString: value).validate()
        } catch {
            throw ConfigurationError(
                setting, expected: "a libpq connection string (key=value …) or a postgresql:// URL that libpq can parse",
                given: value)
        }
        return value
    }

    /// A file-system path: one line.
    func path(_ setting: Setting) throws(ConfigurationError) -> String? {
        guard let value = text(setting) else { return nil }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw ConfigurationError(setting, expected: "a path without control characters", given: value)
        }
        return value
    }

    /// `on`/`off` (also `true`/`false`, `yes`/`no`, `1`/`0`).
    func `switch`(_ setting: Setting) throws(ConfigurationError) -> Bool? {
        guard let value = text(setting) else { return nil }
        switch value.lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw ConfigurationError(setting, expected: "on or off", given: value)
        }
    }

    /// A test clock: an ISO 8601 instant, or a shift from now in days or hours (`+90d`, `-12h`);
    /// refused unless the test-only settings are `allowed`.
    func clock(_ setting: Setting, allowed: Bool) throws(ConfigurationError) -> LedgerConfiguration.ClockSetting {
        guard let value = text(setting) else { return .real }
        guard allowed else {
            throw ConfigurationError(setting, expected: "unset outside the test suite (it needs ICPLEDGER_TESTING=on)", given: value)
        }
        if let date = ISO8601DateFormatter().date(from: value) { return .fixed(date) }
        let unit = value.last
        if let sign = value.first, sign == "+" || sign == "-", let unit, unit == "d" || unit == "h",
            let amount = Int(value.dropFirst().dropLast()), amount <= 100_000
        {
            let seconds = TimeInterval(amount) * (unit == "d" ? 86_400 : 3_600)
            return .shifted(by: sign == "-" ? -seconds : seconds)
        }
        throw ConfigurationError(setting, expected: "an ISO 8601 instant such as 2026-04-20T09:00:00Z, or a shift such as +90d or -12h", given: value)
    }

    /// A whole number within a range.
    func integer(_ setting: Setting, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = text(setting) else { return nil }
        guard let number = Int(value.filter { $0 != "_" && $0 != "," }), range.contains(number) else {
            throw ConfigurationError(setting, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)", given: value)
        }
        return number
    }

    /// A number within a range.
    func number(_ setting: Setting, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let value = text(setting) else { return nil }
        guard let number = Double(value), range.contains(number) else {
            throw ConfigurationError(setting, expected: "a number from \(range.lowerBound) to \(range.upperBound)", given: value)
        }
        return number
    }

    /// An http(s) URL with a host and nothing after its path, e.g. `https://ledger.example.com`.
    func serverURL(_ setting: Setting) throws(ConfigurationError) -> URL? {
        guard let value = text(setting) else { return nil }
        let trimmed = value.hasSuffix("/") ? String(value.dropLast()) : value
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil,
            let url = components.url
        else {
            throw ConfigurationError(
                setting, expected: "an http:// or https:// URL of an icpledger server, like https://ledger.example.com", given: value)
        }
        return url
    }

    /// A bearer token: printable ASCII without spaces.
    func token(_ setting: Setting) throws(ConfigurationError) -> String? {
        guard let value = text(setting) else { return nil }
        guard value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }), value.utf8.count <= 512 else {
            throw ConfigurationError(setting, expected: "a token as `icpledger token create` prints it", given: value)
        }
        return value
    }

    /// A swift-log level name.
    func logLevel(_ setting: Setting) throws(ConfigurationError) -> Logger.Level? {
        guard let value = text(setting) else { return nil }
        guard let level = Logger.Level(rawValue: value.lowercased()) else {
            throw ConfigurationError(setting, expected: "one of trace, debug, info, notice, warning, error, critical", given: value)
        }
        return level
    }
}
