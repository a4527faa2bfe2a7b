/// `NONSTANDARD_AMOUNT` (medium, txn), under the payment's own year's policy:
/// - pension: a personal payment whose amount is not a tier; a government payment other than the
///   government pension amount (100). This is the "pension tier check" that invalid IDs get too.
/// - medical (valid IDs only): a personal payment by a half-paid person ≠ the half personal share
///   (190), by anyone else not fully paid ≠ the personal share (380); a government payment ≠ 380
///   for a fully-paid person, ≠ 190 for a half-paid one. A fully-paid person's personal payment is
///   SHOULD_BE_GOVERNMENT_PAID, an ineligible person's government payment GOVERNMENT_PAID_INELIGIBLE.
///
/// "Amount" is the payment's amount as paid (not reduced by partial reversals).
enum NonstandardAmount {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        let facts = v.facts
        for i in ps.indices {
            let p = ps[i]
            guard p.isEffective, let pol = v.policy(of: p) else { continue }
            var expected: [Int64] = []
            var why = ""
            switch (p.insurance, p.isGovernment) {
            case (.pension, false):
                guard !pol.isPensionTier(p.amountFen) else { continue }
                expected = pol.pensionTiersFen
                why = "a personal pension payment must be one of the tiers"
            case (.pension, true):
                guard p.amountFen != pol.governmentPensionFen else { continue }
                expected = [pol.governmentPensionFen]
                why = "a government pension payment must be the government pension amount"
            case (.medical, false):
                guard p.idValid else { continue }
                let f = facts[i]
                if f.medicalFull { continue }
                let share = f.medicalHalf ? pol.halfPaidPersonalFen : pol.medicalPersonalFen
                guard p.amountFen != share else { continue }
                expected = [share]
                why = f.medicalHalf ? "the person is half paid by the government: the personal share is the half share"
                    : "the personal medical share"
            case (.medical, true):
                guard p.idValid else { continue }
                let f = facts[i]
                guard f.medicalFull || f.medicalHalf else { continue }
                let share = f.medicalFull ? pol.fullPaidGovernmentFen : pol.halfPaidGovernmentFen
                guard p.amountFen != share else { continue }
                expected = [share]
                why = f.medicalFull ? "the government pays the full share for this person"
                    : "the government pays the half share for this person"
            }
            var d: [String: JSONValue] = [
                "actual": .yuan(p.amountFen), "expected": .array(expected.map { .yuan($0) }), "reason": .string(why),
            ]
            if p.idValid, p.insurance == .medical { d["facts"] = v.factsEvidence(i) }
            out.append(v.txnFinding(.nonstandardAmount, i, d))
        }
    }
}
