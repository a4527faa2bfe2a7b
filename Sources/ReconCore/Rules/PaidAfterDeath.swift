/// `PAID_AFTER_DEATH` (high, txn): an effective payment (government payments too) dated after the
/// 死亡日期 of the death notice that stands for the ID. A payment on the death day opens nothing.
enum PaidAfterDeath {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, let d = v.deaths[p.idBody], p.paidAt.date > d.deathDate else { continue }
            out.append(v.txnFinding(.paidAfterDeath, i, [
                "death": [
                    "death_date": .string(d.deathDate.description), "notice_date": .string(d.noticeDate.description),
                    "source": .string(d.source), "file": .string("\(d.fileName):\(d.line)"),
                ],
                "days_after_death": .int(p.paidAt.date.dayNumber - d.deathDate.dayNumber),
            ]))
        }
    }
}
