/// `SHOULD_BE_GOVERNMENT_PAID` (high, txn): a personal medical payment by a person the government
/// pays for in full (age ≥ 70, or a valid 医疗 assistance row of a full-paid category).
enum ShouldBeGovernmentPaid {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        let facts = v.facts
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, p.insurance == .medical, !p.isGovernment, facts[i].medicalFull else { continue }
            out.append(v.txnFinding(.shouldBeGovernmentPaid, i, [
                "facts": v.factsEvidence(i),
                "reason": "the government pays this person's medical contribution in full; the person pays nothing",
            ]))
        }
    }
}
