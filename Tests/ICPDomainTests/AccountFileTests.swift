import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Accounts read from CSV and JSON, converted by what each key's rules expect, and scored")
struct AccountFileTests {
    func scorer(_ policy: MissingDataPolicy = .neutral) throws -> CompiledScorer {
        var definition = SampleICPs.boardReporting()
        definition.missingDataPolicy = policy
        return try CompiledScorer(definition: definition, revision: 2)
    }

    /// A European export: BOM, `;` separators, decimal commas, currency signs, a list in quotes, CRLF.
    let export =
        "\u{FEFF}id;industry;employees;stack;acvUSD;nrrPct;recentFunding;owner\r\n"
        + "acme;FinTech;250;\"dbt;Snowflake\";$50,000;120;Series B;Dana\r\n"
        + "gamebox;gaming;5;;€12.000,50;;;Lee\r\n"
        + "partial;insurtech;\"1,000\";;30000;109,5;yes;Dana\r\n"

    @Test("worked by hand: an ideal account, a disqualified one still scored, a partial one under both missing-data policies")
    func workedExamples() throws {
        let file = try AccountFile.read(Array(export.utf8))
        #expect(file.columns == ["id", "industry", "employees", "stack", "acvUSD", "nrrPct", "recentFunding", "owner"])
        let (scores, unreadable) = try scorer().score(file)
        #expect(unreadable.isEmpty)
        #expect(scores.map(\.label) == ["acme", "gamebox", "partial"])
        #expect(scores.map(\.row) == [2, 3, 4])

        // acme: every signal matches (FinTech is in the list whatever its case; $50,000 ≥ 30,000).
        #expect(scores[0].score == 100 && scores[0].tier == .a && scores[0].qualified && scores[0].coverage == 1)

        // gamebox: both disqualifiers hit; industry, employees, ACV (12,000.50) and funding (absent: an
        // exists rule misses) are known and missed — 70 of 100 weight known, none matched.
        #expect(scores[1].disqualifiedBy.map(\.reason) == ["Regulatory exposure", "Too small"])
        #expect(scores[1].score == 0 && scores[1].coverage == 0.7 && !scores[1].qualified)
        #expect(scores[1].unknown.map(\.key) == ["stack", "nrrPct"])
        #expect(scores[1].missed.map(\.key) == ["industry", "employees", "acvUSD", "recentFunding"])

        // partial: industry 30 + employees 10 (1,000 is the range's top) + ACV 20 + funding 10 match,
        // NRR 109.5 < 110 misses (20), stack unknown: 70 of the 90 known.
        #expect(scores[2].matched.map(\.key) == ["industry", "employees", "acvUSD", "recentFunding"])
        #expect(scores[2].missed.map(\.key) == ["nrrPct"] && scores[2].unknown.map(\.key) == ["stack"])
        #expect(scores[2].score == 77.8 && scores[2].tier == .b && scores[2].coverage == 0.9)
        let zero = try scorer(.zero).score(file).scores[2]
        #expect(zero.score == 70 && zero.tier == .b, "under the zero policy unknown weight counts against it: 70 of 100")
    }

