/// What one reconciliation run found, for the operator's summary and `runs_v1`.
public struct ReconcileSummary: Sendable, Equatable {
    /// `runs.run_id` of the run.
    public var runID: Int64
    public var startedAt: String
    public var finishedAt: String
    /// The as_of the gated rules used (nil: no statement or ledger file ingested yet).
    public var asOf: LocalDate?
    /// Primary payment records (payment identities), effective or not.
    public var payments: Int
    /// Findings open after the run, by code and by severity.
    public var openByCode: [FindingCode: Int]
    public var openBySeverity: [Severity: Int]
    public var open: Int
    /// Findings opened for the first time or reopened by this run.
    public var new: Int
    /// Findings resolved by this run.
    public var resolved: Int
    /// Σ amount_fen of the open findings.
    public var moneyAtStakeFen: Int64
    public var seconds: Double
    /// Where the time went: each loading stage, each rule, storing the findings.
    public var stages: [StageTime] = []

    /// Where the view came from: the kept view or the snapshot file, what was added to it, or why
    /// neither served (the first stage of the run; nil for a database in memory).
    public var viewSource: String? {
        stages.first { $0.stage.hasPrefix("kept view (") || $0.stage.hasPrefix("snapshot (") }?.stage
    }

    /// Counts an open finding: by code, by severity, its money.
    mutating func count(_ f: FindingRecord) {
        open += 1
        openByCode[f.code, default: 0] += 1
        openBySeverity[f.code.severity, default: 0] += 1
        // A SUBSIDY_MISMATCH amount is a claim's difference, which no cap bounds: the figure
        // saturates rather than trap (a wrapped sum has the sign opposite to the true one).
        let (sum, overflow) = moneyAtStakeFen.addingReportingOverflow(f.amountFen ?? 0)
        moneyAtStakeFen = overflow ? (sum < 0 ? .max : .min) : sum
    }

    /// A few lines for a person: open findings by severity and code, what changed, money, time.
    public var text: String {
        var lines: [String] = []
        let sev = Severity.allCases.map { "\(openBySeverity[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        lines.append("recon: \(payments) payments, as of \(asOf?.description ?? "-"): \(open) findings open (\(sev)); "
            + "\(new) new or reopened, \(resolved) resolved")
        let codes = FindingCode.allCases.compactMap { c in openByCode[c].map { "\(c.rawValue) \($0)" } }
        if !codes.isEmpty { lines.append("recon: " + codes.joined(separator: ", ")) }
        lines.append("recon: money at stake \(Money.yuan(moneyAtStakeFen)) yuan; reconciled in "
            + String(Double(Int(seconds * 100)) / 100) + " s")
        return lines.joined(separator: "\n")
    }
}
