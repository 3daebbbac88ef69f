import ICPDomain
import Testing

@testable import ICPFile

@Suite("The field mapping file")
struct MappingFileTests {
    let text = """
        format: icpledger-mapping/v1
        columns:
          Industry: industry
          Employee Range: {key: employees, as: range, pick: lower}
          Tech Stack: {key: stack, as: list, separator: ","}
          Funded: {key: recentFunding, as: boolean, true-words: [Series A, "yes please"], false-words: no}
          Segment:
            key: industry
            values:
              Financial Services: fintech
              "Insurance: all lines": insurtech
        """

    @Test("reads every form, and what it renders reads back the same")
    func roundTrip() throws {
        let mapping = try MappingFile.parse(text)
        #expect(mapping.columns.map(\.column) == ["Industry", "Employee Range", "Tech Stack", "Funded", "Segment"])
        #expect(mapping.columns[1] == ColumnMapping(column: "Employee Range", key: "employees", reading: .range, pick: .lower))
        #expect(mapping.columns[2].separator == "," && mapping.columns[3].trueWords == ["Series A", "yes please"])
        #expect(mapping.columns[3].falseWords == ["no"], "a YAML 1.1 boolean word stays the word")
        #expect(mapping.columns[4].values == ["Financial Services": "fintech", "Insurance: all lines": "insurtech"])
        #expect(try MappingFile.parse(MappingFile.render(mapping)) == mapping)
        #expect(try MappingFile.parse(MappingFile.render(FieldMapping())) == FieldMapping())
    }

    @Test("mistakes name their place")
    func mistakes() {
        func problem(_ text: String) -> String {
            do {
                _ = try MappingFile.parse(text)
                return "read"
            } catch {
                return "\(error)"
            }
        }
        #expect(problem("columns:\n  A: {key: a, as: rnage}\n").contains("did you mean 'range'"))
        #expect(problem("columns:\n  A: {key: a, seperator: x}\n").contains("separator"))
        #expect(problem("columns:\n  A: {as: list}\n").contains("columns.A.key"))
        #expect(problem("format: icpledger/v1\ncolumns: {}\n").contains("icpledger-mapping/v1"))
        #expect(problem("columns: [a, b]\n").contains("a mapping of column names to keys"))
        #expect(problem("").contains("empty"))
    }
}
