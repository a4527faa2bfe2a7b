/// `NO_POLICY` (medium, txn): an effective payment whose coverage year has no policy loaded. It is
/// kept, and judged once a policy for the year is configured (then this finding resolves).
public enum NoPolicy {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isEffective, !p.hasPolicy else { continue }
            out.append(v.txnFinding(.noPolicy, i, [
                "coverage_year": .int(p.year),
                "years_with_policy": .array(v.policies.years.map { .int($0) }),
            ]))
        }
    }
}
