import Foundation
import ReconCore
import ReconTestSupport
import XCTest

/// `deploy/install.sh` staged into a folder (`--destdir`) with this build's binaries: the tools, their
/// man pages and completions, the unit pointing at the installed recond, a configuration that a second
/// install leaves as the administrator edited it, and `--version` on both tools.
final class InstallTests: XCTestCase {
    func testInstallStagesEverythingAndKeepsAnEditedConfiguration() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let stage = try TemporaryFolder("recon-install")
        let bin = URL(fileURLWithPath: ToolProcess.recond).deletingLastPathComponent().path
        let args = [repo + "/deploy/install.sh", "--destdir", stage.path, "--bin-dir", bin, "--prefix", "/opt/recon"]
        let first = try ToolProcess.run("/bin/bash", args)
        XCTAssertEqual(first.status, 0, first.err + first.out)
        XCTAssertTrue(first.out.contains("installed recon \(ReconVersion.string)"), first.out)

        let root = stage.path
        for tool in ["recond", "recon-report", "recon-central"] {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: "\(root)/opt/recon/bin/\(tool)"), tool)
            let version = try ToolProcess.run("\(root)/opt/recon/bin/\(tool)", ["--version"])
            XCTAssertEqual(version.out.trimmingCharacters(in: .whitespacesAndNewlines), ReconVersion.string)
            let man = try String(contentsOfFile: "\(root)/opt/recon/share/man/man1/\(tool).1", encoding: .utf8)
            XCTAssertTrue(man.contains(".Nm \(tool)") && man.contains(".Sh SYNOPSIS"), man)
            let bash = try String(contentsOfFile: "\(root)/usr/share/bash-completion/completions/\(tool)", encoding: .utf8)
            XCTAssertTrue(bash.contains("complete") && bash.contains(tool), bash)
            let zsh = try String(contentsOfFile: "\(root)/opt/recon/share/zsh/site-functions/_\(tool)", encoding: .utf8)
            XCTAssertTrue(zsh.hasPrefix("#compdef \(tool)"), zsh)
        }
        let recondMan = try String(contentsOfFile: "\(root)/opt/recon/share/man/man1/recond.1", encoding: .utf8)
        XCTAssertTrue(recondMan.contains("backup") && recondMan.contains("demo"), "subcommands in the man page")
        let unit = try String(contentsOfFile: "\(root)/etc/systemd/system/recond.service", encoding: .utf8)
        XCTAssertTrue(unit.contains("ExecStart=/opt/recon/bin/recond run --config /etc/recon/recond.toml"), unit)
        XCTAssertFalse(unit.contains("/usr/local/bin"), unit)
        for doc in ["alerts.yml", "README.md", "recond.toml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(root)/opt/recon/share/doc/recon/\(doc)"), doc)
        }
        // The installed configuration is valid as shipped.
        let config = "\(root)/etc/recon/recond.toml"
        let check = try ToolProcess.recond(["check-config", config])
        XCTAssertEqual(check.status, 0, check.stderr)

        // A second install keeps the configuration the administrator edited.
        let edited = try String(contentsOfFile: config, encoding: .utf8) + "\n# edited by the administrator\n"
        try edited.write(toFile: config, atomically: true, encoding: .utf8)
        let second = try ToolProcess.run("/bin/bash", args)
        XCTAssertEqual(second.status, 0, second.err)
        XCTAssertTrue(second.out.contains("kept the existing"), second.out)
        XCTAssertEqual(try String(contentsOfFile: config, encoding: .utf8), edited)
    }

    /// The alert rules parse as Prometheus rules: `promtool check rules` where it is installed; otherwise
    /// each rule is read for its name, expression, `for` and severity, and every metric it uses is one
    /// recond serves.
    func testTheAlertRulesUseRecondsMetrics() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let file = repo + "/deploy/alerts.yml"
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") {
            let r = try ToolProcess.run("/usr/bin/promtool", ["check", "rules", file])
            XCTAssertEqual(r.status, 0, r.out + r.err)
        }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let alerts = text.components(separatedBy: "- alert: ").dropFirst()
        XCTAssertEqual(alerts.map { String($0.prefix { !$0.isNewline }) },
                       ["ReconNoSuccessfulRun", "ReconChannelSilent", "ReconUnhealthy", "ReconDown"])
        let served = ["recon_last_success_timestamp_seconds", "recon_last_file_timestamp_seconds", "recon_last_run_success",
                      "recon_seconds_since_progress", "up"]
        for alert in alerts {
            let expr = try XCTUnwrap(alert.components(separatedBy: "expr: ").dropFirst().first?.prefix { !$0.isNewline })
            for name in expr.split(whereSeparator: { !($0.isLetter || $0 == "_") }) where name.contains("_") || name == "up" {
                XCTAssertTrue(served.contains(String(name)), "\(name) in \(expr)")
            }
            XCTAssertTrue(alert.contains("for: ") && alert.contains("severity: "), String(alert))
        }
        XCTAssertTrue(text.contains("> 26 * 3600") && text.contains("> 2 * 86400"))
    }
}
