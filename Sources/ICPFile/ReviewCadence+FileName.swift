public import ICPDomain

extension ReviewCadence {
    /// Named cadences an ICP file may use instead of a number of months.
    public static let fileNames: [(name: String, months: Int)] = [
        ("monthly", 1), ("quarterly", 3), ("half-yearly", 6), ("yearly", 12),
    ]

    /// The name written for this cadence when it has one (`quarterly`), otherwise nil (written as months).
    public var fileName: String? {
        Self.fileNames.first(where: { $0.months == months })?.name
    }
}
