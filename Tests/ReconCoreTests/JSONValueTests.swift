import Foundation
import XCTest

@testable import ReconCore

/// A finding's `detail` text: compact JSON, keys sorted, strings escaped as RFC 8259 asks, so the
/// same evidence always gives the same bytes and any JSON reader takes them.
final class JSONValueTests: XCTestCase {
    func testObjectsAreCompactWithSortedKeys() {
        let v: JSONValue = ["b": 2, "a": ["x": true, "c": .null], "c": [1, "二", false]]
        XCTAssertEqual(v.text, #"{"a":{"c":null,"x":true},"b":2,"c":[1,"二",false]}"#)
        XCTAssertEqual(JSONValue.object([:]).text, "{}")
        XCTAssertEqual(JSONValue.array([]).text, "[]")
        XCTAssertEqual(JSONValue.int(-9_223_372_036_854_775_808).text, "-9223372036854775808")
        XCTAssertEqual(JSONValue.yuan(38_000).text, #""380.00""#)
    }

    func testStringsEscapeQuotesBackslashesAndControls() {
        XCTAssertEqual(JSONValue.string("").text, #""""#)
        XCTAssertEqual(JSONValue.string(#"欧阳"娜'娜""#).text, #""欧阳\"娜'娜\"""#)
        XCTAssertEqual(JSONValue.string(#"C:\inbox\"#).text, #""C:\\inbox\\""#)
        XCTAssertEqual(JSONValue.string("a\nb\r\nc\td").text, #""a\nb\r\nc\td""#)
        XCTAssertEqual(JSONValue.string("\u{0}\u{1}\u{1F}\u{20}\u{7F}").text, "\"\\u0000\\u0001\\u001f \u{7F}\"")
        // Multi-byte text passes through unchanged, escapes beside it included.
        XCTAssertEqual(JSONValue.string("张\u{8}👨‍👩‍👧é\"").text, "\"张\\u0008👨‍👩‍👧é\\\"\"")
        XCTAssertEqual(JSONValue.object(["k\"ey": "v"]).text, #"{"k\"ey":"v"}"#)
    }

    func testTextReadsBackAsTheSameValueThroughJSONSerialization() throws {
        let name = "孙\"兰\\婷\n\u{1}𠀀"
        let v: JSONValue = ["name": .string(name), "n": 7, "ok": false, "list": ["x", .null]]
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(v.text.utf8)) as? [String: Any])
        XCTAssertEqual(parsed["name"] as? String, name)
        XCTAssertEqual(parsed["n"] as? Int, 7)
        XCTAssertEqual(parsed["ok"] as? Bool, false)
        XCTAssertEqual((parsed["list"] as? [Any])?.count, 2)
    }
}
