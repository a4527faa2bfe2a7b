/// `TIER_NOT_ALLOWED` (medium, txn): a personal pension payment of exactly the hardship tier (100)
/// by someone who is not a hardship person (no assistance row valid in the year, any 资助类别, any 险种).
enum TierNotAllowed {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        let facts = v.facts
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, p.insurance == .pension, !p.isGovernment, let pol = v.policy(of: p),
                  p.amountFen == pol.hardshipTierFen, !facts[i].hardship else { continue }
            out.append(v.txnFinding(.tierNotAllowed, i, [
                "tier": .yuan(pol.hardshipTierFen),
                "reason": "the hardship tier is only for persons with a valid assistance row in the year",
            ]))
        }
    }
}
