import Dispatch
import SQLiteStore

/// The summaries the reports read (Schema v3's `report_*` tables), made from a run's joined view, so
/// `recon-report` answers with small indexed SELECTs instead of joining payments, reversals, roster
/// and ledger again (seconds at county scale).
///
/// They count what the reports always counted, the way the reconciler reads the data: a payment is
/// effective when its amount minus its primary reversals is > 0; a person is the roster row that
/// stands for its (ID, insurance), the first of the snapshot; only valid IDs count. Figures that
/// depend on a policy's amounts (the subsidy bands, the government-paid amounts) are stored as the
/// facts they are computed from, so a report applies its own policy; ages are counted on the age
/// reference day of the run's policy of the year, which `report_years` records.
///
/// A run (`ReconcileRun`) builds them in a step of their own after the rules, from the view alone
/// (the rules' texts are gone by then), and writes them (`write(to:runID:)`) in the transaction that
/// upserts the findings. Every pass is a loop over the view's arrays keyed by integers (roster row,
/// year slot, channel, day): at county scale the whole build is a fraction of the rules' time.
///
/// Its money sums add payments, reversals and ledger rows, each at most `Money.maxRowFen` in absolute
/// value, so the plain `+` cannot trap: that takes 9.2 × 10^9 rows at the cap, in memory at once.
struct ReportSummaries {
    /// Count and money of one side of a balance line.
    struct Money: Equatable {
        var count: Int64 = 0
        var fen: Int64 = 0

        mutating func add(_ count: Int64, _ fen: Int64) {
            self.count += count
            self.fen += fen
        }
    }

    /// Statement against ledger.
    struct BalanceLine: Equatable {
        var statement = Money()
        var ledger = Money()
    }

    /// A balance line's channel (`JoinedView.channelIndex`) and day (days since 1970-01-01).
    struct DayKey: Hashable {
        var channel: UInt8
        var day: Int32
    }

    /// A balance line's channel and agent (an index of `agentNames`; -1: the ledger rows naming no
    /// record of the channel).
    struct AgentKey: Hashable {
        var channel: UInt8
        var agent: Int32
    }

    /// A subsidy fact (see the `report_subsidy_facts` table).
    enum Fact: UInt8 {
        case pensionLargest, pensionGovernment, medical, medicalGovernment

        var name: String {
            switch self {
            case .pensionLargest: return "pension_largest"
            case .pensionGovernment: return "pension_government"
            case .medical: return "medical"
            case .medicalGovernment: return "medical_government"
            }
        }
    }

    /// A fact's year (index of `years`), town (index of `towns`), kind and amount.
    struct FactKey: Hashable {
        var year: Int32
        var town: Int32
        var fact: UInt8
        var amountFen: Int64
    }

    struct FactValue: Equatable {
        var persons: Int64 = 0
        var totalFen: Int64 = 0

        /// One more person, with this much.
        mutating func add(_ fen: Int64) {
            persons += 1
            totalFen += fen
        }
    }

    /// One `report_coverage` group: year (index of `years`), village (index of `villages`), age (-1:
    /// not by age) and flags (1 medical, 2 student, 4 covered, 8 personal).
    struct CoverageKey: Hashable {
        var year: Int32
        var village: Int32
        var age: Int32
        var flags: UInt8
    }

    /// A village as the coverage report names it: from its first roster row of status 正常.
    struct Village {
        var code: String
        var town: String
        var name: String
    }

    /// A person (status 正常) without an effective payment of a policy year.
    struct Unpaid {
        var year: Int
        var roster: Int32
        var age: Int
        var deathDate: LocalDate?
        var employed: Bool
    }

    /// A line of the publication roster: an effective payment and the roster row of its person.
    struct RosterLine {
        var recordID: Int64
        var year: Int
        var roster: Int32
        var netFen: Int64
    }

    /// A summarised coverage year: the policy's age reference day (nil: no policy) and the effective
    /// payments with a valid ID and no roster row.
    struct Year {
        var year: Int
        var ageReferenceDay: LocalDate?
        var outside: Int64 = 0
    }

