/// `REFUND_AFTER_CUTOFF` (medium, reversal): a reversal dated after the refund limit of its original
/// payment's coverage year, or of its own year when the original is unknown (for 2024: on or after
/// 2024-01-01). Any reversal, also of a payment that is not effective, and whatever the ID.
/// A year without a policy has no limit to judge by: nothing opens.
enum RefundAfterCutoff {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        for r in v.reversals {
            let original = r.originalIndex >= 0 ? Int(r.originalIndex) : nil
            let year = original.map { v.payments[$0].year } ?? r.year
            guard let pol = v.policies.policy(for: year), r.paidAt.date > pol.refundsUntil else { continue }
            var d: [String: JSONValue] = [
                "reversal": [
                    "channel": .string(r.channel.rawValue), "reversal_ref": .string(r.ref),
                    "original_ref": r.originalRef.map { .string($0) } ?? .null, "amount": .yuan(r.amountFen),
                    "at": .string(r.paidAt.description), "id_number": .string(r.idText),
                    "source": .string(v.source(r.fileID, r.line)),
                ],
                "refunds_until": .string(pol.refundsUntil.description), "judged_by_year": .int(year),
            ]
            if let o = original { d["original_payment"] = v.paymentEvidence(o) } else { d["original_payment"] = .null }
            let roster = r.idValid ? v.rosterEntry(r.idBody, r.insurance) : nil
            out.append(Finding(code: .refundAfterCutoff, subject: Finding.reversalSubject(r.channel, r.ref), year: year,
                               idNumber: r.idText, insurance: r.insurance, channel: r.channel, txnRef: r.ref,
                               townCode: roster?.townCode, villageCode: roster?.villageCode, amountFen: r.amountFen,
                               detail: .object(d)))
        }
    }
}
