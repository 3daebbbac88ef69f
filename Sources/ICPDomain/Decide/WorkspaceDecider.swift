import Foundation

/// The workspace aggregate. Permissions here come from the workspace's own grants (the authoritative
/// source), not from `context.role`.
public enum WorkspaceDecider: Decider {
    public typealias State = WorkspaceState?
    public typealias Command = WorkspaceCommand

    public static var initialState: WorkspaceState? { nil }

    public static func decide(_ state: WorkspaceState?, _ command: WorkspaceCommand, _ context: DecisionContext) throws(DomainError) -> [DomainEvent]
    {
        if case .create(let id, let name, let timeZone, let month) = command {
            guard state == nil else { throw .alreadyExists("Workspace \(id)") }
            let errors = validate(name: name, timeZone: timeZone, month: month)
            if !errors.isEmpty { throw .invalid(errors) }
            return [
                .workspaceCreated(
                    WorkspaceCreated(
                        workspaceId: id, name: name.trimmed, timeZone: timeZone, fiscalYearStartMonth: month,
                        founder: context.actor, createdAt: context.timestamp))
            ]
        }
        guard let state else { throw .notFound("The workspace") }
        let actorRole = context.capped(state.role(of: context.actor))
        func requireAdmin(_ action: String) throws(DomainError) {
            guard actorRole == .admin else { throw .insufficientRole(action: action, required: .admin, actual: actorRole) }
        }
        switch command {
        case .create:
            return []
        case .changeSettings(let name, let timeZone, let month):
            try requireAdmin("change workspace settings")
            let errors = validate(name: name, timeZone: timeZone, month: month)
            if !errors.isEmpty { throw .invalid(errors) }
            let newName = name.map(\.trimmed).flatMap { $0 == state.name ? nil : $0 }
            let newZone = timeZone.flatMap { $0 == state.timeZone ? nil : $0 }
            let newMonth = month.flatMap { $0 == state.fiscalYearStartMonth ? nil : $0 }
            guard newName != nil || newZone != nil || newMonth != nil else { throw .nothingToChange }
            return [
                .workspaceSettingsChanged(
                    WorkspaceSettingsChanged(
                        workspaceId: state.id, name: newName, timeZone: newZone, fiscalYearStartMonth: newMonth))
            ]
        case .grantRole(let principal, let role):
            try requireAdmin("grant roles")
            if state.grants[principal] == role { return [] }
            if state.grants[principal] == .admin && state.adminCount == 1 { throw .cannotRemoveLastAdmin }
            return [.roleGranted(RoleGranted(workspaceId: state.id, principal: principal, role: role, grantedBy: context.actor))]
        case .revokeRole(let principal):
            try requireAdmin("revoke roles")
            guard let current = state.grants[principal] else { throw .noSuchGrant(principal) }
            if current == .admin && state.adminCount == 1 { throw .cannotRemoveLastAdmin }
            return [.roleRevoked(RoleRevoked(workspaceId: state.id, principal: principal, revokedBy: context.actor))]
        case .erase(let principal):
            try requireAdmin("erase people")
            guard principal != context.actor else { throw .invalid([.init(.invalidReference, at: "principal", "Another admin must erase you.")]) }
            var events: [DomainEvent] = []
            if let current = state.grants[principal] {
                if current == .admin && state.adminCount == 1 { throw .cannotRemoveLastAdmin }
                events.append(.roleRevoked(RoleRevoked(workspaceId: state.id, principal: principal, revokedBy: context.actor)))
            }
            return events + [
                .principalErased(PrincipalErased(workspaceId: state.id, principal: principal, erasedBy: context.actor, erasedAt: context.timestamp))
            ]
        case .setFieldMapping(let mapping):
            try requireAdmin("change the field mapping")
            let errors = mapping.validate()
            if !errors.isEmpty { throw .invalid(errors) }
            if mapping == state.fieldMapping { return [] }
            return [.fieldMappingSet(FieldMappingSet(workspaceId: state.id, mapping: mapping, setBy: context.actor, setAt: context.timestamp))]
        case .recordPipelineSnapshot(let snapshot, let day, let hash, let rows, let skipped, let fits):
            guard let actorRole, actorRole.includes(.editor) else {
                throw .insufficientRole(action: "import pipeline snapshots", required: .editor, actual: actorRole)
            }
            var errors: [ValidationError] = []
            if !StorageLimits.canStore(day) { errors.append(.init(.outOfRange, at: "date", "The day \(day) lies outside 0001-01-01…9999-12-31.")) }
            if !Self.isLowerHex(hash, count: 64) {
                errors.append(.init(.invalidReference, at: "contentHash", "The content hash must be 64 lower-case hex digits."))
            }
            if rows < 0 || skipped < 0 || !StorageLimits.canStore(rows + skipped) {
                errors.append(.init(.outOfRange, at: "rows", "Row counts must be whole numbers from 0."))
            }
            if !errors.isEmpty { throw .invalid(errors) }
            return [
                .pipelineSnapshotRecorded(
                    PipelineSnapshotRecorded(
                        workspaceId: state.id, snapshotId: snapshot, day: day, contentHash: hash, rows: rows, skippedRows: skipped, fits: fits,
                        recordedBy: context.actor, recordedAt: context.timestamp))
            ]
        case .recordCheckpoint(let size, let root, let keyId, let keyName, let verifierKey, let note):
            // Any member: a checkpoint states what the log holds and changes nothing. The application
            // decides who may ask for one (admins directly; any reader through a board report).
            guard actorRole != nil else { throw .insufficientRole(action: "record checkpoints of the log", required: .viewer, actual: nil) }
            var errors: [ValidationError] = []
            if !Self.isLowerHex(root, count: 64) { errors.append(.init(.invalidReference, at: "root", "The root must be 64 lower-case hex digits.")) }
            if !Self.isLowerHex(keyId, count: 8) {
                errors.append(.init(.invalidReference, at: "keyId", "The key id must be 8 lower-case hex digits."))
            }
            if size < 0 || !StorageLimits.canStore(size) { errors.append(.init(.outOfRange, at: "size", "The size must be a whole number from 0.")) }
            if keyName.isEmpty || keyName.utf8.count > 200 || verifierKey.utf8.count > 300 || !verifierKey.hasPrefix(keyName + "+" + keyId + "+")
                || note.utf8.count > 4_096 || !note.hasSuffix("\n")
            {
                errors.append(.init(.outOfRange, at: "note", "The note must be a signed checkpoint (at most 4,096 bytes) with its key's name."))
            }
            if !errors.isEmpty { throw .invalid(errors) }
            return [
                .logCheckpointed(
                    LogCheckpointed(
                        workspaceId: state.id, size: size, root: root, keyId: keyId, keyName: keyName, verifierKey: verifierKey, note: note,
                        checkpointedBy: context.actor, checkpointedAt: context.timestamp))
            ]
        }
    }

