/// The PostgreSQL roles the service uses. Roles are cluster-wide, so the names are fixed.
public enum DatabaseRole: String, Sendable, CaseIterable {
    /// Owns the schema; runs migrations.
    case owner = "icpledger_owner"
    /// The request path: INSERT and SELECT on events, DML on read models, under forced row-level security.
    case app = "icpledger_app"
    /// Cross-tenant system work (projection runner, verify, scheduler); bypasses row-level security.
    case system = "icpledger_system"
}
