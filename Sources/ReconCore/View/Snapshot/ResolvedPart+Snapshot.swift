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
        put(v.assistance, to: &w)
        put(v.employees, to: &w)
    }

    /// Reads what the snapshot's view resolved; nil when it was resolved under other policies than
    /// `v`'s (then the run resolves whole). `payments` and `ledger`: the rows the snapshot held.
    static func read(_ r: inout SnapshotReader, for v: JoinedView, payments: Int, ledger: Int) throws -> ResolvedPart? {
        let policies = try r.get(UInt64.self)
        let facts = try r.get(plain: IDFacts.self)
        let assistance: [UInt64: [AssistanceEntry]] = try rows(from: &r, "an assistance row")
        let employees: [UInt64: [EmployeeEntry]] = try rows(from: &r, "an employee row")
        guard facts.count == payments else { throw SnapshotError.damaged("the payments' ID facts") }
        guard policies == fingerprint(v.policyList) else { return nil }
        return ResolvedPart(payments: payments, ledger: ledger, facts: facts, policies: v.policyList,
                            assistance: assistance, employees: employees)
    }

    /// The rows of every ID, by ID: the ID, the text, the insurance, the first and the last day.
    private static func put<Row: FactSourceRow>(_ byID: [UInt64: [Row]], to w: inout SnapshotWriter) {
        let rows = byID.sorted { $0.key < $1.key }.flatMap { e in e.value.map { (id: e.key, row: $0) } }
        w.put(plain: rows.map(\.id))
        w.put(texts: rows.map(\.row.text))
        w.put(plain: rows.map { $0.row.insurance == .medical })
        w.put(plain: rows.map { day($0.row.from) })
        w.put(plain: rows.map { day($0.row.to) })
    }

    private static func rows<Row: FactSourceRow>(from r: inout SnapshotReader, _ what: String) throws -> [UInt64: [Row]] {
        let ids = try r.get(plain: UInt64.self), texts: [String] = try r.getTexts()
        let medical = try r.get(plain: Bool.self), from = try r.get(plain: Int64.self), to = try r.get(plain: Int64.self)
        guard [texts.count, medical.count, from.count, to.count].allSatisfy({ $0 == ids.count }) else {
            throw SnapshotError.damaged("the resolved part")
        }
        var byID: [UInt64: [Row]] = [:]
        for i in ids.indices {
            guard let first = try date(from[i]) else { throw SnapshotError.damaged(what) }
            byID[ids[i], default: []].append(Row(text: texts[i], insurance: medical[i] ? .medical : .pension,
                                                 from: first, to: try date(to[i])))
        }
        return byID
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

/// A row the ID facts are worked out from, as the resolved section stores it: a text (the category,
/// the employer), an insurance, a first and a last day.
private protocol FactSourceRow {
    var text: String { get }
    var insurance: Insurance { get }
    var from: LocalDate { get }
    var to: LocalDate? { get }
    init(text: String, insurance: Insurance, from: LocalDate, to: LocalDate?)
}

extension AssistanceEntry: FactSourceRow {
    fileprivate var text: String { category }
    fileprivate var from: LocalDate { recognisedOn }
    fileprivate var to: LocalDate? { endsOn }
    fileprivate init(text: String, insurance: Insurance, from: LocalDate, to: LocalDate?) {
        self.init(category: text, insurance: insurance, recognisedOn: from, endsOn: to)
    }
}

extension EmployeeEntry: FactSourceRow {
    fileprivate var text: String { employer }
    fileprivate var from: LocalDate { startsOn }
    fileprivate var to: LocalDate? { endsOn }
    fileprivate init(text: String, insurance: Insurance, from: LocalDate, to: LocalDate?) {
        self.init(insurance: insurance, employer: text, startsOn: from, endsOn: to)
    }
}
