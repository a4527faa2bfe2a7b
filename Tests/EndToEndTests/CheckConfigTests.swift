import Foundation
import ReconCore
import TOML
import XCTest
import ReconTestSupport

/// `recond check-config FILE`: a good file passes with a summary; a bad one exits 2 and says the file,
/// the line and the key of the problem, and what is wrong with it.
final class CheckConfigTests: XCTestCase {
    var folder: TemporaryFolder!
    var dir: String { folder.path }

    override func setUpWithError() throws { folder = try TemporaryFolder("recon-config") }

    override func tearDown() { folder = nil }

    func check(_ text: String, name: String = "recond.toml") throws -> (status: Int32, stderr: String, path: String) {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try ToolProcess.recond(["check-config", path])
        return (r.status, r.stderr, path)
    }

    static let minimal = """
        inbox      = "inbox"
        archive    = "archive"
        quarantine = "quarantine"
        database   = "recon.sqlite"
        listen     = "127.0.0.1:9464"   # GET /healthz and GET /metrics

        """

    func testTheMinimalFileOfTheSpecPasses() throws {
        let r = try check(Self.minimal)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testEachMistakeIsNamedWithFileLineAndKey() throws {
        let cases: [(String, String)] = [
            (Self.minimal + "settle_seconds = -1\n", "line 6: settle_seconds: must not be negative"),
            (Self.minimal + "reconcile_at = \"25:00\"\n", "line 6: reconcile_at: '25:00' is not a time HH:MM"),
            (Self.minimal + "log_format = \"xml\"\n", "line 6: log_format: must be text or json"),
            (Self.minimal + "inboxx = \"in\"\n", "line 6: inboxx: unknown key"),
            (Self.minimal + "poll_seconds = \"fast\"\n", "line 6: poll_seconds: expected seconds (a number), found string"),
            (Self.minimal.replacingOccurrences(of: "127.0.0.1:9464", with: "example.org:9464"),
             "line 5: listen: 'example.org' is not an IP address or localhost"),
            (Self.minimal.replacingOccurrences(of: "\"archive\"", with: "\"inbox\""), "line 2: archive: is the same folder as inbox"),
            (Self.minimal + "workers = 1000\n", "line 6: workers: must be 0 (one per core) to 256"),
            (Self.minimal + "settle_seconds = \n", "line 6: expected a value"),
            (Self.minimal + "[patterns]\nwechat = \"wx_{date}.csv.gz\"\nnosuch = \"x_{date}.gz\"\n", "line 8: patterns.nosuch: no format of that name"),
        ]
        for (text, expected) in cases {
            let r = try check(text)
            XCTAssertEqual(r.status, 2, "\(expected): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(r.path + ", " + expected), "expected '\(expected)' in: \(r.stderr)")
        }
    }

    func testAPolicyFileProblemNamesThePolicyFile() throws {
        let policy = dir + "/policy-2025.toml"
        try "year = 2025\nbased_on = 2024\nwindow_start = \"2024-09-01\"\nnosuch_key = 1\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let r = try check(Self.minimal + "policy_files = [\"policy-2025.toml\"]\n")
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains(policy + ", line "), r.stderr)
        let missing = try check(Self.minimal + "policy_files = [\"policy-2026.toml\"]\n")
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("line 6: policy_files: cannot read '\(dir)/policy-2026.toml'"), missing.stderr)
    }

    func testTheDaemonRefusesABadConfigurationWithExitTwo() throws {
        let path = dir + "/bad.toml"
        try (Self.minimal + "log_level = \"loud\"\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try ToolProcess.recond(["run", "--config", path])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains(path + ", line 6: log_level: must be one of"), r.stderr)
    }
}

extension CheckConfigTests {
    /// log_level, log_format, reconcile_at and listen are read into typed values at load; a bad value
    /// says what check-config always said.
    func testTypedSettingsAreReadAtLoadAndABadValueIsNamedAsBefore() throws {
        func parse(_ text: String) throws -> Configuration { try Configuration.parse(try TOMLParser.parse(text), base: dir) }
        func error(_ text: String) -> String {
            do { _ = try parse(text); return "no error" } catch { return "\(error)" }
        }
        let defaults = try parse("")
        XCTAssertEqual(defaults.logLevel, .info)
        XCTAssertEqual(defaults.logFormat, .text)
        XCTAssertNil(defaults.reconcileAt)
        XCTAssertEqual(defaults.listenAddress.host, "127.0.0.1")
        XCTAssertEqual(defaults.listenAddress.port, 9464)

        let c = try parse(Self.minimal.replacingOccurrences(of: "127.0.0.1:9464", with: "[::1]:0")
                          + "log_level = \"debug\"\nlog_format = \"json\"\nreconcile_at = \"06:30\"\n")
        XCTAssertEqual(c.logLevel, .debug)
        XCTAssertEqual(c.logFormat, .json)
        XCTAssertEqual(c.reconcileAt?.hour, 6)
        XCTAssertEqual(c.reconcileAt?.minute, 30)
        XCTAssertEqual(c.reconcileAt?.description, "06:30")
        XCTAssertEqual(c.listen.host, "::1")
        XCTAssertEqual(c.listen.port, 0)
        XCTAssertEqual(c.listen.description, "[::1]:0")

        XCTAssertEqual(error(Self.minimal + "log_level = \"loud\"\n"),
                       "line 6: log_level: must be one of trace, debug, info, notice, warning, error, critical")
        XCTAssertEqual(error(Self.minimal + "log_level = \"INFO\"\n"),
                       "line 6: log_level: must be one of trace, debug, info, notice, warning, error, critical")
        XCTAssertEqual(error(Self.minimal + "log_format = \"xml\"\n"), "line 6: log_format: must be text or json")
        XCTAssertEqual(error(Self.minimal + "reconcile_at = \"6:30\"\n"),
                       "line 6: reconcile_at: '6:30' is not a time HH:MM (00:00 to 23:59)")
        XCTAssertEqual(error(Self.minimal.replacingOccurrences(of: "127.0.0.1:9464", with: "127.0.0.1")),
                       "line 5: listen: '127.0.0.1' is not HOST:PORT (e.g. 127.0.0.1:9464; port 0 picks a free one)")
        XCTAssertEqual(error(Self.minimal.replacingOccurrences(of: "127.0.0.1:9464", with: "127.0.0.1:65536")),
                       "line 5: listen: '127.0.0.1:65536' is not HOST:PORT (e.g. 127.0.0.1:9464; port 0 picks a free one)")
        XCTAssertEqual(error(Self.minimal.replacingOccurrences(of: "127.0.0.1:9464", with: "example.org:9464")),
                       "line 5: listen: 'example.org' is not an IP address or localhost (e.g. 127.0.0.1:9464, [::1]:9464)")
    }
}
