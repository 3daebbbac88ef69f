/// The most an ICP file or finding file may hold. The reader refuses a file that exceeds any of
/// these before Yams builds its node tree, so hostile input (an alias bomb, thousands of nested
/// brackets, a huge file) is refused in milliseconds instead of exhausting time, memory or the stack.
///
/// Each limit is far above what a real file needs: an exported ICP file is a few kilobytes, nests
/// five levels deep and has a few hundred nodes, and export never writes anchors or aliases.
public enum ICPFileLimits {
    /// The largest file, in UTF-8 bytes: 256 KiB.
    public static let maxFileBytes = 256 * 1024

    /// The most aliases (`*name`) a file may use. Anchors and aliases are legal YAML and a few
    /// (one shared list reused by several rules, say) read as usual.
    public static let maxAliases = 100

    /// The most YAML nodes (every key, value and list item) a file may have, counting each alias
    /// as a full copy of the node it names, as the reader sees it.
    public static let maxNodes = 10_000

    /// The deepest nesting of lists and mappings; the document's top-level mapping is depth 1.
    public static let maxDepth = 64
}
