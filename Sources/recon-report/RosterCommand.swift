import ArgumentParser
import ReconReports

/// `recon-report roster`: the publication roster (公示清册) per village, masked.
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "The publication roster (公示清册) per village: who paid, how much, which channel — masked.")

    @OptionGroup var options: ReportOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var area: AreaOptions

    func run() throws {
        try fail {
            let year = try policy.year ?? policy.policy().year
            try options.emit { try RosterReport(year: year, area: area.filter).run(on: $0) }
        }
    }
}