    /// The years summarised, the policies' first; the `year` of the keys above indexes this.
    var years: [Year] = []
    var balanceDays: [DayKey: BalanceLine] = [:]
    var balanceAgents: [AgentKey: BalanceLine] = [:]
    var agentNames: [String] = []
    /// Town codes of the roster rows (`FactKey.town`).
    var towns: [String] = []
    var facts: [FactKey: FactValue] = [:]
    var villages: [Village] = []
    var coverage: [CoverageKey: Int64] = [:]
    var unpaid: [Unpaid] = []
    /// Ascending by record id (the view's payments are in records.id order).
    var rosterLines: [RosterLine] = []
    /// The roster the indexes above point into.
    let roster: [RosterEntry]
    /// Seconds each part of the build took, for `recond run --timings`.
    var timings: [StageTime] = []

    /// The digest of each roster line (`digestLines`), at the same index.
    var lineDigests: [Int64] = []

    /// What `write` changes in `report_roster_lines` (see `planRoster`).
    struct RosterPlan {
        /// Lines to insert or replace: indexes in `rosterLines`.
        var put: [Int32] = []
        /// Record ids of stored lines that are no longer.
        var gone: [Int64] = []
    }

    var rosterPlan = RosterPlan()

    /// Per (roster row, year): what the person's effective payments of the year were.
    private struct PersonYearFacts {
        var roster: Int32
        var year: Int32
        /// Its roster row's town (`towns`) and insurance, kept here so the facts pass reads no roster row.
        var town: Int32
        var medical: Bool
        var personal = false
        var largestFen: Int64 = -1
        var governmentFen: Int64 = 0
        var hasGovernment = false
        /// Government medical payments per amount: (amount, Σ); almost always none or one.
        var governmentByAmount: [(amount: Int64, sum: Int64)] = []
    }

    /// Per policy year slot, per roster row: the index of its `PersonYearFacts` (with `personalBit`
    /// when one of its payments is personal), -1 for none.
    private var personOf: [[Int32]] = []
    /// Per roster row: its town, an index of `towns`.
    private var townOf: [Int32] = []
    private var people: [PersonYearFacts] = []
    /// The year slot last looked up, to skip the search (payments come in runs of one year).
    private var lastYear = (year: Int.min, slot: -1)

    /// The summaries that need only the view; `finish` adds the roster plan.
    private init(_ v: JoinedView) {
        roster = v.roster
        for p in v.policyList { years.append(Year(year: p.year, ageReferenceDay: p.ageReferenceDay)) }
        timed("report summaries: person-years") { $0.personYears(v) }
        // The passes after it read what it made and write parts of their own: two side by side,
        // each on a copy of the summaries, whose parts are taken back.
        let base = self
        let done = Slots<ReportSummaries>(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            var s = base
            s.timings = []
            if i == 0 {
                s.timed("report summaries: subsidy facts") { $0.subsidyFacts() }
                s.timed("report summaries: coverage") { $0.coverage(v) }
            } else {
                s.timed("report summaries: digest roster lines") { $0.digestLines() }
                s.timed("report summaries: balance") { $0.balance(v) }
            }
            done.put(i, s)
        }
        let parts = done.drain()
        let (a, b) = (parts[0]!, parts[1]!)
        (facts, villages, coverage, unpaid) = (a.facts, a.villages, a.coverage, a.unpaid)
        (lineDigests, balanceDays, balanceAgents, agentNames) = (b.lineDigests, b.balanceDays, b.balanceAgents, b.agentNames)
        timings += a.timings + b.timings
    }

    private mutating func finish(_ reads: SummaryReads) {
        timed("report summaries: plan roster lines") { $0.planRoster(stored: reads.storedLines) }
    }

