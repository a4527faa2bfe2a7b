import ArgumentParser
import ReconReports

/// `recon-report roster`: the publication roster (公示清册) per village, masked.
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "The publication roster (公示清册) per village: who paid, how much, which channel — masked.")

    @OptionGroup var options: ReportOptions
    @OptionGroup var policy: PolicyOptions
    @Option(help: "Only this town (乡镇代码).") var town: String?
    @Option(help: "Only this village (村居代码).") var village: String?

    func run() throws {
        try fail {
            let year = try policy.year ?? policy.policy().year
            try options.emit { try RosterReport(year: year, area: AreaFilter(town: town, village: village)).run(on: $0) }
        }
    }
}
