/// Makes stored text safe to show: characters ``TextRule/isUnsafe(_:)`` refuses are written as
/// visible escapes (`\u{1B}`), so text that reached the store before the rules existed can never
/// drive a terminal.
public enum TextEscaping {
    /// The text with unsafe characters escaped (line feeds and tabs too, unless `multiline`),
    /// shortened to `limit` characters when one is given.
    public static func visible(_ text: String, multiline: Bool = false, limit: Int? = nil) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count >= limit {
                out += "…"
                break
            }
            count += 1
            if multiline, scalar == "\n" || scalar == "\t" {
                out.unicodeScalars.append(scalar)
            } else if TextRule.isUnsafe(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether the text needs no escaping.
    public static func isVisible(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: TextRule.isUnsafe)
    }
}
