/// `POOLED_ACCOUNT` (high, account): the effective personal payments sharing one payer key of one
/// channel cover at least 6 distinct valid IDs from at least 3 households (a family of 5 paying from
/// one account opens nothing). Invalid IDs and NO_POLICY payments take no part.
///
/// Household of an ID: the 户号 of its roster row for the payment's insurance, else of any roster
/// row of the ID, else the ID alone. The thresholds are those of the newest coverage year among the
/// account's payments. amount_fen: the sum of the account's payments.
enum PooledAccount {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        // Chain the payments of each payer account (channel, payer key): head per account, next per payment.
        let ps = v.payments
        let accounts = v.payerCount
        var head = [Int32](repeating: -1, count: accounts), tail = head, size = [Int32](repeating: 0, count: accounts)
        var next = [Int32](repeating: -1, count: ps.count)
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, !p.isGovernment, p.payer >= 0 else { continue }
            let a = Int(p.payer)
            if head[a] < 0 { head[a] = Int32(i) } else { next[Int(tail[a])] = Int32(i) }
            tail[a] = Int32(i)
            size[a] += 1
        }
        let minimum = v.policyList.map(\.pooledMinIDs).min() ?? 6
        for a in 0..<accounts where Int(size[a]) >= minimum {
            var members: [Int] = []
            var j = Int(head[a])
            while j >= 0 {
                members.append(j)
                j = Int(next[j])
            }
            let channel = ps[members[0]].channel
            if let f = judge(v, channel, v.payerKey(account: Int32(a)), members) { out.append(f) }
        }
    }

    static func judge(_ v: RuleInput, _ channel: Channel, _ key: String, _ members: [Int]) -> Finding? {
        // Distinct IDs first, on integers: most accounts with six payments or more are a family's, a
        // few IDs paying both insurances for years, and stop here before any household text is
        // looked at: the texts are the costly part (the core benchmark has 96k such accounts).
        var ids: Set<UInt64> = []
        var newestYear = Int.min
        for i in members {
            let p = v.payments[i]
            ids.insert(p.idBody)
            newestYear = max(newestYear, p.year)
        }
        guard let pol = v.policies.policy(for: newestYear), ids.count >= pol.pooledMinIDs else { return nil }
        var households: Set<String> = []
        for i in members { households.insert(household(v, i)) }
        guard households.count >= pol.pooledMinHouseholds else { return nil }
        var villages: Set<String> = []
        for i in members {
            let p = v.payments[i]
            if let r = v.rosterEntry(of: p) ?? v.anyRosterEntry(p.idBody) { villages.insert(r.villageCode) }
        }
        let times = members.map { v.payments[$0].paidAt }
        let d: [String: JSONValue] = [
            "payer_key": .string(key), "distinct_ids": .int(ids.count), "households": .int(households.count),
            "id_numbers": .array(ids.sorted().map { .string(IDNumber(body: $0).text) }),
            "household_numbers": .array(households.sorted().map { .string($0) }),
            "villages": .array(villages.sorted().map { .string($0) }),
            "first_payment_at": .string(times.min()!.description), "last_payment_at": .string(times.max()!.description),
            "thresholds": .string("≥ \(pol.pooledMinIDs) IDs from ≥ \(pol.pooledMinHouseholds) households"),
            "payments": .array(members.map { i in
                let p = v.payments[i]
                return ["txn_ref": .string(v.ref(i)), "id_number": .string(v.idText(i)), "insurance": .string(p.insurance.rawValue),
                        "amount": .yuan(p.amountFen), "paid_at": .string(p.paidAt.description),
                        "household": .string(household(v, i))]
            }),
        ]
        return Finding(code: .pooledAccount, subject: Finding.accountSubject(channel, key), year: newestYear,
                       channel: channel, amountFen: members.reduce(0) { $0 + v.payments[$1].amountFen },
                       detail: .object(d))
    }

    /// The household of a payment's ID (RULES.md "Household of an ID").
    static func household(_ v: RuleInput, _ i: Int) -> String {
        let p = v.payments[i]
        if let r = v.rosterEntry(of: p) { return r.household }
        if let r = v.anyRosterEntry(p.idBody) { return r.household }
        return "ID " + v.idText(i)
    }
}
