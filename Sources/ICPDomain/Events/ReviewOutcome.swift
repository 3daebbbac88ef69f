/// The result of a periodic ICP review.
public enum ReviewOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    /// The ICP still holds; the review clock restarts without a revision.
    case reaffirmed
    /// The ICP needs a revision; the clock keeps running until one is published.
    case revisionNeeded
}