    @Test("the same accounts as JSON score the same; a value of the wrong kind is a problem naming the field")
    func json() throws {
        let text = """
            {"accounts": [
              {"id": "acme", "industry": "FinTech", "employees": 250, "stack": ["dbt", "Snowflake"], "acvUSD": "$50,000", "nrrPct": 120,
               "recentFunding": "Series B"},
              {"id": 7, "employees": true, "nrrPct": null}
            ]}
            """
        let file = try AccountFile.read(Array(text.utf8))
        let (scores, unreadable) = try scorer().score(file)
        #expect(scores.count == 1 && scores[0].score == 100 && scores[0].label == "acme")
        #expect(
            unreadable == [
                UnreadableAccount(row: 2, label: "7", problems: [.init(field: "employees", reason: "expects a number, not true or false")])
            ])
        let single = try AccountFile.read(Array(#"{"industry": "fintech"}"#.utf8))
        #expect(single.rows.count == 1 && single.rows[0].row == 1)
    }

    @Test("rows that cannot be read name the row, the field and why; broken files are refused whole")
    func refusals() throws {
        let bad = "id,employees,recentFunding,acvUSD\nx,many,,1e999\ny,12,,30000\n"
        let (scores, unreadable) = try scorer().score(try AccountFile.read(Array(bad.utf8)))
        #expect(scores.map(\.label) == ["y"])
        #expect(
            unreadable.map(\.description) == [
                "row 2 (x): acvUSD: '1e999' is not a number; employees: 'many' is not a number"
            ])
        func failure(_ text: String) -> String {
            do {
                _ = try AccountFile.read(Array(text.utf8), maxRows: 2)
                return "read"
            } catch {
                return "\(error)"
            }
        }
        #expect(failure("") == "the file is empty: a header row naming the columns is needed")
        #expect(failure("a,b\n1,2,3\n") == "line 2: 3 fields, but the header names 2 columns")
        #expect(failure("a,a\n1,2\n") == "line 1: the column a is named twice")
        #expect(failure("a\n1\n2\n3\n") == "the file holds 3 accounts; at most 2 are scored at once")
        #expect(failure("a\n\"open\n") == "line 2: a quoted field is never closed (it opens on line 2)")
        #expect(failure("[1, 2]").hasPrefix("expected an account object"))
    }

    @Test("a row's label comes from the first id- or name-like column, however its header is written")
    func labels() throws {
        let file = try AccountFile.read(Array("Industry,Account Name,Website\nfintech,First Harbor,fh.example\nretail,,shop.example\n".utf8))
        #expect(file.rows.map(\.label) == ["First Harbor", nil])
    }

    @Test(
        "numbers as exports write them",
        arguments: [
            ("1200", 1200.0), ("-3.5", -3.5), ("1,200,000.50", 1_200_000.5), ("1.200.000,50", 1_200_000.5), ("1 200", 1200), ("$1,200", 1200),
            ("1200 €", 1200), ("12,5", 12.5), ("1,234", 1234), ("0,5", 0.5), ("£0.75", 0.75), ("1'000", 1000), ("2e3", 2000),
            ("12,34,567", 1_234_567), ("-1,234.5", -1234.5), ("1.234", 1.234),
            // The plain fast path and the long way agree at their edges.
            ("12.", 12), (".5", 0.5), ("-0", 0), ("007", 7), ("+5", 5), ("1 200.5", 1200.5), ("$12,345.00", 12345), ("\u{A0}12", 12),
            ("1.200", 1.2), ("123456789012345678", 123_456_789_012_345_678),
        ])
    func numbers(_ text: String, _ expected: Double) {
        #expect(AccountReader.number(text) == expected)
    }

    @Test(
        "not numbers",
        arguments: [
            "", "many", "1.2.3,4,5", "12abc", "--5", "1e999", "nan", "∞", "1,2,3", "1,2.5", "1.2.3", "1,200.5,0", "1234,567,890", "-", ".", "5-",
            "1-2",
        ])
    func notNumbers(_ text: String) {
        #expect(AccountReader.number(text) == nil)
    }

    @Test("yes and no, lists, and what each key's rules expect")
    func kinds() {
        #expect(["TRUE", "yes", "Y", "1", "on", "x"].allSatisfy { AccountReader.boolean($0) == true })
        #expect(["false", "No", "n", "0", "off"].allSatisfy { AccountReader.boolean($0) == false })
        #expect(AccountReader.boolean("maybe") == nil)
        #expect(AccountReader.list(" dbt ; ;snowflake;") == ["dbt", "snowflake"])
        // White space at the edges, ASCII or not, is cut; inside a value it stays.
        #expect(AccountReader.list("\u{A0}dbt\u{2009};\tsnow flake\r\n; é ") == ["dbt", "snow flake", "é"])
        #expect(AccountReader.list("  only one ") == ["only one"] && AccountReader.list(" \u{A0} ").isEmpty)
        let reader = AccountReader(definition: SampleICPs.boardReporting())
        #expect(
            reader.kinds == [
                "industry": .list, "employees": .number, "stack": .list, "acvUSD": .number, "nrrPct": .number, "recentFunding": .text,
            ])
    }
}
