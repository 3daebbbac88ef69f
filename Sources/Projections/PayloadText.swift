import Foundation

/// Checks on an event's raw JSON payload before it is folded into rows.
enum PayloadText {
    /// Whether a JSON text holds the escape `\u0000` inside a string: a NUL character, which no
    /// PostgreSQL text column can store. (Raw NUL bytes cannot occur: the store only keeps valid JSON.)
    /// Backslashes are found with `memchr`, so a payload without escapes costs one fast scan.
    static func containsNUL(_ payload: Data) -> Bool {
        payload.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            let end = base + raw.count
            var cursor = base
            while cursor < end, let found = memchr(cursor, 0x5C, end - cursor) {  // backslash
                let escape = UnsafeRawPointer(found)
                // `\u0000` is NUL; any other escape is skipped whole, so `\\u0000` is not.
                if end - escape >= 6 {
                    let b = escape.assumingMemoryBound(to: UInt8.self)
                    if b[1] == 0x75, b[2] == 0x30, b[3] == 0x30, b[4] == 0x30, b[5] == 0x30 { return true }
                }
                cursor = escape + 2
            }
            return false
        }
    }
}
