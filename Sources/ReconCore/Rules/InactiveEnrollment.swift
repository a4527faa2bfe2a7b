/// `INACTIVE_ENROLLMENT` (medium, txn): an effective payment (personal or government) for a person
/// whose 参保状态 in the current roster is 暂停 or 终止.
enum InactiveEnrollment {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments, roster = v.roster
        for i in ps.indices {
            let p = ps[i]
            // The status is read in place: a copied row retains its five texts, 400k times a night.
            guard p.isJudged, p.rosterIndex >= 0, roster[Int(p.rosterIndex)].status != .normal else { continue }
            let r = roster[Int(p.rosterIndex)]
            out.append(v.txnFinding(.inactiveEnrollment, i, [
                "status": .string(r.status.rawValue), "enrollment": v.rosterEvidence(r),
            ]))
        }
    }
}
