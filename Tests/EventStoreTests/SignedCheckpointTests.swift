import EventStore
import Foundation
import Testing

/// Checkpoints signed as C2SP signed notes with Ed25519, held to the Go `note` package's published
/// example (Ed25519 is deterministic, so the same key and text must give the same bytes).
@Suite("Signed checkpoints")
struct SignedCheckpointTests {
    static let peterSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let peterVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let signed =
        text + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test("the Go note example: its keys read and write back, signing its text gives its note, and the note opens")
    func knownAnswer() throws {
        let signer = try CheckpointSigner(text: Self.peterSigner)
        #expect(signer.text == Self.peterSigner)
        #expect(signer.verifier.text == Self.peterVerifier && signer.verifier.keyID == "c74f20a3")
        #expect(try CheckpointVerifier(text: Self.peterVerifier) == signer.verifier)
        #expect(try signer.sign(note: Self.text) == Self.signed)
        #expect(try signer.verifier.openNote(Self.signed) == Self.text)
    }

    @Test("a checkpoint signed with a new key opens with that key only; any change to it is caught")
    func checkpoints() throws {
        let signer = try CheckpointSigner(name: "icpledger-test")
        let root = MerkleTree.root([MerkleTree.leafHash([1, 2, 3])])
        let checkpoint = Checkpoint(origin: "icpledger/5b0e4a3c", size: 1, root: root, time: Date(timeIntervalSince1970: 1_800_000_000.7))
        let note = try signer.sign(checkpoint)
        #expect(note.hasPrefix("icpledger/5b0e4a3c\n1\n\(Data(root.bytes).base64EncodedString())\ntime 2027-01-15T08:00:00Z\n\n— icpledger-test "))
        #expect(try signer.verifier.open(note) == checkpoint)
        #expect(Checkpoint(text: checkpoint.text) == checkpoint)

        // The same key read back from its file text still verifies; another key is not accepted.
        #expect(try CheckpointSigner(text: signer.text).verifier.open(note) == checkpoint)
        let stranger = try CheckpointSigner(name: "icpledger-test")
        #expect(throws: CheckpointError.self) { try stranger.verifier.open(note) }

        // A bigger size, another root or another time under the old signature: refused.
        for forged in [
            note.replacingOccurrences(of: "\n1\n", with: "\n2\n"),
            note.replacingOccurrences(of: "2027-01-15", with: "2027-01-16"),
            note.replacingOccurrences(of: Data(root.bytes).base64EncodedString(), with: Data(MerkleTree.emptyRoot.bytes).base64EncodedString()),
        ] {
            #expect(forged != note)
            #expect(throws: CheckpointError.badSignature) { try signer.verifier.open(forged) }
        }
    }

    @Test("malformed keys and notes are refused with a reason, never read as something else")
    func malformed() throws {
        for key in [
            "", "PRIVATE+KEY+a+00000000+AQ==", Self.peterSigner.replacingOccurrences(of: "c74f20a3", with: "c74f20a4"), "PRIVATE+KEY+a b+x+y",
        ] {
            #expect(throws: CheckpointError.self) { try CheckpointSigner(text: key) }
        }
        for key in ["", Self.peterVerifier.replacingOccurrences(of: "c74f20a3", with: "00000000"), "PeterNeumann+c74f20a3+AAAA"] {
            #expect(throws: CheckpointError.self) { try CheckpointVerifier(text: key) }
        }
        for name in ["two words", "", "a+b", "bell\u{7}", "csi\u{9B}31m", String(repeating: "x", count: 201)] {
            #expect(throws: CheckpointError.self) { try CheckpointSigner(name: name) }
        }
        let verifier = try CheckpointVerifier(text: Self.peterVerifier)
        for note in [
            Self.text, Self.signed + "— garbage\n", Self.signed.replacingOccurrences(of: "— ", with: "- "),
            Self.signed + "— evil\u{1B}[2J AAAAAAAA\n", String(Self.signed.dropLast()),
        ] {
            #expect(throws: CheckpointError.self) { try verifier.openNote(note) }
        }
        #expect(throws: CheckpointError.self) { try verifier.open(Self.signed) }  // signed, but not a checkpoint
        for body in ["a\n-1\nAAAA\ntime 2027-01-01T00:00:00Z\n", "a\n01\n\(Data(MerkleTree.emptyRoot.bytes).base64EncodedString())\ntime x\n", "\n"] {
            #expect(Checkpoint(text: body) == nil)
        }
    }
}
