import ArgumentParser
import ReconCore
import ReconReports

/// `recon-report coverage`: payers against the plan and the targets, and who is still unpaid.
struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Coverage per town and village against the plan (附件2) and the targets; the unpaid per village.")

    @OptionGroup var options: ReportOptions
    @OptionGroup var policy: PolicyOptions
    @Option(help: "Only this town (乡镇代码).") var town: String?
    @Option(help: "Only this village (村居代码).") var village: String?

    func run() throws {
        try fail {
            let p = try policy.policy()
            guard let plan = CollectionPlan.plan(for: p.year) else { throw ReportError.noPlan(year: p.year) }
            try options.emit {
                try CoverageReport(policy: p, plan: plan, area: AreaFilter(town: town, village: village)).run(on: $0)
            }
        }
    }
}
