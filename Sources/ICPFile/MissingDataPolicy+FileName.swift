public import ICPDomain

extension MissingDataPolicy {
    /// The spelling used for `missing-data:` in an ICP file (`neutral` or `zero`).
    public var fileName: String { rawValue }
}
