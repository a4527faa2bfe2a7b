/// What a view resolved, kept in its snapshot's last section so that a run reading the snapshot
/// matches only the rows added since, as a run on a kept view does (`JoinedView.resolve(_:keeping:)`).
/// The payments' own resolved fields (ledger row, policy, roster row) travel with the payments; this
/// section holds the rest: each payment's ID facts, a fingerprint of the policies they were worked
/// out under, and the assistance and employee rows they were worked out from.
extension ResolvedPart {
    /// A fingerprint of a policy list: equal lists give equal fingerprints in every process (the
    /// policies hold only integers, dates, texts and arrays of them).
    static func fingerprint(_ policies: [Policy]) -> UInt64 {
        var sum = SnapshotChecksum()
        var text = String(reflecting: policies)
        text.withUTF8 { sum.add(UnsafeRawBufferPointer($0)) }
        return sum.value
    }

    /// Writes what `v` resolved (after its rules ran: every payment of the snapshot is resolved).
    static func write(_ v: JoinedView, to w: inout SnapshotWriter) {
        w.put(fingerprint(v.policyList))
        w.put(plain: v.facts)
        let assistance = v.assistance.sorted { $0.key < $1.key }.flatMap { e in e.value.map { (e.key, $0) } }
        w.put(plain: assistance.map(\.0))
        w.put(texts: assistance.map(\.1.category))
        w.put(plain: assistance.map { $0.1.insurance == .medical })
        w.put(plain: assistance.map { day($0.1.recognisedOn) })
        w.put(plain: assistance.map { day($0.1.endsOn) })
        let employees = v.employees.sorted { $0.key < $1.key }.flatMap { e in e.value.map { (e.key, $0) } }
        w.put(plain: employees.map(\.0))
        w.put(texts: employees.map(\.1.employer))
        w.put(plain: employees.map { $0.1.insurance == .medical })
        w.put(plain: employees.map { day($0.1.startsOn) })
        w.put(plain: employees.map { day($0.1.endsOn) })
    }

    /// Reads what the snapshot's view resolved; nil when it was resolved under other policies than
    /// `v`'s (then the run resolves whole). `payments` and `ledger`: the rows the snapshot held.
    static func read(_ r: inout SnapshotReader, for v: JoinedView, payments: Int, ledger: Int) throws -> ResolvedPart? {
        let policies = try r.get(UInt64.self)
        let facts = try r.get(plain: IDFacts.self)
        let aIDs = try r.get(plain: UInt64.self), aCategories: [String] = try r.getTexts()
        let aMedical = try r.get(plain: Bool.self), aFrom = try r.get(plain: Int64.self), aTo = try r.get(plain: Int64.self)
        let eIDs = try r.get(plain: UInt64.self), eEmployers: [String] = try r.getTexts()
        let eMedical = try r.get(plain: Bool.self), eFrom = try r.get(plain: Int64.self), eTo = try r.get(plain: Int64.self)
        guard [aCategories.count, aMedical.count, aFrom.count, aTo.count].allSatisfy({ $0 == aIDs.count }),
              [eEmployers.count, eMedical.count, eFrom.count, eTo.count].allSatisfy({ $0 == eIDs.count })
        else { throw SnapshotError.damaged("the resolved part") }
        guard facts.count == payments else { throw SnapshotError.damaged("the payments' ID facts") }
        guard policies == fingerprint(v.policyList) else { return nil }
        var assistance: [UInt64: [AssistanceEntry]] = [:], employees: [UInt64: [EmployeeEntry]] = [:]
        for i in aIDs.indices {
            guard let from = try date(aFrom[i]) else { throw SnapshotError.damaged("an assistance row") }
            assistance[aIDs[i], default: []].append(AssistanceEntry(
                category: aCategories[i], insurance: aMedical[i] ? .medical : .pension, recognisedOn: from,
                endsOn: try date(aTo[i])))
        }
        for i in eIDs.indices {
            guard let from = try date(eFrom[i]) else { throw SnapshotError.damaged("an employee row") }
            employees[eIDs[i], default: []].append(EmployeeEntry(
                insurance: eMedical[i] ? .medical : .pension, employer: eEmployers[i], startsOn: from,
                endsOn: try date(eTo[i])))
        }
        return ResolvedPart(payments: payments, ledger: ledger, facts: facts, policies: v.policyList,
                            assistance: assistance, employees: employees)
    }

    /// A date as yyyymmdd, 0 for none.
    private static func day(_ d: LocalDate?) -> Int64 {
        d.map { Int64($0.year * 10_000 + $0.month * 100 + $0.day) } ?? 0
    }

    private static func date(_ n: Int64) throws -> LocalDate? {
        guard n != 0 else { return nil }
        let d = LocalDate(year: Int(n / 10_000), month: Int(n / 100 % 100), day: Int(n % 100))
        guard d.month >= 1, d.month <= 12, d.day >= 1, d.day <= 31 else { throw SnapshotError.damaged("a date") }
        return d
    }
}
