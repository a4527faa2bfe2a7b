/// The summaries the reports read (Schema v2's `report_*` tables), made from a run's joined view, so
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
/// `Reconciler.run` builds them after the rules and writes them (`write(to:runID:)`) in the
/// transaction that upserts the findings.
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

    /// A balance line's channel (`JoinedView.channelIndex`) and day (`LocalDate.dayNumber`).
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
    enum Fact: String {
        case pensionLargest = "pension_largest"
        case pensionGovernment = "pension_government"
        case medical
        case medicalGovernment = "medical_government"
    }

    struct FactKey: Hashable {
        var year: Int
        var town: String
        var fact: Fact
        var amountFen: Int64
    }

    struct FactValue: Equatable {
        var persons: Int64 = 0
        var totalFen: Int64 = 0
    }

    /// One `report_coverage` group; `village` indexes `villages`, `age` is -1 for "not by age".
    struct CoverageKey: Hashable {
        var year: Int
        var village: Int32
        var medical: Bool
        var age: Int
        var student: Bool
        var covered: Bool
        var personal: Bool
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
        var channel: Channel
        var netFen: Int64
        var paidAt: LocalDateTime
    }

    /// Per coverage year: the policy's age reference day (nil: no policy) and the effective payments
    /// with a valid ID and no roster row.
    var years: [Int: (ageReferenceDay: LocalDate?, outside: Int64)] = [:]
    var balanceDays: [DayKey: BalanceLine] = [:]
    var balanceAgents: [AgentKey: BalanceLine] = [:]
    var agentNames: [String] = []
    var facts: [FactKey: FactValue] = [:]
    var villages: [Village] = []
    var coverage: [CoverageKey: Int64] = [:]
    var unpaid: [Unpaid] = []
    var rosterLines: [RosterLine] = []
    /// The roster the indexes above point into.
    let roster: [RosterEntry]

    /// Per (roster row, year): what the person's effective payments of the year were.
    private struct PersonYearFacts {
        var personal = false
        var largestFen: Int64 = -1
        var governmentFen: Int64 = 0
        var hasGovernment = false
        /// Government medical payments per amount: (amount, Σ).
        var governmentByAmount: [(amount: Int64, sum: Int64)] = []
    }

    /// Builds every summary from a loaded view and the balance's extra reads.
    init(_ v: JoinedView, extras: BalanceExtras) {
        roster = v.roster
        var personYears: [UInt64: Int32] = [:]
        personYears.reserveCapacity(v.groupKeys.count + 1024)
        var people: [PersonYearFacts] = []
        var rosterOfPerson: [(roster: Int32, year: Int)] = []
        rosterLines.reserveCapacity(v.payments.count)
        for p in v.policyList { years[p.year] = (p.ageReferenceDay, 0) }

        for i in v.payments.indices {
            let p = v.payments[i]
            guard p.idValid, p.isEffective else { continue }
            let policyDay = years[p.year]?.ageReferenceDay
            guard let r = v.rosterByKey[JoinedView.key(p.idBody, p.insurance)] else {
                years[p.year, default: (policyDay, 0)].outside += 1
                continue
            }
            if years[p.year] == nil { years[p.year] = (nil, 0) }
            let key = UInt64(UInt32(bitPattern: r)) << 32 | UInt64(UInt32(truncatingIfNeeded: p.year))
            let k: Int
            if let known = personYears[key] {
                k = Int(known)
            } else {
                k = people.count
                personYears[key] = Int32(k)
                people.append(PersonYearFacts())
                rosterOfPerson.append((r, p.year))
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
            rosterLines.append(RosterLine(recordID: p.recordID, year: p.year, roster: r, channel: p.channel,
                                          netFen: p.amountFen - p.reversedFen, paidAt: p.paidAt))
        }

        // Subsidy facts: each person once under the town of its roster row.
        for (k, a) in people.enumerated() {
            let (r, year) = rosterOfPerson[k]
            let e = v.roster[Int(r)]
            func add(_ fact: Fact, _ amount: Int64, _ total: Int64) {
                let key = FactKey(year: year, town: e.townCode, fact: fact, amountFen: amount)
                facts[key, default: FactValue()].persons += 1
                facts[key, default: FactValue()].totalFen += total
            }
            switch e.insurance {
            case .pension:
                add(.pensionLargest, a.largestFen, 0)
                if a.hasGovernment { add(.pensionGovernment, 0, a.governmentFen) }
            case .medical:
                add(.medical, 0, 0)
                for g in a.governmentByAmount { add(.medicalGovernment, g.amount, g.sum) }
            }
        }

        coverage(v, personYears: personYears, people: people)
        balance(v, extras)
    }

    /// Coverage counts and the unpaid, for every year with a policy.
    private mutating func coverage(_ v: JoinedView, personYears: [UInt64: Int32], people: [PersonYearFacts]) {
        var villageIndex: [String: Int32] = [:]
        for i in v.roster.indices where v.isStandingRosterRow(i) && v.roster[i].status == .normal {
            let e = v.roster[i]
            let village: Int32
            if let known = villageIndex[e.villageCode] {
                village = known
            } else {
                village = Int32(villages.count)
                villageIndex[e.villageCode] = village
                villages.append(Village(code: e.villageCode, town: e.townCode, name: e.villageName))
            }
            for policy in v.policyList {
                let key = UInt64(UInt32(i)) << 32 | UInt64(UInt32(truncatingIfNeeded: policy.year))
                let facts = personYears[key].map { people[Int($0)] }
                let age = IDNumber(body: e.idBody).age(on: policy.ageReferenceDay)
                coverage[CoverageKey(
                    year: policy.year, village: village, medical: e.insurance == .medical, age: e.insurance == .pension ? age : -1,
                    student: e.student, covered: facts != nil, personal: facts?.personal ?? false), default: 0] += 1
                guard facts == nil else { continue }
                let employed = v.employees[e.idBody]?.contains { $0.insurance == e.insurance && $0.isActive(inYear: policy.year) }
                unpaid.append(Unpaid(year: policy.year, roster: Int32(i), age: age, deathDate: v.deaths[e.idBody]?.deathDate,
                                     employed: employed ?? false))
            }
        }
    }

    /// Statement money against ledger money per channel and day, and per agent.
    private mutating func balance(_ v: JoinedView, _ extras: BalanceExtras) {
        agentNames = extras.agents
        var agentChannels: Set<UInt8> = []
        func statement(_ channel: Channel, _ at: LocalDateTime, _ agent: Int32, count: Int64, fen: Int64) {
            let ch = UInt8(JoinedView.channelIndex(channel))
            balanceDays[DayKey(channel: ch, day: Int32(at.date.dayNumber)), default: BalanceLine()].statement.add(count, fen)
            guard agent >= 0 else { return }
            agentChannels.insert(ch)
            balanceAgents[AgentKey(channel: ch, agent: agent), default: BalanceLine()].statement.add(count, fen)
        }
        for p in v.payments where !p.channel.isLedgerOnly {
            statement(p.channel, p.paidAt, extras.agent(ofRecord: p.recordID), count: 1, fen: p.amountFen)
        }
        for r in v.reversals where !r.channel.isLedgerOnly {
            statement(r.channel, r.paidAt, extras.agent(ofRecord: r.recordID), count: 0, fen: -r.amountFen)
        }

        // A ledger row's agent is that of the record its 渠道流水号 names (a 个人缴费 row: the payment,
        // through the view's chains; a 退费 row: the reversal).
        var ledgerAgent = [Int32](repeating: -1, count: v.ledger.count)
        for p in v.payments where p.ledgerIndex >= 0 {
            let agent = extras.agent(ofRecord: p.recordID)
            guard agent >= 0 else { continue }
            var j = Int(p.ledgerIndex)
            while j >= 0 {
                ledgerAgent[j] = agent
                j = Int(v.ledgerNext[j])
            }
        }
        func ledger(_ channel: Channel, _ day: LocalDate, _ agent: Int32, count: Int64, fen: Int64) {
            let ch = UInt8(JoinedView.channelIndex(channel))
            balanceDays[DayKey(channel: ch, day: Int32(day.dayNumber)), default: BalanceLine()].ledger.add(count, fen)
            guard agentChannels.contains(ch) else { return }
            balanceAgents[AgentKey(channel: ch, agent: agent), default: BalanceLine()].ledger.add(count, fen)
        }
        for (j, l) in v.ledger.enumerated() {
            ledger(l.channel, l.paidAt.date, ledgerAgent[j], count: 1, fen: l.amountFen)
        }
        for f in extras.refunds {
            let agent = v.reversalIndex(f.channel, f.channelRef).map { extras.agent(ofRecord: v.reversals[$0].recordID) } ?? -1
            ledger(f.channel, f.day, agent, count: 0, fen: f.amountFen)
        }
    }
}
