/// What a kept view had resolved (`WarmView`), handed to the next run with its rows: the payments
/// and ledger rows it had, each payment's ID facts, and what those facts and the matches were
/// worked out from. When the next run's policies are the same and the roster came over too, the old
/// payments keep their ledger row, policy and roster row, and their facts unless the assistance or
/// employee rows of their ID changed; only the night's rows are matched
/// (`JoinedView.resolve(_:keeping:)`).
struct ResolvedPart {
    var payments: Int
    var ledger: Int
    var facts: [IDFacts]
    var policies: [Policy]
    var assistance: [UInt64: [AssistanceEntry]]
    var employees: [UInt64: [EmployeeEntry]]
    /// The IDs whose assistance or employee rows differ in the new view (`check(against:)`).
    var changedIDs: Set<UInt64> = []

    /// Whether the old matches serve the new view; notes the IDs whose facts must be worked out again.
    mutating func check(against v: JoinedView) -> Bool {
        guard policies == v.policyList, payments <= v.payments.count, ledger <= v.ledger.count, facts.count == payments
        else { return false }
        changedIDs = Self.changedKeys(assistance, v.assistance).union(Self.changedKeys(employees, v.employees))
        return true
    }

    private static func changedKeys<T: Equatable>(_ old: [UInt64: [T]], _ new: [UInt64: [T]]) -> Set<UInt64> {
        var changed = Set(new.lazy.filter { old[$0.key] != $0.value }.map(\.key))
        for k in old.keys where new[k] == nil { changed.insert(k) }
        return changed
    }
}
