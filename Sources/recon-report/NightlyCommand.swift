import ArgumentParser
import ReconReports

/// `recon-report nightly`: the tax office's morning report.
struct NightlyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nightly",
        abstract: "Since the previous run: files by status, rejected lines, findings new / resolved / open, money at stake.")

    @OptionGroup var options: ReportOptions
    @Option(name: .customLong("since-run"), help: "Cover the runs after this run id (default: the newest run only).")
    var sinceRun: Int64?

    func run() throws {
        try options.emit { try NightlyReport(sinceRun: sinceRun).run(on: $0) }
    }
}
