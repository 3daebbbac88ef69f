import Crypto
import Foundation

/// A SHA-256 hash held by value (no allocation per hash): leaves and nodes of a ``MerkleTree``.
public struct MerkleHash: Hashable, Sendable, CustomStringConvertible {
    var words: SIMD4<UInt64>

    /// The hash of these 32 bytes; nil for any other length.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words = SIMD4<UInt64>()
        withUnsafeMutableBytes(of: &words) { target in
            for (index, byte) in bytes.enumerated() { target[index] = byte }
        }
        self.words = words
    }

    /// Thirty-two zero bytes: the previous hash of a stream's first event.
    public static let zero = MerkleHash(words: .zero)

    init(words: SIMD4<UInt64>) { self.words = words }

    /// The hash of 32 raw bytes; nil for any other length.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        var words = SIMD4<UInt64>()
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        self.words = words
    }

    init(_ digest: SHA256Digest) {
        var words = SIMD4<UInt64>()
        withUnsafeMutableBytes(of: &words) { target in digest.withUnsafeBytes { target.copyMemory(from: $0) } }
        self.words = words
    }

    /// The 32 bytes.
    public var bytes: [UInt8] { withUnsafeBytes(of: words) { Array($0) } }

    /// Lower-case hex.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        withUnsafeBytes(of: words) { bytes in
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// The Merkle tree of RFC 9162 (Certificate Transparency version 2.0, section 2.1) over a list of
/// leaves: SHA-256; a leaf is hashed as `0x00 ‖ data`, two subtrees as `0x01 ‖ left ‖ right`; a
/// list of n > 1 leaves splits at the largest power of two below n. Pure: the root, the proof
/// that a leaf is in a tree (inclusion) and the proof that a tree extends an earlier one
/// (consistency), and the checks of both, which need only the proof, the sizes and the roots.
public enum MerkleTree {
    /// The root of the empty tree: the hash of nothing.
    public static let emptyRoot = MerkleHash(SHA256.hash(data: [UInt8]()))

    /// The hash of a leaf's data.
    public static func leafHash(_ data: UnsafeRawBufferPointer) -> MerkleHash {
        withUnsafeTemporaryAllocation(byteCount: data.count + 1, alignment: 8) { buffer in
            buffer[0] = 0
            if data.count > 0 { UnsafeMutableRawBufferPointer(rebasing: buffer[1...]).copyMemory(from: data) }
            return MerkleHash(SHA256.hash(data: UnsafeRawBufferPointer(buffer)))
        }
    }

    /// The hash of a leaf's data.
    public static func leafHash(_ data: [UInt8]) -> MerkleHash { data.withUnsafeBytes { leafHash($0) } }

