/// `LEDGER_WITHOUT_PAYMENT` (high, ticket), gated by 缴款时间 (+ the ledger grace ≤ as_of): a ledger
/// 个人缴费 row of a statement channel whose 渠道流水号 matches no payment of that channel, effective
/// or not. Rows of quarantined files and rejected lines are no payments, so their ledger rows open
/// this until a good copy arrives.
enum LedgerWithoutPayment {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        guard let asOf = v.asOf else { return }
        let matched = v.ledgerMatched
        for i in matched.indices where !matched[i] {
            let l = v.ledger[i]
            guard let pol = v.ledgerPolicy(year: l.year), pol.ledgerGraceOver(l.paidAt.date, asOf: asOf) else { continue }
            let roster = l.idValid ? v.rosterEntry(l.idBody, l.insurance) : nil
            let ref = v.ledgerRef(i)
            out.append(Finding(code: .ledgerWithoutPayment, subject: Finding.ticketSubject(v.ticket(i)), year: l.year,
                               idNumber: v.ledgerIDText(i), insurance: l.insurance, channel: l.channel, txnRef: ref,
                               townCode: roster?.townCode, villageCode: roster?.villageCode, amountFen: l.amountFen,
                               detail: [
                                   "ledger": v.ledgerEvidence(i), "as_of": .string(asOf.description),
                                   "grace_days": .int(pol.ledgerGraceDays),
                                   "reason": .string("no \(l.channel.rawValue) payment with reference \(ref)"),
                               ]))
        }
    }
}
