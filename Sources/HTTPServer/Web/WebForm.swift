import Foundation
import Hummingbird

/// The fields of a posted form, from either encoding a browser sends: URL-encoded, or
/// `multipart/form-data` (a form with a file input). Every value must be UTF-8; a file's content
/// is read as a field's value, since the only file a page takes is an ICP's YAML.
struct WebForm: Sendable, Equatable {
    private(set) var fields: [String: [String]] = [:]

    init(fields: [String: [String]] = [:]) { self.fields = fields }

    /// The first value of a field, nil when it was not sent.
    subscript(_ name: String) -> String? { fields[name]?.first }

    /// The first value of a field with its ends trimmed, nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of a field, in the order sent.
    func all(_ name: String) -> [String] { fields[name] ?? [] }

    mutating func append(_ value: String, to name: String) { fields[name, default: []].append(value) }

    /// Reads a posted form (at most ``HTTPLimits/maxBodyBytes``).
    static func read(_ request: Request) async throws -> WebForm {
        let bytes: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: HTTPLimits.maxBodyBytes)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw Problem.tooLarge("The form is larger than the server accepts (\(HTTPLimits.maxBodyBytes / 1024) KiB).")
        }
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = boundary(of: type) else { throw Problem.malformed("The form names no multipart boundary.") }
            return try multipart(bytes, boundary: boundary)
        }
        return try urlEncoded(bytes)
    }

    /// `a=1&b=two+words&c=%C3%A9`.
    static func urlEncoded(_ bytes: [UInt8]) throws -> WebForm {
        var form = WebForm()
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decodeComponent(parts[0])
            let value = parts.count > 1 ? try decodeComponent(parts[1]) : ""
            form.append(value, to: name)
        }
        return form
    }

    private static func decodeComponent(_ bytes: ArraySlice<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw Problem.malformed("The form holds a broken percent escape.")
                }
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw Problem.malformed("The form is not valid UTF-8.") }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The boundary parameter of a `multipart/form-data` content type, quoted or not.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// A `multipart/form-data` body (RFC 7578): each part's name from its Content-Disposition, its
    /// bytes up to the next delimiter.
    static func multipart(_ body: [UInt8], boundary: String) throws -> WebForm {
        let delimiter = Array("--\(boundary)".utf8)
        let malformed = Problem.malformed("The multipart form cannot be read.")
        guard var cursor = find(delimiter, in: body, from: 0) else { throw malformed }
        cursor += delimiter.count
        var form = WebForm()
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body.count >= cursor + 2, body[cursor] == UInt8(ascii: "-"), body[cursor + 1] == UInt8(ascii: "-") { return form }
            guard body.count >= cursor + 2, body[cursor] == 13, body[cursor + 1] == 10 else { throw malformed }
            cursor += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: cursor) else { throw malformed }
            guard let headers = String(validating: body[cursor..<headerEnd], as: UTF8.self) else { throw malformed }
            let contentStart = headerEnd + 4
            guard let next = find([13, 10] + delimiter, in: body, from: contentStart) else { throw malformed }
            guard let name = partName(headers) else { throw malformed }
            guard let value = String(validating: body[contentStart..<next], as: UTF8.self) else {
                throw Problem.malformed("The form's field \(name) is not UTF-8 text.")
            }
            form.append(value, to: name)
            cursor = next + 2 + delimiter.count
        }
    }

    /// The `name` of a part's `Content-Disposition: form-data; name="…"`.
    private static func partName(_ headers: String) -> String? {
        for line in headers.split(separator: "\r\n") {
            let header = line.split(separator: ":", maxSplits: 1)
            guard header.count == 2, header[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            for parameter in header[1].split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "name" else { continue }
                var value = pair[1].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                return value
            }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
