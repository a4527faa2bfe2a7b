/// `GOVERNMENT_PAID_INELIGIBLE` (high, txn): an effective government payment for someone not
/// entitled to one for that insurance (medical: neither fully nor half paid; pension: no valid 养老
/// assistance row of a severe-disability category).
enum GovernmentPaidIneligible {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        let facts = v.facts
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, p.isGovernment, let pol = v.policy(of: p),
                  facts[i].governmentShare(p.insurance, pol) == nil else { continue }
            out.append(v.txnFinding(.governmentPaidIneligible, i, [
                "facts": v.factsEvidence(i),
                "reason": .string(p.insurance == .pension
                    ? "no valid pension assistance row of \(pol.governmentPensionCategories.joined(separator: " / "))"
                    : "neither aged \(pol.halfPaidMinAge) or over nor on a full-paid assistance list"),
            ]))
        }
    }
}