    /// Whether `text` is exactly `count` lower-case hex digits.
    static func isLowerHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    public static func evolve(_ state: WorkspaceState?, _ event: DomainEvent) -> WorkspaceState? {
        switch event {
        case .workspaceCreated(let e):
            guard state == nil else { return state }
            return WorkspaceState(
                id: e.workspaceId, name: e.name, timeZone: e.timeZone,
                fiscalYearStartMonth: e.fiscalYearStartMonth, grants: [e.founder: .admin])
        case .workspaceSettingsChanged(let e):
            guard var s = state, s.id == e.workspaceId else { return state }
            if let name = e.name { s.name = name }
            if let zone = e.timeZone { s.timeZone = zone }
            if let month = e.fiscalYearStartMonth { s.fiscalYearStartMonth = month }
            return s
        case .roleGranted(let e):
            guard var s = state, s.id == e.workspaceId else { return state }
            s.grants[e.principal] = e.role
            return s
        case .roleRevoked(let e):
            guard var s = state, s.id == e.workspaceId else { return state }
            s.grants[e.principal] = nil
            return s
        case .fieldMappingSet(let e):
            guard var s = state, s.id == e.workspaceId else { return state }
            s.fieldMapping = e.mapping
            return s
        default:
            return state
        }
    }

    static func validate(name: String?, timeZone: String?, month: Int?) -> [ValidationError] {
        var errors: [ValidationError] = []
        if let name {
            if name.trimmed.isEmpty { errors.append(.init(.empty, at: "name", "The workspace needs a name.")) }
            errors += TextRule.name.problems(name, at: "name")
        }
        if let timeZone, case let problems = TextRule.timeZone.problems(timeZone, at: "timeZone"), !problems.isEmpty {
            errors += problems
        } else if let timeZone, TimeZone(identifier: timeZone) == nil {
            errors.append(.init(.unknownTimeZone, at: "timeZone", "'\(timeZone)' is not a known time zone identifier."))
        }
        if let month, !(1...12).contains(month) {
            errors.append(.init(.monthOutOfRange, at: "fiscalYearStartMonth", "The fiscal year must start in month 1–12, not \(month)."))
        }
        return errors
    }
}
