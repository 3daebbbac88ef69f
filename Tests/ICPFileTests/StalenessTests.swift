import ICPDomain
import ICPFile
import Testing

@Suite("Stale base revision detection")
struct StalenessTests {
    @Test("a file exported from the operating revision is current")
    func current() {
        #expect(Fixtures.fintechDocument.staleness(operatingRevision: 4) == nil)
        #expect(ICPFileDocument.staleness(baseRevision: nil, operatingRevision: nil) == nil)
    }

    @Test(
        "a different operating revision makes the file stale",
        arguments: [
            (4, 5), (4, nil), (nil, 1), (7, 3),
        ] as [(Int?, Int?)])
    func stale(base: Int?, operating: Int?) {
        let error = ICPFileDocument.staleness(baseRevision: base, operatingRevision: operating)
        #expect(error == .staleBaseRevision(fileRevision: base, operatingRevision: operating))
        #expect(error?.description.hasPrefix("the operating revision changed since the file was exported") == true)
        #expect(error?.description.hasSuffix("export it again and redo your edit") == true)
        #expect(error?.path == "base-revision")
    }

    @Test("the message names both revisions")
    func message() {
        let error = Fixtures.fintechDocument.staleness(operatingRevision: 5)
        #expect(
            error?.description
                == "the operating revision changed since the file was exported (file base-revision 4, operating revision 5); export it again and redo your edit"
        )
    }
}
