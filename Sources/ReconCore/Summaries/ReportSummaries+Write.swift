import Dispatch
import SQLiteStore

extension ReportSummaries {
    /// From this many changed roster lines on, `writeRoster` drops the village index and builds it again.
    static let rosterIndexRebuildLines = 50_000

    /// Replaces the `report_*` tables' rows with these summaries; call inside the run's transaction.
    /// Returns how long each part took.
    ///
    /// The small tables are deleted and inserted whole. The roster lines (one per effective payment,
    /// 400k at county scale: about a second to rewrite) are compared by digest with the stored ones,
    /// and only the lines that are new, changed or gone are written — a night's files change a few
    /// thousand.
    func write(to db: Connection, runID: Int64, rebuildIndexFrom: Int = rosterIndexRebuildLines) throws -> [StageTime] {
        // The roster lines' inserts land all over their table and index: with SQLite's default 2 MB
        // page cache the transaction spilled and re-read pages by the hundred thousand (a second of
        // I/O for a night's 30k lines). A larger cache while writing keeps them in memory.
        // (A large plan rebuilds the index instead and needs no such cache: see `writeRoster`.)
        let cache = try db.scalarInt("PRAGMA cache_size") ?? -2000
        let rebuildIndex = rosterPlan.put.count >= rebuildIndexFrom
        if !rebuildIndex { try db.execute("PRAGMA cache_size = -262144") }
        defer { try? db.execute("PRAGMA cache_size = \(cache)") }
        var timings: [StageTime] = []
        func timed(_ stage: String, _ body: () throws -> Void) rethrows {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            timings.append(StageTime(stage, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }
        try timed("report summaries: write tables") {
            try db.execute("""
                DELETE FROM report_years; DELETE FROM report_balance_days; DELETE FROM report_balance_agents;
                DELETE FROM report_subsidy_facts; DELETE FROM report_coverage; DELETE FROM report_unpaid;
                """)
            let year = try db.prepare("INSERT INTO report_years(year, age_reference_day, outside) VALUES (?, ?, ?)",
                                      persistent: false)
            for y in years {
                year.bind(1, y.year)
                year.bind(2, y.ageReferenceDay)
                year.bind(3, y.outside)
                try year.run()
            }
            try writeBalance(db)
            let fact = try db.prepare("""
                INSERT INTO report_subsidy_facts(year, town_code, fact, amount_fen, persons, total_fen) VALUES (?, ?, ?, ?, ?, ?)
                """, persistent: false)
            for (k, v) in facts {
                fact.bind(1, years[Int(k.year)].year)
                fact.bind(2, towns[Int(k.town)])
                fact.bind(3, Fact(rawValue: k.fact)!.name)
                fact.bind(4, k.amountFen)
                fact.bind(5, v.persons)
                fact.bind(6, v.totalFen)
                try fact.run()
            }
        }
        try timed("report summaries: write coverage") { try writeCoverage(db) }
        try timed("report summaries: write roster lines") { try writeRoster(db, rebuildIndex: rebuildIndex) }
        // The lines name roster lines: a report checks they are still the roster's (see `RosterReport`).
        try db.prepare("""
            INSERT OR REPLACE INTO meta(key, value)
            VALUES (?1, ?2), (?3, COALESCE((SELECT value FROM meta WHERE key = 'roster_file_id'), ''))
            """, persistent: false).run([.text(Schema.reportSummariesRunKey), .text(String(runID)),
                                          .text(Schema.reportRosterFileKey)])
        return timings
    }

    private func writeBalance(_ db: Connection) throws {
        let day = try db.prepare("""
            INSERT INTO report_balance_days(channel, day, statement_count, statement_fen, ledger_count, ledger_fen)
            VALUES (?, ?, ?, ?, ?, ?)
            """, persistent: false)
        for (k, l) in balanceDays {
            day.bind(1, JoinedView.channels[Int(k.channel)].rawValue)
            day.bind(2, LocalDate(dayNumber: Int(k.day)))
            try Self.bindLine(day, l).run()
        }
        let agent = try db.prepare("""
            INSERT INTO report_balance_agents(channel, agent, statement_count, statement_fen, ledger_count, ledger_fen)
            VALUES (?, ?, ?, ?, ?, ?)
            """, persistent: false)
        for (k, l) in balanceAgents {
            agent.bind(1, JoinedView.channels[Int(k.channel)].rawValue)
            agent.bind(2, k.agent >= 0 ? agentNames[Int(k.agent)] : "")
            try Self.bindLine(agent, l).run()
        }
    }

    private static func bindLine(_ s: Statement, _ l: BalanceLine) -> Statement {
        s.bind(3, l.statement.count)
        s.bind(4, l.statement.fen)
        s.bind(5, l.ledger.count)
        s.bind(6, l.ledger.fen)
        return s
    }

    private func writeCoverage(_ db: Connection) throws {
        let count = try db.prepare("""
            INSERT INTO report_coverage(year, town_code, village_code, village_name, insurance, age, student, covered,
                                        personal, persons)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, persistent: false)
        for (k, n) in coverage {
            let v = villages[Int(k.village)]
            count.bind(1, years[Int(k.year)].year)
            count.bind(2, v.town)
            count.bind(3, v.code)
            count.bind(4, v.name)
            count.bind(5, k.flags & 1 != 0 ? Insurance.medical.rawValue : Insurance.pension.rawValue)
            if k.age >= 0 { count.bind(6, Int(k.age)) } else { count.bindNull(6) }
            count.bind(7, k.flags & 2 != 0 ? 1 : 0)
            count.bind(8, k.flags & 4 != 0 ? 1 : 0)
            count.bind(9, k.flags & 8 != 0 ? 1 : 0)
            count.bind(10, n)
            try count.run()
        }
        let unpaid = try db.prepare("""
            INSERT INTO report_unpaid(year, town_code, village_code, village_name, household, id_number, insurance, name,
                                      age, student, death_date, employed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, persistent: false)
        for u in self.unpaid {
            unpaid.bind(1, u.year)
            Self.bindPerson(unpaid, 1, roster, Int(u.roster))
            unpaid.bind(9, u.age)
            unpaid.bind(10, roster[Int(u.roster)].student ? 1 : 0)
            unpaid.bind(11, u.deathDate)
            unpaid.bind(12, u.employed ? 1 : 0)
            try unpaid.run()
        }
    }

    /// Binds a roster row's town_code, village_code, village_name, household, id_number, insurance and
    /// name at parameters `b + 1 … b + 7`. Fields are read in place: copying a `RosterEntry` per row
    /// retained and released its strings; the ID is formatted on the stack.
    @inline(__always)
    static func bindPerson(_ s: Statement, _ b: Int32, _ roster: [RosterEntry], _ r: Int) {
        s.bind(b + 1, roster[r].townCode)
        s.bind(b + 2, roster[r].villageCode)
        s.bind(b + 3, roster[r].villageName)
        s.bind(b + 4, roster[r].household)
        s.bind(b + 5, IDNumber(body: roster[r].idBody))
        s.bind(b + 6, roster[r].insurance.rawValue)
        s.bind(b + 7, roster[r].name)
    }

    /// The digest of every roster line: what its row holds (the person comes from the roster line
    /// when read, channel and time from the record, which never changes).
    mutating func digestLines() {
        lineDigests = rosterLines.map { line in
            var d = Digest()
            d.add(Int64(line.year))
            d.add(roster[Int(line.roster)].villageCode)
            d.add(Int64(roster[Int(line.roster)].line))
            d.add(line.netFen)
            return d.value
        }
    }

    /// Compares the roster lines with the stored ones (both ascending by record id: one merge) and
    /// keeps what `write` has to change: the lines that are new or changed (another digest) and the
    /// record ids of the lines that are gone.
    ///
    /// The stored digests are read before the run's transaction, beside the work on the view; the
    /// reconciler is the table's only writer (one recond per database), so they still stand when
    /// `write` applies the plan.
    mutating func planRoster(stored: [(id: Int64, digest: Int64)]) {
        var plan = RosterPlan()
        var s = 0
        for (i, line) in rosterLines.enumerated() {
            while s < stored.count && stored[s].id < line.recordID {
                plan.gone.append(stored[s].id)
                s += 1
            }
            if s < stored.count && stored[s].id == line.recordID {
                s += 1
                if stored[s - 1].digest == lineDigests[i] { continue }
            }
            plan.put.append(Int32(i))
        }
        plan.gone += stored[s...].map(\.id)
        rosterPlan = plan
    }

    /// Applies the roster plan.
    private func writeRoster(_ db: Connection, rebuildIndex: Bool) throws {
        let plan = rosterPlan
        // The lines go in by record id, their village index in random order: for a large plan
        // (a first run, a new roster) one sorted index build after the inserts is cheaper than
        // 400k scattered index inserts (about half the time on a county's first run).
        // (An error rolls the run's transaction back, index included.)
        if rebuildIndex { try db.execute("DROP INDEX IF EXISTS report_roster_lines_village") }
        let lines = rosterLines, digests = lineDigests, roster = roster
        let put = try BatchInsert<Int32>(db, head: """
            INSERT OR REPLACE INTO report_roster_lines(record_id, year, village_code, roster_line, net_fen, digest)
            """, columns: 6) { s, b, i in
            let line = lines[Int(i)]
            s.bind(b + 1, line.recordID)
            s.bind(b + 2, line.year)
            s.bind(b + 3, roster[Int(line.roster)].villageCode)
            s.bind(b + 4, roster[Int(line.roster)].line)
            s.bind(b + 5, line.netFen)
            s.bind(b + 6, digests[Int(i)])
        }
        for i in plan.put { try put.add(i) }
        try put.flush()
        let drop = try db.prepare("DELETE FROM report_roster_lines WHERE record_id = ?", persistent: false)
        for id in plan.gone {
            drop.bind(1, id)
            try drop.run()
        }
        if rebuildIndex {
            try db.execute("CREATE INDEX report_roster_lines_village ON report_roster_lines(year, village_code)")
        }
    }
}
