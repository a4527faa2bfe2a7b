/// `INELIGIBLE_PENSION` (medium, txn): a personal pension payment by someone aged below the pension
/// age or above it (16–59 in 2024), or a student (在校学生 = 是 on the person's 养老 roster row).
enum IneligiblePension {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments
        let facts = v.facts
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, p.insurance == .pension, !p.isGovernment, let pol = v.policy(of: p) else { continue }
            let age = facts[i].age
            let student = v.rosterEntry(of: p)?.student ?? false
            var reasons: [JSONValue] = []
            if age < pol.pensionMinAge { reasons.append(.string("aged \(age), below \(pol.pensionMinAge)")) }
            if age > pol.pensionMaxAge { reasons.append(.string("aged \(age), above \(pol.pensionMaxAge)")) }
            if student { reasons.append("a student (在校学生)") }
            guard !reasons.isEmpty else { continue }
            out.append(v.txnFinding(.ineligiblePension, i, [
                "age": .int(age), "age_reference_day": .string(pol.ageReferenceDay.description),
                "pension_age": .string("\(pol.pensionMinAge)-\(pol.pensionMaxAge)"), "student": .bool(student),
                "reasons": .array(reasons),
            ]))
        }
    }
}