    /// Builds the summaries of a run and plans the roster lines' changes. On a database file the
    /// reads from the store (`SummaryReads`: scans of records, the ledger and the stored roster lines)
    /// go on over their own connection beside the work on the view.
    static func build(_ v: JoinedView, store: Store) throws -> ReportSummaries {
        let db = store.db
        let path = store.connectedPath
        let onFile = !(path.isEmpty || path == ":memory:" || path.hasPrefix("file:")) && !db.inTransaction
        let loaded = Slots<Result<(SummaryReads, Double), Error>>(count: 1)
        let built = Slots<ReportSummaries>(count: 1)
        let load: @Sendable () -> Void = {
            let start = DispatchTime.now().uptimeNanoseconds
            loaded.put(0, Result {
                (try SummaryReads.load(onFile ? try Connection(path: path, readOnly: true) : db),
                 Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            })
        }
        let make: @Sendable () -> Void = { built.put(0, ReportSummaries(v)) }
        if onFile {
            DispatchQueue.concurrentPerform(iterations: 2) { i in if i == 0 { load() } else { make() } }
        } else {
            load()
            make()
        }
        let (reads, seconds) = try loaded.drain()[0]!.get()
        var s = built.drain()[0]!
        s.timings.insert(StageTime("report summaries: read stored lines", seconds), at: 0)
        s.finish(reads)
        return s
    }

    private mutating func timed(_ stage: String, _ body: (inout ReportSummaries) -> Void) {
        let start = DispatchTime.now().uptimeNanoseconds
        body(&self)
        timings.append(StageTime(stage, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    }

    /// The slot of a year in `years` (and `personOf`), added when new.
    private mutating func slot(_ year: Int) -> Int {
        if year == lastYear.year { return lastYear.slot }
        var s = years.firstIndex { $0.year == year } ?? -1
        if s < 0 {
            s = years.count
            years.append(Year(year: year, ageReferenceDay: nil))
        }
        lastYear = (year, s)
        return s
    }

    /// The person-years of the effective payments with a valid ID, their roster lines, and the
    /// payments without a roster row.
    ///
    /// A judged payment (a year with a policy) carries the view's person-year group, numbered as the
    /// payments come: its facts are `people[group]`, no lookup. The few effective payments of years
    /// without a policy are grouped here by (roster row, year). Afterwards `personOf` maps each
    /// policy year's roster rows to their person-year, for the coverage pass to read in roster order.
    private mutating func personYears(_ v: JoinedView) {
        internTowns()
        rosterLines.reserveCapacity(v.payments.count)
        let rosterByKey = v.rosterByKey
        let groups = v.groupKeys.count
        people = Array(repeating: PersonYearFacts(roster: -1, year: 0, town: 0, medical: false), count: groups)
        var unjudged: [UInt64: Int32] = [:]
        for p in v.payments {
            guard p.idValid, p.isEffective else { continue }
            let s = slot(p.year)
            // The view has joined the payments of years with a policy to their roster rows already.
            let r = p.hasPolicy ? p.rosterIndex : rosterByKey[JoinedView.key(p.idBody, p.insurance)] ?? -1
            guard r >= 0 else {
                years[s].outside += 1
                continue
            }
            var k = Int(p.group)
            if k < 0 {
                let key = UInt64(UInt32(bitPattern: r)) << 32 | UInt64(UInt32(s))
                if let known = unjudged[key] {
                    k = Int(known)
                } else {
                    k = people.count
                    unjudged[key] = Int32(k)
                    people.append(PersonYearFacts(roster: -1, year: 0, town: 0, medical: false))
                }
            }
            if people[k].roster < 0 {
                people[k] = PersonYearFacts(roster: r, year: Int32(s), town: townOf[Int(r)], medical: p.insurance == .medical)
            }
            people[k].largestFen = max(people[k].largestFen, p.amountFen)
            if p.isGovernment {
                people[k].hasGovernment = true
                people[k].governmentFen += p.amountFen
                if p.insurance == .medical {
                    if let j = people[k].governmentByAmount.firstIndex(where: { $0.amount == p.amountFen }) {
                        people[k].governmentByAmount[j].sum += p.amountFen
                    } else {
                        people[k].governmentByAmount.append((p.amountFen, p.amountFen))
                    }
                }
            } else {
                people[k].personal = true
            }
            rosterLines.append(RosterLine(recordID: p.recordID, year: p.year, roster: r, netFen: p.amountFen - p.reversedFen))
        }
        if !rosterLines.indices.dropFirst().allSatisfy({ rosterLines[$0 - 1].recordID < rosterLines[$0].recordID }) {
            rosterLines.sort { $0.recordID < $1.recordID }
        }
        // Groups whose payments have no roster row stay empty.
        people.removeAll { $0.roster < 0 }
        personOf = Array(repeating: [Int32](repeating: -1, count: roster.count), count: v.policyList.count)
        for (k, a) in people.enumerated() where Int(a.year) < personOf.count {
            personOf[Int(a.year)][Int(a.roster)] = Int32(k) | (a.personal ? Self.personalBit : 0)
        }
    }

    /// Set in a `personOf` entry when the person-year has a personal payment.
    private static let personalBit: Int32 = 1 << 30

    /// Subsidy facts: each person once under the town of its roster row.
    private mutating func subsidyFacts() {
        for a in people {
            func add(_ fact: Fact, _ amount: Int64, _ total: Int64) {
                facts[FactKey(year: a.year, town: a.town, fact: fact.rawValue, amountFen: amount), default: FactValue()].add(total)
            }
            if a.medical {
                add(.medical, 0, 0)
                for g in a.governmentByAmount { add(.medicalGovernment, g.amount, g.sum) }
            } else {
                add(.pensionLargest, a.largestFen, 0)
                if a.hasGovernment { add(.pensionGovernment, 0, a.governmentFen) }
            }
        }
    }

    /// The town of every roster row, in one pass in roster order (it comes village by village, so
    /// the town is mostly the previous row's).
    private mutating func internTowns() {
        var townIndex: [String: Int32] = [:]
        var last = (code: "", index: Int32(-1))
        townOf.reserveCapacity(roster.count)
        for i in roster.indices {
            if roster[i].townCode != last.code || last.index < 0 {
                let code = roster[i].townCode
                if let known = townIndex[code] {
                    last = (code, known)
                } else {
                    last = (code, Int32(towns.count))
                    townIndex[code] = last.index
                    towns.append(code)
                }
            }
            townOf.append(last.index)
        }
    }

    /// Coverage counts and the unpaid, for every year with a policy (the first slots of `years`).
    private mutating func coverage(_ v: JoinedView) {
        let policyYears = v.policyList.count
        let roster = self.roster
        // Every row stands for its (ID, insurance) unless the snapshot repeats one: then ask the map.
        let allStanding = v.rosterByKey.count == roster.count
        var villageIndex: [String: Int32] = [:]
        var last = (code: "", index: Int32(-1))
        for i in roster.indices where roster[i].status == .normal && (allStanding || v.isStandingRosterRow(i)) {
            if roster[i].villageCode != last.code || last.index < 0 {
                let code = roster[i].villageCode
                if let known = villageIndex[code] {
                    last = (code, known)
                } else {
                    last = (code, Int32(villages.count))
                    villageIndex[code] = last.index
                    villages.append(Village(code: code, town: roster[i].townCode, name: roster[i].villageName))
                }
            }
            let body = roster[i].idBody, insurance = roster[i].insurance
            let id = IDNumber(body: body)
            for s in 0..<policyYears {
                let person = personOf[s][i]
                let age = id.age(on: years[s].ageReferenceDay!)
                var flags: UInt8 = insurance == .medical ? 1 : 0
                if roster[i].student { flags |= 2 }
                if person >= 0 { flags |= person & Self.personalBit != 0 ? 12 : 4 }
                coverage[CoverageKey(year: Int32(s), village: last.index, age: insurance == .pension ? Int32(age) : -1,
                                     flags: flags), default: 0] += 1
                guard person < 0 else { continue }
                let year = years[s].year
                let employed = v.employees.isEmpty ? nil : v.employees[body]?.contains {
                    $0.insurance == insurance && $0.isActive(inYear: year)
                }
                unpaid.append(Unpaid(year: year, roster: Int32(i), age: age,
                                     deathDate: v.deaths.isEmpty ? nil : v.deaths[body]?.deathDate,
                                     employed: employed ?? false))
            }
        }
    }

    /// Days since 1970-01-01 of a time.
    @inline(__always) private static func day(_ t: LocalDateTime) -> Int32 {
        Int32(truncatingIfNeeded: t.seconds >= 0 ? t.seconds / 86400 : (t.seconds - 86399) / 86400)
    }

    /// Statement money against ledger money per channel and day, and per agent.
    ///
    /// Payments and ledger rows come file by file, so consecutive ones mostly share a channel and a
    /// day: a line is summed locally and added to the dictionary when the key changes.
    private mutating func balance(_ v: JoinedView) {
        let agents = v.recordAgents
        agentNames = agents.names
        var agentChannels: Set<UInt8> = []
        var pendingDay = (key: DayKey(channel: 0, day: 0), line: BalanceLine(), used: false)
        func flush(_ days: inout [DayKey: BalanceLine]) {
            guard pendingDay.used else { return }
            var l = days[pendingDay.key] ?? BalanceLine()
            l.statement.add(pendingDay.line.statement.count, pendingDay.line.statement.fen)
            l.ledger.add(pendingDay.line.ledger.count, pendingDay.line.ledger.fen)
            days[pendingDay.key] = l
            pendingDay = (pendingDay.key, BalanceLine(), false)
        }
        func add(_ days: inout [DayKey: BalanceLine], _ key: DayKey, statement: Bool, _ count: Int64, _ fen: Int64) {
            if key != pendingDay.key { flush(&days); pendingDay.key = key }
            pendingDay.used = true
            if statement { pendingDay.line.statement.add(count, fen) } else { pendingDay.line.ledger.add(count, fen) }
        }

        // Statement side: payments (merged with the agents, both ascending by record id), then reversals.
        var a = 0
        let ids = agents.recordIDs
        var paymentAgent = [Int32](repeating: -1, count: v.payments.count)
        for (i, p) in v.payments.enumerated() {
            while a < ids.count && ids[a] < p.recordID { a += 1 }
            if a < ids.count && ids[a] == p.recordID { paymentAgent[i] = agents.agents[a] }
            guard !p.channel.isLedgerOnly else { continue }
            let ch = UInt8(JoinedView.channelIndex(p.channel))
            add(&balanceDays, DayKey(channel: ch, day: Self.day(p.paidAt)), statement: true, 1, p.amountFen)
            if paymentAgent[i] >= 0 {
                agentChannels.insert(ch)
                balanceAgents[AgentKey(channel: ch, agent: paymentAgent[i]), default: BalanceLine()].statement.add(1, p.amountFen)
            }
        }
        for r in v.reversals where !r.channel.isLedgerOnly {
            let ch = UInt8(JoinedView.channelIndex(r.channel))
            add(&balanceDays, DayKey(channel: ch, day: Self.day(r.paidAt)), statement: true, 0, -r.amountFen)
            let agent = agents.agent(ofRecord: r.recordID)
            if agent >= 0 {
                agentChannels.insert(ch)
                balanceAgents[AgentKey(channel: ch, agent: agent), default: BalanceLine()].statement.add(0, -r.amountFen)
            }
        }

        // Ledger side. A row's agent is that of the record its 渠道流水号 names: a 个人缴费 row's payment
        // (through the view's chains), a 退费 row's reversal; "" when none.
        var ledgerAgent = [Int32](repeating: -1, count: v.ledger.count)
        for (i, p) in v.payments.enumerated() where p.ledgerIndex >= 0 && paymentAgent[i] >= 0 {
            var j = Int(p.ledgerIndex)
            while j >= 0 {
                ledgerAgent[j] = paymentAgent[i]
                j = Int(v.ledgerNext[j])
            }
        }
        var pendingAgent = (key: AgentKey(channel: 0, agent: -1), line: Money(), used: false)
        func ledger(_ channel: Channel, _ at: LocalDateTime, _ agent: Int32, _ count: Int64, _ fen: Int64) {
            let ch = UInt8(JoinedView.channelIndex(channel))
            add(&balanceDays, DayKey(channel: ch, day: Self.day(at)), statement: false, count, fen)
            guard agentChannels.contains(ch) else { return }
            let key = AgentKey(channel: ch, agent: agent)
            if key != pendingAgent.key {
                if pendingAgent.used { balanceAgents[pendingAgent.key, default: BalanceLine()].ledger.add(pendingAgent.line.count, pendingAgent.line.fen) }
                pendingAgent = (key, Money(), false)
            }
            pendingAgent.used = true
            pendingAgent.line.add(count, fen)
        }
        for (j, l) in v.ledger.enumerated() {
            ledger(l.channel, l.paidAt, ledgerAgent[j], 1, l.amountFen)
        }
        for f in v.ledgerRefunds {
            let agent = v.reversalIndex(f.channel, f.channelRef).map { agents.agent(ofRecord: v.reversals[$0].recordID) } ?? -1
            ledger(f.channel, f.paidAt, agent, 0, f.amountFen)
        }
        flush(&balanceDays)
        if pendingAgent.used { balanceAgents[pendingAgent.key, default: BalanceLine()].ledger.add(pendingAgent.line.count, pendingAgent.line.fen) }
    }
}