    /// The hash of two subtrees.
    @inline(__always)
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { packed in
            packed[0] = 1
            withUnsafeBytes(of: left.words) { UnsafeMutableRawBufferPointer(rebasing: packed[1..<33]).copyMemory(from: $0) }
            withUnsafeBytes(of: right.words) { UnsafeMutableRawBufferPointer(rebasing: packed[33..<65]).copyMemory(from: $0) }
            return MerkleHash(SHA256.hash(data: UnsafeRawBufferPointer(packed)))
        }
    }

    /// Builds a root leaf by leaf, keeping one subtree root per level (memory grows with log n).
    public struct Builder: Sendable {
        /// Roots of complete subtrees, largest first, and their sizes (descending powers of two).
        var stack: [(hash: MerkleHash, size: Int)] = []
        /// Leaves appended.
        public private(set) var size = 0

        public init() {}

        public mutating func append(leafHash: MerkleHash) {
            var hash = leafHash
            var width = 1
            while let last = stack.last, last.size == width {
                stack.removeLast()
                hash = MerkleTree.nodeHash(last.hash, hash)
                width *= 2
            }
            stack.append((hash, width))
            size += 1
        }

        /// The root of the leaves appended so far.
        public var root: MerkleHash {
            guard var hash = stack.last?.hash else { return MerkleTree.emptyRoot }
            for subtree in stack.dropLast().reversed() { hash = MerkleTree.nodeHash(subtree.hash, hash) }
            return hash
        }
    }

    /// The root over leaf hashes.
    public static func root(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
        var builder = Builder()
        for leaf in leaves { builder.append(leafHash: leaf) }
        return builder.root
    }

    public static func root(_ leaves: [MerkleHash]) -> MerkleHash { root(leaves[...]) }

    /// ``root(_:)-([MerkleHash])``, its two top subtrees computed at once on two threads when the
    /// list is long (RFC 9162 splits a list at the largest power of two below its size).
    public static func parallelRoot(_ leaves: [MerkleHash]) -> MerkleHash {
        guard leaves.count >= 1 << 15 else { return root(leaves) }
        let k = split(leaves.count)
        let halves = Shared(UnsafeMutablePointer<MerkleHash>.allocate(capacity: 2))
        defer { halves.pointer.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            (halves.pointer + half).initialize(to: half == 0 ? root(leaves[..<k]) : root(leaves[k...]))
        }
        return nodeHash(halves.pointer[0], halves.pointer[1])
    }

    /// The leaf hashes of many 32-byte items (event hashes), on every core.
    public static func leafHashes(of items: [MerkleHash]) -> [MerkleHash] {
        let count = items.count
        guard count >= 1 << 15 else { return items.map { item in withUnsafeBytes(of: item.words) { leafHash($0) } } }
        let parts = ProcessInfo.processInfo.activeProcessorCount * 2
        return [MerkleHash](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = Shared(buffer.baseAddress!)
            items.withUnsafeBufferPointer { items in
                let source = Shared(UnsafeMutablePointer(mutating: items.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    for index in (count * part / parts)..<(count * (part + 1) / parts) {
                        (target.pointer + index).initialize(to: withUnsafeBytes(of: source.pointer[index].words) { leafHash($0) })
                    }
                }
            }
            initialized = count
        }
    }

    /// The largest power of two below `n` (n > 1).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// The inclusion proof of leaf `index` in the tree of `leaves` (RFC 9162, 2.1.3.1): the
    /// sibling subtrees' roots from the leaf up. Empty when `index` is not a leaf of the tree.
    public static func inclusionProof(index: Int, _ leaves: [MerkleHash]) -> [MerkleHash] {
        guard index >= 0, index < leaves.count else { return [] }
        func path(_ m: Int, _ d: ArraySlice<MerkleHash>) -> [MerkleHash] {
            guard d.count > 1 else { return [] }
            let k = split(d.count)
            let start = d.startIndex
            return m < k
                ? path(m, d[start..<start + k]) + [root(d[(start + k)...])]
                : path(m - k, d[(start + k)...]) + [root(d[start..<start + k])]
        }
        return path(index, leaves[...])
    }

    /// The root that `proof` leads to from leaf `index` (whose hash is `leaf`) of a tree of `size`
    /// leaves (RFC 9162, 2.1.3.2); nil when the proof cannot belong to such a leaf. The leaf is in
    /// the tree whose root is known exactly when the two roots are equal.
    public static func root(fromInclusionProof proof: [MerkleHash], index: Int, size: Int, leaf: MerkleHash) -> MerkleHash? {
        guard index >= 0, index < size else { return nil }
        var r = leaf
        let complete = walk(proof, fn: index, sn: size - 1, left: { r = nodeHash($0, r) }, right: { r = nodeHash(r, $0) })
        return complete ? r : nil
    }

    /// The consistency proof from the tree of the first `oldSize` leaves to the tree of all of
    /// `leaves` (RFC 9162, 2.1.4.1). Empty when `oldSize` is 0 or the whole list.
    public static func consistencyProof(from oldSize: Int, _ leaves: [MerkleHash]) -> [MerkleHash] {
        guard oldSize > 0, oldSize < leaves.count else { return [] }
        func subproof(_ m: Int, _ d: ArraySlice<MerkleHash>, _ complete: Bool) -> [MerkleHash] {
            if m == d.count { return complete ? [] : [root(d)] }
            let k = split(d.count)
            let start = d.startIndex
            return m <= k
                ? subproof(m, d[start..<start + k], complete) + [root(d[(start + k)...])]
                : subproof(m - k, d[(start + k)...], false) + [root(d[start..<start + k])]
        }
        return subproof(oldSize, leaves[...], true)
    }

    /// Whether `proof` shows that the tree of `newSize` leaves with root `newRoot` extends the tree
    /// of its first `oldSize` leaves with root `oldRoot` (RFC 9162, 2.1.4.2): the older history is
    /// a prefix of the newer one.
    public static func isConsistent(
        oldSize: Int, oldRoot: MerkleHash, newSize: Int, newRoot: MerkleHash, proof: [MerkleHash]
    ) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty && oldRoot == emptyRoot }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        let complete = walk(
            path.dropFirst(), fn: fn, sn: sn,
            left: {
                fr = nodeHash($0, fr)
                sr = nodeHash($0, sr)
            }, right: { sr = nodeHash(sr, $0) })
        return complete && fr == oldRoot && sr == newRoot
    }

    /// The walk both checks of RFC 9162 share (2.1.3.2 and 2.1.4.2): up from a node (`fn`) of the
    /// tree whose last node is `sn`, each proof element is a sibling on the left or on the right.
    /// True when the proof ends exactly at the root.
    static func walk(
        _ proof: some Sequence<MerkleHash>, fn start: Int, sn last: Int, left: (MerkleHash) -> Void, right: (MerkleHash) -> Void
    ) -> Bool {
        var fn = start, sn = last
        for element in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                left(element)
                if fn & 1 == 0 {
                    repeat {
                        fn >>= 1
                        sn >>= 1
                    } while fn & 1 == 0 && fn != 0
                }
            } else {
                right(element)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0
    }
}

/// A pointer handed to the threads of one `concurrentPerform`, each touching its own elements.
private struct Shared<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
