public import LedgerConfiguration

/// The test suite's settings (`TEST_DATABASE_URL`, `ICPLEDGER_BINARY`, the scale knobs), read once
/// through the same configuration type as the programs. A value that cannot be used stops the test
/// run at its first use with the message naming the variable.
public enum TestEnvironment {
    public static let settings: LedgerConfiguration.TestSettings = {
        do {
            return try LedgerConfiguration.load().testing
        } catch {
            fatalError("test settings: \(error)")
        }
    }()
}
