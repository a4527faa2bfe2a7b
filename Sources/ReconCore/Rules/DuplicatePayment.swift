/// `DUPLICATE_PAYMENT` (high, person): more than one effective personal payment, or more than one
/// effective government payment, for (ID, insurance, coverage year). A payment refunded in full is
/// not effective, so refund-then-repay is no duplicate; one personal plus one government payment
/// (the 60–69 case, 190 + 190) is none either.
///
/// amount_fen: the money paid beyond one payment of each kind (the sum of every payment but the
/// largest, per kind that has more than one).
public enum DuplicatePayment {
    public static func findings(_ v: JoinedView) -> [Finding] {
        // Count first; collect only the groups that have more than one of a kind.
        var counts: [PersonYear: (personal: Int32, government: Int32)] = [:]
        for p in v.payments where p.isJudged {
            let k = PersonYear(body: p.idBody, insurance: p.insurance, year: p.year)
            var c = counts[k] ?? (0, 0)
            if p.isGovernment { c.government += 1 } else { c.personal += 1 }
            counts[k] = c
        }
        var groups: [PersonYear: [Int]] = [:]
        for i in v.payments.indices {
            let p = v.payments[i]
            guard p.isJudged else { continue }
            let k = PersonYear(body: p.idBody, insurance: p.insurance, year: p.year)
            guard let c = counts[k], c.personal > 1 || c.government > 1 else { continue }
            groups[k, default: []].append(i)
        }
        var out: [Finding] = []
        for (k, members) in groups {
            let c = counts[k]!
            var extra: Int64 = 0
            for gov in [false, true] where (gov ? c.government : c.personal) > 1 {
                let amounts = members.filter { v.payments[$0].isGovernment == gov }.map { v.payments[$0].amountFen }
                extra += amounts.reduce(0, +) - (amounts.max() ?? 0)
            }
            let sorted = members.sorted { (v.payments[$0].paidAt, $0) < (v.payments[$1].paidAt, $1) }
            out.append(v.personFinding(.duplicatePayment, body: k.body, insurance: k.insurance, year: k.year,
                                       amountFen: extra, [
                "effective_personal_payments": .int(Int(c.personal)),
                "effective_government_payments": .int(Int(c.government)),
                "payments": .array(sorted.map { v.paymentEvidence($0) }),
            ]))
        }
        return out
    }
}
