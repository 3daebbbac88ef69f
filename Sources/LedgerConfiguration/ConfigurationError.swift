/// A setting whose value cannot be used, named by the environment variable that sets it. The
/// message never repeats a secret's value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The setting.
    public let setting: Setting
    /// What was expected, e.g. `a whole number from 1 to 65535`.
    public let expected: String
    /// The value given, for settings that are not secret.
    public let given: String?

    init(_ setting: Setting, expected: String, given: String?) {
        self.setting = setting
        self.expected = expected
        self.given = setting.isSecret ? nil : given
    }

    public var description: String {
        let shown = given.map { " (it is '\(Self.printable($0))')" } ?? ""
        return "\(setting.environmentVariable) must be \(expected)\(shown)"
    }

    /// A value shown in a message: one line, control characters escaped, at most 60 characters.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(60) {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 60 ? out + "…" : out
    }
}
