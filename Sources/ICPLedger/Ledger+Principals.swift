import EventStore
public import Foundation
public import ICPDomain
import Postgres

/// A person known to a workspace: the name behind an opaque principal id.
public struct Principal: Sendable, Hashable, Codable {
    public var id: PrincipalID
    public var name: String
    public var email: String?
}

extension Ledger {
    /// Registers a person in a workspace and returns their opaque principal id; a name already
    /// registered returns the existing id (idempotent). Names and e-mails never enter events.
    public func registerPrincipal(
        _ name: String, email: String? = nil, in workspace: WorkspaceID,
        id: PrincipalID = PrincipalID(UUID())
    ) async throws -> PrincipalID {
        var problems = TextRule.name.problems(name, at: "name")
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.init(.empty, at: "name", "A person needs a name.")) }
        if let email { problems += TextRule.name.problems(email, at: "email") }
        if !problems.isEmpty { throw LedgerError.invalidName(problems) }
        return try await read(workspace) { connection in
            try connection.query(
                """
                INSERT INTO principals (tenant_id, principal_id, name, email) VALUES (\(workspace.uuid), \(id.rawValue), \(name), \(email))
                ON CONFLICT (tenant_id, name) DO NOTHING
                """)
            return PrincipalID(
                try connection.query("SELECT principal_id FROM principals WHERE tenant_id = \(workspace.uuid) AND name = \(name)")
                    .single().column(0, as: String.self))
        }
    }

    /// The principal id registered under a name.
    public func principal(named name: String, in workspace: WorkspaceID) async throws -> PrincipalID {
        let found: String? = try await read(workspace) { connection in
            try connection.query("SELECT principal_id FROM principals WHERE tenant_id = \(workspace.uuid) AND name = \(name)")
                .first.map { try $0.column(0, as: String.self) }
        }
        guard let found else { throw LedgerError.principalNotFound(name) }
        return PrincipalID(found)
    }

    /// Every person registered in a workspace.
    public func principals(in workspace: WorkspaceID) async throws -> [Principal] {
        try await read(workspace) { connection in
            try connection.query("SELECT principal_id, name, email FROM principals ORDER BY name").map { row in
                let (id, name, email) = try row.decode((String, String, String?).self)
                return Principal(id: PrincipalID(id), name: name, email: email)
            }
        }
    }
}
