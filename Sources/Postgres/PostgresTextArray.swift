extension Array: PostgresDecodable where Element == String {
    /// Reads a `text[]` column in PostgreSQL's output format: `{a,b}`, `{"with space","quote\"d"}`,
    /// `{}`. A one-dimensional array of non-NULL elements only (a NULL element does not decode).
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard text.count >= 2, text.first == UInt8(ascii: "{"), text.last == UInt8(ascii: "}") else { return nil }
        var elements: [String] = []
        var index = 1
        let end = text.count - 1
        if index == end { return [] }
        while index < end {
            var element: [UInt8] = []
            if text[index] == UInt8(ascii: "\"") {
                index += 1
                while index < end, text[index] != UInt8(ascii: "\"") {
                    if text[index] == UInt8(ascii: "\\"), index + 1 < end { index += 1 }
                    element.append(text[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1  // the closing quote
            } else {
                while index < end, text[index] != UInt8(ascii: ",") {
                    element.append(text[index])
                    index += 1
                }
                if element.elementsEqual("NULL".utf8) { return nil }
            }
            elements.append(String(decoding: element, as: UTF8.self))
            if index < end {
                guard text[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
        return elements
    }
}
