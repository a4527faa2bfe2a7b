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
    @OptionGroup var area: AreaOptions

    func run() throws {
        try fail {
            let p = try policy.policy()
            guard let plan = CollectionPlan.plan(for: p.year) else { throw ReportError.noPlan(year: p.year) }
            try options.emit {
                try CoverageReport(policy: p, plan: plan, area: area.filter).run(on: $0)
            }
        }
    }
}
