/// Comparing secrets without saying where they differ: the time taken depends on the lengths only.
public enum ConstantTime {
    /// True when the two byte sequences are equal; every byte is compared whatever the first difference.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
