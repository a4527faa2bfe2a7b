import ReconAuth
import ReconCore
import ReconReports

/// The desk's pages made from `recon-report`'s reports — the same figures, the same charts:
/// *Tonight* (the last run, for the tax office and the auditors), 钱表相符 per channel, day and agent,
/// the subsidies against the claims (finance) and the coverage against 附件2.
enum ReportPage: String, CaseIterable {
    case tonight, balance, subsidy, coverage

    var title: String {
        switch self {
        case .tonight: return "今晚"
        case .balance: return "钱表相符"
        case .subsidy: return "补助核算"
        case .coverage: return "参保进度"
        }
    }

    /// Who may read it: viewers only what holds no personal data (nightly lists rejected lines as
    /// received; coverage masks the unpaid persons).
    func allows(_ role: Role) -> Bool {
        switch self {
        case .tonight: return role != .viewer
        case .balance, .subsidy, .coverage: return true
        }
    }

    /// The report of the page over `db`, with the newest year's policy of `policies`.
    func report(_ db: ReportDatabase, policies: PolicySet) throws -> Report {
        switch self {
        case .tonight: return try NightlyReport(newFindingsLimit: 200).run(on: db)
        case .balance: return try BalanceReport().run(on: db)
        case .subsidy, .coverage:
            guard let policy = policies.newest else { throw ReportError.noPolicy(year: 0) }
            if self == .subsidy { return try SubsidyReport(policy: policy).run(on: db) }
            guard let plan = CollectionPlan.plan(for: policy.year) else { throw ReportError.noPlan(year: policy.year) }
            return try CoverageReport(policy: policy, plan: plan).run(on: db)
        }
    }

    static func render(_ page: ReportPage, account: DeskAccount, report: Report) -> String {
        Page.shell(title: page.title, account: account, body: HTMLRenderer().body(report))
    }

    /// What to show when the database has no summaries yet (no run) or another problem.
    static func unavailable(_ page: ReportPage, account: DeskAccount, reason: String) -> String {
        Page.shell(title: page.title, account: account, body: "<h1>\(Page.h(page.title))</h1><p class=\"flash\">\(Page.h(reason))</p>")
    }
}
