/// `NOT_ENROLLED` (medium, txn): an effective payment with a valid ID but no roster row for
/// (ID, insurance) in the current roster.
enum NotEnrolled {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, !p.isEnrolled else { continue }
            var d: [String: JSONValue] = [
                "reason": .string("no \(p.insurance.chinese) row for this ID in the current roster"),
            ]
            if let other = v.anyRosterEntry(p.idBody) { d["enrolled_otherwise"] = v.rosterEvidence(other) }
            out.append(v.txnFinding(.notEnrolled, i, d))
        }
    }
}
