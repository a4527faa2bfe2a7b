import ArgumentParser
import ReconReports

/// `recon-report subsidy`: finance's government spending against the disbursement claimed.
struct SubsidyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subsidy",
        abstract: "Government spending per town and category from the data, against the disbursement claimed.")

    @OptionGroup var options: ReportOptions
    @OptionGroup var policy: PolicyOptions

    func run() throws {
        try fail {
            let p = try policy.policy()
            try options.emit { try SubsidyReport(policy: p).run(on: $0) }
        }
    }
}
