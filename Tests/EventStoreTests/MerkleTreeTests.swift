import EventStore
import TestFixtures
import Testing

/// RFC 9162's Merkle tree, held to the reference vectors published with Certificate Transparency
/// (the eight leaves d0…d7 of RFC 6962's test data, their roots and proofs) and to its own
/// definitions on every small tree.
@Suite("Merkle tree (RFC 9162)")
struct MerkleTreeTests {
    static let leafData: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43], Array(0x50...0x57), Array(0x60...0x6f),
    ]
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    static var leaves: [MerkleHash] { leafData.map(MerkleTree.leafHash) }

    static func hash(_ hex: String) -> MerkleHash {
        let bytes = stride(from: 0, to: hex.count, by: 2).map { offset -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
        return MerkleHash(bytes)!
    }

    @Test("the roots of every prefix of the reference leaves, and of the empty tree")
    func referenceRoots() {
        for size in 0...8 {
            #expect(MerkleTree.root(Array(Self.leaves.prefix(size))).description == Self.roots[size], "size \(size)")
        }
        var builder = MerkleTree.Builder()
        for leaf in Self.leaves { builder.append(leafHash: leaf) }
        #expect(builder.root.description == Self.roots[8] && builder.size == 8)
    }

    @Test("the reference inclusion proofs, and each leads back to its root")
    func referenceInclusion() {
        let cases: [(index: Int, size: Int, proof: [String])] = [
            (0, 1, []),
            (
                0, 8,
                [
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ]
            ),
            (
                5, 8,
                [
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ]
            ),
        ]
        for (index, size, expected) in cases {
            let proof = MerkleTree.inclusionProof(index: index, Array(Self.leaves.prefix(size)))
            #expect(proof.map(\.description) == expected)
            let root = MerkleTree.root(fromInclusionProof: proof, index: index, size: size, leaf: Self.leaves[index])
            #expect(root?.description == Self.roots[size])
        }
    }

    @Test("the reference consistency proofs, and each is accepted")
    func referenceConsistency() {
        let cases: [(old: Int, new: Int, proof: [String])] = [
            (1, 1, []),
            (
                1, 8,
                [
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ]
            ),
            (
                6, 8,
                [
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ]
            ),
            (
                2, 5,
                [
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ]
            ),
            (
                6, 7,
                [
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ]
            ),
        ]
        for (old, new, expected) in cases {
            let proof = MerkleTree.consistencyProof(from: old, Array(Self.leaves.prefix(new)))
            #expect(proof.map(\.description) == expected, "\(old) → \(new)")
            #expect(
                MerkleTree.isConsistent(
                    oldSize: old, oldRoot: Self.hash(Self.roots[old]), newSize: new, newRoot: Self.hash(Self.roots[new]), proof: proof))
        }
    }

    @Test("every leaf of every tree up to 40 leaves proves its way to the root, and only to it")
    func inclusionEverywhere() {
        var random = SplitMix64(seed: 9162)
        let all = (0..<40).map { _ in MerkleTree.leafHash((0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
        for size in 1...40 {
            let leaves = Array(all.prefix(size))
            let root = MerkleTree.root(leaves)
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index: index, leaves)
                #expect(MerkleTree.root(fromInclusionProof: proof, index: index, size: size, leaf: leaves[index]) == root)
                // Another leaf, another position or a changed proof does not lead there.
                let other = leaves[(index + 1) % size]
                if size > 1 { #expect(MerkleTree.root(fromInclusionProof: proof, index: index, size: size, leaf: other) != root) }
                if size > 1 {
                    #expect(MerkleTree.root(fromInclusionProof: proof, index: (index + 1) % size, size: size, leaf: leaves[index]) != root)
                }
                if !proof.isEmpty {
                    var bent = proof
                    bent[random.int(proof.count)] = MerkleTree.leafHash([0xEE])  // no node of the tree
                    #expect(MerkleTree.root(fromInclusionProof: bent, index: index, size: size, leaf: leaves[index]) != root)
                }
            }
            #expect(MerkleTree.root(fromInclusionProof: [], index: size, size: size, leaf: leaves[0]) == nil, "no leaf past the end")
        }
    }

    @Test("every pair of trees up to 40 leaves is proved consistent; a changed proof, root or history is not")
    func consistencyEverywhere() {
        var random = SplitMix64(seed: 6962)
        let all = (0..<40).map { _ in MerkleTree.leafHash((0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
        for new in 1...40 {
            let leaves = Array(all.prefix(new))
            let newRoot = MerkleTree.root(leaves)
            for old in 0...new {
                let oldRoot = MerkleTree.root(Array(leaves.prefix(old)))
                let proof = MerkleTree.consistencyProof(from: old, leaves)
                #expect(MerkleTree.isConsistent(oldSize: old, oldRoot: oldRoot, newSize: new, newRoot: newRoot, proof: proof), "\(old) → \(new)")
                guard old > 0 && old < new else { continue }
                var bent = proof
                bent[random.int(proof.count)] = MerkleTree.leafHash([0xEE])  // no node of the tree
                #expect(!MerkleTree.isConsistent(oldSize: old, oldRoot: oldRoot, newSize: new, newRoot: newRoot, proof: bent))
                #expect(!MerkleTree.isConsistent(oldSize: old, oldRoot: newRoot, newSize: new, newRoot: newRoot, proof: proof))
                // A history that rewrote one of the old leaves cannot be proved to extend the old tree.
                var rewritten = leaves
                rewritten[random.int(old)] = MerkleTree.leafHash([0xFF])
                let rewrittenRoot = MerkleTree.root(rewritten)
                let forged = MerkleTree.consistencyProof(from: old, rewritten)
                #expect(!MerkleTree.isConsistent(oldSize: old, oldRoot: oldRoot, newSize: new, newRoot: rewrittenRoot, proof: forged))
            }
        }
    }
}
