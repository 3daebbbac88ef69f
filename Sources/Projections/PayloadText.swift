import Foundation

/// Checks on an event's raw JSON payload before it is folded into rows.
enum PayloadText {
    /// Whether a JSON text holds the escape `\u0000` inside a string: a NUL character, which no
    /// PostgreSQL text column can store. (Raw NUL bytes cannot occur: the store only keeps valid JSON.)
    static func containsNUL(_ payload: Data) -> Bool {
        payload.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            let end = bytes.count
            while index < end {
                guard bytes[index] == 0x5C else {  // backslash
                    index += 1
                    continue
                }
                // An escape: `\u0000` is NUL; any other escape is skipped whole, so `\\u0000` is not.
                if index + 5 < end, bytes[index + 1] == 0x75, bytes[index + 2] == 0x30, bytes[index + 3] == 0x30,
                   bytes[index + 4] == 0x30, bytes[index + 5] == 0x30 {
                    return true
                }
                index += 2
            }
            return false
        }
    }
}
