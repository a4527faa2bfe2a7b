/// `INACTIVE_ENROLLMENT` (medium, txn): an effective payment (personal or government) for a person
/// whose 参保状态 in the current roster is 暂停 or 终止.
enum InactiveEnrollment {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, let r = v.rosterEntry(of: p), r.status != .normal else { continue }
            out.append(v.txnFinding(.inactiveEnrollment, i, [
                "status": .string(r.status.rawValue), "enrollment": v.rosterEvidence(r),
            ]))
        }
    }
}
