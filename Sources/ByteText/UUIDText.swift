public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A UUID's canonical text, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`: written lowercase (stream
/// names, tenants, payloads, COPY and query text all use it), read in either case.
///
/// `UUID.uuidString` is uppercase and goes through a formatting call; these work on bytes.
public enum UUIDText {
    /// Writes the lowercase canonical text into the 36 bytes at `start`.
    @inlinable @inline(__always)
    public static func write(_ id: UUID, to buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int = 0) {
        withUnsafeBytes(of: id.uuid) { raw in
            var index = start
            for slot in 0..<16 {
                if slot == 4 || slot == 6 || slot == 8 || slot == 10 {
                    buffer[index] = UInt8(ascii: "-")
                    index += 1
                }
                let byte = raw[slot]
                buffer[index] = Hex.digit(byte >> 4)
                buffer[index + 1] = Hex.digit(byte & 0x0F)
                index += 2
            }
        }
    }

    /// The lowercase canonical text, e.g. `01234567-89ab-cdef-0123-456789abcdef`.
    @inlinable
    public static func lowercase(_ id: UUID) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            write(id, to: buffer)
            return 36
        }
    }

    /// Appends the lowercase canonical text (36 bytes). (Appending byte by byte measured faster
    /// than writing into a scratch buffer and copying it.)
    @inlinable
    public static func append(_ id: UUID, to out: inout [UInt8]) {
        withUnsafeBytes(of: id.uuid) { raw in
            for slot in 0..<16 {
                if slot == 4 || slot == 6 || slot == 8 || slot == 10 { out.append(UInt8(ascii: "-")) }
                out.append(Hex.digit(raw[slot] >> 4))
                out.append(Hex.digit(raw[slot] & 0x0F))
            }
        }
    }

    /// Parses exactly the canonical 36-byte form, hex digits of either case; nil for anything
    /// else (other lengths, braces, missing or misplaced hyphens, non-hex digits).
    @inlinable
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36, text[8] == 0x2D, text[13] == 0x2D, text[18] == 0x2D, text[23] == 0x2D else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var bad: UInt8 = 0
        withUnsafeMutableBytes(of: &bytes) { out in
            var index = 0
            for slot in 0..<16 {
                if index == 8 || index == 13 || index == 18 || index == 23 { index += 1 }
                let high = Hex.value(of: text[index]), low = Hex.value(of: text[index + 1])
                bad |= high | low
                out[slot] = high << 4 | (low & 0x0F)
                index += 2
            }
        }
        guard bad & 0x80 == 0 else { return nil }
        return UUID(uuid: bytes)
    }
}

extension UUID {
    /// A random (version 4, RFC 9562) UUID from the C library's `arc4random_buf`: one
    /// `getrandom` call, where Foundation's `UUID()` on Linux opens, reads and closes
    /// `/dev/urandom` for every UUID — three system calls and a file on every append's path.
    public static func random() -> UUID {
        #if canImport(Glibc)
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { arc4random_buf($0.baseAddress!, 16) }
        bytes.6 = (bytes.6 & 0x0F) | 0x40  // version 4
        bytes.8 = (bytes.8 & 0x3F) | 0x80  // the RFC's variant
        return UUID(uuid: bytes)
        #else
        return UUID()
        #endif
    }
}
