import Foundation
import ReconTestSupport
import TOML
import XCTest

/// recon's TOML reader against Python's `tomllib` (the standard library's TOML 1.0 reader) on the same
/// documents: what one accepts the other accepts, with the same values and types, and what one refuses
/// the other refuses — recon's refusal naming the line.
final class TOMLDifferentialTests: XCTestCase {
    /// Documents both readers must accept.
    static let valid: [String] = [
        #"a = "basic \"quoted\" \\ \t tab \u00e9 \U0001F600""#,
        "a = 'literal \\n stays'",
        "a = \"\"\"\nfirst\nsecond \\\n   joined\"\"\"",
        "a = '''\nraw\\n\n  lines'''",
        "a = \"\"\"two quotes \"\" inside\"\"\"",
        "a = 0x_dead_beef\nb = 0o755\nc = 0b1101\nd = 1_000_000\ne = -17\nf = +99\ng = 0".replacingOccurrences(of: "0x_", with: "0x"),
        "a = 9223372036854775807\nb = -9223372036854775808",
        "a = 3.1415\nb = -0.01\nc = 5e+22\nd = 1e06\ne = -2E-2\nf = 6.626e-34\ng = 224_617.445_991",
        "a = inf\nb = -inf\nc = +inf\nd = nan\ne = -0.0",
        "a = true\nb = false",
        "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27 07:32:00+08:00",
        "a = 1979-05-27T07:32:00\nb = 1979-05-27\nc = 07:32:00\nd = 2024-02-29",
        "a = [1, 2, 3]\nb = [\"x\", 'y']\nc = [[1, 2], [\"a\"]]\nd = []\ne = [\n  1,\n  2, # comment\n]",
        "a = { x = 1, y = \"two\", z = { deep = true } }\nb = {}",
        "[t]\nx = 1\n[t.sub]\ny = 2\n[u]\n\"quoted key\" = 3\n'literal key' = 4",
        "a.b.c = 1\na.d = 2\n\"dotted.in.quotes\" = 3",
        "[[p]]\nyear = 2024\n[[p]]\nyear = 2025\n[p.extra]\nk = 'v'",
        "# a comment only\n\n  \t\nkey = \"value\" # trailing",
        "中文 = 1".replacingOccurrences(of: "中文", with: "\"中文\""),
        "name = \"山亭区\"\ncode = '370406'",
        "[a]\n[a.b]\n[a.b.c]\nx = 1",
        "1234 = 'bare numeric key'\n-_ = 'dash underscore'",
        "a = \"\\u00e9\\u4e2d\"",
        "[x.y.z.w]\n[x]\nk = 1",
        "a = [ { b = 1 }, { b = 2 } ]",
        "site.\"google.com\" = true",
        "str = \"tab\\there\"\nempty = \"\"\nlit = ''",
    ]

    /// Documents both readers must refuse.
    static let invalid: [String] = [
        "a = 1\na = 2",
        "[t]\nx = 1\n[t]\ny = 2",
        "a = \"unterminated",
        "a = \"bad \\q escape\"",
        "a = 012",
        "a = 1__0",
        "a = _1",
        "a = 1.",
        "a = .5",
        "a = 1e",
        "a = tru",
        "a = 2023-02-30",
        "a = 2023-13-01",
        "a = 24:00:00",
        "a = { x = 1, }",
        "a = { x = 1,\n y = 2 }",
        "a = [1, 2",
        "= 1",
        "a = ",
        "a.b = 1\na = 2",
        "[[a]]\n[a]",
        "a = 1 b = 2",
        "a = \"new\nline\"",
        "a = 0x",
        "[a]\nb = 1\n[a.b]",
        "a = { b = 1 }\na.c = 2",
        "key = \"\u{0007}bell\"",
        "a = 'it''s'",
        "[ a b ]",
    ]

    /// TOML 1.0 lets a reader refuse an integer it cannot hold losslessly: recon holds 64 bits and
    /// refuses with the line, tomllib holds any size.
    func testIntegersBeyond64BitsAreRefusedWithTheLine() throws {
        for text in ["a = 9223372036854775808", "a = -9223372036854775809", "a = 0xffffffffffffffffff"] {
            XCTAssertThrowsError(try TOMLParser.parse("x = 1\n" + text)) { e in
                XCTAssertEqual((e as? TOMLError)?.line, 2, "\(e)")
                XCTAssertTrue("\(e)".contains("out of range"), "\(e)")
            }
        }
    }

