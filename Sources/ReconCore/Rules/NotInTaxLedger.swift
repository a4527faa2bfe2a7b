/// `NOT_IN_TAX_LEDGER` (high, txn), gated: an effective payment of a statement channel, dated at
/// least the ledger grace (3 days) before as_of, with no ledger 个人缴费 row of that channel and
/// 渠道流水号. Invalid IDs and NO_POLICY payments get this rule too (the grace of a year without a
/// policy is the newest policy's).
enum NotInTaxLedger {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        guard let asOf = v.asOf else { return }
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isEffective, !p.channel.isLedgerOnly, let pol = v.ledgerPolicy(year: p.year),
                  pol.ledgerGraceOver(p.paidAt.date, asOf: asOf), !p.hasLedgerRow else { continue }
            out.append(v.txnFinding(.notInTaxLedger, i, [
                "as_of": .string(asOf.description), "grace_days": .int(pol.ledgerGraceDays),
                "due_in_ledger_by": .string(p.paidAt.date.adding(days: pol.ledgerGraceDays).description),
                "reason": .string("no ledger 个人缴费 row with 缴费渠道 \(p.channel.ledgerName) and 渠道流水号 \(v.ref(i))"),
            ]))
        }
    }
}
