/// `LEDGER_MISMATCH` (high, txn): an effective statement payment and a ledger 个人缴费 row of the same
/// channel and 渠道流水号 that differ in amount, normalised ID or insurance (any matching row that
/// differs). Needs no policy and no ID facts. amount_fen: the payment's amount (the difference is in
/// the detail).
enum LedgerMismatch {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isEffective, p.hasLedgerRow else { continue }
            var differing: [JSONValue] = []
            for j in v.ledgerRows(ofPayment: i) {
                let l = v.ledger[j]
                var fields: [JSONValue] = []
                if l.amountFen != p.amountFen { fields.append("amount") }
                if !sameID(p, v.paymentTexts[i].rawID, l, v.ledgerRawID(j)) { fields.append("id_number") }
                if l.insurance != p.insurance { fields.append("insurance") }
                guard !fields.isEmpty else { continue }
                differing.append(["ledger": v.ledgerEvidence(j), "differs_in": .array(fields),
                                  "amount_difference": .yuan(p.amountFen - l.amountFen)])
            }
            guard !differing.isEmpty else { continue }
            out.append(v.txnFinding(.ledgerMismatch, i, ["ledger_rows": .array(differing)]))
        }
    }

    /// Same normalised ID: equal bodies when both are valid, else equal stored text and validity.
    static func sameID(_ p: ViewPayment, _ rawID: String?, _ l: LedgerEntry, _ ledgerRawID: String?) -> Bool {
        if p.idValid && l.idValid { return p.idBody == l.idBody }
        return p.idValid == l.idValid && rawID == ledgerRawID
    }
}
