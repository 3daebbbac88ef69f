import Foundation
import ICPDomain

/// Everything the CLI writes for people goes through here, so that stored text can never drive the
/// terminal: control characters and bidirectional overrides are shown as visible escapes
/// (`\u{1B}`), whatever reached the store before input was checked. Line breaks and tabs of the
/// CLI's own layout are kept. JSON output is left to the JSON encoder, which escapes on its own.
enum Terminal {
    /// Writes one block of text and a line break to standard output.
    static func say(_ text: String = "", terminator: String = "\n") {
        print(TextEscaping.visible(text, multiline: true), terminator: terminator)
    }

    /// Writes one line to standard error.
    static func complain(_ text: String) {
        FileHandle.standardError.write(Data((TextEscaping.visible(text, multiline: false) + "\n").utf8))
    }
}

/// Command lines the CLI suggests, quoted so that they can be pasted into a POSIX shell as they are.
enum Shell {
    /// A word as the shell reads it: unquoted when it is plain, else in single quotes.
    static func quote(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_./:@%+=,".unicodeScalars.contains(scalar))
            }
        if plain { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A whole command line from its words.
    static func command(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }
}
