import ArgumentParser
import ReconReports

/// `recon-report balance`: 钱表相符, statements against the tax ledger.
struct BalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "钱表相符: statement money against ledger money per channel and day, and per agent; differences first.")

    @OptionGroup var options: ReportOptions

    func run() throws {
        try options.emit { try BalanceReport().run(on: $0) }
    }
}
