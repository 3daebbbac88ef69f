/// One change to a list of rules (signals of a family, disqualifiers or committee roles).
///
/// `removed` and `changed` carry the element as it was, so a change can be checked against the
/// definition it is applied to; `reordered` gives the full final order when it differs from
/// "kept elements in their old order, then added ones".
public enum ListChange<Element: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    /// A new element, appended.
    case added(element: Element)
    /// An element taken away.
    case removed(ref: RuleRef, before: Element)
    /// An element whose value, weight, reason, rationale or pain changed (identity unchanged).
    case changed(ref: RuleRef, before: Element, after: Element)
    /// The final order of the list, by reference.
    case reordered(order: [RuleRef])
}
