import Foundation
import ICPDomain
import Testing

@testable import Projections

/// `StoredField` reads and writes a row's stored property at its byte offset instead of applying
/// a key path; it must reach exactly the property the key path names, for every kind of field.
@Suite("Stored fields of read-model rows")
struct StoredFieldTests {
    @Test("each field of a revision row is read and written at its own offset, neighbours untouched")
    func revisionRowFields() {
        var row = ICPRevisionRow()
        let tenant = UUID()
        StoredField(\ICPRevisionRow.tenantID).set(&row, tenant)
        StoredField(\ICPRevisionRow.revision).set(&row, 7)
        StoredField(\ICPRevisionRow.authors).set(&row, ["ana", "bo"])
        StoredField(\ICPRevisionRow.rejectedBy).set(&row, "carla")
        StoredField(\ICPRevisionRow.effectiveOn).set(&row, CalendarDay(year: 2026, month: 12, day: 2))
        StoredField(\ICPRevisionRow.revisionDistance).set(&row, 0.25)
        StoredField(\ICPRevisionRow.definition).set(&row, String(repeating: "x", count: 10_000))

        #expect(row.tenantID == tenant)
        #expect(row.icpID == UUID(uuid: UUID_NULL))
        #expect(row.revision == 7)
        #expect(row.baseRevision == 0)
        #expect(row.authors == ["ana", "bo"])
        #expect(row.approvers.isEmpty)
        #expect(row.rejectedBy == "carla")
        #expect(row.rejectedAt == nil)
        #expect(row.effectiveOn == CalendarDay(year: 2026, month: 12, day: 2))
        #expect(row.revisionDistance == 0.25)
        #expect(row.definition?.count == 10_000)

        #expect(StoredField(\ICPRevisionRow.authors).get(row) == ["ana", "bo"])
        #expect(StoredField(\ICPRevisionRow.rejectedBy).get(row) == "carla")
        #expect(StoredField(\ICPRevisionRow.definition).get(row) == row.definition)
        StoredField(\ICPRevisionRow.rejectedBy).set(&row, nil)
        #expect(row.rejectedBy == nil)
    }

    @Test("a revision row's columns write the values its properties hold")
    func everyColumnWritesItsProperty() throws {
        var row = ICPRevisionRow()
        row.proposer = "tab\there"
        row.emergency = true
        row.revisionDistance = 0.25
        func field(_ name: String) throws -> [UInt8] {
            let column = try #require(ICPRevisionRow.table.columns.first { $0.name == name })
            var buffer: [UInt8] = []
            try column.write(row, &buffer)
            return buffer
        }
        #expect(try field("proposer") == [0, 0, 0, 8] + Array("tab\there".utf8))
        #expect(try field("emergency") == [0, 0, 0, 1, 1])
        #expect(try field("approved_at") == [0xFF, 0xFF, 0xFF, 0xFF])  // NULL
        #expect(try field("revision_distance") == [0, 0, 0, 8] + withUnsafeBytes(of: (0.25).bitPattern.bigEndian) { Array($0) })
    }
}
