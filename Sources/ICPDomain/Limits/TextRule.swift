/// How a free-text field is checked: a maximum length and whether it may span lines.
///
/// Lengths count Unicode scalars (what a person would call characters, and never fewer: a
/// megabyte of combining marks is a megabyte, not one character). One-line texts refuse every
/// control character; multi-line texts allow line feeds and tabs and refuse the rest. Both refuse
/// the bidirectional overrides that make a terminal show text in another order than it is stored.
public struct TextRule: Hashable, Sendable {
    /// The most Unicode scalars allowed.
    public var maxLength: Int
    /// Whether line feeds and tabs are allowed.
    public var multiline: Bool

    /// Creates a rule.
    public init(maxLength: Int, multiline: Bool) {
        self.maxLength = maxLength
        self.multiline = multiline
    }

    /// ICP, workspace and person names.
    public static let name = TextRule(maxLength: InputLimits.nameLength, multiline: false)
    /// Attribute keys and metric names.
    public static let key = TextRule(maxLength: InputLimits.keyLength, multiline: false)
    /// One value of a rule.
    public static let value = TextRule(maxLength: InputLimits.valueLength, multiline: false)
    /// The ICP statement.
    public static let statement = TextRule(maxLength: InputLimits.statementLength, multiline: true)
    /// A rule's rationale or reason, a seat's pain.
    public static let ruleText = TextRule(maxLength: InputLimits.ruleTextLength, multiline: true)
    /// Rationales, comments, notes, justifications, reasons, summaries, recommendations.
    public static let text = TextRule(maxLength: InputLimits.textLength, multiline: true)
    /// Time zone identifiers.
    public static let timeZone = TextRule(maxLength: InputLimits.timeZoneLength, multiline: false)
    /// References to erasable notes.
    public static let notesReference = TextRule(maxLength: InputLimits.notesReferenceLength, multiline: false)

    /// Every problem with `text` as the field at `path` (empty when it is acceptable).
    public func problems(_ text: String, at path: String) -> [ValidationError] {
        var count = 0
        var refused: Unicode.Scalar? = nil
        for scalar in text.unicodeScalars {
            count += 1
            if refused == nil, !allows(scalar) { refused = scalar }
        }
        var errors: [ValidationError] = []
        if count > maxLength {
            errors.append(.init(.tooLong, at: path, "At most \(maxLength) characters are allowed; this has \(count)."))
        }
        if let refused {
            let what = multiline ? "control characters other than line breaks and tabs" : "line breaks or other control characters"
            errors.append(
                .init(
                    .controlCharacter, at: path,
                    "The text contains \(TextRule.codePoint(refused)); \(what) are not allowed."))
        }
        return errors
    }

    /// Whether the rule accepts this scalar anywhere in a text.
    public func allows(_ scalar: Unicode.Scalar) -> Bool {
        if multiline, scalar == "\n" || scalar == "\t" { return true }
        return !TextRule.isUnsafe(scalar)
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators, and bidirectional
    /// embeddings, overrides and isolates: what a terminal or a reader could be fooled by.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// `U+001B` style, for messages.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
