public import Foundation
public import ICPDomain

/// One change of a workspace's field mapping, as its history shows it.
public struct FieldMappingChange: Sendable, Hashable, Codable {
    public var setBy: PrincipalID
    public var setAt: Date
    /// How many columns the mapping mapped after the change (0: cleared).
    public var columns: Int
}

extension Ledger {
    /// Replaces the workspace's field mapping (admins; an empty one clears it). False when it was
    /// already that mapping (nothing recorded).
    @discardableResult
    public func setFieldMapping(_ mapping: FieldMapping, in workspace: WorkspaceID, by actor: PrincipalID) async throws -> Bool {
        let outcome = try await execute(
            WorkspaceDecider.self, workspace: workspace, stream: .workspace(workspace), actor: actor, retryOnConflict: true,
            .setFieldMapping(mapping))
        return !outcome.events.isEmpty
    }

    /// The workspace's field mapping (empty when none was set).
    public func fieldMapping(in workspace: WorkspaceID) async throws -> FieldMapping {
        guard let state = try await workspaceState(workspace) else { throw LedgerError.workspaceNotFound(workspace.description) }
        return state.fieldMapping
    }

    /// Every change of the workspace's field mapping, oldest first.
    public func fieldMappingHistory(in workspace: WorkspaceID) async throws -> [FieldMappingChange] {
        let events = try await store.readStream(Self.streamID(workspace, .workspace(workspace))).events
        return try events.filter { $0.type == EventKind.fieldMappingSet.rawValue }.compactMap { event in
            guard case .fieldMappingSet(let set) = try EventCodec.decode(type: event.type, schemaVersion: event.schemaVersion, payload: event.payload)
            else { return nil }
            return FieldMappingChange(setBy: set.setBy, setAt: set.setAt.date, columns: set.mapping.columns.count)
        }
    }
}
