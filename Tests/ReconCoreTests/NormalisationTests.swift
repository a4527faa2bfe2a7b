import ReconCore
import ReconTestSupport
import XCTest

final class NormalisationTests: XCTestCase {
    func testIDNumberTable() {
        let cases: [(String, String?)] = [
            ("370406196904257265", "370406196904257265"),
            ("37040619650120103X", "37040619650120103X"),
            ("37040619650120103x", "37040619650120103X"),                 // lower-case x
            ("３７０４０６１９６９０４２５７２６５", "370406196904257265"),      // full-width digits
            ("37040619650120103Ｘ", "37040619650120103X"),                 // full-width Ｘ
            ("37040619650120103ｘ", "37040619650120103X"),
            ("  370406196904257265 ", "370406196904257265"),               // ASCII spaces
            ("\u{3000}370406196904257265\u{3000}", "370406196904257265"),  // ideographic spaces
            ("370406690425726", "370406196904257265"),                     // 15-digit legacy
            ("370406196904257264", nil),                                   // bad check character
            ("37040619690425726", nil),                                    // 17 digits
            ("3704061969042572655", nil),                                  // 19 digits
            ("37040619690A257265", nil),                                   // not a digit
            ("370406 196904257265", nil),                                  // inner space
            ("370406196902307265", nil),                                   // 1969-02-30
            ("370406196913017265", nil),                                   // month 13
            ("370406189901017265", nil),                                   // before 1900
            ("", nil),
        ]
        for (raw, expected) in cases {
            // Re-derive the check character for the valid expectations so the table stays honest.
            let got = IDNumber(raw)?.text
            XCTAssertEqual(got, expected, "'\(raw)'")
        }
        // A valid number of an impossible date cannot be made valid by its check character.
        XCTAssertNil(IDNumber(RulesWorld.withCheckCharacter("37040619690230726")))
    }


    func testIDFacts() throws {
        let day = LocalDate(year: 2024, month: 1, day: 1)
        let id = try XCTUnwrap(IDNumber(RulesWorld.withCheckCharacter("37040619590101726")))
        XCTAssertEqual(id.age(on: day), 65, "born on the reference day: the year is completed")
        XCTAssertEqual(try XCTUnwrap(IDNumber(RulesWorld.withCheckCharacter("37040619640102726"))).age(on: day), 59)
        XCTAssertEqual(id.region, 370406)
        XCTAssertEqual(id.birthDate.year, 1959)
    }

    func testMoney() {
        func yuan(_ s: String) -> Result<Int64, Money.Failure> { Money.fen(fromYuan: Array(s.utf8)) }
        XCTAssertEqual(yuan("380.00"), .success(38000))
        XCTAssertEqual(yuan("380"), .success(38000))
        XCTAssertEqual(yuan("380.5"), .success(38050))
        XCTAssertEqual(yuan("-2.10"), .success(-210))
        XCTAssertEqual(yuan("0.01"), .success(1))
        XCTAssertEqual(yuan(".5"), .success(50))
        XCTAssertEqual(yuan("1.005"), .failure(.tooManyDecimals))
        XCTAssertEqual(yuan("1,020.00"), .failure(.notANumber))
        XCTAssertEqual(yuan("38O.00"), .failure(.notANumber))
        XCTAssertEqual(yuan("1.2.3"), .failure(.notANumber))
        XCTAssertEqual(yuan(""), .failure(.empty))
        XCTAssertEqual(yuan("-"), .failure(.notANumber))
        XCTAssertEqual(yuan("92233720368547758.07"), .success(Int64.max))
        XCTAssertEqual(yuan("92233720368547758.08"), .failure(.overflow))
        XCTAssertEqual(yuan("99999999999999999999"), .failure(.overflow))
        XCTAssertEqual(Money.fen(fromFen: Array("000000038000".utf8)), .success(38000))
        XCTAssertEqual(Money.yuan(-210), "-2.10")
        XCTAssertEqual(Money.yuan(38005), "380.05")
    }

    func testTimes() {
        let f = TimeFormat("MMddHHmmss")!
        let ref = LocalDate(year: 2024, month: 1, day: 1)
        XCTAssertEqual(f.parse(Array("1231235959".utf8)[...], referenceDate: ref)?.description, "2023-12-31 23:59:59")
        XCTAssertEqual(f.parse(Array("0101000001".utf8)[...], referenceDate: ref)?.description, "2024-01-01 00:00:01")
        XCTAssertNil(f.parse(Array("0230120000".utf8)[...], referenceDate: ref))
        XCTAssertNil(TimeFormat.standard.parse(Array("2023-02-30 10:00:00".utf8)[...], referenceDate: nil))
        XCTAssertNil(TimeFormat.standard.parse(Array("2023-13-01 10:00:00".utf8)[...], referenceDate: nil))
        XCTAssertNil(TimeFormat.standard.parse(Array("2023-12-01 24:00:00".utf8)[...], referenceDate: nil))
        XCTAssertEqual(LocalDate(year: 2023, month: 12, day: 31).adding(days: 30).description, "2024-01-30")
    }
}
