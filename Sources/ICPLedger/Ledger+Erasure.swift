import Foundation
public import ICPDomain
import Postgres

/// What erasing a person did, and what it could not do.
public struct ErasureReport: Sendable, Hashable, Codable {
    /// The erased person's opaque id (it names no one any more).
    public var principal: PrincipalID
    /// Tokens that reached the workspace and were still valid.
    public var tokensRevoked: Int
    /// Stored idempotent answers that spelled the name out.
    public var storedAnswersDropped: Int
    /// Notes they wrote (kept outside the hash chain) whose text was blanked.
    public var notesErased: Int
    /// ICPs they owned, now orphaned until reassigned.
    public var icpsOrphaned: Int
    /// Events naming them by id whose free text is part of the hash chain and therefore kept, by event
    /// type: rationales, summaries and recommendations, and comments, notes and reasons written before
    /// those went to the erasable side table. Text written there may still name them.
    public var keptFreeText: [String: Int]
}

extension Ledger {
    /// The event types that carry free text a person wrote.
    static let freeTextEvents: [EventKind] = [
        .icpDrafted, .revisionProposed, .proposalAmended, .revisionApproved, .revisionRejected, .revisionEmergencyPublished,
        .afterTheFactReviewCompleted, .quarterlyReviewRecorded, .icpRetired, .findingRecorded, .findingResolved,
    ]

    /// Erases a person from a workspace (admins, not themselves): their role is revoked and the
    /// erasure recorded (``PrincipalErased``, naming only the opaque id); then their name and e-mail
    /// become a pseudonym, their sign-in to the workspace is unlinked and its tokens revoked. No event
    /// changes, so every hash chain stays valid; the report says which events keep free text they wrote.
    public func erasePrincipal(_ principal: PrincipalID, in workspace: WorkspaceID, by actor: PrincipalID) async throws -> ErasureReport {
        guard try await principals(in: workspace).contains(where: { $0.id == principal }) else {
            throw LedgerError.principalNotFound(principal.description)
        }
        _ = try await execute(
            WorkspaceDecider.self, workspace: workspace, stream: .workspace(workspace), actor: actor, retryOnConflict: true, .erase(principal))
        var orphaned = 0
        for icp in try await listICPs(in: workspace) where icp.owner == principal && icp.status != .retired {
            let outcome = try await execute(
                ICPDecider.self, workspace: workspace, stream: .icp(icp.id), actor: actor, retryOnConflict: true, .flagOrphaned(owner: principal))
            orphaned += outcome.events.isEmpty ? 0 : 1
        }
        let icpsOrphaned = orphaned
        let pseudonym = "erased-" + UUID().uuidString.lowercased()
        let types = Self.freeTextEvents.map(\.rawValue)
        let pattern = "%\"" + principal.rawValue + "\"%"
        return try await read(workspace) { connection in
            let erased = try connection.query(
                "SELECT tokens_revoked, answers_dropped FROM erase_principal(\(workspace.uuid), \(principal.rawValue), \(pseudonym))"
            ).single()
            let notesErased = try connection.query("SELECT erase_notes(\(workspace.uuid), \(principal.rawValue))").single()
                .column(0, as: Int.self)
            var kept: [String: Int] = [:]
            let naming = try connection.query(
                """
                SELECT event_type, schema_version, payload::text FROM event_log
                WHERE event_type = ANY(\(PostgresArray(types))::text[]) AND payload::text LIKE \(pattern)
                """)
            for row in naming {
                let (type, version, payload) = try row.decode((String, Int, String).self)
                let event = try EventCodec.decode(type: type, schemaVersion: version, payload: Data(payload.utf8))
                // Words in the side table are gone with the notes; words in the event stay.
                let inEvent = event.writtenText.contains { !$0.isErasable || PersonalNote.parse($0.text) == nil }
                if inEvent { kept[type, default: 0] += 1 }
            }
            return ErasureReport(
                principal: principal, tokensRevoked: try erased.column(0, as: Int.self), storedAnswersDropped: try erased.column(1, as: Int.self),
                notesErased: notesErased,
                icpsOrphaned: icpsOrphaned, keptFreeText: kept)
        }
    }
}
