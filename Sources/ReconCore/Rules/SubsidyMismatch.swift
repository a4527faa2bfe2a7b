/// `SUBSIDY_MISMATCH` (high, subsidy): a claimed disbursement line whose 人数 or 金额 differs from what
/// the data gives for the newest coverage year that has a policy.
///
/// Only a (乡镇代码, 险种, 补助类别) that appears in some disbursement file is checked, with the values
/// of the newest file that has it (file date, then name; within a file the later line). Per 乡镇代码
/// of the person's roster row for the insurance (IDs without one are left out), counting each person
/// once, over effective payments with a valid ID of that year (government payments included):
///
/// | category | 人数 | 金额 |
/// |---|---|---|
/// | contribution_subsidy | persons with an effective pension payment | Σ band of each person's largest one |
/// | disabled_paid | persons with an effective government pension payment | Σ those payments |
/// | fiscal_subsidy | persons with an effective medical payment | fiscal subsidy (640) × 人数 |
/// | full_paid | persons with an effective government medical payment of 380 | Σ those payments |
/// | half_paid | persons with an effective government medical payment of 190 | Σ those payments |
///
/// amount_fen: |claimed 金额 − computed 金额|.
public enum SubsidyMismatch {
    /// The newest claim of every (乡镇代码, 险种, 补助类别).
    public static func currentClaims(_ v: JoinedView) -> [ClaimEntry] {
        var newest: [String: ClaimEntry] = [:]
        for c in v.claims {
            let k = "\(c.townCode)|\(c.insurance.rawValue)|\(c.category.rawValue)"
            if let old = newest[k], old.order >= c.order { continue }
            newest[k] = c
        }
        return newest.values.sorted { ($0.townCode, $0.category.rawValue) < ($1.townCode, $1.category.rawValue) }
    }

    /// The computed lines per 乡镇代码 for a policy's year.
    public static func totals(_ v: JoinedView, _ pol: Policy) -> [String: SubsidyTotals] {
        // Judged payments of one (ID, insurance, year) share a group: one accumulator per group,
        // updated where it lies.
        var persons = [GroupTotals](repeating: GroupTotals(), count: v.groupKeys.count)
        for p in v.payments where p.group >= 0 && p.year == pol.year && p.rosterIndex >= 0 {
            persons[Int(p.group)].add(p, pol)
        }
        // Per town of the person's roster row: one lookup by code, the sums updated where they lie.
        var index: [String: Int] = [:], sums: [SubsidyTotals] = []
        for a in persons where a.roster >= 0 {
            let code = v.roster[Int(a.roster)].townCode
            let t: Int
            if let known = index[code] {
                t = known
            } else {
                t = sums.count
                index[code] = t
                sums.append(SubsidyTotals())
            }
            a.count(into: &sums[t], pol)
        }
        return index.mapValues { sums[$0] }
    }

    /// What one person-year's effective payments add to its town's lines.
    private struct GroupTotals {
        /// -1: no payment of the year.
        var roster: Int32 = -1
        var largestPension: Int64 = -1
        var governmentPension: Int64 = 0
        var hasGovernmentPension = false
        var medical = false
        var full: Int64 = 0
        var hasFull = false
        var half: Int64 = 0
        var hasHalf = false

        mutating func add(_ p: ViewPayment, _ pol: Policy) {
            roster = p.rosterIndex
            switch p.insurance {
            case .pension:
                largestPension = max(largestPension, p.amountFen)
                if p.isGovernment {
                    hasGovernmentPension = true
                    governmentPension += p.amountFen
                }
            case .medical:
                medical = true
                if p.isGovernment, p.amountFen == pol.fullPaidGovernmentFen {
                    hasFull = true
                    full += p.amountFen
                }
                if p.isGovernment, p.amountFen == pol.halfPaidGovernmentFen {
                    hasHalf = true
                    half += p.amountFen
                }
            }
        }

        func count(into t: inout SubsidyTotals, _ pol: Policy) {
            if largestPension >= 0 {
                t.contributionPersons += 1
                t.contributionFen += pol.contributionSubsidy(forLargestPaymentFen: largestPension)
            }
            if hasGovernmentPension {
                t.disabledPersons += 1
                t.disabledFen += governmentPension
            }
            if medical {
                t.fiscalPersons += 1
                t.fiscalFen += pol.medicalFiscalFen
            }
            if hasFull {
                t.fullPersons += 1
                t.fullFen += full
            }
            if hasHalf {
                t.halfPersons += 1
                t.halfFen += half
            }
        }
    }

    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let claims = currentClaims(v.view)
        guard !claims.isEmpty, let pol = v.policies.newest else { return }
        let towns = totals(v.view, pol)
        for c in claims {
            let computed: (persons: Int, amountFen: Int64) = towns[c.townCode]?[c.category] ?? (0, 0)
            guard computed.persons != c.persons || computed.amountFen != c.amountFen else { continue }
            // The computed amount sums capped payments (Money.maxRowFen); the claim has no cap, so
            // |claimed − computed| is checked, and saturates at Int64.max for a claim too negative
            // to tell it (the detail keeps both amounts exactly).
            let (gap, overflow) = c.amountFen.subtractingReportingOverflow(computed.amountFen)
            let amount = overflow ? Int64.max : Int64(exactly: gap.magnitude) ?? .max
            out.append(Finding(
                code: .subsidyMismatch, subject: Finding.subsidySubject(c.townCode, c.insurance, c.category),
                year: pol.year, insurance: c.insurance, townCode: c.townCode, amountFen: amount,
                detail: [
                    "category": .string(c.category.rawValue), "category_name": .string(c.category.chinese),
                    "claimed": ["persons": .int(c.persons), "amount": .yuan(c.amountFen),
                                "file": .string(c.fileName), "line": .int(c.line)],
                    "computed": ["persons": .int(computed.persons), "amount": .yuan(computed.amountFen)],
                    "coverage_year": .int(pol.year),
                ]))
        }
    }
}
