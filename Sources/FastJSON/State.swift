/// One entry of the flat token array ("tape") built by `_State.parse()`.
///
/// Tokens are stored in document order. An object is followed by its members as
/// `key, value, key, value, ...`; an array by its elements. `next` is the index of the
/// first token after this value's subtree, so siblings are reached in O(1).
struct _Token {
    /// Strings: first byte after the opening quote. Numbers/literals: first byte.
    /// Objects: while parsing, the index of the last key token; afterwards the token offset
    /// (from the object) of the member after the last successful lookup, or 0. Lookups start
    /// there, since keys are usually requested in a similar order.
    var start: UInt32
    /// Strings/numbers: byte length. Arrays: element count. Objects: member count.
    var len: UInt32
    /// Index of the token following this value (and its children). While a container is
    /// open during parsing, the index of the enclosing container (or `UInt32.max`).
    var next: UInt32
    var kind: UInt8
    var flags: UInt8
    /// Unused (keeps the stride at 16 bytes).
    var spare: UInt16
}

enum _Kind {
    static let null: UInt8 = 0
    static let `false`: UInt8 = 1
    static let `true`: UInt8 = 2
    static let number: UInt8 = 3
    static let string: UInt8 = 4
    static let array: UInt8 = 5
    static let object: UInt8 = 6
}

enum _Flag {
    // Strings
    static let escape: UInt8 = 1
    static let nonASCII: UInt8 = 2
    static let control: UInt8 = 4
    // Numbers
    static let nonInteger: UInt8 = 1
    // Objects
    /// Some key has escapes, non-ASCII bytes or control characters: keys are validated when
    /// a keyed container is created and looked up by String equality (as Foundation does).
    static let keysNeedCheck: UInt8 = 1
    /// Keys are not strictly increasing ASCII byte strings, so duplicates are possible:
    /// lookups scan from the first member (first occurrence wins), or use a per-object index
    /// for large objects.
    static let unsorted: UInt8 = 2
}

/// Maximum nesting depth of arrays and objects, as in Foundation's JSONDecoder.
let _maxDepth = 512

/// Shared, per-decode state: a private copy of the input bytes and the token array.
final class _State {
    /// One allocation holding the initial token array followed by the copied input bytes.
    let block: UnsafeMutableRawPointer
    let base: UnsafeMutablePointer<UInt8>
    let count: Int
    var toks: UnsafeMutablePointer<_Token>
    var cap: Int
    /// True once the token array has outgrown `block` and lives in its own allocation.
    var separateTokens = false
    var ntok = 0
    /// Number of tokens produced by parsing; tokens at or after this index are synthetic
    /// `null` values created by `superDecoder(forKey:)` for missing keys.
    var realCount = 0
    var virtualPaths: [[any CodingKey]] = []
    /// Built on the first coding-path request: each token's parent container and, for array
    /// elements, its index. Makes every later path O(depth).
    var parents: [UInt32] = []
    var positions: [UInt32] = []
    /// Built on demand for large objects whose keys are unsorted or need unescaping: key to
    /// value-token index (first occurrence wins; String equality, as Foundation's lookups).
    var objectIndexes: [Int: [String: Int]] = [:]
    let userInfo: [CodingUserInfoKey: Any]

    init(bytes: UnsafeRawBufferPointer, userInfo: [CodingUserInfoKey: any Sendable]) throws {
        let n = bytes.count
        count = n
        cap = n / 6 + 16
        let tokenBytes = cap * MemoryLayout<_Token>.stride
        block = .allocate(byteCount: tokenBytes + n + 1, alignment: MemoryLayout<_Token>.alignment)
        toks = block.bindMemory(to: _Token.self, capacity: cap)
        base = (block + tokenBytes).bindMemory(to: UInt8.self, capacity: n + 1)
        if n > 0 {
            UnsafeMutableRawPointer(base).copyMemory(from: bytes.baseAddress!, byteCount: n)
        }
        base[n] = 0
        if userInfo.isEmpty {
            self.userInfo = [:]
        } else {
            var info: [CodingUserInfoKey: Any] = [:]
            for (k, v) in userInfo { info[k] = v }
            self.userInfo = info
        }
        guard n < Int(UInt32.max) else {
            throw _syntaxError("Input larger than 4 GiB is not supported.", at: 0)
        }
        try parse()
    }

    deinit {
        if separateTokens { toks.deallocate() }
        block.deallocate()
    }

    // MARK: Token storage

    @inline(never)
    func grow() {
        let newCap = cap * 2
        let t = UnsafeMutablePointer<_Token>.allocate(capacity: newCap)
        t.moveInitialize(from: toks, count: ntok)
        if separateTokens { toks.deallocate() }
        toks = t
        cap = newCap
        separateTokens = true
    }

