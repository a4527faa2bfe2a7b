/// `INVALID_ID` (medium, txn): an effective payment whose ID number is invalid after normalisation.
///
/// Needs no policy and no ID facts, so it also opens for a payment of a year without a policy.
public enum InvalidID {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isEffective, !p.idValid, let raw = v.paymentTexts[i].rawID else { continue }
            out.append(v.txnFinding(.invalidID, i, [
                "raw_id": .string(raw),
                "reason": "the ID number is not a valid resident ID after normalisation (length, digits, check character or birth date)",
            ]))
        }
    }
}
