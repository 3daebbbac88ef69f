import Foundation

/// The instructions of a Dockerfile, grouped by build stage: enough of the syntax to check
/// images, ports and paths statically (no engine runs in CI).
struct Dockerfile {
    /// One instruction, its continuation lines joined.
    struct Instruction {
        /// Upper-cased: `FROM`, `RUN`, `COPY`, …
        let keyword: String
        /// Everything after the keyword, trimmed.
        let arguments: String
        /// The 1-based line the instruction starts on.
        let line: Int

        /// The arguments of the exec form (`["a", "b"]`) or, failing that, split at white space.
        var words: [String] {
            if arguments.hasPrefix("["), let data = arguments.data(using: .utf8),
                let array = try? JSONSerialization.jsonObject(with: data) as? [String]
            {
                return array
            }
            return arguments.split(whereSeparator: \.isWhitespace).map(String.init)
        }
    }

    /// A `FROM` and the instructions up to the next one.
    struct Stage {
        let from: Instruction
        /// The image reference, e.g. `swift:6.1-bookworm`.
        let image: String
        /// The name after `AS`, if any.
        let name: String?
        var instructions: [Instruction] = []

        /// This stage's instructions with the keyword.
        func all(_ keyword: String) -> [Instruction] { instructions.filter { $0.keyword == keyword } }

        /// The stage's environment: every `ENV` in order, later ones winning.
        var environment: [String: String] {
            var result: [String: String] = [:]
            for env in all("ENV") { result.merge(Dockerfile.assignments(env.arguments)) { _, new in new } }
            return result
        }

        /// Every package a `RUN … apt-get install …` of this stage names.
        var aptPackages: Set<String> {
            var packages: Set<String> = []
            for run in all("RUN") {
                for command in run.arguments.components(separatedBy: "&&") {
                    let words = command.split(whereSeparator: \.isWhitespace).map(String.init)
                    guard let install = words.firstIndex(of: "install"), words[..<install].contains(where: { $0.hasSuffix("apt-get") || $0 == "apt" })
                    else { continue }
                    packages.formUnion(words[(install + 1)...].filter { !$0.hasPrefix("-") && $0 != "\\" })
                }
            }
            return packages
        }
    }

    let stages: [Stage]

    /// Parses the text; instructions before the first `FROM` (`ARG`) are ignored.
    init(text: String) {
        var stages: [Stage] = []
        var pending = ""
        var pendingLine = 0
        func finish() {
            let trimmed = pending.trimmingCharacters(in: .whitespaces)
            pending = ""
            guard !trimmed.isEmpty else { return }
            let keyword = String(trimmed.prefix { !$0.isWhitespace }).uppercased()
            let arguments = trimmed.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            let instruction = Instruction(keyword: keyword, arguments: arguments, line: pendingLine)
            if keyword == "FROM" {
                let words = instruction.words.filter { !$0.hasPrefix("--") }
                let asIndex = words.firstIndex { $0.uppercased() == "AS" }
                stages.append(
                    Stage(
                        from: instruction, image: words.first ?? "",
                        name: asIndex.flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }))
            } else if !stages.isEmpty {
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
        for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if pending.isEmpty { pendingLine = index + 1 }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
            } else {
                pending += line
                finish()
            }
        }
        finish()
        self.stages = stages
    }

    /// `KEY=VALUE KEY2="VALUE 2"`, or the old `KEY VALUE` form, as a dictionary.
    static func assignments(_ text: String) -> [String: String] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let firstSpace = trimmed.firstIndex(where: \.isWhitespace), !trimmed[..<firstSpace].contains("=") else {
            var result: [String: String] = [:]
            for pair in splitRespectingQuotes(trimmed) {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                result[String(pair[..<equals])] = unquoted(String(pair[pair.index(after: equals)...]))
            }
            return result
        }
        return [String(trimmed[..<firstSpace]): unquoted(trimmed[firstSpace...].trimmingCharacters(in: .whitespaces))]
    }

    private static func splitRespectingQuotes(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
            } else if character == "\"" || character == "'" {
                quote = character
                current.append(character)
            } else if character.isWhitespace {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" else { return value }
        return String(value.dropFirst().dropLast())
    }
}

/// The Swift version of an official `swift` image reference, if it is one.
struct SwiftImage {
    /// The reference as written, e.g. `swift:6.1-bookworm`.
    let reference: String
    /// The tag, e.g. `6.1-bookworm` (nil when the reference has none, which means `latest`).
    let tag: String?
    /// The version the tag starts with.
    let version: SwiftVersion?

    /// Nil unless the reference names the official image (`swift`, `library/swift`, `docker.io/library/swift`).
    init?(reference: String) {
        let withoutDigest = reference.split(separator: "@", maxSplits: 1).first.map(String.init) ?? reference
        let lastSlash = withoutDigest.lastIndex(of: "/")
        let nameStart = lastSlash.map { withoutDigest.index(after: $0) } ?? withoutDigest.startIndex
        let colon = withoutDigest[nameStart...].firstIndex(of: ":")
        let repository = colon.map { String(withoutDigest[..<$0]) } ?? withoutDigest
        guard ["swift", "library/swift", "docker.io/library/swift", "index.docker.io/library/swift"].contains(repository) else { return nil }
        self.reference = reference
        tag = colon.map { String(withoutDigest[withoutDigest.index(after: $0)...]) }
        version = tag.flatMap { SwiftVersion(prefixOf: $0) }
    }
}
