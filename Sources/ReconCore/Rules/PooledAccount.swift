/// `POOLED_ACCOUNT` (high, account): the effective personal payments sharing one payer key of one
/// channel cover at least 6 distinct valid IDs from at least 3 households (a family of 5 paying from
/// one account opens nothing). Invalid IDs and NO_POLICY payments take no part.
///
/// Household of an ID: the 户号 of its roster row for the payment's insurance, else of any roster
/// row of the ID, else the ID alone. The thresholds are those of the newest coverage year among the
/// account's payments. amount_fen: the sum of the account's payments.
public enum PooledAccount {
    public static func findings(_ v: JoinedView) -> [Finding] {
        // Chain the payments of each (channel, payer key): one group per key, next member per payment.
        var groupOf: [[String: Int32]] = Array(repeating: [:], count: Channel.allCases.count)
        var head: [Int32] = [], tail: [Int32] = [], size: [Int32] = [], keys: [(Int, String)] = []
        var next = [Int32](repeating: -1, count: v.payments.count)
        for i in v.payments.indices {
            let p = v.payments[i]
            guard p.isJudged, !p.isGovernment, let key = p.payerKey, !key.isEmpty else { continue }
            let ch = JoinedView.channelIndex(p.channel)
            if let g = groupOf[ch][key] {
                next[Int(tail[Int(g)])] = Int32(i)
                tail[Int(g)] = Int32(i)
                size[Int(g)] += 1
            } else {
                groupOf[ch][key] = Int32(head.count)
                head.append(Int32(i)); tail.append(Int32(i)); size.append(1); keys.append((ch, key))
            }
        }
        let minimum = v.policyList.map(\.pooledMinIDs).min() ?? 6
        var out: [Finding] = []
        for g in head.indices where Int(size[g]) >= minimum {
            var members: [Int] = []
            var j = Int(head[g])
            while j >= 0 {
                members.append(j)
                j = Int(next[j])
            }
            if let f = judge(v, JoinedView.channels[keys[g].0], keys[g].1, members) { out.append(f) }
        }
        return out
    }

    static func judge(_ v: JoinedView, _ channel: Channel, _ key: String, _ members: [Int]) -> Finding? {
        var ids: Set<UInt64> = []
        var households: Set<String> = []
        var villages: Set<String> = []
        var newestYear = Int.min
        for i in members {
            let p = v.payments[i]
            ids.insert(p.idBody)
            households.insert(household(v, p))
            if let r = v.rosterEntry(of: p) ?? v.anyRosterEntry(p.idBody) { villages.insert(r.villageCode) }
            newestYear = max(newestYear, p.year)
        }
        guard let pol = v.policies.policy(for: newestYear), ids.count >= pol.pooledMinIDs,
              households.count >= pol.pooledMinHouseholds else { return nil }
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
                return ["txn_ref": .string(p.ref), "id_number": .string(p.idText), "insurance": .string(p.insurance.rawValue),
                        "amount": .yuan(p.amountFen), "paid_at": .string(p.paidAt.description),
                        "household": .string(household(v, p))]
            }),
        ]
        return Finding(code: .pooledAccount, subject: Finding.accountSubject(channel, key), year: newestYear,
                       channel: channel, amountFen: members.reduce(0) { $0 + v.payments[$1].amountFen },
                       detail: .object(d))
    }

    /// The household of a payment's ID (RULES.md "Household of an ID").
    static func household(_ v: JoinedView, _ p: ViewPayment) -> String {
        if let r = v.rosterEntry(of: p) { return r.household }
        if let r = v.anyRosterEntry(p.idBody) { return r.household }
        return "ID " + p.idText
    }
}