    func testBothReadersAgree() throws {
        let folder = try TemporaryFolder("toml-diff")
        let docs = Self.valid + Self.invalid
        for (i, doc) in docs.enumerated() {
            try Data(doc.utf8).write(to: URL(fileURLWithPath: folder.file("\(i).toml")))
        }
        let python = try pythonReadings(folder: folder.path, count: docs.count)
        XCTAssertEqual(python.count, docs.count)
        for (i, doc) in docs.enumerated() {
            let expectValid = i < Self.valid.count
            let ours: String
            do {
                ours = Self.tagged(.table(try TOMLParser.parse(doc)))
            } catch let e as TOMLError {
                XCTAssertNil(python[i], "tomllib accepts what recon refuses (\(e)):\n\(doc)")
                XCTAssertFalse(expectValid, "refused a valid document (\(e)):\n\(doc)")
                XCTAssertGreaterThan(e.line, 0)
                continue
            }
            XCTAssertTrue(expectValid, "accepted an invalid document:\n\(doc)")
            XCTAssertEqual(ours, python[i], "values differ:\n\(doc)")
        }
    }

    /// Each document as tomllib reads it, in the tagged form of `tagged(_:)`; nil where it refuses it.
    func pythonReadings(folder: String, count: Int) throws -> [String?] {
        let script = #"""
            import sys, tomllib, math, datetime, json
            def tag(v):
                if isinstance(v, bool): return "bool:" + ("true" if v else "false")
                if isinstance(v, int): return "int:" + str(v)
                if isinstance(v, float): return "float:" + ("nan" if math.isnan(v) else repr(v))
                if isinstance(v, str): return "str:" + json.dumps(v, ensure_ascii=False)
                if isinstance(v, datetime.datetime):
                    return ("odt:" if v.tzinfo else "ldt:") + v.isoformat()
                if isinstance(v, datetime.date): return "date:" + v.isoformat()
                if isinstance(v, datetime.time): return "time:" + v.isoformat()
                if isinstance(v, list): return "[" + ",".join(tag(x) for x in v) + "]"
                if isinstance(v, dict):
                    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + "=" + tag(v[k]) for k in sorted(v)) + "}"
                raise TypeError(type(v))
            folder, count = sys.argv[1], int(sys.argv[2])
            for i in range(count):
                with open(f"{folder}/{i}.toml", "rb") as f:
                    try: print(tag(tomllib.load(f)))
                    except tomllib.TOMLDecodeError: print("REFUSED")
            """#
        let r = try ToolProcess.run("/usr/bin/env", ["python3", "-c", script, folder, String(count)])
        XCTAssertEqual(r.status, 0, r.err)
        return r.out.split(separator: "\n", omittingEmptySubsequences: false).prefix(count).map {
            $0 == "REFUSED" ? nil : String($0)
        }
    }

    /// A value in the tagged text the Python side prints: types named, tables' keys sorted.
    static func tagged(_ v: TOMLValue) -> String {
        switch v {
        case .boolean(let b): return "bool:\(b)"
        case .integer(let i): return "int:\(i)"
        case .float(let d): return "float:" + (d.isNaN ? "nan" : pythonRepr(d))
        case .string(let s): return "str:" + jsonString(s)
        case .datetime(let text): return datetime(text)
        case .array(let a): return "[" + a.map(tagged).joined(separator: ",") + "]"
        case .table(let t):
            return "{" + t.keys.sorted().map { jsonString($0) + "=" + tagged(t[$0]!) }.joined(separator: ",") + "}"
        }
    }

    /// Python's `repr` of a float: Swift's shortest round-trip text, with Python's exponent spelling.
    static func pythonRepr(_ d: Double) -> String {
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = "\(d)"
        if let e = s.firstIndex(of: "e") {
            var mantissa = String(s[..<e])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            var exponent = String(s[s.index(after: e)...])
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            exponent = exponent.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            if exponent.count < 2 { exponent = "0" + exponent }
            s = mantissa + "e" + sign + exponent
        }
        return s
    }

    /// `json.dumps(s, ensure_ascii=False)`.
    static func jsonString(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self).dropFirst().dropLast().description
    }

    /// The date-time text as Python's `isoformat` writes the value it reads.
    static func datetime(_ text: String) -> String {
        var t = text.replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: "t", with: "T")
        if t.hasSuffix("Z") || t.hasSuffix("z") { t = String(t.dropLast()) + "+00:00" }
        if t.contains("T") {
            let zoned = t.count > 19
            return (zoned ? "odt:" : "ldt:") + t
        }
        return (t.contains(":") ? "time:" : "date:") + t
    }
}
