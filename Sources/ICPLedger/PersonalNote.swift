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
        guard parts.count == 3, parts[0] == "note", let id = UUID(uuidString: String(parts[1])),
            parts[2].utf8.count == 64, parts[2].utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        return (id, String(parts[2]))
    }

    /// The note references a JSON payload carries as string values.
    static func references(in payload: String) -> [String] {
        payload.split(separator: "\"").map(String.init).filter { parse($0) != nil }
    }

    /// Stores the note in the workspace (called in the transaction that appends the event referring to it).
    func store(in workspace: WorkspaceID, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO personal_notes (tenant_id, note_id, author, body, digest)
            VALUES (\(workspace.uuid), \(id), \(author.rawValue), \(body), \(PostgresBytes(digest)))
            """)
    }

    /// What a reader is shown in place of a note whose author was erased.
    static let erasedText = "(removed: its author was erased)"
    /// What a reader is shown in place of a note that is missing or no longer matches its digest.
    static let unavailableText = "(note unavailable: missing or altered)"
}

/// The notes a set of stored texts refers to, loaded in one query; turns stored text into what a
/// reader sees: an older event's inline words as they are, a reference as its note's words (or a
/// marker where its author was erased or the note does not match its digest).
struct NoteTexts: Sendable {
    private var notes: [UUID: (body: String, erased: Bool)] = [:]

    /// Loads the notes that the references among `stored` name (other texts are ignored).
    static func load(_ stored: [String?], on connection: PostgresConnection) throws -> NoteTexts {
        let ids = Set(stored.compactMap { $0.flatMap(PersonalNote.parse)?.id })
        var result = NoteTexts()
        guard !ids.isEmpty else { return result }
        let rows = try connection.query(
            "SELECT note_id, body, erased_at IS NOT NULL FROM personal_notes WHERE note_id = ANY(\(PostgresArray(ids.map(UUIDText.lowercase)))::uuid[])"
        )
        for row in rows {
            let (id, body, erased) = try row.decode((UUID, String, Bool).self)
            result.notes[id] = (body, erased)
        }
        return result
    }

    /// What a reader sees for a stored text.
    func text(_ stored: String) -> String {
        guard let (id, digest) = PersonalNote.parse(stored) else { return stored }
        return note(id, digest) ?? PersonalNote.unavailableText
    }

    func text(_ stored: String?) -> String? { stored.map(text) }

    /// The words of a note reference; nil for a text that is not one (an external notes reference).
    func noteText(_ reference: String?) -> String? {
        guard let reference, let (id, digest) = PersonalNote.parse(reference) else { return nil }
        return note(id, digest) ?? PersonalNote.unavailableText
    }

    private func note(_ id: UUID, _ digest: String) -> String? {
        guard let found = notes[id] else { return nil }
        if found.erased { return PersonalNote.erasedText }
        return Hex.encode(PersonalNote.digest(id, found.body)) == digest ? found.body : nil
    }
}
