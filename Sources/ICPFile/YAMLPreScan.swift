import CYaml

/// Checks a YAML text against ``ICPFileLimits`` with libyaml's event parser, before Yams composes it.
///
/// Yams' composer recurses once per nesting level and hashes whole key nodes, aliases expanded, to
/// find duplicate keys, and whatever walks the tree meets an aliased node again wherever it is
/// used. 400 bytes of anchors and aliases used as a key cost Yams over ten seconds (each further
/// line multiplies that by nine), and thousands of `[` could overflow the stack. The pre-scan walks
/// the flat event stream instead, with no recursion, counting nodes as the tree will have them: an
/// alias adds the expanded size of the node its anchor names. It stops at the first limit exceeded,
/// so it reads at most about twice ``ICPFileLimits/maxNodes`` events whatever the input.
///
/// The pre-scan never reports syntax: when libyaml cannot parse the text it stops quietly, and
/// Yams, parsing the same text, reports the error with its usual message and location. The one
/// libyaml error it does report is libyaml's own nesting cap (1000 levels, counted over the
/// scanner's look-ahead, so a line of `[[[[…` hits it before the first event): that is a nesting
/// refusal, not a syntax problem the author could fix by editing one line. It covers the first
/// document only, as Yams does (a second document is refused by Yams as it starts).
struct YAMLPreScan {
    /// A list or mapping whose end event has not come yet.
    private struct OpenCollection {
        /// Its anchor (`&name`), if any.
        var anchor: String?
        /// ``YAMLPreScan/nodes`` before the collection's own node was counted.
        var nodesBefore: Int
    }

    /// Nodes so far, each alias counted as the expanded size of its anchored node.
    private var nodes = 0
    /// Aliases so far.
    private var aliases = 0
    /// The lists and mappings enclosing the current event, outermost first.
    private var open: [OpenCollection] = []
    /// The expanded node count of each anchored node, by anchor name; a later anchor of the same
    /// name replaces an earlier one, as in Yams.
    private var anchorSizes: [String: Int] = [:]

    /// Refuses `source` when it breaks one of ``ICPFileLimits``; returns when it keeps to them, and
    /// also when libyaml finds a syntax error (left for Yams to report).
    static func check(_ source: String) throws(ICPFileError) {
        let bytes = source.utf8.count
        guard bytes <= ICPFileLimits.maxFileBytes else {
            throw .fileTooLarge(bytes: bytes, limit: ICPFileLimits.maxFileBytes)
        }
        guard bytes > 0 else { return }
        var text = source
        let outcome = text.withUTF8 { utf8 in
            var scan = YAMLPreScan()
            return Result { () throws(ICPFileError) in try scan.run(utf8) }
        }
        try outcome.get()
    }

    /// Feeds the UTF-8 text to libyaml event by event until a limit is exceeded, the first document
    /// ends, or libyaml reports an error.
    private mutating func run(_ utf8: UnsafeBufferPointer<UInt8>) throws(ICPFileError) {
        guard let start = utf8.baseAddress else { return }
        // libyaml keeps a pointer to the parser in the parser (its string read handler's data), so
        // the parser lives at a fixed address rather than in a Swift local that may move.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        // Initialisation fails only when out of memory; Yams' own parser would fail the same way.
        guard yaml_parser_initialize(parser) == 1 else { return }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, start, utf8.count)

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                if let problem = parser.pointee.problem, String(cString: problem).hasPrefix(Self.libyamlNestingProblem) {
                    throw .nestingTooDeep(limit: ICPFileLimits.maxDepth, location: Self.location(of: parser.pointee.problem_mark))
                }
                return
            }
            defer { yaml_event_delete(&event) }
            guard try visit(event) else { return }
        }
    }

    /// Counts one event; false once the first document (or the stream) has ended and there is nothing more to count.
    private mutating func visit(_ event: yaml_event_t) throws(ICPFileError) -> Bool {
        switch event.type {
        case YAML_SCALAR_EVENT:
            try count(1, at: event)
            if let anchor = Self.name(event.data.scalar.anchor) { anchorSizes[anchor] = 1 }
        case YAML_SEQUENCE_START_EVENT:
            try enter(anchor: Self.name(event.data.sequence_start.anchor), at: event)
        case YAML_MAPPING_START_EVENT:
            try enter(anchor: Self.name(event.data.mapping_start.anchor), at: event)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            if let closed = open.popLast(), let anchor = closed.anchor {
                anchorSizes[anchor] = nodes - closed.nodesBefore
            }
        case YAML_ALIAS_EVENT:
            aliases += 1
            guard aliases <= ICPFileLimits.maxAliases else {
                throw .tooManyAliases(limit: ICPFileLimits.maxAliases, location: Self.location(of: event))
            }
            // An alias to an anchor not (yet) defined is Yams' to refuse; count it as one node.
            let size = Self.name(event.data.alias.anchor).flatMap { anchorSizes[$0] } ?? 1
            try count(size, at: event)
        case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT, YAML_NO_EVENT:
            return false
        default:
            break
        }
        return true
    }

    /// Counts a list or mapping's own node and opens it, refusing nesting past the limit.
    private mutating func enter(anchor: String?, at event: yaml_event_t) throws(ICPFileError) {
        guard open.count < ICPFileLimits.maxDepth else {
            throw .nestingTooDeep(limit: ICPFileLimits.maxDepth, location: Self.location(of: event))
        }
        let before = nodes
        try count(1, at: event)
        open.append(OpenCollection(anchor: anchor, nodesBefore: before))
    }

    /// Adds `size` nodes, refusing a total past the limit.
    private mutating func count(_ size: Int, at event: yaml_event_t) throws(ICPFileError) {
        nodes += size
        guard nodes <= ICPFileLimits.maxNodes else {
            throw .tooManyNodes(limit: ICPFileLimits.maxNodes, location: Self.location(of: event))
        }
    }

    /// An anchor or alias name, from libyaml's NUL-terminated UTF-8.
    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The event's start, 1-based like Yams' marks.
    private static func location(of event: yaml_event_t) -> ICPFileLocation {
        location(of: event.start_mark)
    }

    /// A libyaml mark (0-based), 1-based like Yams' marks.
    private static func location(of mark: yaml_mark_t) -> ICPFileLocation {
        ICPFileLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// How libyaml's parser words the error for its own nesting cap (`MAX_NESTING_LEVEL` in parser.c).
    private static let libyamlNestingProblem = "Maximum nesting level reached"
}
