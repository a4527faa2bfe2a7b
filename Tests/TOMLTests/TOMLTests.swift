import XCTest

@testable import TOML
import TOML

final class TOMLTests: XCTestCase {
    // MARK: Helpers

    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> TOMLTable {
        do {
            return try TOMLParser.parse(text)
        } catch {
            XCTFail("unexpected error: \(error)", file: file, line: line)
            throw error
        }
    }

    /// Asserts that `text` fails to parse at the given line (and column), with a message
    /// containing `message`.
    private func assertError(
        _ text: String, line expectedLine: Int, column expectedColumn: Int? = nil, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let table = try TOMLParser.parse(text)
            XCTFail("expected an error containing \"\(message)\", parsed \(table)", file: file, line: line)
        } catch let error as TOMLError {
            XCTAssertEqual(error.line, expectedLine, "line of: \(error)", file: file, line: line)
            if let expectedColumn {
                XCTAssertEqual(error.column, expectedColumn, "column of: \(error)", file: file, line: line)
            }
            XCTAssertTrue(
                error.message.contains(message), "\"\(error.message)\" should contain \"\(message)\"",
                file: file, line: line)
        } catch {
            XCTFail("unexpected error type \(type(of: error)): \(error)", file: file, line: line)
        }
    }

    // MARK: Files from the spec

    func testMinimalConfigOfCLISpec() throws {
        let text = """
            inbox      = "inbox"
            archive    = "archive"
            quarantine = "quarantine"
            database   = "recon.sqlite"
            listen     = "127.0.0.1:9464"   # GET /healthz and GET /metrics

            """
        let t = try parse(text)
        XCTAssertEqual(t.keys, ["inbox", "archive", "quarantine", "database", "listen"])
        XCTAssertEqual(t["inbox"], .string("inbox"))
        XCTAssertEqual(t["archive"]?.stringValue, "archive")
        XCTAssertEqual(t["quarantine"]?.stringValue, "quarantine")
        XCTAssertEqual(t["database"]?.stringValue, "recon.sqlite")
        XCTAssertEqual(t["listen"]?.stringValue, "127.0.0.1:9464")
        XCTAssertEqual(t.line(of: "inbox"), 1)
        XCTAssertEqual(t.line(of: "listen"), 5)
        XCTAssertNil(t["healthz"])
        XCTAssertNil(t.line(of: "missing"))
        XCTAssertEqual(t.count, 5)
    }

    func testDeclaredChannelFormat() throws {
        let text = #"""
            # channel formats declared by the operator
            [[format]]
            name = "citybank"
            channel = "bank"
            pattern = 'citybank_(\d{8})\.csv\.gz'
            encoding = "gb18030"
            delimiter = ","
            header = ["流水号", "证件号码", "金额"]
            [format.columns]
            txn_ref = "流水号"
            [format.kinds]
            "成功" = "payment"

            [[format]]
            name = "ruralbank"
            channel = "bank"
            pattern = '^农商行_(\d{4})年(\d{2})月\.txt$'
            encoding = "utf-8"
            delimiter = "\t"
            header = [
                "商户订单号",   # merchant order number
                "金额",
            ]
            columns = { txn_ref = "商户订单号", amount = "金额" }
            """#
        let t = try parse(text)
        XCTAssertEqual(t.keys, ["format"])
        XCTAssertEqual(t.line(of: "format"), 2)
        let formats = try XCTUnwrap(t["format"]?.arrayValue)
        XCTAssertEqual(formats.count, 2)

        let city = try XCTUnwrap(formats[0].tableValue)
        XCTAssertEqual(city.keys, ["name", "channel", "pattern", "encoding", "delimiter", "header", "columns", "kinds"])
        XCTAssertEqual(city.definitionLine, 2)
        XCTAssertEqual(city["name"]?.stringValue, "citybank")
        XCTAssertEqual(city["channel"]?.stringValue, "bank")
        XCTAssertEqual(city["pattern"]?.stringValue, #"citybank_(\d{8})\.csv\.gz"#)
        XCTAssertEqual(city["encoding"]?.stringValue, "gb18030")
        XCTAssertEqual(city["delimiter"]?.stringValue, ",")
        XCTAssertEqual(city["header"], ["流水号", "证件号码", "金额"])
        XCTAssertEqual(city["columns"], ["txn_ref": "流水号"])
        XCTAssertEqual(city["kinds"]?.tableValue?["成功"]?.stringValue, "payment")
        XCTAssertEqual(city.line(of: "pattern"), 5)
        XCTAssertEqual(city.line(of: "columns"), 9)
        XCTAssertEqual(city["kinds"]?.tableValue?.line(of: "成功"), 12)
        XCTAssertEqual(city["kinds"]?.tableValue?.definitionLine, 11)

        let rural = try XCTUnwrap(formats[1].tableValue)
        XCTAssertEqual(rural.definitionLine, 14)
        XCTAssertEqual(rural["pattern"]?.stringValue, #"^农商行_(\d{4})年(\d{2})月\.txt$"#)
        XCTAssertEqual(rural["delimiter"]?.stringValue, "\t")
        XCTAssertEqual(rural["header"], ["商户订单号", "金额"])
        XCTAssertEqual(rural["columns"], ["txn_ref": "商户订单号", "amount": "金额"])
        XCTAssertEqual(rural["columns"]?.tableValue?.keys, ["txn_ref", "amount"])
        XCTAssertEqual(rural.line(of: "columns"), 24)
        XCTAssertNil(rural["kinds"])
        XCTAssertEqual(t.value(atPath: ["format"])?.arrayValue?.count, 2)
    }

    // MARK: Comments, whitespace, line ends

    func testCommentsWhitespaceAndLineEnds() throws {
        let text = "# a full-line comment\r\n\t key = \"value # not a comment\"  # trailing\r\n"
            + "   # indented comment with 中文 and \t tab\n\nother = 'x'#no space\n# last line without newline"
        let t = try parse(text)
        XCTAssertEqual(t["key"]?.stringValue, "value # not a comment")
        XCTAssertEqual(t["other"]?.stringValue, "x")
        XCTAssertEqual(t.line(of: "key"), 2)
        XCTAssertEqual(t.line(of: "other"), 5)
        XCTAssertEqual(try parse("").count, 0)
        XCTAssertEqual(try parse("\n\n# only comments\n").count, 0)
        XCTAssertEqual(try parse("a = 1").keys, ["a"])  // no final newline
    }

    func testByteOrderMarkIsSkipped() throws {
        let t = try TOMLParser.parse(utf8: [0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8))
        XCTAssertEqual(t["a"], .integer(1))
    }

    // MARK: Keys

    func testBareQuotedAndDottedKeys() throws {
        let text = """
            bare_key = 1
            bare-key = 2
            1234 = 3
            "127.0.0.1" = 4
            "character encoding" = 5
            'key2' = 6
            'quoted "value"' = 7
            "" = 8
            "商户订单号" = "txn_ref"
            "tab\\there" = 9
            physical.color = "orange"
            physical . shape = "round"
            site."google.com" = true
            3.14159 = "pi"
            """
        let t = try parse(text)
        XCTAssertEqual(t["bare_key"], 1)
        XCTAssertEqual(t["bare-key"], 2)
        XCTAssertEqual(t["1234"], 3)
        XCTAssertEqual(t["127.0.0.1"], 4)
        XCTAssertEqual(t["character encoding"], 5)
        XCTAssertEqual(t["key2"], 6)
        XCTAssertEqual(t["quoted \"value\""], 7)
        XCTAssertEqual(t[""], 8)
        XCTAssertEqual(t["商户订单号"], "txn_ref")
        XCTAssertEqual(t["tab\there"], 9)
        XCTAssertEqual(t["physical"], ["color": "orange", "shape": "round"])
        XCTAssertEqual(t["site"], ["google.com": true])
        XCTAssertEqual(t["3"], ["14159": "pi"])
        XCTAssertEqual(t.line(of: "physical"), 11)
        XCTAssertEqual(t["physical"]?.tableValue?.line(of: "shape"), 12)
        XCTAssertEqual(t.value(atPath: ["site", "google.com"]), .boolean(true))
    }

    func testDottedKeysAndTablesMix() throws {
        let text = """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]
            smooth = true
            """
        let t = try parse(text)
        XCTAssertEqual(
            t["fruit"],
            ["apple": ["color": "red", "taste": ["sweet": true], "texture": ["smooth": true]]])
    }

    // MARK: Strings

    func testBasicStringEscapes() throws {
        let text = #"""
            all = "b\b t\t n\n f\f r\r q\" bs\\ e\u00E9 smile\U0001F600 shang\u5546"
            quotes = "他说：\"你好\""
            tab = "a	b"
            """#
        let t = try parse(text)
        XCTAssertEqual(
            t["all"]?.stringValue,
            "b\u{08} t\t n\n f\u{0C} r\r q\" bs\\ e\u{E9} smile\u{1F600} shang商")
        XCTAssertEqual(t["quotes"]?.stringValue, "他说：\"你好\"")
        XCTAssertEqual(t["tab"]?.stringValue, "a\tb")
    }

    func testLiteralStrings() throws {
        let text = #"""
            winpath  = 'C:\Users\nodejs\templates'
            regex    = '<\i\c*\s*>'
            quoted   = 'Tom "Dubs" Preston-Werner'
            empty    = ''
            """#
        let t = try parse(text)
        XCTAssertEqual(t["winpath"]?.stringValue, #"C:\Users\nodejs\templates"#)
        XCTAssertEqual(t["regex"]?.stringValue, #"<\i\c*\s*>"#)
        XCTAssertEqual(t["quoted"]?.stringValue, #"Tom "Dubs" Preston-Werner"#)
        XCTAssertEqual(t["empty"]?.stringValue, "")
    }

    func testMultilineBasicStrings() throws {
        let text = "a = \"\"\"\nRoses are red\nViolets are blue\"\"\"\n"
            + "b = \"\"\"\\\n    The quick brown \\\n\n\n      fox jumps over \\   \n  the lazy dog.\\\n    \"\"\"\n"
            + "c = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"\n"
            + "d = \"\"\"Here are three quotation marks: \"\"\\\".\"\"\"\n"
            + "e = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"\n"
            + "f = \"\"\"two at the end\"\"\"\"\"\n"
            + "g = \"\"\"\r\nwindows\r\nline\\t\\u4E2D\"\"\"\n"
            + "h = \"\"\"\"\"\"\n"
        let t = try parse(text)
        XCTAssertEqual(t["a"]?.stringValue, "Roses are red\nViolets are blue")
        XCTAssertEqual(t["b"]?.stringValue, "The quick brown fox jumps over the lazy dog.")
        XCTAssertEqual(t["c"]?.stringValue, "Here are two quotation marks: \"\". Simple enough.")
        XCTAssertEqual(t["d"]?.stringValue, "Here are three quotation marks: \"\"\".")
        XCTAssertEqual(t["e"]?.stringValue, "\"This,\" she said, \"is just a pointless statement.\"")
        XCTAssertEqual(t["f"]?.stringValue, "two at the end\"\"")
        XCTAssertEqual(t["g"]?.stringValue, "windows\nline\t中")
        XCTAssertEqual(t["h"]?.stringValue, "")
        XCTAssertEqual(t.line(of: "c"), 11)
    }

    func testMultilineLiteralStrings() throws {
        let text = #"""
            regex2 = '''I [dw]on't need \d{2} apples'''
            lines  = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace
               is preserved. \n stays \n
            '''
            quot15 = '''Here are fifteen quotation marks: """""""""""""""'''
            apos15 = '''Here are fifteen apostrophes: '''  # not the full sentence
            str = ''''That,' she said, 'is still pointless.''''
            after = 1
            """#
        let t = try parse(text)
        XCTAssertEqual(t["regex2"]?.stringValue, #"I [dw]on't need \d{2} apples"#)
        XCTAssertEqual(
            t["lines"]?.stringValue,
            "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved. \\n stays \\n\n")
        XCTAssertEqual(t["quot15"]?.stringValue, "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15))
        XCTAssertEqual(t["apos15"]?.stringValue, "Here are fifteen apostrophes: ")
        XCTAssertEqual(t["str"]?.stringValue, "'That,' she said, 'is still pointless.'")
        XCTAssertEqual(t.line(of: "quot15"), 8)
        XCTAssertEqual(t.line(of: "after"), 11)
    }

    func testChineseText() throws {
        let text = """
            # 城乡居民基本医疗保险 对账配置
            title = "{year}年度城乡居民基本{insurance}保险费"
            "商户订单号" = "txn_ref"
            literal = '缴费渠道：银行（柜面）'
            multi = \"\"\"
            第一行
            第二行\"\"\"
            [columns]
            "证件号码" = { role = "id", 必填 = "no" }
            """
        // A bare key must be ASCII: the line above uses an unquoted Chinese key on purpose.
        assertError(text, line: 9, column: 25, "must be quoted")
        let fixed = text.replacingOccurrences(of: "必填", with: "\"必填\"")
        let t = try parse(fixed)
        XCTAssertEqual(t["title"]?.stringValue, "{year}年度城乡居民基本{insurance}保险费")
        XCTAssertEqual(t["商户订单号"]?.stringValue, "txn_ref")
        XCTAssertEqual(t["literal"]?.stringValue, "缴费渠道：银行（柜面）")
        XCTAssertEqual(t["multi"]?.stringValue, "第一行\n第二行")
        XCTAssertEqual(t.value(atPath: ["columns", "证件号码"]), ["role": "id", "必填": "no"])
        XCTAssertEqual(t["columns"]?.tableValue?.line(of: "证件号码"), 9)
    }

    // MARK: Numbers, booleans, dates

    func testIntegers() throws {
        let text = """
            a = +99
            b = 42
            c = 0
            d = -17
            e = 1_000
            f = 5_349_221
            g = 1_2_3_4_5
            h = 0xDEADBEEF
            i = 0xdead_beef
            j = 0o01234567
            k = 0o755
            l = 0b11010110
            m = 9223372036854775807
            n = -9223372036854775808
            o = -0
            p = +0
            q = 0x7FFFFFFFFFFFFFFF
            """
        let t = try parse(text)
        XCTAssertEqual(t["a"], .integer(99))
        XCTAssertEqual(t["b"], .integer(42))
        XCTAssertEqual(t["c"], .integer(0))
        XCTAssertEqual(t["d"], .integer(-17))
        XCTAssertEqual(t["e"], .integer(1000))
        XCTAssertEqual(t["f"], .integer(5_349_221))
        XCTAssertEqual(t["g"], .integer(12345))
        XCTAssertEqual(t["h"], .integer(0xDEADBEEF))
        XCTAssertEqual(t["i"], .integer(0xDEADBEEF))
        XCTAssertEqual(t["j"], .integer(0o01234567))
        XCTAssertEqual(t["k"], .integer(0o755))
        XCTAssertEqual(t["l"], .integer(0b11010110))
        XCTAssertEqual(t["m"], .integer(Int64.max))
        XCTAssertEqual(t["n"], .integer(Int64.min))
        XCTAssertEqual(t["o"], .integer(0))
        XCTAssertEqual(t["p"], .integer(0))
        XCTAssertEqual(t["q"], .integer(Int64.max))
        XCTAssertEqual(t["b"]?.intValue, 42)
    }

    func testFloats() throws {
        let text = """
            a = +1.0
            b = 3.1415
            c = -0.01
            d = 5e+22
            e = 1e06
            f = -2E-2
            g = 6.626e-34
            h = 224_617.445_991_228
            i = 0.0
            j = -0.0
            k = 1e1_0
            sf1 = inf
            sf2 = +inf
            sf3 = -inf
            sf4 = nan
            sf5 = +nan
            sf6 = -nan
            """
        let t = try parse(text)
        XCTAssertEqual(t["a"], .float(1.0))
        XCTAssertEqual(t["b"], .float(3.1415))
        XCTAssertEqual(t["c"], .float(-0.01))
        XCTAssertEqual(t["d"], .float(5e22))
        XCTAssertEqual(t["e"], .float(1e6))
        XCTAssertEqual(t["f"], .float(-2e-2))
        XCTAssertEqual(t["g"], .float(6.626e-34))
        XCTAssertEqual(t["h"], .float(224_617.445_991_228))
        XCTAssertEqual(t["i"], .float(0))
        XCTAssertEqual(t["j"]?.doubleValue?.sign, .minus)
        XCTAssertEqual(t["k"], .float(1e10))
        XCTAssertEqual(t["sf1"], .float(.infinity))
        XCTAssertEqual(t["sf2"], .float(.infinity))
        XCTAssertEqual(t["sf3"], .float(-.infinity))
        for key in ["sf4", "sf5", "sf6"] {
            XCTAssertEqual(t[key]?.typeName, "float", key)
            XCTAssertTrue(t[key]?.doubleValue?.isNaN == true, key)
        }
        XCTAssertNil(t["a"]?.intValue)
    }

    func testBooleans() throws {
        let t = try parse("yes = true\nno = false\narr = [true,false]\n")
        XCTAssertEqual(t["yes"], .boolean(true))
        XCTAssertEqual(t["no"]?.boolValue, false)
        XCTAssertEqual(t["arr"], [true, false])
        assertError("x = True\n", line: 1, column: 5, "invalid value 'True'")
        assertError("x = truex\n", line: 1, column: 5, "invalid value 'truex'")
    }

    func testDatesAndTimes() throws {
        let text = """
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00-07:00
            odt3 = 1979-05-27T00:32:00.999999+08:00
            odt4 = 1979-05-27 07:32:00Z
            odt5 = 1979-05-27t07:32:00z
            ldt1 = 1979-05-27T07:32:00
            ldt2 = 1979-05-27T00:32:00.999999
            ld1 = 1979-05-27  # a date, then a comment
            leap = 2024-02-29
            lt1 = 07:32:00
            lt2 = 00:32:00.999999
            leapsecond = 1990-12-31T23:59:60Z
            list = [1979-05-27, 07:32:00]
            inline = {when = 2025-01-01T08:00:00+08:00}
            """
        let t = try parse(text)
        XCTAssertEqual(t["odt1"], .datetime("1979-05-27T07:32:00Z"))
        XCTAssertEqual(t["odt2"], .datetime("1979-05-27T00:32:00-07:00"))
        XCTAssertEqual(t["odt3"]?.datetimeValue, "1979-05-27T00:32:00.999999+08:00")
        XCTAssertEqual(t["odt4"]?.datetimeValue, "1979-05-27 07:32:00Z")
        XCTAssertEqual(t["odt5"]?.datetimeValue, "1979-05-27t07:32:00z")
        XCTAssertEqual(t["ldt1"]?.datetimeValue, "1979-05-27T07:32:00")
        XCTAssertEqual(t["ldt2"]?.datetimeValue, "1979-05-27T00:32:00.999999")
        XCTAssertEqual(t["ld1"]?.datetimeValue, "1979-05-27")
        XCTAssertEqual(t["leap"]?.datetimeValue, "2024-02-29")
        XCTAssertEqual(t["lt1"]?.datetimeValue, "07:32:00")
        XCTAssertEqual(t["lt2"]?.datetimeValue, "00:32:00.999999")
        XCTAssertEqual(t["leapsecond"]?.datetimeValue, "1990-12-31T23:59:60Z")
        XCTAssertEqual(t["list"], .array([.datetime("1979-05-27"), .datetime("07:32:00")]))
        XCTAssertEqual(t["inline"], ["when": .datetime("2025-01-01T08:00:00+08:00")])
        XCTAssertEqual(t["ld1"]?.typeName, "date-time")
        XCTAssertNil(t["ld1"]?.stringValue)
    }

    // MARK: Arrays and inline tables

    func testArrays() throws {
        let text = """
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
            nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
            string_array = [ "all", 'strings', \"\"\"are the same\"\"\", '''type''' ]
            numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
            contributors = [
              "Foo Bar <foo@example.com>",  # a comment
              # a comment line
              { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
            ]
            integers2 = [
              1, 2, 3
            ]
            integers3 = [
              1,
              2, # this is ok
            ]
            empty = []
            empty2 = [

            ]
            after = "x"
            """
        let t = try parse(text)
        XCTAssertEqual(t["integers"], [1, 2, 3])
        XCTAssertEqual(t["colors"], ["red", "yellow", "green"])
        XCTAssertEqual(t["nested_arrays_of_ints"], [[1, 2], [3, 4, 5]])
        XCTAssertEqual(t["nested_mixed_array"], [[1, 2], ["a", "b", "c"]])
        XCTAssertEqual(t["string_array"], ["all", "strings", "are the same", "type"])
        XCTAssertEqual(t["numbers"], [0.1, 0.2, 0.5, 1, 2, 5])
        XCTAssertEqual(t["numbers"]?.arrayValue?.map(\.typeName), ["float", "float", "float", "integer", "integer", "integer"])
        XCTAssertEqual(
            t["contributors"],
            [
                "Foo Bar <foo@example.com>",
                ["name": "Baz Qux", "email": "bazqux@example.com", "url": "https://example.com/bazqux"],
            ])
        XCTAssertEqual(t["integers2"], [1, 2, 3])
        XCTAssertEqual(t["integers3"], [1, 2])
        XCTAssertEqual(t["empty"], .array([]))
        XCTAssertEqual(t["empty2"], .array([]))
        XCTAssertEqual(t.line(of: "integers2"), 12)
        XCTAssertEqual(t.line(of: "after"), 23)
    }

    func testInlineTables() throws {
        let text = """
            name = { first = "Tom", last = "Preston-Werner" }
            point = {x=1,y=2}
            animal = { type.name = "pug", type.size = "small" }
            nested = { a = { b = { c = [1, {d = "e"}] } } }
            empty = {}
            multiline_value = { list = [
              1,
              2
            ] }
            """
        let t = try parse(text)
        XCTAssertEqual(t["name"], ["first": "Tom", "last": "Preston-Werner"])
        XCTAssertEqual(t["name"]?.tableValue?.keys, ["first", "last"])
        XCTAssertEqual(t["point"], ["x": 1, "y": 2])
        XCTAssertEqual(t["animal"], ["type": ["name": "pug", "size": "small"]])
        XCTAssertEqual(t["nested"], ["a": ["b": ["c": [1, ["d": "e"]]]]])
        XCTAssertEqual(t["empty"], .table(TOMLTable()))
        XCTAssertEqual(t["multiline_value"], ["list": [1, 2]])
        XCTAssertEqual(t["point"]?.tableValue?.definitionLine, 2)
    }

    // MARK: Tables

    func testTables() throws {
        let text = """
            top = 0
            [table-1]
            key1 = "some string"
            key2 = 123

            [ dog . "tater.man" ]
            type.name = "pug"

            # [x] [x.y] [x.y.z] need not be specified explicitly
            [x.y.z.w]
            a = 1
            [x] # defining a super-table afterwards is fine
            b = 2
            [x.y.other]
            c = 3
            [x.y.z.w.v]
            d = 4
            """
        let t = try parse(text)
        XCTAssertEqual(t.keys, ["top", "table-1", "dog", "x"])
        XCTAssertEqual(t["table-1"], ["key1": "some string", "key2": 123])
        XCTAssertEqual(t["dog"], ["tater.man": ["type": ["name": "pug"]]])
        XCTAssertEqual(
            t["x"],
            ["y": ["z": ["w": ["a": 1, "v": ["d": 4]]], "other": ["c": 3]], "b": 2])
        XCTAssertEqual(t.line(of: "table-1"), 2)
        // [x] was created implicitly on line 10 and defined by its header on line 12.
        XCTAssertEqual(t.line(of: "x"), 12)
        XCTAssertEqual(t["x"]?.tableValue?.definitionLine, 12)
        XCTAssertEqual(t["x"]?.tableValue?.keys, ["y", "b"])
        XCTAssertEqual(t.value(atPath: ["x", "y", "z", "w", "a"]), 1)
        XCTAssertEqual(t.value(atPath: ["x", "y", "z", "w"])?.tableValue?.line(of: "v"), 16)
        XCTAssertNil(t.value(atPath: ["x", "nope"]))
    }

    func testArrayOfTables() throws {
        let text = """
            [[products]]
            name = "Hammer"
            sku = 738594937

            [[products]]  # empty table within the array

            [[products]]
            name = "Nail"
            sku = 284758393
            color = "gray"

            [[fruits]]
            name = "apple"
            [fruits.physical]  # subtable
            color = "red"
            shape = "round"
            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"
            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"
            [[fruits.varieties]]
            name = "plantain"
            """
        let t = try parse(text)
        XCTAssertEqual(
            t["products"],
            [["name": "Hammer", "sku": 738_594_937], [:], ["name": "Nail", "sku": 284_758_393, "color": "gray"]])
        XCTAssertEqual(
            t["fruits"],
            [
                [
                    "name": "apple", "physical": ["color": "red", "shape": "round"],
                    "varieties": [["name": "red delicious"], ["name": "granny smith"]],
                ],
                ["name": "banana", "varieties": [["name": "plantain"]]],
            ])
        let products = try XCTUnwrap(t["products"]?.arrayValue)
        XCTAssertEqual(products.map { $0.tableValue?.definitionLine }, [1, 5, 7])
        XCTAssertEqual(products[2].tableValue?.line(of: "color"), 10)
        XCTAssertEqual(t.line(of: "fruits"), 12)
    }

    func testKeysKeepDocumentOrder() throws {
        let t = try parse("zeta = 1\nalpha = 2\nmid = 3\n[beta]\n[aardvark]\n")
        XCTAssertEqual(t.keys, ["zeta", "alpha", "mid", "beta", "aardvark"])
        XCTAssertEqual(t.map(\.key), t.keys)
        XCTAssertEqual(t.entries.map(\.line), [1, 2, 3, 4, 5])
        // Equality ignores order and lines.
        let same = try parse("\n\nmid = 3\n[aardvark]\n[beta]\n[zeta-not]\n")
        XCTAssertNotEqual(t, same)
        XCTAssertEqual(try parse("a = 1\nb = 2"), try parse("b = 2\n\n\na = 1"))
    }

    // MARK: Accessors and building tables in code

    func testAccessors() throws {
        let t = try parse(
            """
            s = "text"
            i = 7
            f = 2.5
            b = true
            d = 2025-03-01
            a = [1]
            t = { k = "v" }
            """)
        XCTAssertEqual(t["s"]?.stringValue, "text")
        XCTAssertNil(t["s"]?.intValue)
        XCTAssertEqual(t["i"]?.intValue, 7)
        XCTAssertEqual(t["i"]?.doubleValue, 7.0)  // integers are accepted as doubles
        XCTAssertEqual(t["f"]?.doubleValue, 2.5)
        XCTAssertNil(t["f"]?.intValue)
        XCTAssertEqual(t["b"]?.boolValue, true)
        XCTAssertNil(t["b"]?.stringValue)
        XCTAssertEqual(t["d"]?.datetimeValue, "2025-03-01")
        XCTAssertEqual(t["a"]?.arrayValue, [.integer(1)])
        XCTAssertNil(t["a"]?.tableValue)
        XCTAssertEqual(t["t"]?.tableValue?["k"]?.stringValue, "v")
        XCTAssertNil(t["t"]?.arrayValue)
        XCTAssertEqual(
            ["s", "i", "f", "b", "d", "a", "t"].map { t[$0]!.typeName },
            ["string", "integer", "float", "boolean", "date-time", "array", "table"])
        XCTAssertTrue(t.contains("s"))
        XCTAssertFalse(t.contains("S"))

        var built: TOMLTable = ["b": 1, "a": "x"]
        built["c"] = [true]
        XCTAssertEqual(built.keys, ["b", "a", "c"])
        built["b"] = nil
        XCTAssertEqual(built.keys, ["a", "c"])
        XCTAssertEqual(built["c"], [true])
        built["a"] = 2.5
        XCTAssertEqual(built["a"], .float(2.5))
        XCTAssertNil(built.line(of: "a"))
        XCTAssertEqual(built.description, #"{a = 2.5, c = [true]}"#)
        let quoted: TOMLValue = ["商户 订单": "a\"b"]
        XCTAssertEqual(quoted.description, #"{"商户 订单" = "a\"b"}"#)
    }

    // MARK: Errors

    func testErrorDescription() {
        let e = TOMLError(line: 3, column: 9, message: "expected a value after '='")
        XCTAssertEqual(e.description, "line 3, column 9: expected a value after '='")
        XCTAssertEqual(e.localizedDescription, "line 3, column 9: expected a value after '='")
        XCTAssertThrowsError(try TOMLParser.parse("a = 1\nb = 2\nname   = \n")) { error in
            XCTAssertEqual("\(error)", "line 3, column 10: expected a value after '='")
        }
    }

    func testMissingValuesAndJunk() {
        assertError("a = 1\nkey =\n", line: 2, column: 6, "expected a value after '='")
        assertError("key = # comment\n", line: 1, column: 7, "expected a value after '='")
        assertError("key = ", line: 1, column: 7, "expected a value after '='")
        assertError("\n\nkey \"x\"\n", line: 3, column: 5, "expected '=' after the key 'key', found '\"'")
        assertError("key\n", line: 1, column: 4, "expected '=' after the key 'key', found end of line")
        assertError("a = 1 2\n", line: 1, column: 7, "unexpected '2' after the value")
        assertError("a = \"x\" \"y\"\n", line: 1, column: 9, "after the value")
        assertError("[t] x = 1\n", line: 1, column: 5, "after the table header")
        assertError("= 1\n", line: 1, column: 1, "expected a key, found '='")
        assertError("a = bank\n", line: 1, column: 5, "strings must be quoted")
        assertError("channel = 银行\n", line: 1, column: 11, "strings must be quoted")
        assertError("商户 = 1\n", line: 1, column: 1, "must be quoted")
        assertError("a.\n", line: 1, column: 3, "expected a key")
        assertError("[a\n", line: 1, column: 3, "expected ']'")
        assertError("[[a]\n", line: 1, column: 4, "expected ']]'")
        assertError("[]\n", line: 1, column: 2, "expected a key")
        assertError("\"\"\"key\"\"\" = 1\n", line: 1, column: 1, "multi-line string cannot be used as a key")
    }

    func testDuplicateKeys() {
        assertError("name = \"a\"\nother = 1\nname = \"b\"\n", line: 3, column: 1, "duplicate key 'name' (first defined on line 1)")
        assertError("a = 1\n\"a\" = 2\n", line: 2, column: 1, "duplicate key 'a'")
        assertError("'商户' = 1\n\"商户\" = 2\n", line: 2, column: 1, "duplicate key '\"商户\"'")
        assertError("[t]\nx = 1\n\n  x = 2\n", line: 4, column: 3, "duplicate key 'x' (first defined on line 2)")
        assertError("a.b = 1\na.b = 2\n", line: 2, column: 3, "duplicate key 'a.b'")
        assertError("a = 1\na.b = 2\n", line: 2, column: 1, "'a' is already an integer (line 1)")
        assertError("a.b = 1\na = 2\n", line: 2, column: 1, "duplicate key 'a'")
        assertError("p = { x = 1, x = 2 }\n", line: 1, column: 14, "duplicate key 'x'")
        assertError("[[fmt]]\nname = 1\nname = 2\n", line: 3, column: 1, "duplicate key 'name' (first defined on line 2)")
    }

    func testTableRedefinitions() {
        assertError("[fruit]\napple = 1\n\n[fruit]\norange = 2\n", line: 4, column: 2, "table [fruit] is defined twice (first on line 1)")
        assertError("[a.b]\n[a.b]\n", line: 2, column: 4, "defined twice")
        assertError("[a]\nb = 1\n[a.b]\n", line: 3, column: 4, "'a.b' is already an integer (line 2)")
        // A table made by dotted keys cannot get a header afterwards, at any depth.
        assertError("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple]\n", line: 4, column: 8, "already defined with dotted keys")
        assertError("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]\n", line: 3, column: 14, "dotted keys")
        assertError("a.b = 1\n[a]\n", line: 2, column: 2, "dotted keys (line 1)")
        assertError("[a.b.c]\n[a]\nb.x = 1\n[a.b]\n", line: 4, column: 4, "already defined with dotted keys (line 3)")
        // A table with its own header cannot be added to with dotted keys from its parent.
        assertError("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", line: 4, column: 3, "table 'b.c' is defined by its own header")
        // Inline tables are closed.
        assertError("[product]\ntype = { name = \"Nail\" }\ntype.edible = false\n", line: 3, column: 1, "inline table")
        assertError("a = {}\n[a.b]\n", line: 2, column: 2, "already an inline table")
        assertError("a = { b = { c = 1 }, b.d = 2 }\n", line: 1, column: 22, "inline table")
        // Arrays.
        assertError("fruits = []\n[[fruits]]\n", line: 2, column: 3, "already an array")
        assertError("[[fruits]]\n[fruits]\n", line: 2, column: 2, "already an array of tables")
        assertError("[fruits]\n[[fruits]]\n", line: 2, column: 3, "already a table")
        assertError("[[a]]\n[b]\nc.d = 1\n[a]\n", line: 4, column: 2, "array of tables")
        assertError("a = [1]\na.b = 2\n", line: 2, column: 1, "already an array")
    }

    func testInvalidEscapes() {
        assertError("a = 1\ns = \"bad \\x escape\"\n", line: 2, column: 10, "invalid escape sequence '\\x'")
        assertError("s = \"no \\e in TOML 1.0\"\n", line: 1, column: 9, "invalid escape sequence '\\e'")
        assertError("s = \"\\u12\"\n", line: 1, column: 6, "\\u must be followed by 4 hexadecimal digits")
        assertError("s = \"\\U0001F60\"\n", line: 1, column: 6, "\\U must be followed by 8 hexadecimal digits")
        assertError("s = \"\\uD800\"\n", line: 1, column: 6, "U+D800 is not a Unicode scalar value")
        assertError("s = \"\\U00110000\"\n", line: 1, column: 6, "not a Unicode scalar value")
        assertError("s = \"\"\"\nok\n\\ x\"\"\"\n", line: 3, column: 1, "invalid escape sequence")
        assertError("s = \"trailing \\ \n", line: 1, column: 15, "invalid escape sequence")
        // The column counts characters, not bytes.
        assertError("k = \"商户\\q\"\n", line: 1, column: 8, "invalid escape sequence '\\q'")
    }

    func testUnterminatedStrings() {
        assertError("a = 1\nb = \"no end\nc = 2\n", line: 2, column: 5, "unterminated string")
        assertError("b = 'no end\n", line: 1, column: 5, "unterminated string")
        assertError("b = \"no end", line: 1, column: 5, "unterminated string")
        assertError("x = 1\nb = \"\"\"\nmany\nlines\n", line: 2, column: 5, "unterminated multi-line string")
        assertError("b = '''\nmany\nlines''\n", line: 1, column: 5, "unterminated multi-line string")
        assertError("[\"no end]\n", line: 1, column: 2, "unterminated string")
        assertError("a = [1, 2\n", line: 1, column: 5, "unterminated array")
        assertError("a = { b = 1", line: 1, column: 5, "unterminated inline table")
        assertError("b = \"\"\"a\"\"\"\"\"\"\n", line: 1, column: 9, "too many quotes")
    }

    func testInlineTableRestrictions() {
        assertError("t = { a = 1,\n  b = 2 }\n", line: 1, column: 13, "newline is not allowed inside an inline table")
        assertError("t = {\n}\n", line: 1, column: 6, "newline is not allowed")
        assertError("x = 0\nt = { a = 1, }\n", line: 2, column: 14, "trailing comma is not allowed")
        assertError("t = { a = 1 b = 2 }\n", line: 1, column: 13, "expected ',' or '}'")
        assertError("t = { a = 1 # c\n}\n", line: 1, column: 13, "comments are not allowed")
        assertError("a = [1 2]\n", line: 1, column: 8, "expected ',' or ']'")
        assertError("a = [1,,2]\n", line: 1, column: 8, "expected a value, found ','")
    }

    func testBadNumbers() {
        assertError("a = 1\nb = 012\n", line: 2, column: 5, "leading zeros are not allowed")
        assertError("b = 00.5\n", line: 1, column: 5, "leading zeros")
        assertError("b = 1__000\n", line: 1, column: 6, "underscore must be between two digits")
        assertError("b = 1000_\n", line: 1, column: 9, "underscore")
        assertError("b = _1000\n", line: 1, column: 5, "invalid")
        assertError("b = 1_.5\n", line: 1, column: 6, "underscore")
        assertError("b = +0x1F\n", line: 1, column: 5, "cannot have a sign")
        assertError("b = 0x\n", line: 1, column: 7, "expected digits after '0x'")
        assertError("b = 0xG1\n", line: 1, column: 7, "expected digits")
        assertError("b = 0o8\n", line: 1, column: 7, "expected digits")
        assertError("b = 0b102\n", line: 1, column: 5, "invalid number '0b102'")
        assertError("b = 0X1F\n", line: 1, column: 5, "invalid number '0X1F'")
        assertError("b = 9223372036854775808\n", line: 1, column: 5, "out of range")
        assertError("b = -9223372036854775809\n", line: 1, column: 5, "out of range")
        assertError("b = 0x8000000000000000\n", line: 1, column: 5, "out of range")
        assertError("b = 99999999999999999999999\n", line: 1, column: 5, "out of range")
        assertError("b = 1.\n", line: 1, column: 7, "expected digits after the decimal point")
        assertError("b = .5\n", line: 1, column: 5, "invalid number '.5'")
        assertError("b = 1e\n", line: 1, column: 7, "expected digits in the exponent")
        assertError("b = 1.5.2\n", line: 1, column: 5, "invalid number '1.5.2'")
        assertError("b = 1e400\n", line: 1, column: 5, "out of range")
        assertError("b = +\n", line: 1, column: 5, "invalid number '+'")
        assertError("b = 1-2\n", line: 1, column: 5, "invalid number '1-2'")
        assertError("b = infinity\n", line: 1, column: 5, "invalid value 'infinity'")
        assertError("b = [1, 2, 3x]\n", line: 1, column: 12, "invalid number '3x'")
    }

    func testBadDates() {
        assertError("d = 2023-02-29\n", line: 1, column: 13, "day 29 is out of range for month 2")
        assertError("d = 2023-13-01\n", line: 1, column: 10, "month 13 is out of range")
        assertError("d = 2023-04-31\n", line: 1, column: 13, "out of range")
        assertError("t = 25:00:00\n", line: 1, column: 5, "hour 25 is out of range")
        assertError("t = 1979-05-27T07:32\n", line: 1, column: 21, "seconds")
        assertError("t = 1979-05-27T07:32:00.\n", line: 1, column: 25, "expected digits after '.'")
        assertError("t = 1979-05-27T07:32:00+0800\n", line: 1, column: 27, "':' in the offset")
        assertError("t = 07:32:00Z\n", line: 1, column: 13, "invalid date-time")
        assertError("t = 1979-5-27\n", line: 1, column: 10, "expected 2 digits for the month")
        assertError("t = 1979-05-27x\n", line: 1, column: 15, "invalid date-time")
    }

    func testControlCharactersAreRejected() {
        assertError("s = \"a\u{01}b\"\n", line: 1, column: 7, "control character U+0001 must be escaped")
        assertError("s = 'a\u{7F}b'\n", line: 1, column: 7, "control character U+007F")
        assertError("s = \"\"\"a\u{00}b\"\"\"\n", line: 1, column: 9, "control character U+0000")
        assertError("s = '''\nx\u{1B}'''\n", line: 2, column: 2, "control character U+001B")
        assertError("a = 1 # bad \u{08} comment\n", line: 1, column: 13, "not allowed in a comment")
        assertError("a = 1\r\nb = 2\rc = 3\n", line: 2, column: 6, "carriage return")
        assertError("s = \"a\rb\"\n", line: 1, column: 7, "control character U+000D")
        // A tab is fine everywhere.
        XCTAssertEqual(try TOMLParser.parse("s = \"a\tb\" #\tok\n")["s"], "a\tb")
    }

    func testInvalidUTF8IsReportedWithItsPosition() {
        // "金额" saved as GB18030 instead of UTF-8.
        let bytes = Array("a = 1\nname = \"".utf8) + [0xBD, 0xF0, 0xB6, 0xEE] + Array("\"\n".utf8)
        XCTAssertThrowsError(try TOMLParser.parse(utf8: bytes)) { error in
            let e = error as? TOMLError
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.column, 9)
            XCTAssertTrue(e?.message.contains("not valid UTF-8") == true, "\(error)")
        }
        XCTAssertEqual(try TOMLParser.parse(utf8: Array("名 = \"金额\"".replacingOccurrences(of: "名", with: "\"名\"").utf8))["名"], "金额")
        XCTAssertNil(TOMLParser.firstInvalidUTF8(Array("商户订单号 😀 é".utf8)))
        XCTAssertEqual(TOMLParser.firstInvalidUTF8([0x41, 0xED, 0xA0, 0x80]), 1)  // encoded surrogate
        XCTAssertEqual(TOMLParser.firstInvalidUTF8([0xC0, 0x80]), 0)  // overlong
        XCTAssertEqual(TOMLParser.firstInvalidUTF8([0x41, 0xE5, 0x95]), 1)  // truncated
    }

    func testDeepNestingIsRefused() {
        let deep = "a = " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n"
        assertError(deep, line: 1, "nested too deeply")
        let ok = "a = " + String(repeating: "[", count: 50) + String(repeating: "]", count: 50) + "\n"
        XCTAssertNoThrow(try TOMLParser.parse(ok))
    }
}
