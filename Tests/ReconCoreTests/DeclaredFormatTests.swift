import Foundation
import ReconCore
import XCTest
import SQLiteStore
import TOML
import ReconTestSupport

/// A channel layout the code has never seen, declared in configuration only, ingests.
final class DeclaredFormatTests: XCTestCase {
    static let config = """
        database = "db.sqlite"

        [[format]]
        name = "citybank"
        channel = "bank"
        pattern = "citybank_{date}.csv.gz"
        encoding = "gb18030"
        delimiter = ";"
        header = ["流水号", "状态", "证件号码", "户名", "险种年度", "金额分", "交易日期", "交易时间", "付款账号", "原流水号"]
        strip_suffix = "\\t"
        amount_unit = "fen"
        time_format = "yyyyMMddHHmmss"
        coverage_pattern = "{insurance}-{year}"
        insurance_values = { "养老" = "pension", "医保" = "medical" }
        payer_key = "{payer}"

        [format.kinds]
        "成功" = "payment"
        "冲正" = "reversal"
        "失败" = "failed"

        [format.columns]
        kind = "状态"
        txn_ref = "流水号"
        original_ref = "原流水号"
        amount = "金额分"
        time = ["交易日期", "交易时间"]
        id = "证件号码"
        coverage = "险种年度"
        payer = "付款账号"
        name = "户名"
        """

    func testANewCSVChannelIngestsFromConfigurationAlone() throws {
        let t = try TestInbox()
        let configPath = t.root + "/recon.toml"
        try Self.config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let config = try Configuration.load(path: configPath)
        XCTAssertEqual(config.database, t.root + "/db.sqlite")

        let header = "流水号;状态;证件号码;户名;险种年度;金额分;交易日期;交易时间;付款账号;原流水号"
        try t.write("citybank_20231215.csv.gz", lines: [
            header,
            "CB001\t;成功;370406196904257265\t;孙兰婷;医保-2024;38000;20231215;093000;6222001;",
            "CB002\t;成功;37040619650120103x\t;张三;养老-2024;50000;20231215;100000;6222001;",
            "CB003\t;失败;370406197612205409\t;王艳俊;医保-2024;0;20231215;101500;6222002;",
            "CB004\t;冲正;370406196904257265\t;孙兰婷;医保-2024;38000;20231215;120000;6222001;CB001",
            "CB005\t;成功;370406196904257265\t;孙兰婷;牙科-2024;38000;20231215;130000;6222001;",
        ], gbk: true, crlf: true)

        let store = try Store(path: config.database)
        let summary = try Ingestor(store: store, reader: config.fileReader).ingest(directory: t.inbox)
        XCTAssertEqual(summary.filesIngested, 1)
        let db = try Connection(path: config.database, readOnly: true)
        let rows = try db.prepare("""
            SELECT channel, txn_ref, kind, original_ref, id_number, insurance, year, amount_fen, paid_at, payer_key, name,
                   effective FROM payments_v1 ORDER BY txn_ref
            """, persistent: false).query()
        XCTAssertEqual(rows, [
            [.text("bank"), .text("CB001"), .text("payment"), .null, .text("370406196904257265"), .text("medical"),
             .int(2024), .int(38000), .text("2023-12-15 09:30:00"), .text("6222001"), .text("孙兰婷"), .int(0)],
            [.text("bank"), .text("CB002"), .text("payment"), .null, .text("37040619650120103X"), .text("pension"),
             .int(2024), .int(50000), .text("2023-12-15 10:00:00"), .text("6222001"), .text("张三"), .int(1)],
            [.text("bank"), .text("CB004"), .text("reversal"), .text("CB001"), .text("370406196904257265"),
             .text("medical"), .int(2024), .int(38000), .text("2023-12-15 12:00:00"), .text("6222001"),
             .text("孙兰婷"), .int(0)],
        ])
        let files = try db.prepare("SELECT format, status, rows, rejected_rows FROM files_v1", persistent: false).query()
        XCTAssertEqual(files, [[.text("citybank"), .text("ingested"), .int(5), .int(1)]])
        let rejects = try db.prepare("SELECT line_no, reason FROM rejects_v1", persistent: false).query()
        XCTAssertEqual(rejects, [[.int(6), .text("险种年度: does not fit the pattern {insurance}-{year}")]])
    }

    func testConfigurationErrorsSayWhere() throws {
        func error(_ text: String) -> String {
            do {
                _ = try Configuration.parse(try TOMLParser.parse(text), base: "/x")
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(error("listen = \"localhost\""), "line 1: listen: 'localhost' is not HOST:PORT (e.g. 127.0.0.1:9464; port 0 picks a free one)")
        XCTAssertEqual(error("inbox = \"in\"\ninbx = 3"),
                       "line 2: inbx: unknown key (known: archive, central, database, format, inbox, listen, log_format, log_level, max_expanded_mb, "
                        + "max_file_mb, max_line_mb, max_ratio, patterns, policy, policy_files, poll_seconds, quarantine, reconcile_at, "
                        + "settle_seconds, stable_seconds, stall_seconds, web, workers)")
        XCTAssertEqual(error("[patterns]\nwechat = \"wx_{day}.gz\""),
                       "line 2: patterns.wechat: expected a pattern string (*, {date}, {date6})")
        // [central]: a URL without a password, a 6-digit county, the password file beside the configuration.
        let central = "[central]\nurl = \"postgresql://recon_370406@db:5432/recon\"\ncounty = \"370406\"\npassword_file = \"c.pass\""
        XCTAssertEqual(try Configuration.parse(try TOMLParser.parse(central), base: "/etc/recon").central,
                       CentralSettings(url: "postgresql://recon_370406@db:5432/recon", passwordFile: "/etc/recon/c.pass", county: "370406"))
        XCTAssertTrue(error(central.replacingOccurrences(of: "recon_370406@", with: "recon_370406:s3cret@"))
            .hasSuffix("central.url: must not hold a password: put it in password_file (mode 0600)"))
        XCTAssertFalse(error(central.replacingOccurrences(of: "recon_370406@", with: "recon_370406:s3cret@")).contains("s3cret"))
        XCTAssertTrue(error(central.replacingOccurrences(of: "/recon\"", with: "/recon?password=x\"")).contains("must not hold a password"))
        XCTAssertTrue(error(central.replacingOccurrences(of: "\"370406\"", with: "\"37040\"")).contains("not a 6-digit county code"))
        XCTAssertTrue(error(central.replacingOccurrences(of: "postgresql://", with: "mysql://")).contains("must be a postgresql:// URL"))
        XCTAssertTrue(error(central + "\npassword = \"x\"").contains("central.password: unknown key"), error(central + "\npassword = \"x\""))
        let bad = Self.config.replacingOccurrences(of: "amount = \"金额分\"", with: "amount = \"金额\"")
        XCTAssertTrue(error(bad).hasSuffix("format[1].columns.amount: '\"金额\"' is neither a header name nor a column number 1…10"),
                      error(bad))
        let minimal = """
            inbox      = "inbox"
            archive    = "archive"
            quarantine = "quarantine"
            database   = "recon.sqlite"
            listen     = "127.0.0.1:9464"   # GET /healthz and GET /metrics
            """
        let c = try Configuration.parse(try TOMLParser.parse(minimal), base: "/srv/recon")
        XCTAssertEqual(c.inbox, "/srv/recon/inbox")
        XCTAssertEqual(c.database, "/srv/recon/recon.sqlite")
        XCTAssertEqual(c.listen.description, "127.0.0.1:9464")
    }
}
