/// `MISSING_GOVERNMENT_PAYMENT` (medium, person), gated: for every coverage year with a policy whose
/// collection window ended before as_of (as_of > the window's last day), an enrolled person (roster
/// row for (ID, insurance), valid ID) with 参保状态 正常, not dead before the window ended (no death
/// notice with 死亡日期 ≤ the window's last day), entitled to a government payment for that insurance
/// (medical: fully or half paid; pension: a severe-disability assistance row), who has no effective
/// government payment for that insurance and year.
///
/// amount_fen: what the government should have paid.
enum MissingGovernmentPayment {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        guard let asOf = v.asOf else { return }
        for pol in v.policyList where asOf > pol.windowLastDay {
            var paid: Set<UInt64> = []
            for p in v.payments where p.group >= 0 && p.isGovernment && p.year == pol.year {
                paid.insert(JoinedView.key(p.idBody, p.insurance))
            }
            // Read once: each property read through the input copies the map (and retains its storage).
            let roster = v.roster, assistance = v.assistance, byKey = v.rosterByKey
            // Rows are read field by field until one is a candidate: a copied row retains its shared
            // texts (households, villages), and the rules run side by side on the same strings.
            for i in roster.indices {
                guard roster[i].status == .normal else { continue }
                let k = JoinedView.key(roster[i].idBody, roster[i].insurance)
                guard byKey[k] == Int32(i), !paid.contains(k) else { continue }
                // Without assistance rows only the age entitles, and only to medical (`IDFacts`):
                // most of the roster is ruled out here, before the facts' lookups.
                if assistance[roster[i].idBody] == nil {
                    guard roster[i].insurance == .medical else { continue }
                    let age = IDNumber(body: roster[i].idBody).age(on: pol.ageReferenceDay)
                    guard age >= pol.fullPaidMinAge || (age >= pol.halfPaidMinAge && age <= pol.halfPaidMaxAge) else { continue }
                }
                let r = roster[i]
                if let d = v.deaths[r.idBody], d.deathDate <= pol.windowLastDay { continue }
                let f = v.idFacts(r.idBody, pol)
                guard let share = f.governmentShare(r.insurance, pol) else { continue }
                var d: [String: JSONValue] = [
                    "expected_government_payment": .yuan(share), "age": .int(f.age),
                    "age_reference_day": .string(pol.ageReferenceDay.description),
                    "window_end": .string(pol.windowEnd.description), "as_of": .string(asOf.description),
                ]
                let rows = v.assistanceRows(r.idBody, year: pol.year)
                if !rows.isEmpty { d["assistance"] = .array(rows.map { .string("\($0.category) (\($0.insurance.chinese))") }) }
                if let death = v.deaths[r.idBody] { d["death_date"] = .string(death.deathDate.description) }
                d["reason"] = .string(r.insurance == .pension ? "the government pays the pension of a severely disabled person"
                    : f.medicalFull ? "the government pays this person's medical contribution in full"
                    : "the government pays half of this person's medical contribution")
                out.append(v.personFinding(.missingGovernmentPayment, body: r.idBody, insurance: r.insurance,
                                           year: pol.year, amountFen: share, d))
            }
        }
    }
}
