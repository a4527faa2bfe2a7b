/// `DUPLICATE_PAYMENT` (high, person): more than one effective personal payment, or more than one
/// effective government payment, for (ID, insurance, coverage year). A payment refunded in full is
/// not effective, so refund-then-repay is no duplicate; one personal plus one government payment
/// (the 60–69 case, 190 + 190) is none either.
///
/// amount_fen: the money paid beyond one payment of each kind (the sum of every payment but the
/// largest, per kind that has more than one).
enum DuplicatePayment {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        let n = v.groupKeys.count
        var personal = [Int32](repeating: 0, count: n), government = [Int32](repeating: 0, count: n)
        for p in ps where p.group >= 0 {
            if p.isGovernment { government[Int(p.group)] += 1 } else { personal[Int(p.group)] += 1 }
        }
        var members: [Int32: [Int]] = [:]
        for i in ps.indices {
            let g = ps[i].group
            guard g >= 0, personal[Int(g)] > 1 || government[Int(g)] > 1 else { continue }
            members[g, default: []].append(i)
        }
        for (g, list) in members.sorted(by: { $0.key < $1.key }) {
            let k = v.groupKeys[Int(g)]
            var extra: Int64 = 0
            for gov in [false, true] where (gov ? government[Int(g)] : personal[Int(g)]) > 1 {
                let amounts = list.filter { ps[$0].isGovernment == gov }.map { ps[$0].amountFen }
                extra += amounts.reduce(0, +) - (amounts.max() ?? 0)
            }
            let sorted = list.sorted { (ps[$0].paidAt, $0) < (ps[$1].paidAt, $1) }
            out.append(v.personFinding(.duplicatePayment, body: k.body, insurance: k.insurance, year: k.year,
                                       amountFen: extra, [
                "effective_personal_payments": .int(Int(personal[Int(g)])),
                "effective_government_payments": .int(Int(government[Int(g)])),
                "payments": .array(sorted.map { v.paymentEvidence($0) }),
            ]))
        }
    }
}
