import ByteText
import Crypto
import Foundation
import ICPDomain
import Postgres

/// Free text that may name people, kept in the erasable `personal_notes` table rather than in an event.
/// The event refers to it as `note:<id>:<digest>`, the digest being SHA-256 of the id and the text: while
/// the note exists its integrity can be checked; erasing its author blanks it and breaks no hash chain.
struct PersonalNote: Sendable {
    let id: UUID
    let body: String
    let author: PrincipalID
    let digest: [UInt8]

    init(body: String, author: PrincipalID, id: UUID = UUID()) {
        self.id = id
        self.body = body
        self.author = author
        digest = Self.digest(id, body)
    }

    static func digest(_ id: UUID, _ body: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(UUIDText.lowercase(id).utf8) + [0] + Array(body.utf8)))
    }

    /// The reference an event carries.
    var reference: String { "note:\(UUIDText.lowercase(id)):\(Hex.encode(digest))" }

    /// The note id and digest a reference names; nil for references of another kind.
    static func parse(_ reference: String) -> (id: UUID, digest: String)? {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "note", let id = UUID(uuidString: String(parts[1])) else { return nil }
        return (id, String(parts[2]))
    }

    /// Stores the note in the workspace (called in the transaction that appends the event referring to it).
    func store(in workspace: WorkspaceID, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO personal_notes (tenant_id, note_id, author, body, digest)
            VALUES (\(workspace.uuid), \(id), \(author.rawValue), \(body), \(PostgresBytes(digest)))
            """)
    }

    /// The texts of the notes `references` name that still exist and match their digest, by reference.
    static func texts(of references: [String], on connection: PostgresConnection) throws -> [String: String] {
        let wanted = references.compactMap { reference in parse(reference).map { (reference, $0.id, $0.digest) } }
        guard !wanted.isEmpty else { return [:] }
        var found: [String: String] = [:]
        for (reference, id, digest) in wanted {
            guard
                let row = try connection.query("SELECT body FROM personal_notes WHERE note_id = \(id) AND erased_at IS NULL").first
            else { continue }
            let body = try row.column(0, as: String.self)
            if Hex.encode(Self.digest(id, body)) == digest { found[reference] = body }
        }
        return found
    }
}
