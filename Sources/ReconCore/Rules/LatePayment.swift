/// `LATE_PAYMENT` (info, txn): an effective personal payment after its year's collection window; the
/// insurance starts the payment date + the waiting days (30). Invalid IDs get this rule too.
enum LatePayment {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isEffective, !p.isGovernment, let pol = v.policy(of: p), pol.isAfterWindow(p.paidAt) else { continue }
            out.append(v.txnFinding(.latePayment, i, [
                "window_end": .string(pol.windowEnd.description),
                "cover_starts": .string(pol.coverStarts(paidOn: p.paidAt.date).description),
                "waiting_days": .int(pol.waitingDays),
            ]))
        }
    }
}