    @inline(__always)
    func push(kind: UInt8, start: Int, len: Int, flags: UInt8) {
        if ntok == cap { grow() }
        let idx = ntok
        toks[idx] = _Token(
            start: UInt32(truncatingIfNeeded: start), len: UInt32(truncatingIfNeeded: len),
            next: UInt32(truncatingIfNeeded: idx + 1), kind: kind, flags: flags, spare: 0)
        ntok = idx + 1
    }

    /// Appends a synthetic `null` token whose coding path is `path`.
    func makeVirtualNull(path: [any CodingKey]) -> Int {
        push(kind: _Kind.null, start: 0, len: 0, flags: 0)
        virtualPaths.append(path)
        return ntok - 1
    }

    // MARK: Parsing

    @inline(__always)
    static func skipWS(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Int {
        var i = i
        while i < n {
            let b = p[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { break }
        }
        return i
    }

    /// Scans string contents starting at `i` (just after the opening quote). Returns the index
    /// of the closing quote and the string flags. Like Foundation's scanner, only the
    /// structure is checked here: a backslash skips the next byte, and `\u` must be followed
    /// by four bytes none of which is a quote (hex digits are checked when decoding).
    @inline(__always)
    static func scanString(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) throws -> (Int, UInt8) {
        var j = i
        var flags: UInt8 = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while true {
            while j + 8 <= n {
                let w = UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)
                let q = w ^ (ones &* 0x22)
                let bs = w ^ (ones &* 0x5C)
                let special = ((q &- ones) & ~q) | ((bs &- ones) & ~bs) | ((w &- ones &* 0x20) & ~w) | w
                let m = special & highs
                if m == 0 {
                    j += 8
                    continue
                }
                j += m.trailingZeroBitCount >> 3
                break
            }
            guard j < n else { throw _syntaxError("Unterminated string", at: i - 1) }
            let b = p[j]
            if b == 0x22 { return (j, flags) }
            if b == 0x5C {
                flags |= _Flag.escape
                j += 1
                guard j < n else { throw _syntaxError("Unterminated string", at: i - 1) }
                if p[j] == 0x75 {
                    guard j + 5 <= n, p[j + 1] != 0x22, p[j + 2] != 0x22, p[j + 3] != 0x22, p[j + 4] != 0x22 else {
                        throw _syntaxError("Invalid \\u escape", at: j - 1)
                    }
                    j += 5
                } else {
                    j += 1
                }
            } else {
                if b < 0x20 { flags |= _Flag.control } else if b >= 0x80 { flags |= _Flag.nonASCII }
                j += 1
            }
        }
    }

    func parse() throws {
        let p = UnsafePointer(base)
        let n = count
        var i = 0
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
        i = _State.skipWS(p, n, i)
        guard i < n else { throw _syntaxError("Unexpected end of input", at: i) }
        var cur = -1
        var depth = 0

        outer: while true {
            // Parse one value starting at p[i] (i < n, not whitespace).
            let c = p[i]
            switch c {
            case 0x22:
                let (end, fl) = try _State.scanString(p, n, i + 1)
                push(kind: _Kind.string, start: i + 1, len: end - i - 1, flags: fl)
                i = end + 1
            case 0x7B, 0x5B:
                depth += 1
                if depth > _maxDepth { throw _syntaxError("Too many nested arrays or dictionaries", at: i) }
                if ntok == cap { grow() }
                let idx = ntok
                let isObject = c == 0x7B
                toks[idx] = _Token(
                    start: 0, len: 0, next: UInt32(truncatingIfNeeded: cur),
                    kind: isObject ? _Kind.object : _Kind.array, flags: 0, spare: 0)
                ntok = idx + 1
                cur = idx
                i = _State.skipWS(p, n, i + 1)
                guard i < n else { throw _syntaxError("Unexpected end of input", at: i) }
                if p[i] == (isObject ? 0x7D : 0x5D) {
                    i += 1
                    close(&cur, &depth)
                } else if isObject {
                    i = try parseKey(p, n, i, object: cur)
                    continue outer
                } else {
                    toks[cur].len = 1
                    continue outer
                }
            case 0x74:  // true
                guard i + 4 <= n, p[i + 1] == 0x72, p[i + 2] == 0x75, p[i + 3] == 0x65 else {
                    throw _syntaxError("Invalid literal", at: i)
                }
                push(kind: _Kind.true, start: i, len: 4, flags: 0)
                i += 4
            case 0x66:  // false
                guard i + 5 <= n, p[i + 1] == 0x61, p[i + 2] == 0x6C, p[i + 3] == 0x73, p[i + 4] == 0x65 else {
                    throw _syntaxError("Invalid literal", at: i)
                }
                push(kind: _Kind.false, start: i, len: 5, flags: 0)
                i += 5
            case 0x6E:  // null
                guard i + 4 <= n, p[i + 1] == 0x75, p[i + 2] == 0x6C, p[i + 3] == 0x6C else {
                    throw _syntaxError("Invalid literal", at: i)
                }
                push(kind: _Kind.null, start: i, len: 4, flags: 0)
                i += 4
            case 0x2D, 0x30...0x39:
                // Like Foundation, only the character set is checked here; the number's
                // syntax is validated when it is decoded.
                var j = i + 1
                var fl: UInt8 = 0
                while j < n {
                    let b = p[j]
                    if b &- 0x30 < 10 || b == 0x2D || b == 0x2B {
                        j += 1
                    } else if b == 0x2E || b | 0x20 == 0x65 {
                        fl = _Flag.nonInteger
                        j += 1
                    } else {
                        break
                    }
                }
                push(kind: _Kind.number, start: i, len: j - i, flags: fl)
                i = j
            default:
                throw _syntaxError("Unexpected character", at: i)
            }

            // After a value: a separator, the end of the enclosing container, or the end of input.
            while true {
                if cur < 0 {
                    i = _State.skipWS(p, n, i)
                    guard i == n else { throw _syntaxError("Unexpected character after top-level value", at: i) }
                    realCount = ntok
                    return
                }
                if i < n, p[i] <= 0x20 { i = _State.skipWS(p, n, i) }
                guard i < n else { throw _syntaxError("Unexpected end of input", at: i) }
                let b = p[i]
                let isObject = toks[cur].kind == _Kind.object
                if b == 0x2C {
                    i = _State.skipWS(p, n, i + 1)
                    guard i < n else { throw _syntaxError("Unexpected end of input", at: i) }
                    let d = p[i]
                    if isObject {
                        if d == 0x7D {  // trailing comma, accepted like Foundation
                            i += 1
                            close(&cur, &depth)
                            continue
                        }
                        i = try parseKey(p, n, i, object: cur)
                    } else {
                        if d == 0x5D {
                            i += 1
                            close(&cur, &depth)
                            continue
                        }
                        toks[cur].len &+= 1
                    }
                    continue outer
                } else if b == (isObject ? 0x7D : 0x5D) {
                    i += 1
                    close(&cur, &depth)
                } else {
                    throw _syntaxError(isObject ? "Expected ',' or '}'" : "Expected ',' or ']'", at: i)
                }
            }
        }
    }

    @inline(__always)
    func close(_ cur: inout Int, _ depth: inout Int) {
        let parent = Int(Int32(bitPattern: toks[cur].next))
        toks[cur].next = UInt32(truncatingIfNeeded: ntok)
        toks[cur].start = 0
        cur = parent
        depth -= 1
    }

    /// Parses `"key" :` at `i` for object token `obj`; returns the index of the value.
    @inline(__always)
    func parseKey(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, object obj: Int) throws -> Int {
        guard p[i] == 0x22 else { throw _syntaxError("Expected a string key", at: i) }
        let (end, fl) = try _State.scanString(p, n, i + 1)
        let keyStart = i + 1
        let keyLen = end - keyStart
        push(kind: _Kind.string, start: keyStart, len: keyLen, flags: fl)
        let keyIdx = ntok - 1
        var o = toks[obj]
        if fl != 0 {
            o.flags |= _Flag.keysNeedCheck | _Flag.unsorted
        } else if o.flags & _Flag.unsorted == 0 && o.start != 0 {
            // Strictly increasing keys cannot contain duplicates.
            let prev = toks[Int(o.start)]
            let ps = Int(prev.start), pl = Int(prev.len)
            let m = min(pl, keyLen)
            var k = 0
            while k < m && p[ps + k] == p[keyStart + k] { k += 1 }
            let greater = k < m ? p[keyStart + k] > p[ps + k] : keyLen > pl
            if !greater { o.flags |= _Flag.unsorted }
        }
        o.start = UInt32(truncatingIfNeeded: keyIdx)
        o.len &+= 1
        toks[obj] = o
        var j = _State.skipWS(p, n, end + 1)
        guard j < n, p[j] == 0x3A else { throw _syntaxError("Expected ':'", at: j) }
        j = _State.skipWS(p, n, j + 1)
        guard j < n else { throw _syntaxError("Unexpected end of input", at: j) }
        return j
    }
}

func _syntaxError(_ message: String, at offset: Int) -> DecodingError {
    DecodingError.dataCorrupted(
        DecodingError.Context(
            codingPath: [],
            debugDescription: "The given data was not valid JSON. \(message) at offset \(offset)."))
}
