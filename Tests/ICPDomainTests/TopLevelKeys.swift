import Foundation

/// The keys of the top-level JSON object, in textual order.
func topLevelKeys(_ data: Data) -> [String] {
    var keys: [String] = []
    var depth = 0, inString = false, escaped = false, current = ""
    var lastString = ""
    for ch in String(decoding: data, as: UTF8.self) {
        if inString {
            if escaped {
                escaped = false
                current.append(ch)
                continue
            }
            if ch == "\\" {
                escaped = true
                continue
            }
            if ch == "\"" {
                inString = false
                lastString = current
                continue
            }
            current.append(ch)
            continue
        }
        switch ch {
        case "\"":
            inString = true
            current = ""
        case "{", "[": depth += 1
        case "}", "]": depth -= 1
        case ":": if depth == 1 { keys.append(lastString) }
        default: break
        }
    }
    return keys
}
