/// The five audits that prove (or disprove) an ICP.
public enum AuditType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Who the best current customers actually are.
    case customer
    /// Which open and lost opportunities match the ICP.
    case pipeline
    /// Whether messaging lands with the named pains.
    case message
    /// Why deals are won and lost.
    case winLoss
    /// Which accounts grow after the first sale.
    case expansion
}
