/// `LEDGER_MISMATCH` (high, txn): an effective statement payment and a ledger 个人缴费 row of the same
/// channel and 渠道流水号 that differ in amount, normalised ID or insurance (any matching row that
/// differs). Needs no policy and no ID facts. amount_fen: the payment's amount (the difference is in
/// the detail).
public enum LedgerMismatch {
    public static func findings(_ v: JoinedView) -> [Finding] {
        var out: [Finding] = []
        for i in v.payments.indices {
            let p = v.payments[i]
            guard p.isEffective, !p.channel.isLedgerOnly, v.hasLedgerRow(p.channel, p.ref) else { continue }
            var differing: [JSONValue] = []
            for j in v.ledgerRows(p.channel, p.ref) {
                let l = v.ledger[j]
                var fields: [JSONValue] = []
                if l.amountFen != p.amountFen { fields.append("amount") }
                if !sameID(p, l) { fields.append("id_number") }
                if l.insurance != p.insurance { fields.append("insurance") }
                guard !fields.isEmpty else { continue }
                differing.append(["ledger": v.ledgerEvidence(j), "differs_in": .array(fields),
                                  "amount_difference": .yuan(p.amountFen - l.amountFen)])
            }
            guard !differing.isEmpty else { continue }
            out.append(v.txnFinding(.ledgerMismatch, i, ["ledger_rows": .array(differing)]))
        }
        return out
    }

    /// Same normalised ID: equal bodies when both are valid, else equal stored text and validity.
    static func sameID(_ p: ViewPayment, _ l: LedgerEntry) -> Bool {
        if p.idValid && l.idValid { return p.idBody == l.idBody }
        return p.idValid == l.idValid && p.rawID == l.rawID
    }
}
